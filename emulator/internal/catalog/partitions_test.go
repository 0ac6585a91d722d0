package catalog

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

func TestParsePartitionStatements(t *testing.T) {
	tests := []struct {
		sql  string
		want Statement
	}{
		{"MSCK REPAIR TABLE db.t", &MSCKRepair{Database: "db", Table: "t"}},
		{"show partitions T;", &ShowPartitions{Table: "t"}},
		{"ALTER TABLE t ADD PARTITION (dt='2026-01-01', n=3)", &AddPartitions{Table: "t",
			Partitions: []PartitionSpec{{Spec: []KeyValue{{"dt", "2026-01-01"}, {"n", "3"}}}}}},
		{"ALTER TABLE db.t ADD IF NOT EXISTS PARTITION (dt='a') LOCATION 's3://b/a/' PARTITION (DT='b')",
			&AddPartitions{Database: "db", Table: "t", IfNotExists: true, Partitions: []PartitionSpec{
				{Spec: []KeyValue{{"dt", "a"}}, Location: "s3://b/a/"}, {Spec: []KeyValue{{"dt", "b"}}}}}},
		{"ALTER TABLE t DROP IF EXISTS PARTITION (dt='a'), PARTITION (dt='b')",
			&DropPartitions{Table: "t", IfExists: true, Specs: [][]KeyValue{{{"dt", "a"}}, {{"dt", "b"}}}}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.sql)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %#v, %v; want %#v", tt.sql, got, err, tt.want)
		}
	}
	for _, sql := range []string{
		"ALTER TABLE t ADD PARTITION dt='a'",
		"ALTER TABLE t ADD PARTITION (dt='a') LOCATION '/tmp/x'",
		"ALTER TABLE t DROP PARTITION (dt='a') LOCATION 's3://b/'",
		"MSCK TABLE t",
		"SHOW PARTITIONS",
	} {
		var re *RejectError
		if _, err := Parse(sql); !errors.As(err, &re) {
			t.Errorf("Parse(%q) error %v, want a *RejectError", sql, err)
		}
	}
}

func TestCatalogPartitionsPersist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.json")
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := Parse("CREATE EXTERNAL TABLE t (n int) PARTITIONED BY (dt string, h int) LOCATION 's3://b/t'")
	if err != nil {
		t.Fatal(err)
	}
	tb := st.(*CreateTable).Table
	tb.Database = "default"
	if err := c.CreateTable(tb, false); err != nil {
		t.Fatal(err)
	}
	add := []PartitionSpec{{Spec: []KeyValue{{"h", "1"}, {"dt", "x"}}}, {Spec: []KeyValue{{"dt", "y"}, {"h", "2"}}, Location: "s3://o/y/"}}
	if err := c.AddPartitions("default", "t", add, false); err != nil {
		t.Fatal(err)
	}
	var qe *athena.QueryError
	if err := c.AddPartitions("default", "t", add[:1], false); !errors.As(err, &qe) {
		t.Errorf("adding an existing partition: %v", err)
	}
	if err := c.AddPartitions("default", "t", add[:1], true); err != nil {
		t.Errorf("ADD IF NOT EXISTS of an existing partition: %v", err)
	}
	if err := c.AddPartitions("default", "t", []PartitionSpec{{Spec: []KeyValue{{"zz", "1"}, {"dt", "a"}, {"h", "1"}}}}, false); !errors.As(err, &qe) {
		t.Errorf("unknown partition key: %v", err)
	}
	if err := c.AddPartitions("default", "t", []PartitionSpec{{Spec: []KeyValue{{"dt", "a"}}}}, false); !errors.As(err, &qe) {
		t.Errorf("missing partition key: %v", err)
	}
	added, err := c.RepairPartitions("default", "t", []Partition{{Values: []string{"x", "1"}, Location: "s3://b/t/dt=x/h=1/"},
		{Values: []string{"z", "3"}, Location: "s3://b/t/dt=z/h=3/"}})
	if err != nil || !reflect.DeepEqual(added, []string{"dt=z/h=3"}) {
		t.Errorf("RepairPartitions = %q, %v", added, err)
	}
	if err := c.DropPartitions("default", "t", [][]KeyValue{{{"dt", "z"}, {"h", "3"}}}, false); err != nil {
		t.Fatal(err)
	}
	if err := c.DropPartitions("default", "t", [][]KeyValue{{{"dt", "z"}, {"h", "3"}}}, false); !errors.As(err, &qe) {
		t.Errorf("dropping a missing partition: %v", err)
	}
	if err := c.DropPartitions("default", "t", [][]KeyValue{{{"dt", "z"}, {"h", "3"}}}, true); err != nil {
		t.Errorf("DROP IF EXISTS of a missing partition: %v", err)
	}

	c2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := c2.Table("default", "t")
	want := []Partition{{Values: []string{"x", "1"}, Location: "s3://b/t/dt=x/h=1/"}, {Values: []string{"y", "2"}, Location: "s3://o/y/"}}
	if !reflect.DeepEqual(got.Partitions, want) {
		t.Errorf("partitions after reopen %+v, want %+v", got.Partitions, want)
	}
	if rows := ShowPartitionsRows(got); !reflect.DeepEqual(rows, []string{"dt=x/h=1", "dt=y/h=2"}) {
		t.Errorf("ShowPartitionsRows = %q", rows)
	}
}
