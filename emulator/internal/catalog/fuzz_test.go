package catalog

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// FuzzParse checks that Parse never panics, always fails with one of its
// three error types, and that a parsed CREATE EXTERNAL TABLE printed back by
// ShowCreateTableRows parses to an equal Table.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"CREATE EXTERNAL TABLE t (n int) LOCATION 's3://b/'",
		"CREATE EXTERNAL TABLE IF NOT EXISTS `Db`.`T` (a array<struct<a:int,b:string>>, m map<string,int> COMMENT 'c') COMMENT 't' " +
			"PARTITIONED BY (p string) CLUSTERED BY (a) INTO 2 BUCKETS ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' " +
			"COLLECTION ITEMS TERMINATED BY '\\002' MAP KEYS TERMINATED BY '\\u0003' LINES TERMINATED BY '\\n' NULL DEFINED AS '' " +
			"LOCATION 's3://b/p/' TBLPROPERTIES ('skip.header.line.count'='1')",
		"CREATE EXTERNAL TABLE t (n int) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('separatorChar'=',', 'quoteChar'='\"') LOCATION 's3://b/'",
		"CREATE EXTERNAL TABLE t (r row(a integer, b varchar(3)), d decimal(5,1)) STORED AS PARQUET LOCATION 's3://b/'",
		"CREATE EXTERNAL TABLE t (n int) STORED AS INPUTFORMAT 'a' OUTPUTFORMAT 'b' WITH SERDEPROPERTIES ('k'='v') LOCATION 's3://b/'",
		"create external table t (`列名` string comment 'é\\u0001;') location 's3://b/x y'",
		"CREATE TABLE t (n int)",
		"CREATE OR REPLACE VIEW v AS SELECT 1",
		"CREATE TABLE t AS SELECT 1",
		"DESCRIBE /* c */ t",
		"SHOW TABLES IN db LIKE 'a*|b'",
		"SHOW TBLPROPERTIES t('k')",
		"DROP DATABASE IF EXISTS d CASCADE;",
		"ALTER TABLE t ADD COLUMN x int",
		"SELECT 1; SELECT 2",
		"CREATE EXTERNAL TABLE t (n int) LOCATION 's3://b/' TBLPROPERTIES ('table_type'='ICEBERG')",
		"CREATE DATABASE d COMMENT 'x' LOCATION 's3://b/' WITH DBPROPERTIES ('a'='b')",
		"/*",
		"`",
		"'",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		st, err := Parse(sql)
		if err != nil {
			var (
				re *RejectError
				qe *athena.QueryError
				nd *NotDDLError
			)
			if !errors.As(err, &re) && !errors.As(err, &qe) && !errors.As(err, &nd) {
				t.Fatalf("Parse(%q) error of type %T: %v", sql, err, err)
			}
			return
		}
		if st == nil {
			t.Fatalf("Parse(%q) returned neither a statement nor an error", sql)
		}
		ct, ok := st.(*CreateTable)
		if !ok {
			return
		}
		_ = DescribeRows(ct.Table)
		_ = ShowColumnsRows(ct.Table)
		_ = ShowTblPropertiesRows(ct.Table)
		_, _ = ct.Table.Format()
		ddl := strings.Join(ShowCreateTableRows(ct.Table), "\n")
		again, err := Parse(ddl)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its SHOW CREATE TABLE\n%s\nfails: %v", sql, ddl, err)
		}
		if !reflect.DeepEqual(again.(*CreateTable).Table, ct.Table) {
			t.Fatalf("Parse(%q)\n %#v\nprinted\n%s\nparses to\n %#v", sql, ct.Table, ddl, again.(*CreateTable).Table)
		}
	})
}
