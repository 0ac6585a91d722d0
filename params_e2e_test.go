package athenaq_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
)

// bindValues are string arguments that each grammar escapes differently: a
// quote (doubled in Trino, escaped in Hive) and a backslash (plain in Trino,
// an escape character in Hive).
var bindValues = []struct{ name, value string }{
	{"quote", "it's"},
	{"backslash", `a\b`},
}

func TestCTASArgumentsKeepTheirText(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	forms := []struct{ name, sql string }{
		{"with properties", "CREATE TABLE %s WITH (format='PARQUET') AS SELECT ? AS s"},
		{"plain", "CREATE TABLE %s AS SELECT ? AS s"},
	}
	for i, f := range forms {
		for j, v := range bindValues {
			t.Run(f.name+"/"+v.name, func(t *testing.T) {
				table := fmt.Sprintf("ctas_%d_%d", i, j)
				if _, err := c.Exec(ctx, fmt.Sprintf(f.sql, table), v.value); err != nil {
					t.Fatal(err)
				}
				if got := firstRow(t, c, "SELECT s FROM "+table); got[0] != v.value {
					t.Errorf("SELECT s = %q, want %q", got[0], v.value)
				}
			})
		}
	}
}

func TestIcebergCreateTableArgumentsKeepTheirText(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	for i, v := range bindValues {
		t.Run(v.name, func(t *testing.T) {
			table := fmt.Sprintf("ice_%d", i)
			location := fmt.Sprintf("s3://%s/data/%s/", athenatest.Bucket, table)
			sql := "CREATE TABLE " + table + " (n int COMMENT ?) COMMENT ? LOCATION ? TBLPROPERTIES ('table_type'='ICEBERG', 'note'=?)"
			if _, err := c.Exec(ctx, sql, v.value, v.value, location, v.value); err != nil {
				t.Fatal(err)
			}
			checkTableStrings(t, c, table, v.value)
		})
	}
}

func TestHiveCreateTableArgumentsKeepTheirText(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	for i, v := range bindValues {
		t.Run(v.name, func(t *testing.T) {
			table := fmt.Sprintf("hive_%d", i)
			location := fmt.Sprintf("s3://%s/data/%s/", athenatest.Bucket, table)
			sql := "CREATE EXTERNAL TABLE " + table + " (n int COMMENT ?) COMMENT ? LOCATION ? TBLPROPERTIES ('note'=?)"
			if _, err := c.Exec(ctx, sql, v.value, v.value, location, v.value); err != nil {
				t.Fatal(err)
			}
			checkTableStrings(t, c, table, v.value)
		})
	}
}

// checkTableStrings checks that the column comment, table comment and the
// 'note' property of table all read want in the catalog.
func checkTableStrings(t *testing.T, c *athenaq.Client, table, want string) {
	t.Helper()
	tbl, err := c.Table(context.Background(), "", "", table)
	if err != nil {
		t.Fatal(err)
	}
	if len(tbl.Columns) != 1 || tbl.Columns[0].Comment != want {
		t.Errorf("column comment = %+v, want %q", tbl.Columns, want)
	}
	if got := tbl.Parameters["comment"]; got != want {
		t.Errorf("table comment = %q, want %q", got, want)
	}
	if got := tbl.Parameters["note"]; got != want {
		t.Errorf("note = %q, want %q", got, want)
	}
}

func TestExecuteArgumentsFillThePreparedStatement(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	if _, err := c.Exec(context.Background(), "PREPARE stmt FROM SELECT ? AS s"); err != nil {
		t.Fatal(err)
	}
	forms := []struct{ name, sql string }{
		{"as execution parameters", "EXECUTE stmt"},
		{"in the USING list", "EXECUTE stmt USING ?"},
	}
	for _, f := range forms {
		for _, v := range bindValues {
			t.Run(f.name+"/"+v.name, func(t *testing.T) {
				if got := firstRow(t, c, f.sql, v.value); got[0] != v.value {
					t.Errorf("%s = %q, want %q", f.sql, got[0], v.value)
				}
			})
		}
	}
}
