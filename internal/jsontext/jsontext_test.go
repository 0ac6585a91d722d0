package jsontext

import (
	"bytes"
	"encoding/json"
	"testing"
)

// reference is encoding/json's text for s, with HTML escaping off.
func reference(t testing.TB, s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func TestAppendString(t *testing.T) {
	tests := map[string]string{
		"plain":          "abc",
		"empty":          "",
		"quote":          `say "hi"`,
		"backslash":      `C:\dir`,
		"short escapes":  "\b\f\n\r\t",
		"control":        "\x00\x01\x1b\x1f",
		"html kept":      "<b>&amp;</b>",
		"line separator": "a\u2028b\u2029c",
		"invalid utf-8":  "a\xffb\xc3",
		"multibyte":      "漢字 émoji 😀",
	}
	for name, s := range tests {
		got := string(AppendString([]byte("x"), s))
		if want := "x" + reference(t, s); got != want {
			t.Errorf("%s: AppendString(%q) = %s, want %s", name, s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\x00", "\u2028", "\xff", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(AppendString(nil, s)), reference(t, s); got != want {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}
