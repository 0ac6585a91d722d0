package sqltext

import (
	"errors"
	"strings"
	"testing"
)

type tk struct {
	kind Kind
	text string
}

func TestTokenizeSplitsTrinoTokens(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want []tk
	}{
		{"keywords and idents", "select Foo", []tk{{Keyword, "select"}, {Whitespace, " "}, {Ident, "Foo"}}},
		{"quoted ident with doubled quote", `"a""b"`, []tk{{QuotedIdent, `"a""b"`}}},
		{"backtick ident", "`my``t`", []tk{{BacktickIdent, "`my``t`"}}},
		{"string with doubled quote", `'it''s'`, []tk{{String, `'it''s'`}}},
		{"unicode string", `U&'\0041'`, []tk{{String, `U&'\0041'`}}},
		{"binary string", `X'0102'`, []tk{{String, `X'0102'`}}},
		{"integer", "42", []tk{{Number, "42"}}},
		{"decimal", "1.5", []tk{{Number, "1.5"}}},
		{"leading dot", ".5", []tk{{Number, ".5"}}},
		{"trailing dot", "1.", []tk{{Number, "1."}}},
		{"exponent", "1e3", []tk{{Number, "1e3"}}},
		{"signed exponent", "2.5E-3", []tk{{Number, "2.5E-3"}}},
		{"e without digits", "1e", []tk{{Number, "1"}, {Ident, "e"}}},
		{"hex", "0x1F", []tk{{Number, "0x1F"}}},
		{"underscores", "1_000", []tk{{Number, "1_000"}}},
		{"dereference", "t.a", []tk{{Ident, "t"}, {Operator, "."}, {Ident, "a"}}},
		{"two-char operators", "a->b=>c||d<=e>=f<>g!=h::i", []tk{
			{Ident, "a"}, {Operator, "->"}, {Ident, "b"}, {Operator, "=>"}, {Ident, "c"}, {Operator, "||"},
			{Ident, "d"}, {Operator, "<="}, {Ident, "e"}, {Operator, ">="}, {Ident, "f"}, {Operator, "<>"},
			{Ident, "g"}, {Operator, "!="}, {Ident, "h"}, {Operator, "::"}, {Ident, "i"}}},
		{"punctuation", "(a,[1]);", []tk{{Operator, "("}, {Ident, "a"}, {Operator, ","}, {Operator, "["},
			{Number, "1"}, {Operator, "]"}, {Operator, ")"}, {Operator, ";"}}},
		{"param", "a=?", []tk{{Ident, "a"}, {Operator, "="}, {Param, "?"}}},
		{"line comment stops before newline", "-- c\n1", []tk{{Comment, "-- c"}, {Whitespace, "\n"}, {Number, "1"}}},
		{"block comment", "/* a\n* b */1", []tk{{Comment, "/* a\n* b */"}, {Number, "1"}}},
		{"glued keyword", "SELECT(1)", []tk{{Keyword, "SELECT"}, {Operator, "("}, {Number, "1"}, {Operator, ")"}}},
		{"glued string", "SELECT'a'", []tk{{Keyword, "SELECT"}, {String, "'a'"}}},
		{"question mark in string is no param", "'?'", []tk{{String, "'?'"}}},
		{"unicode ident", "日本", []tk{{Ident, "日本"}}},
		{"unknown characters", "@#", []tk{{Other, "@"}, {Other, "#"}}},
		{"invalid utf-8", "\xff", []tk{{Other, "\xff"}}},
		{"minus minus minus", "1---x", []tk{{Number, "1"}, {Comment, "---x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, err := Tokenize(tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			var got []tk
			for _, tok := range toks {
				got = append(got, tk{tok.Kind, tok.Text})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("token %d: got %v, want %v (all: %v)", i, got[i], tt.want[i], got)
				}
			}
		})
	}
}

