package catalog

import (
	"errors"
	"reflect"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// textTable is what CREATE EXTERNAL TABLE without ROW FORMAT or STORED AS
// gives: a TEXTFILE table read by LazySimpleSerDe.
func textTable(db, name string, cols ...Column) Table {
	return Table{
		Database: db, Name: name, Columns: cols, Location: "s3://bucket/path/",
		InputFormat: TextInputFormat, OutputFormat: TextOutputFormat, SerDeLibrary: LazySimpleSerDe,
		SerDeParameters: map[string]string{SerialFormat: "1"},
		Parameters:      map[string]string{"EXTERNAL": "TRUE"},
		TableType:       ExternalTable,
	}
}

func col(name, typ string) Column { return Column{Name: name, Type: typ} }

func TestParseStatements(t *testing.T) {
	withTable := func(f func(*Table)) Table {
		tb := textTable("", "t", col("n", "int"))
		f(&tb)
		return tb
	}
	tests := []struct {
		name string
		sql  string
		want Statement
	}{
		{"create database", "CREATE DATABASE sales", &CreateDatabase{Name: "sales"}},
		{"create schema with everything", "create schema if not exists `Sales` COMMENT 'c' LOCATION 's3://b/db/' WITH DBPROPERTIES ('k'='v', \"k2\"=\"v2\")",
			&CreateDatabase{Name: "sales", IfNotExists: true, Comment: "c", Location: "s3://b/db/", Properties: map[string]string{"k": "v", "k2": "v2"}}},
		{"drop database", "DROP DATABASE d", &DropDatabase{Name: "d"}},
		{"drop database if exists cascade", "DROP SCHEMA IF EXISTS d CASCADE", &DropDatabase{Name: "d", IfExists: true, Cascade: true}},
		{"drop database restrict", "drop database d restrict;", &DropDatabase{Name: "d"}},

		{"minimal table", "CREATE EXTERNAL TABLE t (n int) LOCATION 's3://bucket/path/'",
			&CreateTable{Table: textTable("", "t", col("n", "int"))}},
		{"keywords in any case, trailing semicolons", "create External TABLE if NOT exists t (n INT) location 's3://bucket/path/' ;;",
			&CreateTable{Table: textTable("", "t", col("n", "int")), IfNotExists: true}},
		{"backticks and lowercasing", "CREATE EXTERNAL TABLE `Sales`.`My_Table` (`Select` STRING, `_id` bigint) LOCATION 's3://bucket/path/'",
			&CreateTable{Table: textTable("sales", "my_table", col("select", "string"), col("_id", "bigint"))}},
		{"doubled backtick", "CREATE EXTERNAL TABLE t (`a``b` int) LOCATION 's3://bucket/path/'",
			&CreateTable{Table: textTable("", "t", col("a`b", "int"))}},
		{"awsdatacatalog prefix", "CREATE EXTERNAL TABLE AwsDataCatalog.db.t (n int) LOCATION 's3://bucket/path/'",
			&CreateTable{Table: textTable("db", "t", col("n", "int"))}},
		{"comments everywhere", "-- lead\nCREATE /* a */ EXTERNAL TABLE t ( -- c\n n /* b */ int\n) /* x */ LOCATION 's3://bucket/path/' -- tail",
			&CreateTable{Table: textTable("", "t", col("n", "int"))}},
		{"column and table comments", "CREATE EXTERNAL TABLE t (n int COMMENT 'the n', s string COMMENT \"it's\") COMMENT 'tbl' LOCATION 's3://bucket/path/'",
			&CreateTable{Table: func() Table {
				tb := textTable("", "t", Column{"n", "int", "the n"}, Column{"s", "string", "it's"})
				tb.Comment = "tbl"
				return tb
			}()}},
		{"escaped quote and adjacent literals", `CREATE EXTERNAL TABLE t (n int COMMENT 'it\'s' ' ok') LOCATION 's3://bucket/path/'`,
			&CreateTable{Table: textTable("", "t", Column{"n", "int", "it's ok"})}},
		{"partitioned and clustered", "CREATE EXTERNAL TABLE t (n int) PARTITIONED BY (dt string COMMENT 'day', h int) CLUSTERED BY (n) INTO 8 BUCKETS LOCATION 's3://bucket/path/'",
			&CreateTable{Table: withTable(func(tb *Table) {
				tb.PartitionKeys = []Column{{"dt", "string", "day"}, {"h", "int", ""}}
				tb.BucketColumns, tb.NumBuckets = []string{"n"}, 8
			})}},
		{"hive types", "CREATE EXTERNAL TABLE t (a array<struct<A:int,b:string>>, m MAP<string, int>, d decimal(10,2), v varchar(10), c char(3), s struct<x:array<int>>) LOCATION 's3://bucket/path/'",
			&CreateTable{Table: textTable("", "t", col("a", "array<struct<a:int,b:string>>"), col("m", "map<string,int>"),
				col("d", "decimal(10,2)"), col("v", "varchar(10)"), col("c", "char(3)"), col("s", "struct<x:array<int>>"))}},
		{"trino types", "CREATE EXTERNAL TABLE t (a array(varchar), r row(a integer, b double), i integer, f real, m map(varchar, bigint)) LOCATION 's3://bucket/path/'",
			&CreateTable{Table: textTable("", "t", col("a", "array<string>"), col("r", "struct<a:int,b:double>"), col("i", "int"),
				col("f", "float"), col("m", "map<string,bigint>"))}},
		{"delimited with escapes", `CREATE EXTERNAL TABLE t (n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' ESCAPED BY '\\' COLLECTION ITEMS TERMINATED BY '\002' MAP KEYS TERMINATED BY '\u0003' LINES TERMINATED BY '\n' NULL DEFINED AS '' LOCATION 's3://bucket/path/'`,
			&CreateTable{Table: withTable(func(tb *Table) {
				tb.SerDeParameters = map[string]string{SerialFormat: "\t", FieldDelim: "\t", EscapeDelim: `\`, CollectionDelim: "\x02",
					MapKeyDelim: "\x03", LineDelim: "\n", NullFormat: ""}
			})}},
		{"delimited comma", "CREATE EXTERNAL TABLE t (n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://bucket/path/'",
			&CreateTable{Table: withTable(func(tb *Table) { tb.SerDeParameters = map[string]string{SerialFormat: ",", FieldDelim: ","} })}},
		{"delimited octal", `CREATE EXTERNAL TABLE t (n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\001' LOCATION 's3://bucket/path/'`,
			&CreateTable{Table: withTable(func(tb *Table) { tb.SerDeParameters = map[string]string{SerialFormat: "\x01", FieldDelim: "\x01"} })}},
		{"opencsv serde", `CREATE EXTERNAL TABLE t (n int) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '"', 'escapeChar' = '\\') LOCATION 's3://bucket/path/'`,
			&CreateTable{Table: withTable(func(tb *Table) {
				tb.SerDeLibrary = OpenCSVSerDe
				tb.SerDeParameters = map[string]string{SerialFormat: "1", "separatorChar": ",", "quoteChar": `"`, "escapeChar": `\`}
			})}},
		{"openx json serde", "CREATE EXTERNAL TABLE t (n int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://bucket/path/'",
			&CreateTable{Table: withTable(func(tb *Table) { tb.SerDeLibrary = OpenXJSONSerDe })}},
		{"stored as parquet", "CREATE EXTERNAL TABLE t (n int) STORED AS parquet LOCATION 's3://bucket/path/'",
			&CreateTable{Table: withTable(func(tb *Table) {
				tb.InputFormat, tb.OutputFormat, tb.SerDeLibrary = ParquetInputFormat, ParquetOutputFormat, ParquetSerDe
			})}},
		{"stored as orc", "CREATE EXTERNAL TABLE t (n int) STORED AS ORC LOCATION 's3://bucket/path/'",
			&CreateTable{Table: withTable(func(tb *Table) {
				tb.InputFormat, tb.OutputFormat, tb.SerDeLibrary = ORCInputFormat, ORCOutputFormat, ORCSerDe
			})}},
		{"stored as jsonfile", "CREATE EXTERNAL TABLE t (n int) STORED AS JSONFILE LOCATION 's3://bucket/path/'",
			&CreateTable{Table: withTable(func(tb *Table) { tb.SerDeLibrary = HCatalogJSONSerDe })}},
		{"stored as avro", "CREATE EXTERNAL TABLE t (n int) STORED AS AVRO LOCATION 's3://bucket/path/'",
			&CreateTable{Table: withTable(func(tb *Table) {
				tb.InputFormat, tb.OutputFormat, tb.SerDeLibrary = AvroInputFormat, AvroOutputFormat, AvroSerDe
			})}},
		{"stored as sequencefile", "CREATE EXTERNAL TABLE t (n int) STORED AS SEQUENCEFILE LOCATION 's3://bucket/path/'",
			&CreateTable{Table: withTable(func(tb *Table) { tb.InputFormat, tb.OutputFormat = SequenceInputFormat, SequenceOutputFormat })}},
		{"stored as textfile", "CREATE EXTERNAL TABLE t (n int) STORED AS TEXTFILE LOCATION 's3://bucket/path/'",
			&CreateTable{Table: textTable("", "t", col("n", "int"))}},
		{"delimited stored as parquet keeps parquet serde", "CREATE EXTERNAL TABLE t (n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS PARQUET LOCATION 's3://bucket/path/'",
			&CreateTable{Table: withTable(func(tb *Table) {
				tb.InputFormat, tb.OutputFormat, tb.SerDeLibrary = ParquetInputFormat, ParquetOutputFormat, ParquetSerDe
				tb.SerDeParameters = map[string]string{SerialFormat: ",", FieldDelim: ","}
			})}},
		{"stored as inputformat", "CREATE EXTERNAL TABLE t (n int) ROW FORMAT SERDE 'x.S' STORED AS INPUTFORMAT 'x.In' OUTPUTFORMAT 'x.Out' LOCATION 's3://bucket/path/'",
			&CreateTable{Table: withTable(func(tb *Table) { tb.InputFormat, tb.OutputFormat, tb.SerDeLibrary = "x.In", "x.Out", "x.S" })}},
		{"serdeproperties after stored as", "CREATE EXTERNAL TABLE t (n int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' STORED AS TEXTFILE WITH SERDEPROPERTIES ('ignore.malformed.json'='true') LOCATION 's3://bucket/path/'",
			&CreateTable{Table: withTable(func(tb *Table) {
				tb.SerDeLibrary = OpenXJSONSerDe
				tb.SerDeParameters["ignore.malformed.json"] = "true"
			})}},
		{"tblproperties", "CREATE EXTERNAL TABLE t (n int) LOCATION 's3://bucket/path/' TBLPROPERTIES ('skip.header.line.count'='1', 'EXTERNAL'='FALSE')",
			&CreateTable{Table: withTable(func(tb *Table) { tb.Parameters["skip.header.line.count"] = "1" })}},
		{"iceberg words as column names", "CREATE EXTERNAL TABLE t (`as` int, comment string) LOCATION 's3://bucket/path/'",
			&CreateTable{Table: textTable("", "t", col("as", "int"), col("comment", "string"))}},

		{"create view", "CREATE VIEW v AS SELECT 1 AS n", &CreateView{Name: "v", Query: "SELECT 1 AS n"}},
		{"create or replace view keeps query text", "create or replace view \"Db\".\"V\" comment 'c' as\n  select 'a;b' -- x\n  from t ;",
			&CreateView{Database: "db", Name: "v", OrReplace: true, Comment: "c", Query: "select 'a;b' -- x\n  from t"}},
		{"create view query with a backslash", `CREATE VIEW v AS SELECT 'C:\' AS p`, &CreateView{Name: "v", Query: `SELECT 'C:\' AS p`}},
		{"drop view", "DROP VIEW IF EXISTS db.v", &DropView{Database: "db", Name: "v", IfExists: true}},
		{"drop table", "DROP TABLE `db`.`T`", &DropTable{Database: "db", Name: "t"}},
		{"drop table if exists", "DROP TABLE IF EXISTS t", &DropTable{Name: "t", IfExists: true}},

		{"show databases", "SHOW DATABASES", &ShowDatabases{}},
		{"show schemas like", "SHOW SCHEMAS LIKE 'ab*'", &ShowDatabases{Pattern: "ab*"}},
		{"show tables", "SHOW TABLES", &ShowTables{}},
		{"show tables in like", "SHOW TABLES IN Db LIKE 'prefix*'", &ShowTables{Database: "db", Pattern: "prefix*"}},
		{"show tables in catalog", "SHOW TABLES IN AwsDataCatalog.Db 'p*'", &ShowTables{Database: "db", Pattern: "p*"}},
		{"show tables from bare pattern", "SHOW TABLES FROM db 'prefix.*'", &ShowTables{Database: "db", Pattern: "prefix.*"}},
		{"show views", "SHOW VIEWS IN db LIKE 'v*'", &ShowViews{Database: "db", Pattern: "v*"}},
		{"show columns from", "SHOW COLUMNS FROM db.t", &ShowColumns{Database: "db", Table: "t"}},
		{"show columns in in", "SHOW COLUMNS IN t IN db", &ShowColumns{Database: "db", Table: "t"}},
		{"describe", "DESCRIBE db.t", &Describe{Database: "db", Table: "t"}},
		{"desc", "desc t", &Describe{Table: "t"}},
		{"describe column", "DESCRIBE t n", &Describe{Table: "t", Column: "n"}},
		{"describe formatted", "DESCRIBE FORMATTED t", &Describe{Table: "t", Detail: "FORMATTED"}},
		{"describe with line comment", "DESCRIBE -- c\n t", &Describe{Table: "t"}},
		{"show create table", "SHOW CREATE TABLE awsdatacatalog.db.t", &ShowCreateTable{Database: "db", Table: "t"}},
		{"show create view", "SHOW CREATE VIEW db.v", &ShowCreateView{Database: "db", Name: "v"}},
		{"show tblproperties", "SHOW TBLPROPERTIES t", &ShowTblProperties{Table: "t"}},
		{"show tblproperties one", "SHOW TBLPROPERTIES db.t('skip.header.line.count')", &ShowTblProperties{Database: "db", Table: "t", Property: "skip.header.line.count"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.sql)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.sql, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v", tt.sql, got, tt.want)
			}
		})
	}
}

func TestParseRejectsAtStart(t *testing.T) {
	tests := []struct {
		name, sql, code, msg string
	}{
		{"plain create table without location", "CREATE TABLE t (n int)", MalformedQuery,
			"No location was specified for table. An S3 location must be specified"},
		{"external table without location", "CREATE EXTERNAL TABLE t (n int)", MalformedQuery,
			"No location was specified for table. An S3 location must be specified"},
		{"create table without external", "CREATE TABLE t (n int) LOCATION 's3://b/t/'", MalformedQuery,
			"External keyword required for table type HIVE"},
		{"create or replace table", "CREATE OR REPLACE TABLE t AS SELECT 1", MalformedQuery,
			"line 1:19: mismatched input 'TABLE'. Expecting: 'MATERIALIZED', 'MULTI', 'PROTECTED', 'VIEW'"},
		{"quoted name in describe", `DESCRIBE "t"`, MalformedQuery, `line 1:10: mismatched input '"t"'. Expecting: <identifier>`},
		{"quoted name in desc", `DESC db."t"`, MalformedQuery, `line 1:9: mismatched input '"t"'. Expecting: <identifier>`},
		{"quoted name in show columns", `SHOW COLUMNS FROM "t"`, MalformedQuery, `line 1:19: mismatched input '"t"'. Expecting: <identifier>`},
		{"quoted name in show create table", `SHOW CREATE TABLE "t"`, MalformedQuery, `line 1:19: mismatched input '"t"'. Expecting: <identifier>`},
		{"quoted name in drop table", `DROP TABLE "t"`, MalformedQuery, `line 1:12: mismatched input '"t"'. Expecting: <identifier>`},
		{"quoted name in alter table", `ALTER TABLE "t" ADD COLUMNS (x int)`, MalformedQuery, `line 1:13: mismatched input '"t"'. Expecting: <identifier>`},
		{"quoted name in create table", `CREATE EXTERNAL TABLE "t" (n int) LOCATION 's3://b/'`, MalformedQuery, `line 1:23: mismatched input '"t"'. Expecting: <identifier>`},
		{"location not s3", "CREATE EXTERNAL TABLE t (n int) LOCATION '/tmp/t'", InvalidInput,
			"line 1:42: Invalid location '/tmp/t': a LOCATION must be an Amazon S3 URI of the form s3://bucket/prefix/"},
		{"location without bucket", "CREATE EXTERNAL TABLE t (n int) LOCATION 's3:///x'", InvalidInput,
			"line 1:42: Invalid location 's3:///x': a LOCATION must be an Amazon S3 URI of the form s3://bucket/prefix/"},
		{"database location not s3", "CREATE DATABASE d LOCATION 'hdfs://x/'", InvalidInput,
			"line 1:28: Invalid location 'hdfs://x/': a LOCATION must be an Amazon S3 URI of the form s3://bucket/prefix/"},
		{"missing column list paren", "CREATE EXTERNAL TABLE t n int LOCATION 's3://b/'", MalformedQuery,
			"line 1:25: mismatched input 'n'. Expecting: '('"},
		{"missing comma", "CREATE EXTERNAL TABLE t (n int m int) LOCATION 's3://b/'", MalformedQuery,
			"line 1:28: Unknown type 'int m int'"},
		{"unknown type", "CREATE EXTERNAL TABLE t (n integr) LOCATION 's3://b/'", MalformedQuery,
			"line 1:28: Unknown type 'integr'"},
		{"missing type", "CREATE EXTERNAL TABLE t (n) LOCATION 's3://b/'", MalformedQuery,
			"line 1:27: mismatched input ')'. Expecting: <type>"},
		{"reserved word as column", "CREATE EXTERNAL TABLE t (date string) LOCATION 's3://b/'", MalformedQuery,
			"line 1:26: mismatched input 'date'. Expecting: <identifier>"},
		{"bare underscore name", "CREATE EXTERNAL TABLE _t (n int) LOCATION 's3://b/'", MalformedQuery,
			"line 1:23: mismatched input '_t'. Expecting: <identifier>"},
		{"error position on a later line", "CREATE EXTERNAL TABLE t (\n  n int\n) LOCATON 's3://b/'", MalformedQuery,
			"line 3:3: mismatched input 'LOCATON'. Expecting: <EOF>"},
		{"end of input", "CREATE EXTERNAL TABLE t (n int", MalformedQuery,
			"line 1:31: mismatched input '<EOF>'. Expecting: ',', ')', 'COMMENT'"},
		{"unterminated string", "CREATE EXTERNAL TABLE t (n int) LOCATION 's3://b/", MalformedQuery,
			"line 1:42: token recognition error at: ''s3://b/'"},
		{"unclosed block comment", "DROP TABLE /* t", MalformedQuery, "line 1:12: mismatched input '/'. Expecting: <identifier>"},
		{"two statements", "DROP TABLE t; DROP TABLE u", MalformedQuery, "Only one sql statement is allowed. Got: DROP TABLE t; DROP TABLE u"},
		{"comment after semicolon", "DROP TABLE t; -- c\n", MalformedQuery, "Only one sql statement is allowed. Got: DROP TABLE t; -- c"},
		{"unknown catalog", "DESCRIBE hive.db.t", DataCatalogNotFound, "Catalog 'hive' does not exist"},
		{"unknown catalog in show tables", "SHOW TABLES IN hive.db", DataCatalogNotFound, "Catalog 'hive' does not exist"},
		{"alter table if exists", "ALTER TABLE IF EXISTS t ADD COLUMNS (x int)", MalformedQuery, "line 1:13: mismatched input 'IF'. Expecting: <identifier>"},
		{"alter add column singular", "ALTER TABLE t ADD COLUMN x int", MalformedQuery, "line 1:19: mismatched input 'COLUMN'. Expecting: <ALTER TABLE clause>"},
		{"alter drop columns plural", "ALTER TABLE t DROP COLUMNS x", MalformedQuery, "line 1:20: mismatched input 'COLUMNS'. Expecting: <ALTER TABLE clause>"},
		{"show session", "SHOW SESSION", MalformedQuery, "line 1:6: no viable alternative at input 'SHOW SESSION'"},
		{"show stats", "SHOW STATS FOR t", MalformedQuery, "line 1:6: no viable alternative at input 'SHOW STATS'"},
		{"view without query", "CREATE VIEW v AS ;", MalformedQuery,
			"line 1:18: mismatched input '<EOF>'. Expecting: '(', 'SELECT', 'TABLE', 'VALUES', 'WITH'"},
		{"bad bucket count", "CREATE EXTERNAL TABLE t (n int) CLUSTERED BY (n) INTO x BUCKETS LOCATION 's3://b/'", MalformedQuery,
			"line 1:55: mismatched input 'x'. Expecting: <integer>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Parse(tt.sql)
			var re *RejectError
			if !errors.As(err, &re) {
				t.Fatalf("Parse(%q) = %#v, %v; want a *RejectError", tt.sql, st, err)
			}
			if re.Code != tt.code || re.Message != tt.msg {
				t.Errorf("Parse(%q) rejected with\n %s: %s\nwant\n %s: %s", tt.sql, re.Code, re.Message, tt.code, tt.msg)
			}
		})
	}
}

func TestParseFailsLikeHive(t *testing.T) {
	tests := []struct {
		name, sql, msg string
		cat, typ       int32
	}{
		{"duplicate column", "CREATE EXTERNAL TABLE t (n int, N string) LOCATION 's3://b/'",
			"FAILED: SemanticException [Error 10036]: Duplicate column name: n", 2, 1006},
		{"partition repeats a column", "CREATE EXTERNAL TABLE t (n int) PARTITIONED BY (n string) LOCATION 's3://b/'",
			"FAILED: SemanticException [Error 10035]: Column repeated in partitioning columns", 2, 1006},
		{"lines terminated by other than newline", `CREATE EXTERNAL TABLE t (n int) ROW FORMAT DELIMITED LINES TERMINATED BY '\r' LOCATION 's3://b/'`,
			`FAILED: SemanticException 1:73 LINES TERMINATED BY only supports newline '\n' right now. Error encountered near token ''\r''`, 2, 1006},
		{"unknown stored as", "CREATE EXTERNAL TABLE t (n int) STORED AS Foo LOCATION 's3://b/'",
			"FAILED: SemanticException Unrecognized file format in STORED AS clause: 'Foo'", 2, 1006},
		{"block comment in describe", "DESCRIBE /* c */ t",
			"FAILED: ParseException line 1:9 cannot recognize input near '/' '*' 'c'", 1, 1003},
		{"block comment in show create table", "SHOW CREATE TABLE t /*x*/",
			"FAILED: ParseException line 1:20 cannot recognize input near '/' '*' 'x'", 1, 1003},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.sql)
			var qe *athena.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q) error %v; want an *athena.QueryError", tt.sql, err)
			}
			if qe.Error() != tt.msg || qe.Category != tt.cat || qe.Type != tt.typ {
				t.Errorf("Parse(%q) failed with %q %d/%d; want %q %d/%d", tt.sql, qe.Error(), qe.Category, qe.Type, tt.msg, tt.cat, tt.typ)
			}
		})
	}
}

func TestParseRoutesOtherStatements(t *testing.T) {
	tests := []struct{ name, sql, kind string }{
		{"select", "SELECT 1", "QUERY"},
		{"select glued", "SELECT(1)", "QUERY"},
		{"parenthesized", "(SELECT 1)", "QUERY"},
		{"with", "WITH a AS (SELECT 1) SELECT * FROM a", "QUERY"},
		{"insert", "INSERT INTO t VALUES (1)", "QUERY"},
		{"explain", "EXPLAIN SELECT 1", "QUERY"},
		{"empty", "", "QUERY"},
		{"comment only", "-- only", "QUERY"},
		{"ctas", "CREATE TABLE t AS SELECT 1", "CTAS"},
		{"ctas with properties", "CREATE TABLE db.t WITH (format = 'PARQUET', external_location = 's3://b/x/') AS SELECT * FROM u", "CTAS"},
		{"ctas with a double-quoted name", `CREATE TABLE "t" AS SELECT 1`, "CTAS"},
		{"ctas with a backslash in the query", `CREATE TABLE t AS SELECT 'C:\'`, "CTAS"},
		{"iceberg table", "CREATE TABLE t (id bigint) PARTITIONED BY (bucket(16, id)) LOCATION 's3://b/t/' TBLPROPERTIES ('table_type'='ICEBERG')", "ICEBERG"},
		{"alter", "ALTER TABLE t ADD COLUMNS (x int)", "ALTER"},
		{"show functions", "SHOW FUNCTIONS", "SHOW"},
		{"create materialized view", "CREATE MATERIALIZED VIEW v AS SELECT 1", "OTHER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Parse(tt.sql)
			var nd *NotDDLError
			if !errors.As(err, &nd) || !errors.Is(err, ErrNotDDL) {
				t.Fatalf("Parse(%q) = %#v, %v; want a *NotDDLError", tt.sql, st, err)
			}
			if nd.Kind != tt.kind {
				t.Errorf("Parse(%q) kind %q, want %q", tt.sql, nd.Kind, tt.kind)
			}
		})
	}
}

func TestStatementTypes(t *testing.T) {
	tests := []struct {
		sql, typ, sub string
	}{
		{"CREATE DATABASE d", "DDL", "CREATE_DATABASE"},
		{"DROP DATABASE d", "DDL", "DROP_DATABASE"},
		{"CREATE EXTERNAL TABLE t (n int) LOCATION 's3://b/'", "DDL", "CREATE_TABLE"},
		{"DROP TABLE t", "DDL", "DROP_TABLE"},
		{"CREATE VIEW v AS SELECT 1", "DDL", "CREATE_VIEW"},
		{"DROP VIEW v", "DDL", "DROP_VIEW"},
		{"SHOW DATABASES", "UTILITY", "SHOW_DATABASES"},
		{"SHOW TABLES", "UTILITY", "SHOW_TABLES"},
		{"SHOW VIEWS", "UTILITY", "SHOW_VIEWS"},
		{"SHOW COLUMNS IN t", "UTILITY", "SHOW_COLUMNS"},
		{"DESC t", "UTILITY", "DESCRIBE_TABLE"},
		{"SHOW CREATE TABLE t", "UTILITY", "SHOW_CREATE_TABLE"},
		{"SHOW CREATE VIEW v", "UTILITY", "SHOW_CREATE_VIEW"},
		{"SHOW TBLPROPERTIES t", "UTILITY", "SHOW_TABLE_PROPERTIES"},
	}
	for _, tt := range tests {
		st, err := Parse(tt.sql)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.sql, err)
		}
		if st.StatementType() != tt.typ || st.SubstatementType() != tt.sub {
			t.Errorf("Parse(%q) types %s/%s, want %s/%s", tt.sql, st.StatementType(), st.SubstatementType(), tt.typ, tt.sub)
		}
	}
}

