package athenaq

import (
	"reflect"
	"strings"
	"testing"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// bindArgs are the two strings every binding case runs with, and the
// literal each kind of binding must give them.
var bindArgs = []struct {
	value, trino, hive string
}{
	{value: "it's", trino: `'it''s'`, hive: `'it\u0027s'`},
	{value: `a\b`, trino: `'a\b'`, hive: `'a\\b'`},
}

// TestBindFollowsTheStatementForm has one case per statement form of FACTS
// §7. Each case runs once per bindArgs value, given to every placeholder.
// The bound text is sql with each placeholder replaced by the kind's literal,
// or want, where ¤ marks a literal, when sql holds a '?' that is no
// placeholder.
func TestBindFollowsTheStatementForm(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		kind bindKind
		want string
	}{
		// ExecutionParameters: Athena's documented scope (FACTS §2.1).
		{"select", "SELECT ? AS a, ? AS b", bindParams, ""},
		{"with", "WITH x AS (SELECT ? AS a) SELECT a, ? FROM x", bindParams, ""},
		{"values", "VALUES (?, ?)", bindParams, ""},
		{"table", "TABLE t", bindParams, ""},
		{"parenthesised select", "(SELECT ? AS a, ? AS b)", bindParams, ""},
		{"insert into", "INSERT INTO t VALUES (?, ?)", bindParams, ""},
		{"insert into select", "INSERT INTO t (a, b) SELECT ?, b FROM u WHERE c = ?", bindParams, ""},
		{"unload", "UNLOAD (SELECT ? AS a, ? AS b) TO 's3://b/u/' WITH (format = 'JSON')", bindParams, ""},
		{"ctas select", "CREATE TABLE t AS SELECT ? AS a, ? AS b", bindParams, ""},
		{"ctas with properties", "CREATE TABLE t WITH (format = 'PARQUET') AS SELECT ? AS a, ? AS b", bindParams, ""},
		{"ctas iceberg properties", "CREATE TABLE t WITH (table_type = 'ICEBERG', is_external = false, location = 's3://b/t/') AS SELECT ? AS a", bindParams, ""},
		{"ctas with query", "CREATE TABLE t AS WITH x AS (SELECT ? AS a) SELECT a, ? AS b FROM x", bindParams, ""},
		{"ctas values", "CREATE TABLE t AS VALUES (?, ?)", bindParams, ""},
		{"ctas table", "CREATE TABLE t AS TABLE u", bindParams, ""},
		{"ctas parenthesised", "CREATE TABLE t AS (SELECT ? AS a, ? AS b)", bindParams, ""},
		{"ctas if not exists", "CREATE TABLE IF NOT EXISTS db.t WITH (format = 'ORC') AS SELECT ? AS a", bindParams, ""},
		{"execute using", "EXECUTE s USING ?, ?", bindParams, ""},

		// Trino statements outside that scope: interpolated, quotes doubled.
		{"explain", "EXPLAIN SELECT ? AS a, ? AS b", bindTrino, ""},
		{"explain analyze", "EXPLAIN ANALYZE SELECT ? AS a", bindTrino, ""},
		{"explain type", "EXPLAIN (TYPE IO) SELECT * FROM t WHERE a = ?", bindTrino, ""},
		{"update", "UPDATE t SET a = ? WHERE b = ?", bindTrino, ""},
		{"delete", "DELETE FROM t WHERE a = ? OR b = ?", bindTrino, ""},
		{"merge", "MERGE INTO t USING u ON t.k = u.k WHEN MATCHED THEN UPDATE SET a = ? WHEN NOT MATCHED THEN INSERT (a) VALUES (?)", bindTrino, ""},
		{"vacuum", "VACUUM t", bindTrino, ""},
		{"optimize", "OPTIMIZE t REWRITE DATA USING BIN_PACK WHERE a = ?", bindTrino, ""},
		{"create view", "CREATE VIEW v AS SELECT ? AS a, ? AS b", bindTrino, ""},
		{"create or replace view", "CREATE OR REPLACE VIEW v AS SELECT ? AS a", bindTrino, ""},
		{"drop view", "DROP VIEW IF EXISTS v", bindTrino, ""},
		{"iceberg create table", "CREATE TABLE t (a string COMMENT ?) COMMENT ? LOCATION 's3://b/t/' TBLPROPERTIES ('table_type'='ICEBERG', 'note'=?)", bindTrino, ""},
		{"iceberg create table, double quotes", `CREATE TABLE t (a int) LOCATION ? TBLPROPERTIES ("table_type"="iceberg")`, bindTrino, ""},
		{"show functions", "SHOW FUNCTIONS LIKE ?", bindTrino, ""},

		// Hive DDL: interpolated with Hive's escapes.
		{"create external table", "CREATE EXTERNAL TABLE t (a string COMMENT ?) COMMENT ? LOCATION ? TBLPROPERTIES ('note'=?)", bindHive, ""},
		{"create table", "CREATE TABLE t (a string) COMMENT ? LOCATION ?", bindHive, ""},
		{"create table, another table type", "CREATE TABLE t (a int) LOCATION 's3://b/t/' TBLPROPERTIES ('table_type'='HIVE', 'k'=?)", bindHive, ""},
		{"create database", "CREATE DATABASE d COMMENT ? LOCATION ?", bindHive, ""},
		{"create schema", "CREATE SCHEMA IF NOT EXISTS d WITH DBPROPERTIES ('k'=?)", bindHive, ""},
		{"drop database", "DROP DATABASE d", bindHive, ""},
		{"drop schema", "DROP SCHEMA IF EXISTS d CASCADE", bindHive, ""},
		{"drop table", "DROP TABLE IF EXISTS t", bindHive, ""},
		{"alter add columns", "ALTER TABLE t ADD COLUMNS (a string COMMENT ?, b int COMMENT ?)", bindHive, ""},
		{"alter replace columns", "ALTER TABLE t REPLACE COLUMNS (a string COMMENT ?)", bindHive, ""},
		{"alter change column", "ALTER TABLE t CHANGE COLUMN a b string COMMENT ?", bindHive, ""},
		{"alter drop column", "ALTER TABLE t DROP COLUMN a", bindHive, ""},
		{"alter add partition", "ALTER TABLE t ADD IF NOT EXISTS PARTITION (p = ?) LOCATION ?", bindHive, ""},
		{"alter drop partition", "ALTER TABLE t DROP PARTITION (p = ?)", bindHive, ""},
		{"alter rename", "ALTER TABLE t RENAME TO u", bindHive, ""},
		{"alter set tblproperties", "ALTER TABLE t SET TBLPROPERTIES ('k' = ?, 'l' = ?)", bindHive, ""},
		{"alter set location", "ALTER TABLE t SET LOCATION ?", bindHive, ""},
		{"alter partition set location", "ALTER TABLE t PARTITION (p = ?) SET LOCATION ?", bindHive, ""},
		{"alter rename partition", "ALTER TABLE t PARTITION (p = ?) RENAME TO PARTITION (p = ?)", bindHive, ""},
		{"msck repair", "MSCK REPAIR TABLE t", bindHive, ""},
		{"show tables", "SHOW TABLES IN d ?", bindHive, ""},
		{"show tables like", "SHOW TABLES LIKE ?", bindHive, ""},
		{"show databases", "SHOW DATABASES LIKE ?", bindHive, ""},
		{"show schemas", "SHOW SCHEMAS LIKE ?", bindHive, ""},
		{"show columns", "SHOW COLUMNS FROM t", bindHive, ""},
		{"show create table", "SHOW CREATE TABLE t", bindHive, ""},
		{"show create view", "SHOW CREATE VIEW v", bindHive, ""},
		{"show partitions", "SHOW PARTITIONS t", bindHive, ""},
		{"show tblproperties", "SHOW TBLPROPERTIES t (?)", bindHive, ""},
		{"show views", "SHOW VIEWS IN d LIKE ?", bindHive, ""},
		{"describe", "DESCRIBE t PARTITION (p = ?)", bindHive, ""},
		{"desc", "DESC t", bindHive, ""},

		// Comments, parentheses, and '?' that are no placeholders.
		{"leading comments", "-- ?\n/* ? */ SELECT ? AS a", bindParams, "-- ?\n/* ? */ SELECT ¤ AS a"},
		{"nested parentheses", "((SELECT ? AS a))", bindParams, ""},
		{"comment before a view", "/* c */ CREATE VIEW v AS SELECT ? AS a -- ?", bindTrino, "/* c */ CREATE VIEW v AS SELECT ¤ AS a -- ?"},
		{"quoted in a view", `CREATE VIEW v AS SELECT '?' AS "?", ? AS b`, bindTrino, `CREATE VIEW v AS SELECT '?' AS "?", ¤ AS b`},
		{"comment before hive ddl", "-- ?\nCREATE EXTERNAL TABLE t (a int) LOCATION ?", bindHive, "-- ?\nCREATE EXTERNAL TABLE t (a int) LOCATION ¤"},
		{"hive escaped quote", `CREATE EXTERNAL TABLE t (a string COMMENT 'it\'s ?') LOCATION ?`, bindHive, `CREATE EXTERNAL TABLE t (a string COMMENT 'it\'s ?') LOCATION ¤`},
		{"hive double-quoted string", `ALTER TABLE t SET TBLPROPERTIES ("k\"?" = ?)`, bindHive, `ALTER TABLE t SET TBLPROPERTIES ("k\"?" = ¤)`},
		{"trino backslash", `CREATE VIEW v AS SELECT 'C:\' AS p, ? AS q`, bindTrino, `CREATE VIEW v AS SELECT 'C:\' AS p, ¤ AS q`},

		// Statements sqltext does not know go in as Trino literals.
		{"unknown statement", "CALL p(?)", bindTrino, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == "" {
				want = strings.ReplaceAll(tt.sql, "?", "¤")
			}
			n := strings.Count(want, "¤")
			for _, a := range bindArgs {
				args := make([]any, n)
				for i := range args {
					args[i] = a.value
				}
				b, err := planBinding(tt.sql, args)
				if err != nil || b.kind != tt.kind {
					t.Fatalf("planBinding(%q) = %v, %v; want %v", tt.sql, b.kind, err, tt.kind)
				}
				text, params, err := bind(tt.sql, args)
				if err != nil {
					t.Fatalf("bind(%q, %q): %v", tt.sql, a.value, err)
				}
				var wantText string
				var wantParams []string
				switch tt.kind {
				case bindParams:
					wantText = tt.sql
					wantParams = make([]string, n)
					for i := range wantParams {
						wantParams[i] = a.trino
					}
				case bindTrino:
					wantText = strings.ReplaceAll(want, "¤", a.trino)
				case bindHive:
					wantText = strings.ReplaceAll(want, "¤", a.hive)
				}
				if text != wantText || !reflect.DeepEqual(params, wantParams) {
					t.Errorf("bind(%q, %q)\n = %q, %q\nwant %q, %q", tt.sql, a.value, text, params, wantText, wantParams)
				}
			}
		})
	}
}

