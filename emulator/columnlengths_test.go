package emulator_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/athenaq/athenaq/athenatest"
)

// TestDeclaredTextLengthsInColumnInfo checks that ColumnInfo reports the
// declared length of varchar(n) and char(n) table columns and casts as the
// Precision, and char as the type (FACTS §2.4), while other text stays an
// unbounded varchar.
func TestDeclaredTextLengthsInColumnInfo(t *testing.T) {
	h := newHarness(t)
	h.run("CREATE EXTERNAL TABLE t (id int, s varchar(10), c char(4), plain string) PARTITIONED BY (region varchar(3)) " +
		"ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://athenaq-test/t/'")
	h.put(athenatest.Bucket, "t/region=eu/a.csv", []byte("1,abc,ab,x\n"))
	h.run("MSCK REPAIR TABLE t")
	const (
		id      = "integer 10 0 false"
		s10     = "varchar 10 0 true"
		char4   = "char 4 0 true"
		region  = "varchar 3 0 true"
		unbound = "varchar 2147483647 0 true"
	)
	for _, c := range []struct {
		name, sql string
		want      []string // "label type precision scale caseSensitive"
	}{
		{"star", "SELECT * FROM t", []string{"id " + id, "s " + s10, "c " + char4, "plain " + unbound, "region " + region}},
		{"qualified star", "SELECT x.* FROM default.t AS x", []string{"id " + id, "s " + s10, "c " + char4, "plain " + unbound, "region " + region}},
		{"named and aliased", "SELECT DISTINCT s, c AS code, plain FROM t WHERE id > 0 ORDER BY s",
			[]string{"s " + s10, "code " + char4, "plain " + unbound}},
		{"join", "SELECT t.s, x.c, t.id FROM t JOIN t x ON t.id = x.id", []string{"s " + s10, "c " + char4, "id " + id}},
		{"cast", "SELECT CAST(plain AS varchar(5)) AS p, CAST(id AS CHAR(2)) q, CAST(s AS varchar) r FROM t",
			[]string{"p varchar 5 0 true", "q char 2 0 true", "r " + unbound}},
		{"cast without a table", "SELECT CAST('abc' AS VARCHAR(7)) AS v", []string{"v varchar 7 0 true"}},
		{"expression", "SELECT s || 'x' AS e, lower(plain) AS l FROM t", []string{"e " + unbound, "l " + unbound}},
		{"subquery", "SELECT s FROM (SELECT s || '' AS s FROM t)", []string{"s " + unbound}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := &harness{t: t, env: h.env, ath: h.ath, s3: h.s3, ctx: h.ctx}
			qe := h.run(c.sql)
			res, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId})
			if err != nil {
				t.Fatal(err)
			}
			if got := columnSummary(res.ResultSet.ResultSetMetadata.ColumnInfo); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("%s: ColumnInfo %q, want %q", c.sql, got, c.want)
			}
			if rows := h.rows(aws.ToString(qe.QueryExecutionId)); len(rows) != 2 {
				t.Errorf("%s: rows %q, want the header and one row", c.sql, rows)
			}
		})
	}
}
