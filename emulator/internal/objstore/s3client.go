package objstore

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// NewS3 returns a Store over an external S3-compatible endpoint. The client
// should use path-style addressing for endpoints other than AWS.
func NewS3(client *s3.Client) Store { return &s3Store{c: client} }

type s3Store struct {
	c *s3.Client
}

func (s *s3Store) EnsureBucket(ctx context.Context, bucket string) error {
	_, err := s.c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
	if err == nil {
		return nil
	}
	_, err = s.c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	var owned *types.BucketAlreadyOwnedByYou
	var exists *types.BucketAlreadyExists
	if err == nil || errors.As(err, &owned) || errors.As(err, &exists) {
		return nil
	}
	return fmt.Errorf("create bucket %s: %w", bucket, err)
}

func (s *s3Store) Put(ctx context.Context, bucket, key string, body io.Reader, size int64, contentType string) error {
	if err := s.EnsureBucket(ctx, bucket); err != nil {
		return err
	}
	// Over plain HTTP the SDK must hash the payload, which needs a seekable
	// body; callers pass files or byte readers, and anything else is buffered.
	if _, ok := body.(io.ReadSeeker); !ok {
		b, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		body = bytesReader(b)
	}
	_, err := s.c.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: body,
		ContentLength: aws.Int64(size), ContentType: aws.String(contentType),
	})
	return err
}

func (s *s3Store) Get(ctx context.Context, bucket, key string, offset int64) (io.ReadCloser, int64, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if offset > 0 {
		in.Range = aws.String(fmt.Sprintf("bytes=%d-", offset))
	}
	out, err := s.c.GetObject(ctx, in)
	if err != nil {
		var nsk *types.NoSuchKey
		var api smithy.APIError
		switch {
		case errors.As(err, &nsk):
			return nil, 0, ErrNotFound
		case errors.As(err, &api) && (api.ErrorCode() == "NoSuchBucket" || api.ErrorCode() == "NotFound"):
			return nil, 0, ErrNotFound
		case errors.As(err, &api) && api.ErrorCode() == "InvalidRange":
			return io.NopCloser(eofReader{}), offset, nil
		}
		return nil, 0, err
	}
	size := aws.ToInt64(out.ContentLength) + offset
	return out.Body, size, nil
}

func (s *s3Store) List(ctx context.Context, bucket, prefix string) ([]Object, error) {
	var out []Object
	p := s3.NewListObjectsV2Paginator(s.c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			var api smithy.APIError
			if errors.As(err, &api) && api.ErrorCode() == "NoSuchBucket" {
				return nil, nil
			}
			return nil, err
		}
		for _, o := range page.Contents {
			out = append(out, Object{Key: aws.ToString(o.Key), Size: aws.ToInt64(o.Size), ETag: aws.ToString(o.ETag), LastModified: aws.ToTime(o.LastModified)})
		}
	}
	return out, nil
}

func (s *s3Store) Delete(ctx context.Context, bucket, key string) error {
	_, err := s.c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	return err
}
