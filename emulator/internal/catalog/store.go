package catalog

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultDatabase is the database that always exists and cannot be dropped.
const DefaultDatabase = "default"

// Catalog is the emulator's Glue Data Catalog: databases and their tables and
// views. It is safe for concurrent use. Names are case-insensitive and stored
// lowercased, as Glue stores them.
//
// A Catalog opened with a file path keeps its content in that JSON file: the
// file is read by Open and rewritten (to a temporary file that is then
// renamed over it) after every change, before the change is reported as
// done. A change whose file could not be written is undone.
type Catalog struct {
	path string
	now  func() time.Time

	mu  sync.RWMutex
	dbs map[string]*dbEntry // guarded by mu; keyed by lowercased name
}

type dbEntry struct {
	db     Database
	tables map[string]Table // keyed by lowercased name
}

// Open returns a Catalog. With path "" it lives in memory only. Otherwise it
// is loaded from the JSON file at path, which is created (with the default
// database) when it does not exist yet.
func Open(path string) (*Catalog, error) {
	c := &Catalog{path: path, now: time.Now, dbs: map[string]*dbEntry{}}
	if path != "" {
		data, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("catalog: open %s: %w", path, err)
		default:
			if err := c.load(data); err != nil {
				return nil, fmt.Errorf("catalog: open %s: %w", path, err)
			}
		}
	}
	if _, ok := c.dbs[DefaultDatabase]; !ok {
		c.dbs[DefaultDatabase] = &dbEntry{
			db:     Database{Name: DefaultDatabase, Description: "Default Hive database", CreateTime: c.stamp()},
			tables: map[string]Table{},
		}
		if err := c.save(); err != nil {
			return nil, fmt.Errorf("catalog: open %s: %w", path, err)
		}
	}
	return c, nil
}