func TestBindRefusesArgumentsOfPreparedStatementDefinitions(t *testing.T) {
	tests := []struct {
		name, sql, want string
	}{
		{"prepare", "PREPARE s FROM SELECT ? AS a", "values to EXECUTE name USING"},
		{"prepare ctas", "PREPARE s FROM CREATE TABLE t AS SELECT ? AS a", "'?' placeholders are the prepared statement's parameters"},
		{"deallocate", "DEALLOCATE PREPARE s", "DEALLOCATE PREPARE takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := bind(tt.sql, []any{"it's"})
			if err == nil || !strings.HasPrefix(err.Error(), "athenaq: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("bind(%q) error = %v, want one containing %q", tt.sql, err, tt.want)
			}
		})
	}
}

func TestBindSendsExecuteArgumentsToThePreparedStatement(t *testing.T) {
	// Without USING, the arguments fill the prepared statement's '?',
	// which only Athena can count.
	text, params, err := bind("EXECUTE s", []any{"it's", int64(2)})
	if err != nil || text != "EXECUTE s" || !reflect.DeepEqual(params, []string{`'it''s'`, "2"}) {
		t.Errorf("bind(EXECUTE s) = %q, %q, %v", text, params, err)
	}
	// With USING, the '?' of the USING list are counted.
	if _, _, err := bind("EXECUTE s USING 1, ?", []any{"a", "b"}); err == nil || !strings.Contains(err.Error(), "2 arguments for 1") {
		t.Errorf("bind(EXECUTE s USING 1, ?) with 2 arguments: %v", err)
	}
	if _, _, err := bind("EXECUTE s USING 1", []any{"a"}); err == nil || !strings.Contains(err.Error(), "1 arguments for 0") {
		t.Errorf("bind(EXECUTE s USING 1) with 1 argument: %v", err)
	}
}

