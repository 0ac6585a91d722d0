package s3read

import (
	"slices"
	"strings"
	"testing"
)

func TestParseManifest(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
		err        string
	}{
		{"empty", "", nil, ""},
		{"one, no final newline", "s3://b/k", []string{"s3://b/k"}, ""},
		{"LF", "s3://b/a\ns3://b/c/d\n", []string{"s3://b/a", "s3://b/c/d"}, ""},
		{"CRLF and blank lines", "s3://b/a\r\n\r\n  \ns3://b/c\r\n", []string{"s3://b/a", "s3://b/c"}, ""},
		{"not s3", "s3://b/a\nhttps://b/c", nil, `line 2: "https://b/c"`},
		{"no key", "s3://b/", nil, `line 1: "s3://b/"`},
		{"no bucket", "s3:///k", nil, `line 1: "s3:///k"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseManifest(tc.text)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("ParseManifest = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func FuzzParseManifest(f *testing.F) {
	f.Add("s3://athenaq-test/unload/x/20260101_000000_00001_abcde_0b7e\ns3://b/k\n")
	f.Add("s3://b/a\r\n\r\nhttps://x\n")
	f.Add("s3://\n")
	f.Fuzz(func(t *testing.T, text string) {
		files, err := ParseManifest(text)
		if err != nil {
			return
		}
		if len(files) > strings.Count(text, "\n")+1 {
			t.Fatalf("%d files from %d lines", len(files), strings.Count(text, "\n")+1)
		}
		for _, f := range files {
			rest, ok := strings.CutPrefix(f, "s3://")
			bucket, key, _ := strings.Cut(rest, "/")
			if !ok || bucket == "" || key == "" || strings.Contains(f, "\n") || strings.HasSuffix(f, "\r") {
				t.Fatalf("file %q", f)
			}
		}
	})
}
