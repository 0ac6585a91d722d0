package emulator

import (
	"context"
	"regexp"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
)

// fetchS3 lists the objects that an s3:// URL of a DuckDB query names, a
// glob pattern matching as DuckDB's glob does (see s3Pattern), copies them
// into the table cache and returns them in key order with their bytes.
// Folder markers are skipped. A listing error fails the query with
// DuckDB's kind of text.
func (s *Server) fetchS3(ctx context.Context, url string) ([]engine.S3File, int64, error) {
	u, err := objstore.ParseURI(url)
	if err != nil || u.Bucket == "" {
		return nil, 0, engine.DuckDBError("IO Error: invalid S3 URL " + quoteDuck(url))
	}
	prefix, match := s3Pattern(u.Key)
	objs, err := s.store.List(ctx, u.Bucket, prefix)
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		return nil, 0, engine.DuckDBError("IO Error: cannot list " + quoteDuck(url) + ": " + err.Error())
	}
	var files []engine.S3File
	var total int64
	for _, o := range objs {
		if strings.HasSuffix(o.Key, "/") || !match(o.Key) {
			continue
		}
		local, err := s.tables.fetch(ctx, s.store, u.Bucket, o)
		if err != nil {
			if ctx.Err() != nil {
				return nil, 0, ctx.Err()
			}
			return nil, 0, engine.DuckDBError("IO Error: cannot read " + quoteDuck("s3://"+u.Bucket+"/"+o.Key) + ": " + err.Error())
		}
		files = append(files, engine.S3File{URL: "s3://" + u.Bucket + "/" + o.Key, Local: local})
		total += o.Size
	}
	return files, total, nil
}

// s3Resolver resolves the S3 references of the DuckDB engine's statements
// through fetchS3, for the writes, whose scanned bytes are those of the
// catalog tables they read.
func (s *Server) s3Resolver() engine.S3Resolver {
	return func(ctx context.Context, url string) ([]engine.S3File, error) {
		files, _, err := s.fetchS3(ctx, url)
		return files, err
	}
}

// engineOf returns the engine that runs q: the DuckDB-dialect one in a
// DuckDB work group (executeDuckDB opened it), else engine v3's.
func (s *Server) engineOf(q *query) *engine.Engine {
	if isDuckDB(q.engine) {
		s.duckMu.Lock()
		defer s.duckMu.Unlock()
		if s.duck != nil {
			return s.duck
		}
	}
	return s.engine
}

func quoteDuck(s string) string { return `"` + s + `"` }

// s3Pattern returns the listing prefix of an object key pattern and a
// matcher of keys. Without glob characters the key matches only itself.
// Otherwise, as DuckDB's glob: * and ? match within one path segment, [...]
// is a character class ([!...] negated), and ** matches any number of
// segments, none included.
func s3Pattern(key string) (prefix string, match func(string) bool) {
	i := strings.IndexAny(key, "*?[")
	if i < 0 {
		return key, func(k string) bool { return k == key }
	}
	var re strings.Builder
	re.WriteString(`^`)
	re.WriteString(regexp.QuoteMeta(key[:i]))
	for j := i; j < len(key); {
		c := key[j]
		switch {
		case strings.HasPrefix(key[j:], "**/"):
			re.WriteString(`(?:.*/)?`)
			j += 3
		case strings.HasPrefix(key[j:], "**"):
			re.WriteString(`.*`)
			j += 2
		case c == '*':
			re.WriteString(`[^/]*`)
			j++
		case c == '?':
			re.WriteString(`[^/]`)
			j++
		case c == '[':
			end := strings.IndexByte(key[j+1:], ']')
			if end < 0 {
				re.WriteString(`\[`)
				j++
				continue
			}
			class := key[j+1 : j+1+end]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			if class == "" || class == "^" {
				re.WriteString(regexp.QuoteMeta(key[j : j+2+end]))
			} else {
				re.WriteString(`[` + strings.ReplaceAll(strings.ReplaceAll(class, `\`, `\\`), `[`, `\[`) + `]`)
			}
			j += end + 2
		default:
			k := j + 1
			for k < len(key) && !strings.ContainsRune("*?[", rune(key[k])) {
				k++
			}
			re.WriteString(regexp.QuoteMeta(key[j:k]))
			j = k
		}
	}
	re.WriteString(`$`)
	rx, err := regexp.Compile(re.String())
	if err != nil {
		// A class the regexp package refuses ([z-a]) matches nothing, as a
		// pattern DuckDB cannot use finds no files.
		return key[:i], func(string) bool { return false }
	}
	return key[:i], rx.MatchString
}
