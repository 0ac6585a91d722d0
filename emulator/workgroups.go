package emulator

import (
	"fmt"
	"regexp"
	"sort"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/objstore"
)

// workGroups holds the emulated work groups. They are fixed at New, so no
// lock is needed.
type workGroups struct {
	byName map[string]*workGroup
	names  []string // sorted, as ListWorkGroups returns them
}

type workGroup struct {
	WorkGroup
	created time.Time
}

var workGroupName = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,128}$`)

func newWorkGroups(opts Options) (*workGroups, error) {
	now := time.Now()
	g := &workGroups{byName: map[string]*workGroup{}}
	all := append([]WorkGroup{{Name: "primary", OutputLocation: opts.OutputLocation}}, opts.WorkGroups...)
	for _, wg := range all {
		if !workGroupName.MatchString(wg.Name) {
			return nil, fmt.Errorf("emulator: work group name %q: want 1 to 128 of [a-zA-Z0-9._-]", wg.Name)
		}
		if wg.OutputLocation != "" {
			if wg.ManagedResults {
				// Athena refuses a work group with both (the model's
				// ManagedQueryResultsConfiguration.Enabled).
				return nil, fmt.Errorf("emulator: work group %s: OutputLocation %q: want none with ManagedResults", wg.Name, wg.OutputLocation)
			}
			if _, err := objstore.ParseURI(wg.OutputLocation); err != nil {
				return nil, fmt.Errorf("emulator: work group %s OutputLocation: %w", wg.Name, err)
			}
		}
		if prev, ok := g.byName[wg.Name]; ok && wg.Name == "primary" && prev.OutputLocation != "" && wg.OutputLocation == "" && !wg.ManagedResults {
			continue // an explicit primary without a location keeps Options.OutputLocation
		}
		if _, ok := g.byName[wg.Name]; !ok {
			g.names = append(g.names, wg.Name)
		}
		g.byName[wg.Name] = &workGroup{WorkGroup: wg, created: now}
	}
	sort.Strings(g.names)
	return g, nil
}

// anyManaged reports whether some work group has managed query results.
func (g *workGroups) anyManaged() bool {
	for _, wg := range g.byName {
		if wg.ManagedResults {
			return true
		}
	}
	return false
}

func (g *workGroups) get(name string) (*workGroup, bool) {
	wg, ok := g.byName[name]
	return wg, ok
}
