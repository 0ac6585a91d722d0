package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

func openMem(t *testing.T) *Catalog {
	t.Helper()
	c, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantQueryError checks that err is an *athena.QueryError with the given
// StateChangeReason (and ErrorMessage, when want.ErrorMessage is set).
func wantQueryError(t *testing.T, err error, reason string, cat, typ int32, message string) {
	t.Helper()
	var qe *athena.QueryError
	if !errors.As(err, &qe) {
		t.Fatalf("error %v (%T), want an *athena.QueryError", err, err)
	}
	if qe.Error() != reason || qe.Category != cat || qe.Type != typ || qe.ErrorMessage != message {
		t.Errorf("error\n %q %d/%d %q\nwant\n %q %d/%d %q", qe.Error(), qe.Category, qe.Type, qe.ErrorMessage, reason, cat, typ, message)
	}
}

func TestCatalogHasDefaultDatabase(t *testing.T) {
	c := openMem(t)
	if _, ok := c.Database("DEFAULT"); !ok {
		t.Fatal("no default database")
	}
	wantQueryError(t, c.DropDatabase("default", true, true),
		"FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. InvalidOperationException(message:Can not drop default database)",
		2, 1006, "Can not drop default database.")
}

func TestCatalogNamesAreCaseInsensitive(t *testing.T) {
	c := openMem(t)
	if err := c.CreateDatabase(Database{Name: "Sales"}, false); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateTable(Table{Database: "SALES", Name: "Orders", Columns: []Column{col("n", "int")}}, false); err != nil {
		t.Fatal(err)
	}
	d, ok := c.Database("sAlEs")
	if !ok || d.Name != "sales" {
		t.Errorf("Database(sAlEs) = %+v, %v", d, ok)
	}
	tb, ok := c.Table("sales", "ORDERS")
	if !ok || tb.Database != "sales" || tb.Name != "orders" {
		t.Errorf("Table(sales, ORDERS) = %+v, %v", tb, ok)
	}
	wantQueryError(t, c.CreateTable(Table{Database: "sales", Name: "ORDERS"}, false),
		"FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Table orders already exists)",
		2, 1006, "Table orders already exists.")
	if err := c.CreateTable(Table{Database: "sales", Name: "orders"}, true); err != nil {
		t.Errorf("CreateTable IF NOT EXISTS on an existing table: %v", err)
	}
	if err := c.DropTable("SALES", "Orders", false); err != nil {
		t.Errorf("DropTable: %v", err)
	}
}

func TestCatalogDatabaseErrors(t *testing.T) {
	c := openMem(t)
	if err := c.CreateDatabase(Database{Name: "d"}, false); err != nil {
		t.Fatal(err)
	}
	wantQueryError(t, c.CreateDatabase(Database{Name: "D"}, false),
		"FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Database d already exists)",
		2, 1006, "Database d already exists.")
	if err := c.CreateDatabase(Database{Name: "d"}, true); err != nil {
		t.Errorf("IF NOT EXISTS: %v", err)
	}
	wantQueryError(t, c.DropDatabase("nope", false, false), "FAILED: SemanticException [Error 10072]: Database does not exist: nope", 2, 1301, "")
	if err := c.DropDatabase("nope", true, false); err != nil {
		t.Errorf("DROP DATABASE IF EXISTS on a missing database: %v", err)
	}
	wantQueryError(t, c.CreateTable(Table{Database: "nope", Name: "t"}, false),
		"FAILED: SemanticException [Error 10072]: Database does not exist: nope", 2, 1301, "")
}

func TestCatalogDropDatabaseRestrictAndCascade(t *testing.T) {
	c := openMem(t)
	mustCreate(t, c, "d", "t1", "t2")
	if err := c.ReplaceView(Table{Database: "d", Name: "v", ViewSQL: "SELECT 1"}); err != nil {
		t.Fatal(err)
	}
	wantQueryError(t, c.DropDatabase("d", false, false),
		"FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. InvalidOperationException(message:Database d is not empty. One or more tables exist.)",
		2, 1006, "Database d is not empty. One or more tables exist.")
	if len(c.Tables("d")) != 3 {
		t.Fatalf("a failed DROP DATABASE changed the tables: %v", c.Tables("d"))
	}
	if err := c.DropDatabase("d", false, true); err != nil {
		t.Fatalf("DROP DATABASE CASCADE: %v", err)
	}
	if _, ok := c.Database("d"); ok || c.Tables("d") != nil {
		t.Error("database still there after DROP DATABASE CASCADE")
	}
	mustCreate(t, c, "d")
	if err := c.DropDatabase("d", false, false); err != nil {
		t.Errorf("DROP DATABASE on an empty database: %v", err)
	}
}

func TestCatalogDropTable(t *testing.T) {
	c := openMem(t)
	mustCreate(t, c, "d", "t")
	wantQueryError(t, c.DropTable("d", "missing", false), "FAILED: SemanticException [Error 10001]: Table not found d.missing", 2, 1301, "")
	wantQueryError(t, c.DropTable("nodb", "t", false), "FAILED: SemanticException [Error 10001]: Table not found nodb.t", 2, 1301, "")
	for _, tc := range []struct{ db, name string }{{"d", "missing"}, {"nodb", "t"}} {
		if err := c.DropTable(tc.db, tc.name, true); err != nil {
			t.Errorf("DROP TABLE IF EXISTS %s.%s: %v", tc.db, tc.name, err)
		}
	}
	if err := c.DropTable("d", "t", false); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Table("d", "t"); ok {
		t.Error("table still there after DROP TABLE")
	}
}

func TestCatalogViews(t *testing.T) {
	c := openMem(t)
	mustCreate(t, c, "d", "t")
	v := Table{Database: "d", Name: "v", TableType: VirtualView, ViewSQL: "SELECT 1 AS n", Columns: []Column{col("n", "integer")}}
	if err := c.CreateTable(v, false); err != nil {
		t.Fatal(err)
	}
	wantQueryError(t, c.CreateTable(v, false), "TABLE_ALREADY_EXISTS: line 1:1: View already exists: 'awsdatacatalog.d.v'", 2, 1110, "")
	wantQueryError(t, c.CheckView("d", "v", false), "TABLE_ALREADY_EXISTS: line 1:1: View already exists: 'awsdatacatalog.d.v'", 2, 1110, "")
	wantQueryError(t, c.CheckView("D", "T", true), "TABLE_ALREADY_EXISTS: line 1:1: Table already exists: 'awsdatacatalog.d.t'", 2, 1110, "")
	wantQueryError(t, c.CheckView("x", "v", true), "SCHEMA_NOT_FOUND: line 1:1: Schema 'x' does not exist", 2, 1301, "")
	if err := c.CheckView("d", "v", true); err != nil {
		t.Errorf("CheckView of a view to replace: %v", err)
	}
	if err := c.CheckView("d", "new", false); err != nil {
		t.Errorf("CheckView of a new view: %v", err)
	}
	v.ViewSQL = "SELECT 2 AS n"
	if err := c.ReplaceView(v); err != nil {
		t.Fatal(err)
	}
	got, _ := c.Table("d", "v")
	if got.ViewSQL != "SELECT 2 AS n" || !got.IsView() || got.Parameters["presto_view"] != "true" {
		t.Errorf("replaced view = %+v", got)
	}
	wantQueryError(t, c.ReplaceView(Table{Database: "d", Name: "t"}), "TABLE_ALREADY_EXISTS: line 1:1: Table already exists: 'awsdatacatalog.d.t'", 2, 1110, "")
	wantQueryError(t, c.ReplaceView(Table{Database: "x", Name: "v"}), "SCHEMA_NOT_FOUND: line 1:1: Schema 'x' does not exist", 2, 1301, "")
	wantQueryError(t, c.DropView("d", "t", true),
		"GENERIC_USER_ERROR: line 1:1: View 'awsdatacatalog.d.t' does not exist, but a table with that name exists. Did you mean DROP TABLE awsdatacatalog.d.t?", 2, 1000, "")
	wantQueryError(t, c.DropTable("d", "v", false), "FAILED: SemanticException [Error 10137]: Cannot drop a view with DROP TABLE", 2, 1006, "")
	wantQueryError(t, c.DropView("d", "nope", false), "TABLE_NOT_FOUND: line 1:1: View 'awsdatacatalog.d.nope' does not exist", 2, 1301, "")
	if err := c.DropView("d", "nope", true); err != nil {
		t.Errorf("DROP VIEW IF EXISTS: %v", err)
	}
	if err := c.DropView("D", "V", false); err != nil {
		t.Errorf("DROP VIEW: %v", err)
	}
}

func TestCatalogListsAreSortedCopies(t *testing.T) {
	c := openMem(t)
	mustCreate(t, c, "b", "z", "a", "m")
	mustCreate(t, c, "a")
	var dbs []string
	for _, d := range c.Databases() {
		dbs = append(dbs, d.Name)
	}
	if want := []string{"a", "b", "default"}; !reflect.DeepEqual(dbs, want) {
		t.Errorf("Databases() = %v, want %v", dbs, want)
	}
	var names []string
	for _, tb := range c.Tables("b") {
		names = append(names, tb.Name)
	}
	if want := []string{"a", "m", "z"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Tables(b) = %v, want %v", names, want)
	}
	tb, _ := c.Table("b", "a")
	tb.Parameters["x"] = "y"
	tb.Columns[0].Name = "changed"
	again, _ := c.Table("b", "a")
	if _, ok := again.Parameters["x"]; ok || again.Columns[0].Name != "n" {
		t.Error("a returned Table shares state with the catalog")
	}
}

func TestCatalogAddsHiveParameters(t *testing.T) {
	c := openMem(t)
	at := time.Date(2026, 9, 17, 8, 53, 44, 0, time.UTC)
	if err := c.CreateTable(Table{Database: "default", Name: "t", CreateTime: at, Parameters: map[string]string{"k": "v"}}, false); err != nil {
		t.Fatal(err)
	}
	tb, _ := c.Table("default", "t")
	want := map[string]string{"k": "v", "EXTERNAL": "TRUE", "transient_lastDdlTime": "1789635224"}
	if !reflect.DeepEqual(tb.Parameters, want) || tb.TableType != ExternalTable {
		t.Errorf("stored table %q %q, want %q", tb.TableType, tb.Parameters, want)
	}
}

func TestCatalogStoresLocationsAsGlueDoes(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"trailing slash dropped", "s3://b/p/", "s3://b/p"},
		{"no trailing slash kept", "s3://b/p", "s3://b/p"},
		{"bucket root", "s3://b/", "s3://b"},
		{"double slash is part of the folder name", "s3://b/p//", "s3://b/p//"},
		{"no location (a view)", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			cat := openMem(t)
			if err := cat.CreateTable(Table{Database: "default", Name: "t", Location: c.in}, false); err != nil {
				t.Fatal(err)
			}
			if tb, _ := cat.Table("default", "t"); tb.Location != c.want {
				t.Errorf("Location %q stored as %q, want %q", c.in, tb.Location, c.want)
			}
		})
	}
	// A catalog saved by an earlier version, with the slash, loads without.
	path := filepath.Join(t.TempDir(), "catalog.json")
	old := `{"version":1,"databases":[{"name":"default","tables":[{"database":"default","name":"t","columns":[],` +
		`"location":"s3://b/p/","tableType":"EXTERNAL_TABLE","createTime":"2026-01-02T03:04:05Z"}]}]}`
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if tb, ok := cat.Table("default", "t"); !ok || tb.Location != "s3://b/p" {
		t.Errorf("loaded table %+v, %v; want Location s3://b/p", tb, ok)
	}
}

func TestCatalogPersistsAcrossOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.json")
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := Parse("CREATE EXTERNAL TABLE t (n int COMMENT 'é', a array<struct<x:int>>) PARTITIONED BY (p string) " +
		`ROW FORMAT DELIMITED FIELDS TERMINATED BY '\001' LOCATION 's3://b/t/' TBLPROPERTIES ('skip.header.line.count'='1')`)
	if err != nil {
		t.Fatal(err)
	}
	tb := st.(*CreateTable).Table
	tb.Database = "Sales"
	if err := c.CreateDatabase(Database{Name: "Sales", Description: "d", LocationURI: "s3://b/", Parameters: map[string]string{"a": "b"}}, false); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateTable(tb, false); err != nil {
		t.Fatal(err)
	}
	if err := c.ReplaceView(Table{Database: "sales", Name: "v", ViewSQL: "SELECT\n1", Columns: []Column{col("_col0", "integer")}}); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateDatabase(Database{Name: "gone"}, false); err != nil {
		t.Fatal(err)
	}
	if err := c.DropDatabase("gone", false, false); err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile(path)
	if err != nil || !json.Valid(data) {
		t.Fatalf("catalog file: %v, valid JSON %v", err, json.Valid(data))
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the catalog file", len(entries))
	}

	c2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c2.Databases(), c.Databases()) {
		t.Errorf("databases after reopen\n got %+v\nwant %+v", c2.Databases(), c.Databases())
	}
	if !reflect.DeepEqual(c2.Tables("sales"), c.Tables("sales")) {
		t.Errorf("tables after reopen\n got %+v\nwant %+v", c2.Tables("sales"), c.Tables("sales"))
	}
}

