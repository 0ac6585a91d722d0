package s3read_test

import (
	"strings"
	"testing"

	"github.com/athenaq/athenaq/internal/s3read"
)

func TestParseURI(t *testing.T) {
	for _, tc := range []struct {
		name, in    string
		bucket, key string
		err         string // a part of the error, "" for success
	}{
		{"result file", "s3://athenaq-test/results/abc.csv", "athenaq-test", "results/abc.csv", ""},
		{"key at the root", "s3://b-1/x", "b-1", "x", ""},
		{"dots in the bucket", "s3://my.bucket.name/a/b/c.parquet", "my.bucket.name", "a/b/c.parquet", ""},
		{"key kept as written", "s3://bkt/a%20b/ü +?#.csv", "bkt", "a%20b/ü +?#.csv", ""},
		{"double slash in the key", "s3://bkt//x", "bkt", "/x", ""},
		{"no scheme", "athenaq-test/x.csv", "", "", `"athenaq-test/x.csv" is not an S3 URI: want s3://bucket/key`},
		{"other scheme", "https://bkt/x", "", "", "is not an S3 URI"},
		{"upper-case scheme", "S3://bkt/x", "", "", "is not an S3 URI"},
		{"empty", "", "", "", `"" is not an S3 URI`},
		{"no bucket", "s3:///x", "", "", `bucket name "" must have 3 to 63 characters`},
		{"short bucket", "s3://ab/x", "", "", "must have 3 to 63 characters"},
		{"long bucket", "s3://" + strings.Repeat("b", 64) + "/x", "", "", "must have 3 to 63 characters"},
		{"upper-case bucket", "s3://Bucket/x", "", "", "may hold only lowercase letters, digits, '.' and '-'"},
		{"underscore in the bucket", "s3://my_bucket/x", "", "", "may hold only lowercase letters"},
		{"bucket ends with a dash", "s3://bucket-/x", "", "", "must start and end with a letter or digit"},
		{"bucket only", "s3://bucket", "", "", `S3 URI "s3://bucket" names no object: want s3://bucket/key`},
		{"bucket and slash", "s3://bucket/", "", "", "names no object"},
		{"folder", "s3://bucket/results/", "", "", `S3 URI "s3://bucket/results/" names a folder, not an object`},
		{"long key", "s3://bucket/" + strings.Repeat("k", 1025), "", "", "the key has 1025 bytes, more than S3's 1024"},
		{"bad UTF-8", "s3://bucket/\xff.csv", "", "", "the key is not valid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bucket, key, err := s3read.ParseURI(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("ParseURI(%q) = %q, %q, %v; want an error with %q", tc.in, bucket, key, err, tc.err)
				}
				return
			}
			if err != nil || bucket != tc.bucket || key != tc.key {
				t.Errorf("ParseURI(%q) = %q, %q, %v; want %q, %q", tc.in, bucket, key, err, tc.bucket, tc.key)
			}
		})
	}
}

func FuzzParseURI(f *testing.F) {
	for _, s := range []string{"s3://athenaq-test/results/abc.csv", "s3://b/", "s3://bucket", "s3:///", "S3://x/y",
		"s3://my.bucket/a/b/", "s3://bkt/\xff", "s3://-ab/x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bucket, key, err := s3read.ParseURI(s)
		if err != nil {
			if bucket != "" || key != "" {
				t.Errorf("ParseURI(%q) failed but returned %q, %q", s, bucket, key)
			}
			return
		}
		if "s3://"+bucket+"/"+key != s {
			t.Errorf("ParseURI(%q) = %q, %q: does not rebuild the input", s, bucket, key)
		}
		if len(bucket) < 3 || len(bucket) > 63 || strings.ContainsAny(bucket, "/ABCDEFGHIJKLMNOPQRSTUVWXYZ_") {
			t.Errorf("ParseURI(%q) accepted bucket %q", s, bucket)
		}
		if key == "" || strings.HasSuffix(key, "/") || len(key) > 1024 {
			t.Errorf("ParseURI(%q) accepted key %q", s, key)
		}
		// The bucket and key parse again the same way.
		if b2, k2, err := s3read.ParseURI("s3://" + bucket + "/" + key); err != nil || b2 != bucket || k2 != key {
			t.Errorf("reparse of %q: %q, %q, %v", s, b2, k2, err)
		}
	})
}