func TestBindReadsIcebergTableTypeFromAnArgument(t *testing.T) {
	sql := "CREATE TABLE t (a int) COMMENT ? LOCATION 's3://b/t/' TBLPROPERTIES ('table_type'=?)"
	tests := []struct {
		tableType string
		want      string
	}{
		{"ICEBERG", `CREATE TABLE t (a int) COMMENT 'a\b' LOCATION 's3://b/t/' TBLPROPERTIES ('table_type'='ICEBERG')`},
		{"HIVE", `CREATE TABLE t (a int) COMMENT 'a\\b' LOCATION 's3://b/t/' TBLPROPERTIES ('table_type'='HIVE')`},
	}
	for _, tt := range tests {
		text, params, err := bind(sql, []any{`a\b`, tt.tableType})
		if err != nil || text != tt.want || params != nil {
			t.Errorf("bind with table_type %s = %q, %q, %v; want %q", tt.tableType, text, params, err, tt.want)
		}
	}
}

func TestBindKeepsInterpolatedLiteralsApart(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		args []any
		want string
	}{
		{"minus before a negative number", "CREATE VIEW v AS SELECT 1-?", []any{int64(-1)}, "CREATE VIEW v AS SELECT 1- -1"},
		{"word before a string", "CREATE VIEW v AS SELECT X?", []any{"ab"}, "CREATE VIEW v AS SELECT X 'ab'"},
		{"ampersand before a string", "CREATE VIEW v AS SELECT U&?", []any{"ab"}, "CREATE VIEW v AS SELECT U& 'ab'"},
		{"adjacent placeholders", "CREATE VIEW v AS SELECT ??", []any{"a", "b"}, "CREATE VIEW v AS SELECT 'a' 'b'"},
		{"string after a string", "CREATE VIEW v AS SELECT 'x'?", []any{"a"}, "CREATE VIEW v AS SELECT 'x' 'a'"},
		{"number before a dot", "CREATE VIEW v AS SELECT ?.5", []any{int64(1)}, "CREATE VIEW v AS SELECT 1 .5"},
		{"hive string after a string", "ALTER TABLE t SET LOCATION 's3://'?", []any{"b/"}, "ALTER TABLE t SET LOCATION 's3://' 'b/'"},
		{"operators need no space", "CREATE VIEW v AS SELECT (?)||?", []any{"a", "b"}, "CREATE VIEW v AS SELECT ('a')||'b'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, _, err := bind(tt.sql, tt.args)
			if err != nil || text != tt.want {
				t.Errorf("bind(%q) = %q, %v; want %q", tt.sql, text, err, tt.want)
			}
		})
	}
}

