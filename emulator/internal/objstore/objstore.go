// Package objstore is the emulator's view of S3: the few object operations
// the Athena side needs (put result files, read them back by range, list a
// table's files), over either the embedded gofakes3 backend or an external
// S3-compatible endpoint reached through aws-sdk-go-v2.
//
//	store := objstore.NewBackend(s3mem.New())
//	err := store.Put(ctx, "bucket", "results/q.csv", body, size, "application/octet-stream")
package objstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// ErrNotFound is returned when a bucket or object does not exist.
var ErrNotFound = errors.New("objstore: not found")

// Object describes one stored object.
type Object struct {
	Key          string
	Size         int64
	ETag         string
	LastModified time.Time
}

// Store is the set of S3 operations the emulator uses. Implementations are
// safe for concurrent use.
type Store interface {
	// EnsureBucket creates the bucket if it does not exist.
	EnsureBucket(ctx context.Context, bucket string) error
	// Put writes size bytes from body under bucket/key. The bucket is created
	// if needed, as Athena writes results to buckets the emulator's users
	// may not have created yet.
	Put(ctx context.Context, bucket, key string, body io.Reader, size int64, contentType string) error
	// Get returns the object's bytes from offset to the end, and its total
	// size. A missing object gives ErrNotFound.
	Get(ctx context.Context, bucket, key string, offset int64) (io.ReadCloser, int64, error)
	// List returns every object whose key starts with prefix, in key order.
	List(ctx context.Context, bucket, prefix string) ([]Object, error)
	// Delete removes an object; a missing object is not an error.
	Delete(ctx context.Context, bucket, key string) error
}

// URI is a parsed s3://bucket/key location.
type URI struct {
	Bucket string
	Key    string // may be empty; a folder ends with "/"
}

// String returns the s3:// form.
func (u URI) String() string { return "s3://" + u.Bucket + "/" + u.Key }

// Folder returns the URI with a trailing "/" on its key, as a prefix for
// listing (an empty key stays empty: the whole bucket).
func (u URI) Folder() URI {
	if u.Key != "" && !strings.HasSuffix(u.Key, "/") {
		u.Key += "/"
	}
	return u
}

// ParseURI parses "s3://bucket[/key]". The bucket must be a valid S3 bucket
// name: 3 to 63 characters of lowercase letters, digits, '.' and '-',
// starting and ending with a letter or digit.
func ParseURI(s string) (URI, error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		rest, ok = strings.CutPrefix(s, "s3a://")
	}
	if !ok {
		return URI{}, fmt.Errorf("%q is not an S3 URI: want s3://bucket/prefix/", s)
	}
	bucket, key, _ := strings.Cut(rest, "/")
	if err := checkBucket(bucket); err != nil {
		return URI{}, fmt.Errorf("%q: %w", s, err)
	}
	return URI{Bucket: bucket, Key: key}, nil
}

func checkBucket(b string) error {
	if len(b) < 3 || len(b) > 63 {
		return fmt.Errorf("bucket name %q must have 3 to 63 characters", b)
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-'
		if !ok {
			return fmt.Errorf("bucket name %q may hold only lowercase letters, digits, '.' and '-'", b)
		}
	}
	if first, last := b[0], b[len(b)-1]; first == '.' || first == '-' || last == '.' || last == '-' {
		return fmt.Errorf("bucket name %q must start and end with a letter or digit", b)
	}
	return nil
}

func bytesReader(b []byte) io.ReadSeeker { return bytes.NewReader(b) }
