package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/protocol"
	"github.com/athenaq/athenaq/emulator/internal/spark"
)

// The SelectedEngineVersion values a work group accepts. AUTO lets Athena
// pick, which is engine version 3 here: automatic selection never picks
// DuckDB (DUCKDB.md). DuckDB is matched exactly, case included.
const (
	engineAuto   = "AUTO"
	engineSQLv3  = "Athena engine version 3"
	engineDuckDB = "DuckDB"
)

// EngineVersions returns the values WorkGroup.Engine (Athena's
// EngineVersion.SelectedEngineVersion) accepts, besides "" for the default.
func EngineVersions() []string {
	return []string{engineAuto, engineSQLv3, engineDuckDB, spark.EngineVersion}
}

// minBytesCutoff is the least BytesScannedCutoffPerQuery (10 MB), as the
// model bounds it.
const minBytesCutoff = 10_000_000

// workGroupsFile keeps, under DataDir, the work groups created through
// CreateWorkGroup.
const workGroupsFile = "workgroups.json"

// workGroups holds the emulated work groups: primary, those of
// Options.WorkGroups, and those created through the API. The API groups are
// written to path after every change when the server has a DataDir.
type workGroups struct {
	path string // "" keeps the API groups in memory

	mu     sync.Mutex
	byName map[string]*workGroup // guarded by mu; entries are replaced, never changed
}

// workGroup is a work group with what the API reports of it besides the
// Options fields. Its JSON form is the record of workgroups.json.
type workGroup struct {
	WorkGroup
	Created time.Time `json:"created"`
	// API marks a work group created through CreateWorkGroup: only those
	// are persisted (Options define the others afresh at every start).
	API bool `json:"-"`

	RequesterPays  bool                              `json:"requesterPays,omitempty"`
	PublishMetrics bool                              `json:"publishMetrics,omitempty"`
	MinEncryption  bool                              `json:"minEncryption,omitempty"`
	Encryption     *protocol.EncryptionConfiguration `json:"encryption,omitempty"`
	ExpectedOwner  string                            `json:"expectedOwner,omitempty"`
	ACL            string                            `json:"acl,omitempty"`
	Additional     string                            `json:"additional,omitempty"`
	ExecutionRole  string                            `json:"executionRole,omitempty"`
	Tags           []protocol.Tag                    `json:"tags,omitempty"`
}

// workGroupsFileVersion is the version of workgroups.json's format.
const workGroupsFileVersion = 1

type workGroupsFileData struct {
	Version    int         `json:"version"`
	WorkGroups []workGroup `json:"workGroups"`
}