func TestBindReportsWhatItCannotBind(t *testing.T) {
	tests := []struct {
		name, sql string
		args      []any
		want      string
	}{
		{"count", "SELECT ? FROM t WHERE a = ? AND b = '?'", []any{1}, "1 arguments for 2 '?' placeholders"},
		{"unterminated string", "SELECT 'abc, ?", []any{1}, "cannot find the '?' placeholders"},
		{"hive ddl unterminated under hive's lexer", `ALTER TABLE t SET LOCATION 'C:\' -- ?`, []any{1}, "cannot find the '?' placeholders of Hive DDL"},
		{"bad argument", "SELECT ?", []any{complex(1, 2)}, "argument 1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := bind(tt.sql, tt.args)
			if err == nil || !strings.HasPrefix(err.Error(), "athenaq: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("bind(%q) error = %v, want one containing %q", tt.sql, err, tt.want)
			}
		})
	}
}

// FuzzBind binds string arguments to arbitrary SQL. Bind never panics. A
// statement bound as ExecutionParameters is sent unchanged with one
// parameter per placeholder. An interpolated statement keeps its shape:
// read with the lexer of its grammar, it has the same tokens, but for a
// string literal in place of each placeholder; a Hive statement whose
// placeholders Trino's lexer finds at the same places keeps its shape for
// that lexer too, which Athena runs first.
func FuzzBind(f *testing.F) {
	for _, s := range []string{
		"SELECT ? AS a, ? AS b", "CREATE TABLE t WITH (format='PARQUET') AS SELECT ? AS s",
		"CREATE TABLE t (a string COMMENT ?) LOCATION ? TBLPROPERTIES ('table_type'='ICEBERG')",
		"CREATE EXTERNAL TABLE t (a string COMMENT ?) COMMENT ? LOCATION ?",
		`CREATE EXTERNAL TABLE t (a string COMMENT 'it\'s ?') LOCATION ?`, "CREATE VIEW v AS SELECT ?? AS x",
		"ALTER TABLE t ADD PARTITION (p = ?) LOCATION ?", "EXECUTE s", "EXECUTE s USING ?", "PREPARE s FROM SELECT ?",
		"-- ?\n(SELECT ?)", "CREATE VIEW v AS SELECT 1-?", `SHOW TABLES '\' ? \'' ?`, "CALL p(?)",
	} {
		f.Add(s, "it's", `a\b`)
	}
	f.Fuzz(func(t *testing.T, sql, a1, a2 string) {
		plan, err := planBinding(sql, nil)
		if err != nil || len(plan.marks) > 1000 {
			return
		}
		args := make([]any, len(plan.marks))
		for i := range args {
			args[i] = a1
			if i%2 == 1 {
				args[i] = a2
			}
		}
		b, err := planBinding(sql, args) // args can make a CREATE TABLE Iceberg
		if err != nil {
			return
		}
		text, params, err := bind(sql, args)
		if err != nil {
			return
		}
		if b.kind == bindParams {
			toks, _ := sqltext.Tokenize(sql)
			if text != sql || !b.anyCount && len(params) != countParams(toks) {
				t.Fatalf("bind(%q) = %q with %d parameters, want the text unchanged with %d", sql, text, len(params), countParams(toks))
			}
			return
		}
		if params != nil {
			t.Fatalf("bind(%q) interpolated and sent parameters %q", sql, params)
		}
		tokenize := sqltext.Tokenize
		if b.kind == bindHive {
			tokenize = sqltext.TokenizeHive
		}
		sameShape(t, tokenize, sql, text)
		if b.kind == bindHive {
			before, err := sqltext.Tokenize(sql)
			if err == nil && reflect.DeepEqual(paramOffsets(before), paramOffsets(b.toks)) {
				sameShape(t, sqltext.Tokenize, sql, text)
			}
		}
	})
}