func TestTokenizeHiveReadsBackslashEscapes(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want []tk
	}{
		{"escaped quote", `'it\'s'`, []tk{{String, `'it\'s'`}}},
		{"escaped backslash ends", `'C:\\'`, []tk{{String, `'C:\\'`}}},
		{"double-quoted string", `"a\"b"`, []tk{{String, `"a\"b"`}}},
		{"unicode escape", `'it\u0027s'`, []tk{{String, `'it\u0027s'`}}},
		{"adjacent strings", `'a''b'`, []tk{{String, `'a'`}, {String, `'b'`}}},
		{"no binary prefix", `X'01'`, []tk{{Ident, "X"}, {String, `'01'`}}},
		{"no unicode prefix", `U&'x'`, []tk{{Ident, "U"}, {Operator, "&"}, {String, `'x'`}}},
		{"param outside strings", `'\'?' = ?`, []tk{{String, `'\'?'`}, {Whitespace, " "}, {Operator, "="},
			{Whitespace, " "}, {Param, "?"}}},
		{"backtick ident", "`a``b`", []tk{{BacktickIdent, "`a``b`"}}},
		{"comments", "-- '\n/* ' */?", []tk{{Comment, "-- '"}, {Whitespace, "\n"}, {Comment, "/* ' */"}, {Param, "?"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, err := TokenizeHive(tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			var got []tk
			for _, tok := range toks {
				got = append(got, tk{tok.Kind, tok.Text})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("token %d: got %v, want %v (all: %v)", i, got[i], tt.want[i], got)
				}
			}
		})
	}
	for _, sql := range []string{`'C:\'`, `SHOW TABLES LIKE "x\"`, `'a\`} {
		var se *SyntaxError
		if _, err := TokenizeHive(sql); !errors.As(err, &se) || se.Msg != "unterminated string literal" {
			t.Errorf("TokenizeHive(%q) error = %v, want an unterminated string literal", sql, err)
		}
	}
}

func TestTokenizeTracksPositions(t *testing.T) {
	toks, err := Tokenize("SELECT\n  'é', x -- c\n/* a\nb */ y")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]int{ // text: pos, line, col
		"SELECT": {0, 1, 1}, "'é'": {9, 2, 3}, "x": {15, 2, 8}, "-- c": {17, 2, 10},
		"/* a\nb */": {22, 3, 1}, "y": {32, 4, 6},
	}
	for _, tok := range toks {
		if w, ok := want[tok.Text]; ok {
			if got := [3]int{tok.Pos, tok.Line, tok.Col}; got != w {
				t.Errorf("%q at %v, want %v", tok.Text, got, w)
			}
			delete(want, tok.Text)
		}
	}
	if len(want) > 0 {
		t.Errorf("tokens not found: %v", want)
	}
}

func TestTokenizeRejectsUnterminatedLiterals(t *testing.T) {
	tests := []struct {
		name, sql string
		line, col int
		msg       string
	}{
		{"string", "SELECT 'abc", 1, 8, "unterminated string literal"},
		{"string after newline", "SELECT\n  'it''s", 2, 3, "unterminated string literal"},
		{"quoted ident", `SELECT "a`, 1, 8, "unterminated quoted identifier"},
		{"backtick", "DESCRIBE `t", 1, 10, "unterminated quoted identifier"},
		{"block comment at start", "/* c SELECT 1", 1, 1, "mismatched input '/'. Expecting: " + statementStarts},
		{"block comment later", "SELECT 1 /* c", 1, 10, "mismatched input '/'"},
		{"block comment after a comment", "-- a\n/* c", 2, 1, "mismatched input '/'. Expecting: " + statementStarts},
		{"unicode string", "U&'x", 1, 1, "unterminated string literal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Tokenize(tt.sql)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *SyntaxError", err)
			}
			if se.Line != tt.line || se.Col != tt.col || se.Msg != tt.msg || se.Code != CodeMalformedQuery {
				t.Errorf("got %d:%d %q %s, want %d:%d %q", se.Line, se.Col, se.Msg, se.Code, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestTokenHelpers(t *testing.T) {
	toks, _ := Tokenize(`Select "A""b" 'it''s' ` + "`x``y` X'01'")
	sig := newCursor(toks).toks
	if !sig[0].IsWord("SELECT") || sig[0].Upper() != "SELECT" || sig[0].IsName() {
		t.Errorf("keyword helpers wrong for %+v", sig[0])
	}
	for i, want := range []string{"Select", `A"b`, "it's", "x`y", "01"} {
		if got := sig[i].Value(); got != want {
			t.Errorf("Value(%q) = %q, want %q", sig[i].Text, got, want)
		}
	}
	if sig[1].End() != 13 {
		t.Errorf("End = %d", sig[1].End())
	}
	if Keyword.String() != "Keyword" || Kind(99).String() != "Kind(99)" {
		t.Error("Kind.String")
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"", "SELECT 1", "SELECT 'it''s', \"a\"\"b\", `c` FROM t -- x\n/* y */;",
		"U&'\\0041' X'01' 1.5e-3 .5 0x1F 1_000 ?", "/* unclosed", "'unclosed", "a->b=>c||d::e",
		"日本 \xff\xfe @#$", "1---2", "--", "/**/", "\r\n\t\f\v",
		`CREATE EXTERNAL TABLE t (a string COMMENT 'it\'s') LOCATION "s3://b/\"x/"`, `'C:\'`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		if toks, err := TokenizeHive(sql); checkTokens(t, sql, toks, err) {
			ClassifyTokens(toks)
		}
		toks, err := Tokenize(sql)
		if !checkTokens(t, sql, toks, err) {
			return
		}
		// The analyses must not panic on anything the tokenizer accepts, and
		// the rewrites must keep it tokenizable.
		Classify(sql)
		_, _ = Normalize(sql)
		TableRefs(sql)
		Identifiers(sql)
		for _, rewrite := range []func(string) string{NameUnnamedColumns, DoubleLiterals} {
			if out := rewrite(sql); out != sql {
				if _, err := Tokenize(out); err != nil {
					t.Fatalf("rewrite of %q gives %q: %v", sql, out, err)
				}
			}
		}
	})
}

// checkTokens fails t unless err is a well-formed *SyntaxError or toks
// concatenate back to sql, and reports whether there are tokens to check
// further.
func checkTokens(t *testing.T, sql string, toks []Token, err error) bool {
	t.Helper()
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) || se.Line < 1 || se.Col < 1 {
			t.Fatalf("bad error %#v", err)
		}
		return false
	}
	var b strings.Builder
	pos := 0
	for _, tok := range toks {
		if tok.Pos != pos || tok.Text == "" {
			t.Fatalf("token %+v at %d", tok, pos)
		}
		pos = tok.End()
		b.WriteString(tok.Text)
	}
	if b.String() != sql {
		t.Fatalf("concatenation %q != input %q", b.String(), sql)
	}
	return true
}

func BenchmarkTokenize(b *testing.B) {
	sql := strings.Repeat("SELECT a, 'it''s', 1.5e3, \"q\" FROM db.t -- c\nWHERE x = ? /* b */ AND y <> 2;\n", 100)
	b.ReportAllocs()
	b.SetBytes(int64(len(sql)))
	for b.Loop() {
		if _, err := Tokenize(sql); err != nil {
			b.Fatal(err)
		}
	}
}
