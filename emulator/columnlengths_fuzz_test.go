package emulator

import (
	"strconv"
	"strings"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/catalog"
)

// FuzzTextLengths checks that reading declared text lengths from any
// statement never panics and yields only varchar or char with a positive
// length, or nothing.
func FuzzTextLengths(f *testing.F) {
	for _, sql := range []string{
		"SELECT * FROM t",
		"SELECT t.s, x.c AS code FROM db.t JOIN t AS x ON t.id = x.id WHERE s > 'a' ORDER BY 1",
		"WITH w AS (SELECT 1) SELECT CAST(s AS varchar(5)) v, TRY_CAST(s AS CHAR(2)) FROM w, t",
		"SELECT DISTINCT x.* FROM (SELECT 1) AS x(a), UNNEST(ARRAY[1]) AS u(b) LEFT JOIN t USING (id)",
		"SELECT s FROM t UNION ALL SELECT s FROM t",
		"SELECT CAST(( AS varchar(",
		"WITH RECURSIVE",
		"SELECT , , * FROM , JOIN ON",
	} {
		f.Add(sql)
	}
	table := func(parts []string) ([]catalog.Column, bool) {
		if !strings.EqualFold(parts[len(parts)-1], "t") {
			return nil, false
		}
		return []catalog.Column{{Name: "id", Type: "int"}, {Name: "s", Type: "varchar(10)"}, {Name: "c", Type: "char(4)"}}, true
	}
	f.Fuzz(func(t *testing.T, sql string) {
		for _, l := range textLengths(sql, table) {
			if l != (textLength{}) && (l.n <= 0 || l.typ != "varchar" && l.typ != "char") {
				t.Fatalf("textLengths(%q): %+v", sql, l)
			}
		}
	})
}

// TestTextLengths checks the lengths read from statements, by output
// column.
func TestTextLengths(t *testing.T) {
	table := func(parts []string) ([]catalog.Column, bool) {
		if !strings.EqualFold(parts[len(parts)-1], "t") {
			return nil, false
		}
		return []catalog.Column{{Name: "id", Type: "int"}, {Name: "s", Type: "varchar(10)"}, {Name: "c", Type: "char(4)"}}, true
	}
	for _, c := range []struct {
		name, sql, want string
	}{
		{"star", "SELECT * FROM t", "- varchar(10) char(4)"},
		{"star of two", "SELECT * FROM t, t AS u", "- varchar(10) char(4) - varchar(10) char(4)"},
		{"star of a subquery", "SELECT * FROM t, (SELECT 1) AS x", "none"},
		{"aliases", "SELECT s AS a, c b, t.s, id FROM t", "varchar(10) char(4) varchar(10) -"},
		{"cte shadows a table", "WITH t AS (SELECT 'x' AS s) SELECT s FROM t", "-"},
		{"cte then table", "WITH w AS (SELECT 1 AS k) SELECT t.s FROM w JOIN t ON w.k = t.id", "varchar(10)"},
		{"ambiguous", "SELECT s FROM t JOIN t AS u ON t.id = u.id", "-"},
		{"cast", "SELECT CAST(id AS varchar(3)), CAST(s AS varchar) FROM t", "varchar(3) -"},
		{"union", "SELECT s FROM t UNION SELECT s FROM t", "none"},
		{"not a select", "VALUES 1", "none"},
		{"column aliases", "SELECT s FROM t AS x(a, s, b)", "-"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ls := textLengths(c.sql, table)
			var parts []string
			for _, l := range ls {
				if l.n == 0 {
					parts = append(parts, "-")
				} else {
					parts = append(parts, l.typ+"("+strconv.Itoa(l.n)+")")
				}
			}
			got := strings.Join(parts, " ")
			if ls == nil {
				got = "none"
			}
			if got != c.want {
				t.Errorf("textLengths(%q) = %s, want %s", c.sql, got, c.want)
			}
		})
	}
}
