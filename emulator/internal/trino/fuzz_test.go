package trino

import (
	"testing"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// FuzzRewrite checks that Rewrite never panics and that every string
// literal and quoted identifier of the input reaches the output, in order.
func FuzzRewrite(f *testing.F) {
	for _, s := range []string{
		"SELECT regexp_replace(s, 'a(b)', 'x$1') FROM \"T\"",
		"SELECT transform(a, x -> x * 2), reduce(a, 0, (s, x) -> s + x, s -> s)",
		"SELECT CAST(x AS row(a array(map(varchar, bigint))))",
		"SELECT listagg(x, ',') WITHIN GROUP (ORDER BY x) FROM t TABLESAMPLE BERNOULLI (5)",
		"SELECT * FROM UNNEST(a, b) WITH ORDINALITY AS t(x, y, n)",
		"SELECT try(1/0), ts AT TIME ZONE 'UTC', date_format(ts, '%Y')",
		"SELECT map_filter(m, (k, v) -> v > 1), zip_with(a, b, (x, y) -> x)",
		"VALUES 1, 2",
		"SELECT INTERVAL '1-2' YEAR TO MONTH, d + INTERVAL '1 12:00:00' DAY TO SECOND, CAST(x AS integer)",
		"SELECT sum(x) OVER (), sum(DISTINCT x), floor(x), round(x, 2) FROM t",
		"SELECT ((((",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		out, consumed, err := rewrite(sql)
		if err != nil {
			return
		}
		in := literals(sql, consumed)
		if in == nil {
			return
		}
		got := literals(out, nil)
		k := 0
		for _, s := range got {
			if k < len(in) && s == in[k] {
				k++
			}
		}
		if k != len(in) {
			t.Fatalf("literals lost: in %q\nout %q", sql, out)
		}
	})
}

// literals returns the String and QuotedIdent tokens of sql, except those
// at the skipped offsets (literals the rewriter translates on purpose), or
// nil when sql does not tokenize.
func literals(sql string, skip map[int]bool) []string {
	toks, err := sqltext.Tokenize(sql)
	if err != nil {
		return nil
	}
	out := []string{}
	for _, t := range toks {
		if (t.Kind == sqltext.String || t.Kind == sqltext.QuotedIdent) && !skip[t.Pos] {
			out = append(out, t.Text)
		}
	}
	return out
}
