package emulator_test

import (
	"testing"

	"github.com/athenaq/athenaq/athenatest"
)

// TestBooleanColumnsInPredicates filters on boolean columns, bare and
// compared, in tables of every storage the emulator reads: delimited text,
// JSON, Parquet written by CTAS, an Iceberg table and a boolean partition
// key. NULL flags match neither flag nor NOT flag.
func TestBooleanColumnsInPredicates(t *testing.T) {
	h := newHarness(t)
	h.put(athenatest.Bucket, "txt/a.csv", []byte("1,true\n2,false\n3,\n"))
	h.put(athenatest.Bucket, "js/a.json", []byte(`{"id":1,"flag":true}`+"\n"+`{"id":2,"flag":false}`+"\n"+`{"id":3}`+"\n"))
	h.put(athenatest.Bucket, "part/flag=true/a.csv", []byte("1\n"))
	h.put(athenatest.Bucket, "part/flag=false/a.csv", []byte("2\n"))
	h.run("CREATE EXTERNAL TABLE txt (id int, flag boolean) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://athenaq-test/txt/'")
	h.run("CREATE EXTERNAL TABLE js (id int, flag boolean) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://athenaq-test/js/'")
	h.run("CREATE EXTERNAL TABLE part (id int) PARTITIONED BY (flag boolean) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://athenaq-test/part/'")
	h.run("MSCK REPAIR TABLE part")
	h.run("CREATE TABLE pq WITH (format = 'PARQUET', external_location = 's3://athenaq-test/pq/') AS SELECT * FROM txt")
	h.run("CREATE TABLE ice WITH (table_type = 'ICEBERG', location = 's3://athenaq-test/ice/', is_external = false) AS SELECT * FROM txt")

	predicates := []struct {
		name, where, want string
		// partWant, when set, replaces want for the partitioned table,
		// which has no NULL flag.
		partWant string
	}{
		{name: "bare", where: "flag", want: "1"},
		{name: "parenthesized", where: "(flag)", want: "1"},
		{name: "not", where: "NOT flag", want: "2"},
		{name: "equals false", where: "flag = false", want: "2"},
		{name: "equals true", where: "flag = TRUE", want: "1"},
		{name: "not equals", where: "flag <> true", want: "2"},
		{name: "is not true", where: "flag IS NOT TRUE", want: "2\n3", partWant: "2"},
		{name: "is null", where: "flag IS NULL", want: "3", partWant: "(none)"},
		{name: "and", where: "flag AND id > 0", want: "1"},
		{name: "qualified", where: "t.flag = false", want: "2"},
		{name: "in", where: "flag IN (false)", want: "2"},
	}
	for _, table := range []string{"txt", "js", "pq", "ice", "part"} {
		for _, p := range predicates {
			t.Run(table+"/"+p.name, func(t *testing.T) {
				h := &harness{t: t, env: h.env, ath: h.ath, s3: h.s3, ctx: h.ctx}
				want := p.want
				if table == "part" && p.partWant != "" {
					want = p.partWant
				}
				got := joinRows(h.query("SELECT id FROM " + table + " AS t WHERE " + p.where + " ORDER BY id"))
				if got == "" {
					got = "(none)"
				}
				if got != want {
					t.Errorf("%s WHERE %s: %q, want %q", table, p.where, got, want)
				}
			})
		}
	}
	if got := joinRows(h.query("SELECT id FROM txt WHERE id = ? AND flag = ?", "2", "false")); got != "2" {
		t.Errorf("flag = ? with false: %q", got)
	}
	if got := joinRows(h.query("SELECT count_if(flag), count_if(NOT flag), bool_or(flag) FROM txt")); got != "1|1|true" {
		t.Errorf("aggregates: %q", got)
	}
}