func TestCatalogUndoesAChangeItCannotSave(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sub")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	c, err := Open(filepath.Join(dir, "catalog.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateDatabase(Database{Name: "d"}, false); err == nil {
		t.Fatal("CreateDatabase succeeded without a place to save")
	}
	if _, ok := c.Database("d"); ok {
		t.Error("the unsaved database is still there")
	}
}

func TestOpenRejectsABrokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.json")
	for _, content := range []string{"{", `{"version":99}`, `{"version":1,"databases":[{"name":""}]}`} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(path); err == nil {
			t.Errorf("Open accepted %q", content)
		}
	}
}

func TestCatalogConcurrentUse(t *testing.T) {
	c, err := Open(filepath.Join(t.TempDir(), "catalog.json"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := fmt.Sprintf("db%d", w%2)
			_ = c.CreateDatabase(Database{Name: db}, true)
			for i := range 20 {
				name := fmt.Sprintf("t%d_%d", w, i)
				if err := c.CreateTable(Table{Database: db, Name: name, Columns: []Column{col("n", "int")}}, false); err != nil {
					t.Error(err)
					return
				}
				if _, ok := c.Table(db, name); !ok {
					t.Errorf("table %s.%s missing right after creation", db, name)
				}
				_ = c.Tables(db)
				_ = c.Databases()
				if i%2 == 0 {
					if err := c.DropTable(db, name, false); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if n := len(c.Tables("db0")) + len(c.Tables("db1")); n != 8*10 {
		t.Errorf("%d tables left, want 80", n)
	}
}

func mustCreate(t *testing.T, c *Catalog, db string, tables ...string) {
	t.Helper()
	if err := c.CreateDatabase(Database{Name: db}, true); err != nil {
		t.Fatal(err)
	}
	for _, name := range tables {
		if err := c.CreateTable(Table{Database: db, Name: name, Columns: []Column{col("n", "int")}}, false); err != nil {
			t.Fatal(err)
		}
	}
}
