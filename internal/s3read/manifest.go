package s3read

import (
	"errors"
	"fmt"
	"strings"
)

// ParseManifest returns the data file URIs that an UNLOAD, CTAS or INSERT
// manifest lists: one s3:// URI a line (FACTS §4.7). It accepts LF and CRLF
// line ends, with or without a final one, and skips blank lines; any other
// line is an error naming its number.
func ParseManifest(text string) ([]string, error) {
	var files []string
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if _, err := manifestLine(line); err != nil {
			return nil, fmt.Errorf("line %d: %q: %w", n+1, abbreviate(line), err)
		}
		files = append(files, line)
	}
	return files, nil
}

// manifestLine checks that a manifest line is an s3://bucket/key URI. It
// checks less than ParseURI: the files are named by Athena, not by a user.
func manifestLine(s string) (string, error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	bucket, key, _ := strings.Cut(rest, "/")
	if !ok || bucket == "" || key == "" {
		return "", errors.New("want s3://bucket/key")
	}
	return s, nil
}

func abbreviate(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}
