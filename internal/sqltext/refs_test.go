package sqltext

import (
	"reflect"
	"testing"
)

func TestTableRefsFindsEveryTable(t *testing.T) {
	tests := []struct {
		sql  string
		want []string
	}{
		{"SELECT * FROM t", []string{"t"}},
		{"SELECT * FROM db.t AS x, \"Db\".\"T\" y, awsdatacatalog.db.u", []string{"db.t", "db.t", "awsdatacatalog.db.u"}},
		{"SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c USING (x), d", []string{"a", "b", "c", "d"}},
		{"SELECT * FROM (SELECT * FROM inner_t) s, outer_t", []string{"inner_t", "outer_t"}},
		{"SELECT * FROM t WHERE x IN (SELECT y FROM u)", []string{"t", "u"}},
		{"SELECT a, b FROM t GROUP BY a, b", []string{"t"}},
		{"WITH x AS (SELECT * FROM base) SELECT * FROM x", []string{"base", "x"}},
		{"SELECT * FROM t CROSS JOIN UNNEST(arr) AS u(v)", []string{"t"}},
		{"SELECT * FROM t, LATERAL (SELECT 1)", []string{"t"}},
		{"TABLE db.t", []string{"db.t"}},
		{"INSERT INTO db.t SELECT * FROM s", []string{"db.t", "s"}},
		{"UPDATE t SET a = 1", []string{"t"}},
		{"DELETE FROM t WHERE a = 1", []string{"t"}},
		{"MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE", []string{"t", "s"}},
		{"CREATE TABLE n AS SELECT * FROM o", []string{"n", "o"}},
		{"CREATE EXTERNAL TABLE `db`.`t` (a int) LOCATION 's3://b/'", []string{"db.t"}},
		{"DROP TABLE IF EXISTS t", []string{"t"}},
		{"DESCRIBE db.t", []string{"db.t"}},
		{"DESC FORMATTED t", []string{"t"}},
		{"SHOW COLUMNS IN t", []string{"t"}},
		{"SHOW PARTITIONS t", []string{"t"}},
		{"SHOW TBLPROPERTIES t", []string{"t"}},
		{"SHOW CREATE VIEW v", []string{"v"}},
		{"VACUUM t", []string{"t"}},
		{"OPTIMIZE t REWRITE DATA USING BIN_PACK", []string{"t"}},
		{"ALTER TABLE t ADD COLUMNS (c int)", []string{"t"}},
		{"MSCK REPAIR TABLE t", []string{"t"}},
		{"SELECT * FROM a.b.c.d", nil},
		{"SELECT 1", nil},
		{"SELECT '", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, q := range TableRefs(tt.sql) {
			got = append(got, q.String())
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("TableRefs(%q) = %v, want %v", tt.sql, got, tt.want)
		}
	}
}

func TestQualifiedNameParts(t *testing.T) {
	q := TableRefs("SELECT 1 FROM Cat.\"Db\".T")[0]
	if q.Catalog() != "cat" || q.Schema() != "db" || q.Name() != "t" || !q.Quoted {
		t.Errorf("got %+v", q)
	}
	if q.Pos != 14 || q.End != 24 {
		t.Errorf("span %d..%d", q.Pos, q.End)
	}
	one := TableRefs("SELECT 1 FROM t")[0]
	if one.Catalog() != "" || one.Schema() != "" || one.Name() != "t" || one.Quoted {
		t.Errorf("got %+v", one)
	}
	if (QualifiedName{}).Name() != "" {
		t.Error("zero name")
	}
}

func TestIdentifiersListsNamesOnce(t *testing.T) {
	got := Identifiers("SELECT a, \"A\", `b`, t.c FROM T WHERE x = 'str' -- comment_word")
	want := []string{"a", "b", "t", "c", "x"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if Identifiers("'") != nil {
		t.Error("untokenizable input")
	}
}