// CreateDatabase adds db. An existing database fails like Hive (an
// *athena.QueryError), unless ifNotExists is set, in which case nothing
// changes. A zero CreateTime is set to now.
func (c *Catalog) CreateDatabase(db Database, ifNotExists bool) error {
	db = db.clone()
	db.Name = strings.ToLower(db.Name)
	if db.Name == "" {
		return errors.New("catalog: create database: empty name")
	}
	if db.CreateTime.IsZero() {
		db.CreateTime = c.stamp()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.dbs[db.Name]; ok {
		if ifNotExists {
			return nil
		}
		return DatabaseExistsError(db.Name)
	}
	c.dbs[db.Name] = &dbEntry{db: db, tables: map[string]Table{}}
	return c.commit(func() { delete(c.dbs, db.Name) })
}

// DropDatabase removes a database. A missing database fails like Hive unless
// ifExists is set. A database that holds tables or views fails unless
// cascade is set, which drops them too. The default database cannot be
// dropped.
func (c *Catalog) DropDatabase(name string, ifExists, cascade bool) error {
	name = strings.ToLower(name)
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.dbs[name]
	if !ok {
		if ifExists {
			return nil
		}
		return DatabaseNotFoundError(name)
	}
	if name == DefaultDatabase {
		return dropDefaultError()
	}
	if len(e.tables) > 0 && !cascade {
		return DatabaseNotEmptyError(name)
	}
	delete(c.dbs, name)
	return c.commit(func() { c.dbs[name] = e })
}

// Database returns the named database.
func (c *Catalog) Database(name string) (Database, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.dbs[strings.ToLower(name)]
	if !ok {
		return Database{}, false
	}
	return e.db.clone(), true
}

// Databases returns every database, sorted by name.
func (c *Catalog) Databases() []Database {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]Database, 0, len(c.dbs))
	for _, e := range c.dbs {
		out = append(out, e.db.clone())
	}
	slices.SortFunc(out, func(a, b Database) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// CreateTable adds a table, or a view when t.TableType is VirtualView (CREATE
// VIEW without OR REPLACE). An empty TableType means ExternalTable.
//
// For a table it sets Parameters EXTERNAL=TRUE and, when absent,
// transient_lastDdlTime, as Hive does. A missing database or an existing
// name fails like Hive (like Trino for a view); with ifNotExists an existing
// name leaves everything unchanged and returns nil. A zero CreateTime is set
// to now.
func (c *Catalog) CreateTable(t Table, ifNotExists bool) error {
	t, err := c.prepare(t)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.dbs[t.Database]
	if !ok {
		if t.IsView() {
			return schemaNotFoundError(t.Database)
		}
		return DatabaseNotFoundError(t.Database)
	}
	if old, ok := e.tables[t.Name]; ok {
		switch {
		case ifNotExists:
			return nil
		case t.IsView():
			return viewExistsError(t.Database, t.Name, old.IsView())
		default:
			return TableExistsError(t.Name)
		}
	}
	e.tables[t.Name] = t
	return c.commit(func() { delete(e.tables, t.Name) })
}

// ReplaceView creates or replaces the view t (CREATE OR REPLACE VIEW). It
// fails like Trino when the database is missing or a table (not a view) has
// the name.
func (c *Catalog) ReplaceView(t Table) error {
	t.TableType = VirtualView
	t, err := c.prepare(t)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.dbs[t.Database]
	if !ok {
		return schemaNotFoundError(t.Database)
	}
	old, existed := e.tables[t.Name]
	if existed && !old.IsView() {
		return viewExistsError(t.Database, t.Name, false)
	}
	e.tables[t.Name] = t
	return c.commit(func() {
		if existed {
			e.tables[t.Name] = old
		} else {
			delete(e.tables, t.Name)
		}
	})
}

// CheckView returns the error that CreateTable of a view (replace false) or
// ReplaceView (replace true) would return for the view db.name now, or nil,
// without changing anything: a caller can fail as Trino does before it
// binds the view's query.
func (c *Catalog) CheckView(db, name string, replace bool) error {
	db, name = strings.ToLower(db), strings.ToLower(name)
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.dbs[db]
	if !ok {
		return schemaNotFoundError(db)
	}
	if old, ok := e.tables[name]; ok && (!replace || !old.IsView()) {
		return viewExistsError(db, name, old.IsView())
	}
	return nil
}

// DropTable removes a table. A missing table (or database) fails like Hive
// unless ifExists is set; a view fails, since Hive refuses DROP TABLE on a
// view (unverified on Athena).
func (c *Catalog) DropTable(db, name string, ifExists bool) error {
	return c.drop(db, name, ifExists, false)
}

// DropView removes a view. A missing view fails like Trino unless ifExists
// is set; a table of that name fails whether or not ifExists is set.
func (c *Catalog) DropView(db, name string, ifExists bool) error {
	return c.drop(db, name, ifExists, true)
}

// Table returns the named table or view.
func (c *Catalog) Table(db, name string) (Table, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.dbs[strings.ToLower(db)]
	if !ok {
		return Table{}, false
	}
	t, ok := e.tables[strings.ToLower(name)]
	if !ok {
		return Table{}, false
	}
	return t.clone(), true
}

// Tables returns the tables and views of a database, sorted by name, or nil
// when the database does not exist.
func (c *Catalog) Tables(db string) []Table {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.dbs[strings.ToLower(db)]
	if !ok {
		return nil
	}
	out := make([]Table, 0, len(e.tables))
	for _, t := range e.tables {
		out = append(out, t.clone())
	}
	slices.SortFunc(out, func(a, b Table) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

func (c *Catalog) drop(db, name string, ifExists, view bool) error {
	db, name = strings.ToLower(db), strings.ToLower(name)
	c.mu.Lock()
	defer c.mu.Unlock()
	var t Table
	e, ok := c.dbs[db]
	if ok {
		t, ok = e.tables[name]
	}
	switch {
	case !ok && ifExists:
		return nil
	case !ok && view:
		return viewNotFoundError(db, name)
	case !ok:
		return TableNotFoundError(db, name)
	case view && !t.IsView():
		return viewIsTableError(db, name)
	case !view && t.IsView():
		return dropViewAsTableError()
	}
	delete(e.tables, name)
	return c.commit(func() { e.tables[name] = t })
}

// prepare normalizes a table for storing: lowercased names (columns too, as
// Glue stores them), a table type,
// a create time, the parameters Hive or Trino add, and no shared maps.
func (c *Catalog) prepare(t Table) (Table, error) {
	t = t.clone()
	t.Database, t.Name = strings.ToLower(t.Database), strings.ToLower(t.Name)
	for i := range t.Columns {
		t.Columns[i].Name = strings.ToLower(t.Columns[i].Name)
	}
	for i := range t.PartitionKeys {
		t.PartitionKeys[i].Name = strings.ToLower(t.PartitionKeys[i].Name)
	}
	if t.Database == "" || t.Name == "" {
		return Table{}, fmt.Errorf("catalog: create table %q.%q: empty name", t.Database, t.Name)
	}
	if t.TableType == "" {
		t.TableType = ExternalTable
	}
	t.Location = glueLocation(t.Location)
	if t.CreateTime.IsZero() {
		t.CreateTime = c.stamp()
	}
	if t.Parameters == nil {
		t.Parameters = map[string]string{}
	}
	if t.IsView() {
		// What a view created through Athena's Trino path carries in Glue
		// ([P]; the exact key set is unverified).
		t.Parameters["presto_view"] = "true"
		t.Parameters["comment"] = "Presto View"
		return t, nil
	}
	t.Parameters["EXTERNAL"] = "TRUE"
	if _, ok := t.Parameters["transient_lastDdlTime"]; !ok {
		t.Parameters["transient_lastDdlTime"] = strconv.FormatInt(t.CreateTime.Unix(), 10)
	}
	return t, nil
}

// glueLocation drops the trailing slash of a table location, as Glue stores
// LOCATION 's3://b/p/' as s3://b/p. Readers treat a location as a folder
// either way. A location ending in "//" keeps it: there the slash is part of
// the folder's name.
func glueLocation(loc string) string {
	if strings.HasSuffix(loc, "/") && !strings.HasSuffix(loc, "//") {
		return loc[:len(loc)-1]
	}
	return loc
}

func (c *Catalog) stamp() time.Time { return c.now().UTC().Truncate(time.Second) }

// commit persists the current state; on failure it runs undo (with mu still
// held) and returns the write error.
func (c *Catalog) commit(undo func()) error {
	if err := c.save(); err != nil {
		undo()
		return fmt.Errorf("catalog: %w", err)
	}
	return nil
}

// fileVersion is the version of the JSON file layout.
const fileVersion = 1

type catalogFile struct {
	Version   int      `json:"version"`
	Databases []fileDB `json:"databases"`
}

type fileDB struct {
	Database
	Tables []Table `json:"tables,omitempty"`
}

// save writes the whole catalog to c.path atomically. Callers hold mu.
func (c *Catalog) save() error {
	if c.path == "" {
		return nil
	}
	f := catalogFile{Version: fileVersion}
	for _, e := range c.dbs {
		fd := fileDB{Database: e.db}
		for _, t := range e.tables {
			fd.Tables = append(fd.Tables, t)
		}
		slices.SortFunc(fd.Tables, func(a, b Table) int { return cmp.Compare(a.Name, b.Name) })
		f.Databases = append(f.Databases, fd)
	}
	slices.SortFunc(f.Databases, func(a, b fileDB) int { return cmp.Compare(a.Name, b.Name) })
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("save %s: %w", c.path, err)
	}
	return writeFileAtomic(c.path, buf.Bytes())
}

func (c *Catalog) load(data []byte) error {
	var f catalogFile
	if err := json.Unmarshal(data, &f); err != nil {
		return err
	}
	if f.Version != fileVersion {
		return fmt.Errorf("file version %d, want %d", f.Version, fileVersion)
	}
	for _, fd := range f.Databases {
		name := strings.ToLower(fd.Name)
		if name == "" {
			return errors.New("a database without a name")
		}
		fd.Database.Name = name
		e := &dbEntry{db: fd.Database, tables: map[string]Table{}}
		for _, t := range fd.Tables {
			t.Database, t.Name = name, strings.ToLower(t.Name)
			t.Location = glueLocation(t.Location) // saved by an older version
			if t.Name == "" {
				return fmt.Errorf("database %s: a table without a name", name)
			}
			e.tables[t.Name] = t
		}
		c.dbs[name] = e
	}
	return nil
}

// writeFileAtomic replaces path with data so that readers see either the old
// or the new content, never a partial file.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, base+".tmp-*")
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return nil
}