var workGroupName = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,128}$`)

// newWorkGroups defines primary and Options.WorkGroups, then the work
// groups of an earlier run's CreateWorkGroup calls read from DataDir. A
// work group of Options wins over a saved one of the same name.
func newWorkGroups(opts Options) (*workGroups, error) {
	now := time.Now()
	g := &workGroups{byName: map[string]*workGroup{}}
	all := append([]WorkGroup{{Name: "primary", OutputLocation: opts.OutputLocation}}, opts.WorkGroups...)
	for _, wg := range all {
		if err := wg.normalize(); err != nil {
			return nil, fmt.Errorf("emulator: %w", err)
		}
		if prev, ok := g.byName[wg.Name]; ok && wg.Name == "primary" && prev.OutputLocation != "" && wg.OutputLocation == "" && !wg.ManagedResults {
			continue // an explicit primary without a location keeps Options.OutputLocation
		}
		g.byName[wg.Name] = &workGroup{WorkGroup: wg, Created: now}
	}
	if opts.DataDir == "" {
		return g, nil
	}
	g.path = filepath.Join(opts.DataDir, workGroupsFile)
	data, err := os.ReadFile(g.path)
	if errors.Is(err, fs.ErrNotExist) {
		return g, nil
	}
	if err != nil {
		return nil, fmt.Errorf("emulator: read work groups: %w", err)
	}
	var f workGroupsFileData
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("emulator: read %s: %w", g.path, err)
	}
	if f.Version != workGroupsFileVersion {
		return nil, fmt.Errorf("emulator: read %s: version %d, want %d", g.path, f.Version, workGroupsFileVersion)
	}
	for _, wg := range f.WorkGroups {
		if err := wg.normalize(); err != nil {
			return nil, fmt.Errorf("emulator: read %s: %w", g.path, err)
		}
		if _, ok := g.byName[wg.Name]; ok {
			continue
		}
		wg.API = true
		g.byName[wg.Name] = &wg
	}
	return g, nil
}

// normalize checks wg and fills in its engine: "" becomes AUTO, or the
// Spark engine for a Spark work group, and the Spark engine makes wg a
// Spark work group. Errors name the field, the value and what is wanted.
func (wg *WorkGroup) normalize() error {
	if !workGroupName.MatchString(wg.Name) {
		return fmt.Errorf("work group name %q: want 1 to 128 of [a-zA-Z0-9._-]", wg.Name)
	}
	if wg.OutputLocation != "" {
		if wg.ManagedResults {
			// Athena refuses a work group with both (the model's
			// ManagedQueryResultsConfiguration.Enabled).
			return fmt.Errorf("work group %s: OutputLocation %q: want none with ManagedResults", wg.Name, wg.OutputLocation)
		}
		if _, err := objstore.ParseURI(wg.OutputLocation); err != nil {
			return fmt.Errorf("work group %s OutputLocation: %w", wg.Name, err)
		}
	}
	switch wg.Engine {
	case "":
		wg.Engine = engineAuto
		if wg.Spark {
			wg.Engine = spark.EngineVersion
		}
	case spark.EngineVersion:
		wg.Spark = true
	case engineAuto, engineSQLv3, engineDuckDB:
		if wg.Spark {
			return fmt.Errorf("work group %s: Engine %q: want %q for a Spark work group", wg.Name, wg.Engine, spark.EngineVersion)
		}
	default:
		return fmt.Errorf("work group %s: Engine %q: want one of %q", wg.Name, wg.Engine, EngineVersions())
	}
	if wg.BytesScannedCutoffPerQuery != 0 && wg.BytesScannedCutoffPerQuery < minBytesCutoff {
		return fmt.Errorf("work group %s: BytesScannedCutoffPerQuery %d: want 0 (no limit) or at least %d", wg.Name, wg.BytesScannedCutoffPerQuery, minBytesCutoff)
	}
	return nil
}

// get returns a copy of the work group called name.
func (g *workGroups) get(name string) (workGroup, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	wg, ok := g.byName[name]
	if !ok {
		return workGroup{}, false
	}
	return *wg, true
}

// list returns every work group, sorted by name as ListWorkGroups returns
// them.
func (g *workGroups) list() []workGroup {
	g.mu.Lock()
	defer g.mu.Unlock()
	all := make([]workGroup, 0, len(g.byName))
	for _, wg := range g.byName {
		all = append(all, *wg)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	return all
}

// Errors of the work group store; the operations turn them into Athena's.
var (
	errWorkGroupExists  = errors.New("work group exists")
	errWorkGroupMissing = errors.New("work group not found")
)

// create adds wg, which normalize has accepted, and saves.
func (g *workGroups) create(wg workGroup) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.byName[wg.Name]; ok {
		return errWorkGroupExists
	}
	wg.API = true
	g.byName[wg.Name] = &wg
	if err := g.saveLocked(); err != nil {
		delete(g.byName, wg.Name)
		return err
	}
	return nil
}

// update replaces the work group called name by what change makes of a
// copy of it, and saves. An error from change leaves the group as it was.
func (g *workGroups) update(name string, change func(*workGroup) error) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	old, ok := g.byName[name]
	if !ok {
		return errWorkGroupMissing
	}
	wg := *old
	wg.Tags = slices.Clone(old.Tags)
	if err := change(&wg); err != nil {
		return err
	}
	g.byName[name] = &wg
	if err := g.saveLocked(); err != nil {
		g.byName[name] = old
		return err
	}
	return nil
}

// remove deletes the work group called name, and saves.
func (g *workGroups) remove(name string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	old, ok := g.byName[name]
	if !ok {
		return errWorkGroupMissing
	}
	delete(g.byName, name)
	if err := g.saveLocked(); err != nil {
		g.byName[name] = old
		return err
	}
	return nil
}

// saveLocked writes the API work groups to g.path. Callers hold mu.
func (g *workGroups) saveLocked() error {
	if g.path == "" {
		return nil
	}
	f := workGroupsFileData{Version: workGroupsFileVersion, WorkGroups: []workGroup{}}
	for _, wg := range g.byName {
		if wg.API {
			f.WorkGroups = append(f.WorkGroups, *wg)
		}
	}
	sort.Slice(f.WorkGroups, func(i, j int) bool { return f.WorkGroups[i].Name < f.WorkGroups[j].Name })
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(g.path, append(data, '\n')); err != nil {
		return fmt.Errorf("save work groups: %w", err)
	}
	return nil
}

// isDuckDB reports whether a work group whose SelectedEngineVersion is
// selected runs its queries as DuckDB SQL.
func isDuckDB(selected string) bool { return selected == engineDuckDB }

// effectiveEngine is the engine that runs what a work group whose
// SelectedEngineVersion is selected runs.
func effectiveEngine(selected string) string {
	if selected == "" || strings.EqualFold(selected, engineAuto) {
		return engineSQLv3
	}
	return selected
}
