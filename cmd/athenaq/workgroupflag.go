package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/athenaq/athenaq/emulator"
)

// workGroupsFlag is serve's repeatable --workgroup NAME[:key=value,...]:
// each use defines one work group at start.
type workGroupsFlag struct {
	groups []emulator.WorkGroup
}

func (f *workGroupsFlag) String() string { return "" }

func (f *workGroupsFlag) Type() string { return "spec" }

func (f *workGroupsFlag) Set(spec string) error {
	wg, err := parseWorkGroupSpec(spec)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(f.groups, func(g emulator.WorkGroup) bool { return g.Name == wg.Name }) {
		return fmt.Errorf("work group %s is defined twice", wg.Name)
	}
	f.groups = append(f.groups, wg)
	return nil
}

// workGroupKeys are the keys of a --workgroup spec and what each wants, in
// the order the usage error lists them.
var workGroupKeys = []struct{ key, want string }{
	{"output", "an S3 location such as s3://bucket/prefix/"},
	{"enforce", "true or false"},
	{"engine", "one of " + quotedList(emulator.EngineVersions())},
	{"description", "any text (write \\, for a comma)"},
	{"managed", "true or false"},
	{"bytes-cutoff", "a number of bytes of at least 10000000 (10MB), such as 10000000000 or 10GB"},
	{"state", "enabled or disabled"},
}

var workGroupSpecName = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,128}$`)

// parseWorkGroupSpec parses NAME[:key=value,...]. Values run to the next
// unescaped comma; "\," is a comma and "\\" a backslash inside a value.
// Errors name the part that is wrong and what it should be.
func parseWorkGroupSpec(spec string) (emulator.WorkGroup, error) {
	name, rest, hasOpts := strings.Cut(spec, ":")
	if !workGroupSpecName.MatchString(name) {
		return emulator.WorkGroup{}, fmt.Errorf("work group name %q: want 1 to 128 of a-z A-Z 0-9 . _ - (then :key=value,...)", name)
	}
	wg := emulator.WorkGroup{Name: name}
	if !hasOpts {
		return wg, nil
	}
	pairs, err := splitSpecOptions(rest)
	if err != nil {
		return emulator.WorkGroup{}, fmt.Errorf("work group %s: %w", name, err)
	}
	seen := map[string]bool{}
	for _, kv := range pairs {
		key, value, ok := strings.Cut(kv, "=")
		if !ok {
			return emulator.WorkGroup{}, fmt.Errorf("work group %s: %q: want key=value with a key among %s", name, kv, keyNames())
		}
		if seen[key] {
			return emulator.WorkGroup{}, fmt.Errorf("work group %s: key %s given twice", name, key)
		}
		seen[key] = true
		if err := setWorkGroupKey(&wg, key, value); err != nil {
			return emulator.WorkGroup{}, fmt.Errorf("work group %s: %w", name, err)
		}
	}
	if wg.ManagedResults && wg.OutputLocation != "" {
		return emulator.WorkGroup{}, fmt.Errorf("work group %s: managed=true keeps results without an S3 location: drop output=", name)
	}
	return wg, nil
}

// setWorkGroupKey applies one key=value of a spec.
func setWorkGroupKey(wg *emulator.WorkGroup, key, value string) error {
	bad := func() error {
		for _, k := range workGroupKeys {
			if k.key == key {
				return fmt.Errorf("%s=%q: want %s", key, value, k.want)
			}
		}
		return fmt.Errorf("unknown key %q: want one of %s", key, keyNames())
	}
	switch key {
	case "output":
		bucket, _, _ := strings.Cut(strings.TrimPrefix(value, "s3://"), "/")
		if !strings.HasPrefix(value, "s3://") || bucket == "" {
			return bad()
		}
		wg.OutputLocation = value
	case "enforce", "managed":
		var b bool
		switch value {
		case "true":
			b = true
		case "false":
		default:
			return bad()
		}
		if key == "enforce" {
			wg.Enforce = b
		} else {
			wg.ManagedResults = b
		}
	case "engine":
		if !slices.Contains(emulator.EngineVersions(), value) {
			return bad()
		}
		wg.Engine = value
	case "description":
		wg.Description = value
	case "bytes-cutoff":
		var n byteSize
		if err := n.Set(value); err != nil || n < 10_000_000 {
			return bad()
		}
		wg.BytesScannedCutoffPerQuery = int64(n)
	case "state":
		switch strings.ToLower(value) {
		case "enabled":
			wg.Disabled = false
		case "disabled":
			wg.Disabled = true
		default:
			return bad()
		}
	default:
		return bad()
	}
	return nil
}

// splitSpecOptions splits key=value,... at unescaped commas and resolves
// the escapes "\," and "\\".
func splitSpecOptions(s string) ([]string, error) {
	var (
		parts []string
		cur   strings.Builder
	)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 >= len(s) || (s[i+1] != ',' && s[i+1] != '\\') {
				return nil, fmt.Errorf("%q: a backslash must come before a comma or another backslash", s)
			}
			i++
			cur.WriteByte(s[i])
		case ',':
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	parts = append(parts, cur.String())
	return parts, nil
}

func keyNames() string {
	names := make([]string, len(workGroupKeys))
	for i, k := range workGroupKeys {
		names[i] = k.key
	}
	return strings.Join(names, ", ")
}

func quotedList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