// sameShape fails t unless bound, read with tokenize, has the tokens of
// sql, but for a String in place of each Param.
func sameShape(t *testing.T, tokenize func(string) ([]sqltext.Token, error), sql, bound string) {
	t.Helper()
	before, err := tokenize(sql)
	if err != nil {
		return
	}
	after, err := tokenize(bound)
	if err != nil {
		t.Fatalf("%q binds to %q, which does not tokenize: %v", sql, bound, err)
	}
	b, a := significant(before), significant(after)
	if len(b) != len(a) {
		t.Fatalf("%q binds to %q: %d tokens, want %d", sql, bound, len(a), len(b))
	}
	for i := range b {
		switch {
		case b[i].Kind == sqltext.Param && a[i].Kind == sqltext.String:
		case b[i].Kind != sqltext.Param && a[i].Kind == b[i].Kind && a[i].Text == b[i].Text:
		default:
			t.Fatalf("%q binds to %q: token %d is %v %q, was %v %q", sql, bound, i, a[i].Kind, a[i].Text, b[i].Kind, b[i].Text)
		}
	}
}

func significant(toks []sqltext.Token) []sqltext.Token {
	var out []sqltext.Token
	for _, t := range toks {
		if !t.IsTrivia() {
			out = append(out, t)
		}
	}
	return out
}

func countParams(toks []sqltext.Token) int { return len(paramOffsets(toks)) }

func paramOffsets(toks []sqltext.Token) []int {
	var out []int
	for _, t := range toks {
		if t.Kind == sqltext.Param {
			out = append(out, t.Pos)
		}
	}
	return out
}
