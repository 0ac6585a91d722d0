package sqltext

import (
	"reflect"
	"testing"
)

func TestClassifyFollowsFactsSection7(t *testing.T) {
	tests := []struct {
		sql, typ, sub string
		kind          StatementKind
	}{
		// Queries.
		{"SELECT 1", "DML", "SELECT", StmtSelect},
		{"select * from t", "DML", "SELECT", StmtSelect},
		{"WITH x AS (SELECT 1) SELECT * FROM x", "DML", "SELECT", StmtSelect},
		{"VALUES 1", "DML", "SELECT", StmtSelect},
		{"TABLE t", "DML", "SELECT", StmtSelect},
		{"table t", "DML", "SELECT", StmtSelect},
		{"(TABLE t)", "DML", "SELECT", StmtSelect},
		{"(SELECT 1)", "DML", "SELECT", StmtSelect},
		{"( SELECT 1 )", "DML", "SELECT", StmtSelect},
		{"(\nSELECT 1\n)", "DML", "SELECT", StmtSelect},
		{"((SELECT 1)) UNION (SELECT 2)", "DML", "SELECT", StmtSelect},
		// Leading comments, comments between keywords.
		{"-- SELECT\nSHOW TABLES", "UTILITY", "SHOW_TABLES", StmtShow},
		{"/* SELECT */ SHOW TABLES", "UTILITY", "SHOW_TABLES", StmtShow},
		{"/* SHOW TABLES */ SELECT 1", "DML", "SELECT", StmtSelect},
		{"-- c\n\n   SELECT 1", "DML", "SELECT", StmtSelect},
		{"-- a\n-- b\nSELECT 1", "DML", "SELECT", StmtSelect},
		{"-- a\n/* b */ SELECT 1", "DML", "SELECT", StmtSelect},
		{"--c\nSELECT 1", "DML", "SELECT", StmtSelect},
		{"/* c */SELECT 1", "DML", "SELECT", StmtSelect},
		{"/* a\nb */ SELECT 1", "DML", "SELECT", StmtSelect},
		{"SELECT 1 -- c", "DML", "SELECT", StmtSelect},
		{"SHOW /* c */ CREATE TABLE t", "UTILITY", "SHOW_CREATE_TABLE", StmtShow},
		{"SHOW CREATE /* c */ TABLE t", "UTILITY", "SHOW_CREATE_TABLE", StmtShow},
		{"ALTER /* c */ TABLE t ADD COLUMNS (c int)", "DDL", "ALTER_TABLE_ADD_COLUMN", StmtAlterTable},
		{"MSCK REPAIR /* c */ TABLE t", "DDL", "MSCK_REPAIR", StmtMSCKRepair},
		{"CREATE EXTERNAL /* c */ TABLE t (n int) LOCATION 's3://b/p/'", "DDL", "CREATE_TABLE", StmtCreateTable},
		{"-- c\nCREATE TABLE t AS SELECT 1", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		// Glued keywords.
		{"SELECT(1)", "DML", "SELECT", StmtSelect},
		{"SELECT'a'", "DML", "SELECT", StmtSelect},
		{"SELECT*FROM t", "DML", "SELECT", StmtSelect},
		{`SELECT"x" FROM (VALUES 1) AS t(x)`, "DML", "SELECT", StmtSelect},
		{`WITH"w" AS (SELECT 1 AS x) SELECT x FROM "w"`, "DML", "SELECT", StmtSelect},
		{"VALUES(1)", "DML", "SELECT", StmtSelect},
		{"EXPLAIN(TYPE IO) SELECT 1", "DML", "EXPLAIN", StmtExplain},
		{"EXPLAIN(SELECT 1)", "DML", "EXPLAIN", StmtExplain},
		{`CREATE TABLE"c1" AS SELECT 1 AS x`, "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{`CREATE VIEW"v1" AS SELECT 1 AS x`, "DDL", "CREATE_VIEW", StmtCreateView},
		{`SHOW CREATE VIEW"v1"`, "UTILITY", "SHOW_CREATE_VIEW", StmtShow},
		{`DROP VIEW"v1"`, "DDL", "DROP_VIEW", StmtDropView},
		// EXPLAIN.
		{"EXPLAIN SELECT 1", "DML", "EXPLAIN", StmtExplain},
		{"EXPLAIN ANALYZE SELECT 1", "DML", "EXPLAIN", StmtExplain},
		{"EXPLAIN (FORMAT JSON) SELECT 1", "DML", "EXPLAIN", StmtExplain},
		// DML.
		{"INSERT INTO t SELECT 1", "DML", "INSERT", StmtInsert},
		{"INSERT INTO t VALUES (1)", "DML", "INSERT", StmtInsert},
		{"UPDATE t SET a = 1", "DML", "UPDATE", StmtUpdate},
		{"DELETE FROM t WHERE a = 1", "DML", "DELETE", StmtDelete},
		{"MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE", "DML", "MERGE", StmtMerge},
		{"VACUUM t", "DML", "VACUUM_TABLE", StmtVacuum},
		{"UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'PARQUET')", "DML", "UNLOAD", StmtUnload},
		// CTAS, in every form FACTS lists.
		{"CREATE TABLE t AS SELECT 1 AS n", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{"CREATE TABLE t AS (SELECT 1 AS n)", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{"CREATE TABLE t AS(SELECT 1 AS n)", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{"CREATE TABLE t AS (VALUES 1)", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{"CREATE TABLE t (n) AS (VALUES 1)", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{"CREATE TABLE t AS VALUES 1", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{"CREATE TABLE t (n) AS VALUES 1", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{"CREATE TABLE t AS (TABLE u)", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{"CREATE TABLE t AS TABLE u", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{"CREATE TABLE t AS WITH x AS (SELECT 1) SELECT * FROM x", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{"CREATE TABLE IF NOT EXISTS db.t WITH (format = 'PARQUET', external_location = 's3://b/') AS SELECT 1", "DDL", "CREATE_TABLE_AS_SELECT", StmtCreateTableAs},
		{"OPTIMIZE t REWRITE DATA USING BIN_PACK", "DDL", "CREATE_TABLE_AS_SELECT", StmtOptimize},
		// Other DDL.
		{"CREATE EXTERNAL TABLE t (n int, s string) ROW FORMAT SERDE 'x' STORED AS INPUTFORMAT 'a' OUTPUTFORMAT 'b' LOCATION 's3://b/'", "DDL", "CREATE_TABLE", StmtCreateTable},
		{"CREATE EXTERNAL TABLE t (n int) STORED AS PARQUET LOCATION 's3://b/'", "DDL", "CREATE_TABLE", StmtCreateTable},
		{"CREATE EXTERNAL TABLE t (n int) ROW FORMAT DELIMITED NULL DEFINED AS 'NA' LOCATION 's3://b/'", "DDL", "CREATE_TABLE", StmtCreateTable},
		{"CREATE TABLE t (n int) LOCATION 's3://b/' TBLPROPERTIES ('table_type'='ICEBERG')", "DDL", "CREATE_TABLE", StmtCreateTable},
		{"CREATE DATABASE d", "DDL", "CREATE_DATABASE", StmtCreateDatabase},
		{"CREATE SCHEMA IF NOT EXISTS d", "DDL", "CREATE_DATABASE", StmtCreateDatabase},
		{"DROP DATABASE d", "DDL", "DROP_DATABASE", StmtDropDatabase},
		{"DROP SCHEMA IF EXISTS d CASCADE", "DDL", "DROP_DATABASE", StmtDropDatabase},
		{"CREATE VIEW v AS SELECT 1", "DDL", "CREATE_VIEW", StmtCreateView},
		{"CREATE OR REPLACE VIEW v AS SELECT 1", "DDL", "CREATE_VIEW", StmtCreateView},
		{"CREATE PROTECTED MULTI DIALECT VIEW v SECURITY DEFINER AS SELECT 1", "DDL", "CREATE_VIEW", StmtCreateView},
		{"DROP VIEW v", "DDL", "DROP_VIEW", StmtDropView},
		{"DROP TABLE t", "DDL", "DROP_TABLE", StmtDropTable},
		{"DROP TABLE IF EXISTS db.t", "DDL", "DROP_TABLE", StmtDropTable},
		{"ALTER TABLE t ADD COLUMNS (c int)", "DDL", "ALTER_TABLE_ADD_COLUMN", StmtAlterTable},
		{"ALTER TABLE t REPLACE COLUMNS (c int)", "DDL", "ALTER_TABLE_REPLACE_COLUMN", StmtAlterTable},
		{"ALTER TABLE t CHANGE COLUMN a b int", "DDL", "ALTER_TABLE_CHANGE_COLUMN", StmtAlterTable},
		{"ALTER TABLE t DROP COLUMN c", "DDL", "ALTER_TABLE_DROP_COLUMN", StmtAlterTable},
		{"ALTER TABLE t ADD PARTITION (p='1')", "DDL", "ALTER_TABLE_ADD_PARTITION", StmtAlterTable},
		{"ALTER TABLE t ADD IF NOT EXISTS PARTITION (p='1') LOCATION 's3://b/'", "DDL", "ALTER_TABLE_ADD_PARTITION", StmtAlterTable},
		{"ALTER TABLE t DROP PARTITION (p='1')", "DDL", "ALTER_TABLE_DROP_PARTITION", StmtAlterTable},
		{"ALTER TABLE t DROP IF EXISTS PARTITION (p='1')", "DDL", "ALTER_TABLE_DROP_PARTITION", StmtAlterTable},
		{"ALTER TABLE t RENAME TO u", "DDL", "ALTER_TABLE_RENAME", StmtAlterTable},
		{"ALTER TABLE t SET TBLPROPERTIES ('a'='b')", "DDL", "ALTER_TABLE_PROPERTIES", StmtAlterTable},
		{"ALTER TABLE t SET LOCATION 's3://b/'", "DDL", "ALTER_TABLE_SET_LOCATION", StmtAlterTable},
		{"ALTER TABLE t PARTITION (p='1') SET LOCATION 's3://b/'", "DDL", "ALTER_TABLE_SET_LOCATION", StmtAlterTable},
		{"ALTER TABLE db.t PARTITION (p='1') RENAME TO PARTITION (p='2')", "DDL", "ALTER_TABLE_RENAME_PARTITION", StmtAlterTable},
		{"MSCK REPAIR TABLE t", "DDL", "MSCK_REPAIR", StmtMSCKRepair},
		// Utility.
		{"SHOW TABLES", "UTILITY", "SHOW_TABLES", StmtShow},
		{"SHOW TABLES IN db LIKE 'x*'", "UTILITY", "SHOW_TABLES", StmtShow},
		{"SHOW TABLES IN db 'prefix.*'", "UTILITY", "SHOW_TABLES", StmtShow},
		{"SHOW DATABASES", "UTILITY", "SHOW_DATABASES", StmtShow},
		{"SHOW SCHEMAS LIKE '*'", "UTILITY", "SHOW_DATABASES", StmtShow},
		{"SHOW COLUMNS FROM t", "UTILITY", "SHOW_COLUMNS", StmtShow},
		{"SHOW COLUMNS IN db.t", "UTILITY", "SHOW_COLUMNS", StmtShow},
		{"SHOW CREATE TABLE t", "UTILITY", "SHOW_CREATE_TABLE", StmtShow},
		{"SHOW CREATE VIEW v", "UTILITY", "SHOW_CREATE_VIEW", StmtShow},
		{"SHOW PARTITIONS t", "UTILITY", "SHOW_PARTITIONS", StmtShow},
		{"SHOW TBLPROPERTIES t", "UTILITY", "SHOW_TABLE_PROPERTIES", StmtShow},
		{"SHOW TBLPROPERTIES t('a')", "UTILITY", "SHOW_TABLE_PROPERTIES", StmtShow},
		{"SHOW VIEWS", "UTILITY", "SHOW_VIEWS", StmtShow},
		{"SHOW FUNCTIONS", "UTILITY", "SHOW_FUNCTIONS", StmtShow},
		{"DESCRIBE t", "UTILITY", "DESCRIBE_TABLE", StmtDescribe},
		{"DESC t", "UTILITY", "DESCRIBE_TABLE", StmtDescribe},
		{"describe db.t", "UTILITY", "DESCRIBE_TABLE", StmtDescribe},
		{"DESCRIBE EXTENDED db.t", "UTILITY", "DESCRIBE_TABLE", StmtDescribe},
		// Prepared statements (unverified choices).
		{"PREPARE s FROM SELECT ?", "DDL", "PREPARE", StmtPrepare},
		{"EXECUTE s USING 1", "DML", "EXECUTE", StmtExecute},
		{"DEALLOCATE PREPARE s", "DDL", "DEALLOCATE", StmtDeallocate},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			got := Classify(tt.sql)
			if got.StatementType != tt.typ || got.Substatement != tt.sub || got.Kind != tt.kind {
				t.Errorf("Classify(%q) = %s/%s/%d, want %s/%s/%d", tt.sql, got.StatementType, got.Substatement, got.Kind, tt.typ, tt.sub, tt.kind)
			}
		})
	}
}

func TestClassifyLeavesRejectedStatementsUnknown(t *testing.T) {
	for _, sql := range []string{
		"", "   ", "-- only", ";", "SELEC 1", "/* c SELECT 1", "SELECT 'a",
		"CREATE OR REPLACE TABLE t AS SELECT 1",
		"ALTER TABLE IF EXISTS t RENAME TO u",
		"ALTER TABLE t ADD COLUMN c int",
		"ALTER TABLE t RENAME COLUMN a TO b",
		"ALTER TABLE t DROP COLUMNS c",
		"ALTER TABLE t REPLACE COLUMN c int",
		"ALTER TABLE t SET PROPERTIES x = 1",
		"SHOW SESSION", "SHOW STATS FOR t", "SHOW CATALOGS",
		"USE db", "CALL x()", "INSERT t SELECT 1", "(EXPLAIN SELECT 1)", "( SHOW TABLES )",
		"MSCK t", "DEALLOCATE s", "GRANT SELECT ON t TO u",
	} {
		if got := Classify(sql); got.StatementType != "" || got.Kind != StmtUnknown {
			t.Errorf("Classify(%q) = %+v, want unknown", sql, got)
		}
	}
}

func TestClassifyTokensReadsHiveLexedStatements(t *testing.T) {
	tests := []struct {
		name, sql, sub string
	}{
		{"escaped quote in a comment", `CREATE EXTERNAL TABLE t (a string COMMENT 'it\'s') LOCATION 's3://b/t/'`, "CREATE_TABLE"},
		{"AS inside an escaped string", `CREATE TABLE t COMMENT 'x\' AS SELECT 1 --' LOCATION 's3://b/t/'`, "CREATE_TABLE"},
		{"alter", `ALTER TABLE t SET TBLPROPERTIES ('k'='\'')`, "ALTER_TABLE_PROPERTIES"},
	}
	for _, tt := range tests {
		toks, err := TokenizeHive(tt.sql)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := ClassifyTokens(toks); got.Substatement != tt.sub {
			t.Errorf("%s: ClassifyTokens(TokenizeHive(%q)) = %+v, want %s", tt.name, tt.sql, got, tt.sub)
		}
	}
}

func TestClassifyFindsTarget(t *testing.T) {
	tests := []struct {
		sql    string
		parts  []string
		quoted bool
	}{
		{"DESCRIBE db.t", []string{"db", "t"}, false},
		{`DESCRIBE "T"`, []string{"t"}, true},
		{"DESC `db`.`T`", []string{"db", "t"}, false},
		{"SHOW COLUMNS FROM t IN db", []string{"db", "t"}, false},
		{"SHOW CREATE TABLE awsdatacatalog.db.t", []string{"awsdatacatalog", "db", "t"}, false},
		{"DROP TABLE IF EXISTS t", []string{"t"}, false},
		{"CREATE EXTERNAL TABLE IF NOT EXISTS db.t (n int)", []string{"db", "t"}, false},
		{"CREATE TABLE t AS SELECT 1", []string{"t"}, false},
		{"INSERT INTO db.t (a) SELECT 1", []string{"db", "t"}, false},
		{"MSCK REPAIR TABLE t", []string{"t"}, false},
		{"ALTER TABLE db.t ADD COLUMNS (c int)", []string{"db", "t"}, false},
		{"SHOW TABLES IN db", []string{"db"}, false},
		{"CREATE DATABASE IF NOT EXISTS d", []string{"d"}, false},
		{"SHOW TABLES", nil, false},
		{"SELECT 1", nil, false},
	}
	for _, tt := range tests {
		got := Classify(tt.sql).Target
		if !reflect.DeepEqual(got.Parts, tt.parts) || got.Quoted != tt.quoted {
			t.Errorf("Classify(%q).Target = %v quoted=%v, want %v quoted=%v", tt.sql, got.Parts, got.Quoted, tt.parts, tt.quoted)
		}
	}
}

func TestClassOnViewSwitchesToDescView(t *testing.T) {
	for sql, want := range map[string]string{
		"DESCRIBE v":          "DESC_VIEW",
		"SHOW COLUMNS FROM v": "DESC_VIEW",
		"SHOW CREATE VIEW v":  "SHOW_CREATE_VIEW",
		"SELECT 1":            "SELECT",
	} {
		c := Classify(sql).OnView()
		if c.Substatement != want {
			t.Errorf("Classify(%q).OnView().Substatement = %q, want %q", sql, c.Substatement, want)
		}
	}
}
