package trino_test

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"
)

// minFunctionCoverage is the number of testdata/trino_functions.txt
// functions that the corpus exercises. Raise it as entries are added; the
// test fails if coverage falls below it.
const minFunctionCoverage = 384

// noParens lists the functions that are called without parentheses.
var noParens = map[string]bool{
	"current_date": true, "current_time": true, "current_timestamp": true, "current_user": true,
	"localtime": true, "localtimestamp": true,
}

// TestFunctionCoverage reports which of Trino's functions have no entry in
// the compatibility corpus, and the share that do.
func TestFunctionCoverage(t *testing.T) {
	names := readFunctionList(t, "testdata/trino_functions.txt")
	var sql strings.Builder
	for _, e := range readCorpus(t, "testdata/corpus.sql") {
		sql.WriteString(strings.ToLower(e.sql))
		sql.WriteString("\n")
	}
	text := sql.String()
	var missing []string
	covered := 0
	for _, name := range names {
		pattern := `\b` + regexp.QuoteMeta(name) + `\s*\(`
		if noParens[name] {
			pattern = `\b` + regexp.QuoteMeta(name) + `\b`
		}
		if regexp.MustCompile(pattern).MatchString(text) {
			covered++
		} else {
			missing = append(missing, name)
		}
	}
	t.Logf("functions without a corpus entry (%d): %s", len(missing), strings.Join(missing, ", "))
	t.Logf("function coverage: %d/%d (%.1f%%)", covered, len(names), 100*float64(covered)/float64(max(1, len(names))))
	if covered < minFunctionCoverage {
		t.Errorf("function coverage %d fell below %d", covered, minFunctionCoverage)
	}
}

func readFunctionList(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.ToLower(line))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
