package trino_test

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// corpusEntry is one statement of testdata/corpus.sql with its expected
// result.
//
// The file format: entries are separated by blank lines. Lines starting
// with "--" are comments, except "-- known: <reason>", which marks a
// statement that is expected to fail and says why. The statement is every
// other line up to the first line starting with "=>". Each "=>" line is one
// expected row, cells separated by " | ", NULL for a SQL NULL; "=> (none)"
// means no rows; "=> ERROR <text>" means the statement must fail with an
// error containing text.
type corpusEntry struct {
	line  int
	sql   string
	rows  []string
	err   string
	known string
}

func readCorpus(t *testing.T, path string) []corpusEntry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusEntry
	var cur *corpusEntry
	var sql []string
	flush := func() {
		if cur != nil && len(sql) > 0 {
			cur.sql = strings.Join(sql, "\n")
			out = append(out, *cur)
		}
		cur, sql = nil, nil
	}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "":
			flush()
			continue
		case cur == nil:
			cur = &corpusEntry{line: n}
		}
		switch {
		case strings.HasPrefix(line, "-- known:"):
			cur.known = strings.TrimSpace(strings.TrimPrefix(line, "-- known:"))
		case strings.HasPrefix(line, "--"):
		case strings.HasPrefix(line, "=> ERROR "):
			cur.err = strings.TrimPrefix(line, "=> ERROR ")
		case line == "=> (none)":
			cur.rows = []string{}
		case strings.HasPrefix(line, "=>"):
			cur.rows = append(cur.rows, strings.TrimPrefix(strings.TrimPrefix(line, "=>"), " "))
		default:
			sql = append(sql, line)
		}
	}
	flush()
	return out
}

// TestCorpus runs the compatibility corpus and reports the pass rate. It
// fails only for statements that fail without being marked known.
func TestCorpus(t *testing.T) {
	entries := readCorpus(t, "testdata/corpus.sql")
	e := openEngine(t)
	pass := 0
	var known []string
	for _, c := range entries {
		got, err := runTrino(t, e, c.sql)
		var problem string
		switch {
		case c.err != "" && err == nil:
			problem = "succeeded, want error " + c.err + "; got:\n" + formatRows(got)
		case c.err != "" && !strings.Contains(err.Error(), c.err):
			problem = "error " + err.Error() + ", want " + c.err
		case c.err == "" && err != nil:
			problem = "error " + err.Error()
		case c.err == "" && formatRows(got) != strings.Join(c.rows, "\n"):
			problem = "got:\n" + formatRows(got) + "\nwant:\n" + strings.Join(c.rows, "\n")
		}
		switch {
		case problem == "":
			pass++
			if c.known != "" {
				t.Logf("line %d: passes but is marked known (%s): %s", c.line, c.known, c.sql)
			}
		case c.known != "":
			known = append(known, c.sql+"\n    reason: "+c.known)
		default:
			t.Errorf("line %d: %s\n  %s", c.line, c.sql, problem)
		}
	}
	for _, k := range known {
		t.Logf("known failure: %s", k)
	}
	t.Logf("corpus: %d/%d statements pass (%.1f%%), %d known failures",
		pass, len(entries), 100*float64(pass)/float64(max(1, len(entries))), len(known))
}