func TestTableFormat(t *testing.T) {
	parse := func(t *testing.T, sql string) Table {
		t.Helper()
		st, err := Parse(sql)
		if err != nil {
			t.Fatalf("Parse(%q): %v", sql, err)
		}
		return st.(*CreateTable).Table
	}
	tests := []struct {
		name, clauses, kind string
		opts                map[string]string
	}{
		{"default text", "", "delimited", map[string]string{SerialFormat: "1", FieldDelim: "\x01", CollectionDelim: "\x02",
			MapKeyDelim: "\x03", LineDelim: "\n", NullFormat: `\N`}},
		{"tsv", `ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' ESCAPED BY '\\' NULL DEFINED AS ''`, "delimited",
			map[string]string{SerialFormat: "\t", FieldDelim: "\t", EscapeDelim: `\`, CollectionDelim: "\x02", MapKeyDelim: "\x03", LineDelim: "\n", NullFormat: ""}},
		{"numeric delimiter is a byte value", `ROW FORMAT DELIMITED FIELDS TERMINATED BY '9'`, "delimited",
			map[string]string{SerialFormat: "9", FieldDelim: "\t", CollectionDelim: "\x02", MapKeyDelim: "\x03", LineDelim: "\n", NullFormat: `\N`}},
		{"opencsv defaults", "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'", "opencsv",
			map[string]string{SerialFormat: "1", "separatorChar": ",", "quoteChar": `"`, "escapeChar": `\`}},
		{"opencsv tsv", `ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('separatorChar'='\t')`, "opencsv",
			map[string]string{SerialFormat: "1", "separatorChar": "\t", "quoteChar": `"`, "escapeChar": `\`}},
		{"hcatalog json", "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'", "json", map[string]string{SerialFormat: "1"}},
		{"openx json", "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' WITH SERDEPROPERTIES ('ignore.malformed.json'='true')", "json",
			map[string]string{SerialFormat: "1", "ignore.malformed.json": "true"}},
		{"parquet", "STORED AS PARQUET", "parquet", map[string]string{SerialFormat: "1"}},
		{"orc", "STORED AS ORC", "orc", map[string]string{SerialFormat: "1"}},
		{"avro", "STORED AS AVRO", "avro", map[string]string{SerialFormat: "1"}},
		{"unknown serde", "ROW FORMAT SERDE 'com.example.S'", "other", map[string]string{SerialFormat: "1", "serde": "com.example.S"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := parse(t, "CREATE EXTERNAL TABLE t (n int) "+tt.clauses+" LOCATION 's3://b/'")
			kind, opts := tb.Format()
			if kind != tt.kind || !reflect.DeepEqual(opts, tt.opts) {
				t.Errorf("Format() = %q, %q; want %q, %q", kind, opts, tt.kind, tt.opts)
			}
		})
	}
	if kind, _ := (Table{TableType: VirtualView}).Format(); kind != "view" {
		t.Errorf("view Format() kind %q, want view", kind)
	}
}

func TestSkipHeaderLines(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want int
	}{{"1", 1}, {" 2 ", 2}, {"", 0}, {"x", 0}, {"-1", 0}} {
		tb := Table{Parameters: map[string]string{"skip.header.line.count": tt.v}}
		if got := tb.SkipHeaderLines(); got != tt.want {
			t.Errorf("SkipHeaderLines with %q = %d, want %d", tt.v, got, tt.want)
		}
	}
}

func TestUnescapeHive(t *testing.T) {
	tests := map[string]string{
		`\t`: "\t", `\001`: "\x01", `\u0001`: "\x01", `,`: ",", `\\`: `\`, `\'`: "'", `\"`: `"`,
		`\n`: "\n", `\0`: "\x00", `\Z`: "\x1a", `\;`: ";", `\%`: `\%`, `a\`: `a\`, `\u00e9`: "é", `\uZZZZ`: "uZZZZ",
	}
	for in, want := range tests {
		if got := unescapeHive(in); got != want {
			t.Errorf("unescapeHive(%q) = %q, want %q", in, got, want)
		}
		q := quoteHive(want)
		if back := unescapeHive(q[1 : len(q)-1]); back != want {
			t.Errorf("quoteHive(%q) does not read back: %q", want, back)
		}
	}
}

func TestFormatNullFormatFromTableProperties(t *testing.T) {
	tests := []struct {
		name, sql, want string
	}{
		{"table property", `CREATE EXTERNAL TABLE t (n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://b/'
			TBLPROPERTIES ('serialization.null.format' = '')`, ""},
		{"SerDe property wins", `CREATE EXTERNAL TABLE t (n int) ROW FORMAT DELIMITED NULL DEFINED AS 'x' LOCATION 's3://b/'
			TBLPROPERTIES ('serialization.null.format' = '')`, "x"},
		{"default", `CREATE EXTERNAL TABLE t (n int) ROW FORMAT DELIMITED LOCATION 's3://b/' TBLPROPERTIES ('a' = 'b')`, `\N`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Parse(tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			_, opts := st.(*CreateTable).Table.Format()
			if got, ok := opts[NullFormat]; !ok || got != tt.want {
				t.Errorf("null format = %q (set %v), want %q", got, ok, tt.want)
			}
		})
	}
}
