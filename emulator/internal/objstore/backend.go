package objstore

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sort"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// NewBackend returns a Store over an in-process gofakes3 backend: the same
// backend that serves the emulator's S3 API, called directly without HTTP.
func NewBackend(b gofakes3.Backend) Store { return &backendStore{b: b} }

type backendStore struct {
	b gofakes3.Backend
}

func (s *backendStore) EnsureBucket(ctx context.Context, bucket string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ok, err := s.b.BucketExists(bucket)
	if err != nil || ok {
		return err
	}
	err = s.b.CreateBucket(bucket)
	if gofakes3.HasErrorCode(err, gofakes3.ErrBucketAlreadyExists) {
		return nil
	}
	return err
}

func (s *backendStore) Put(ctx context.Context, bucket, key string, body io.Reader, size int64, contentType string) error {
	if err := s.EnsureBucket(ctx, bucket); err != nil {
		return err
	}
	// gofakes3's HTTP layer answers Last-Modified from this metadata key,
	// which its own PUT handler sets; clients such as the AWS CLI need it.
	meta := map[string]string{"Content-Type": contentType, "Last-Modified": time.Now().UTC().Format(http.TimeFormat)}
	_, err := s.b.PutObject(bucket, key, meta, body, size, nil)
	return err
}

func (s *backendStore) Get(ctx context.Context, bucket, key string, offset int64) (io.ReadCloser, int64, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	var rng *gofakes3.ObjectRangeRequest
	if offset > 0 {
		rng = &gofakes3.ObjectRangeRequest{Start: offset, End: gofakes3.RangeNoEnd}
	}
	obj, err := s.b.GetObject(bucket, key, rng)
	if err != nil {
		if isNotFound(err) {
			return nil, 0, ErrNotFound
		}
		var gerr gofakes3.Error
		// A range that starts at the end of the object is not satisfiable in
		// S3 terms; for a reader that resumes at the end it simply means
		// nothing is left.
		if errors.As(err, &gerr) && gerr.ErrorCode() == gofakes3.ErrInvalidRange {
			return io.NopCloser(eofReader{}), offset, nil
		}
		return nil, 0, err
	}
	return obj.Contents, obj.Size, nil
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

func (s *backendStore) List(ctx context.Context, bucket, prefix string) ([]Object, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ok, err := s.b.BucketExists(bucket)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, nil
	}
	// An empty page asks for every key at once (s3mem and diskstore then
	// ignore MaxKeys).
	list, err := s.b.ListBucket(bucket, &gofakes3.Prefix{HasPrefix: true, Prefix: prefix}, gofakes3.ListBucketPage{})
	if err != nil {
		return nil, err
	}
	out := make([]Object, 0, len(list.Contents))
	for _, c := range list.Contents {
		out = append(out, Object{Key: c.Key, Size: c.Size, ETag: c.ETag, LastModified: c.LastModified.Time})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func (s *backendStore) Delete(ctx context.Context, bucket, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err := s.b.DeleteObject(bucket, key)
	if err != nil && isNotFound(err) {
		return nil
	}
	return err
}

func isNotFound(err error) bool {
	return gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchKey) || gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchBucket)
}
