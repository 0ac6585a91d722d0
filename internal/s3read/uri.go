package s3read

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ParseURI splits an S3 object URI, "s3://bucket/key", into its bucket and
// key. The bucket must be a valid S3 bucket name (3 to 63 lowercase
// letters, digits, '.' and '-', starting and ending with a letter or
// digit), and the key must name an object: non-empty, valid UTF-8, at most
// 1024 bytes, and not a folder ending in "/". The key is taken as it is,
// with no %-unescaping, as Athena writes it in OutputLocation.
func ParseURI(s string) (bucket, key string, err error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		return "", "", fmt.Errorf("%q is not an S3 URI: want s3://bucket/key", s)
	}
	bucket, key, _ = strings.Cut(rest, "/")
	if err := checkBucket(bucket); err != nil {
		return "", "", fmt.Errorf("S3 URI %q: %w", s, err)
	}
	switch {
	case key == "":
		return "", "", fmt.Errorf("S3 URI %q names no object: want s3://bucket/key", s)
	case strings.HasSuffix(key, "/"):
		return "", "", fmt.Errorf("S3 URI %q names a folder, not an object: want s3://bucket/key", s)
	case len(key) > 1024:
		return "", "", fmt.Errorf("S3 URI %.40q...: the key has %d bytes, more than S3's 1024", s, len(key))
	case !utf8.ValidString(key):
		return "", "", fmt.Errorf("S3 URI %q: the key is not valid UTF-8", s)
	}
	return bucket, key, nil
}

func checkBucket(b string) error {
	if len(b) < 3 || len(b) > 63 {
		return fmt.Errorf("bucket name %q must have 3 to 63 characters", b)
	}
	for i := 0; i < len(b); i++ {
		if c := b[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return fmt.Errorf("bucket name %q may hold only lowercase letters, digits, '.' and '-'", b)
		}
	}
	if first, last := b[0], b[len(b)-1]; first == '.' || first == '-' || last == '.' || last == '-' {
		return fmt.Errorf("bucket name %q must start and end with a letter or digit", b)
	}
	return nil
}
