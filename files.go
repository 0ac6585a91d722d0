package athenaq

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/athenaq/athenaq/internal/s3read"
)

// Files waits for the query and returns the S3 URIs of the data files it
// wrote, from its data manifest: the files of a CTAS, an INSERT INTO or an
// UNLOAD, in the manifest's order. A write that left no manifest (an
// INSERT of no rows, an Iceberg table: Athena writes manifests for Hive
// tables only) gives an empty list. Other statements write no data files,
// and Files returns an error that says so.
func (q *Query) Files(ctx context.Context) ([]string, error) {
	st, err := q.Wait(ctx)
	if err != nil {
		return nil, err
	}
	switch st.SubstatementType {
	case "INSERT", "CREATE_TABLE_AS_SELECT", "UNLOAD":
	default:
		return nil, fmt.Errorf("athenaq: query %s is %s: only CTAS, INSERT INTO and UNLOAD write data files", q.ID(), st.SubstatementType)
	}
	if st.ManifestLocation == "" {
		return []string{}, nil
	}
	files, err := q.c.manifest(ctx, st.ManifestLocation)
	var nsk *s3types.NoSuchKey
	if errors.As(err, &nsk) {
		return []string{}, nil
	}
	return files, err
}

// manifest reads a data manifest: one s3:// URI a line (s3read.ParseManifest).
func (c *Client) manifest(ctx context.Context, uri string) ([]string, error) {
	bucket, key, err := s3read.ParseURI(uri)
	if err != nil {
		return nil, fmt.Errorf("athenaq: data manifest %q: %w", uri, err)
	}
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if c.cfg.ExpectedBucketOwner != "" {
		in.ExpectedBucketOwner = aws.String(c.cfg.ExpectedBucketOwner)
	}
	out, err := c.s3.GetObject(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("athenaq: read data manifest %s: %w", uri, err)
	}
	defer out.Body.Close()
	// A line is about 120 bytes: 64 MiB holds hundreds of thousands of files.
	body, err := io.ReadAll(io.LimitReader(out.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("athenaq: read data manifest %s: %w", uri, err)
	}
	files, err := s3read.ParseManifest(string(body))
	if err != nil {
		return nil, fmt.Errorf("athenaq: data manifest %s: %w", uri, err)
	}
	if files == nil {
		files = []string{}
	}
	return files, nil
}
