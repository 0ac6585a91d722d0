package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq"
	_ "github.com/athenaq/athenaq/records" // registers the UNLOAD transport's Parquet reader
)

// transports are the result transports measured, in athenaq's names.
var transports = []athenaq.ResultMode{athenaq.ResultAPI, athenaq.ResultCSV, athenaq.ResultUnload}

// throughputSQL returns a query of n rows of four mixed columns.
func throughputSQL(n int) string {
	return fmt.Sprintf("SELECT range AS id, range * 0.5 AS half, 'row ' || CAST(range AS varchar) AS label, "+
		"DATE '2020-01-01' + CAST(range %% 1000 AS integer) AS day FROM range(%d)", n)
}

// runThroughput runs spec.SQL with transport spec.Mode, then times reading
// every row (decoding every value) and, for the limit, fetching the bytes
// of the result's files from S3 alone.
func runThroughput(ctx context.Context, spec childSpec) (childResult, error) {
	var res childResult
	c, err := openClient(ctx, spec.Endpoint, athenaq.ResultMode(spec.Mode))
	if err != nil {
		return res, err
	}
	defer c.Close()
	q, err := c.Start(ctx, spec.SQL)
	if err != nil {
		return res, err
	}
	st, err := q.Wait(ctx)
	if err != nil {
		return res, err
	}
	begin := time.Now()
	rows, err := q.Rows(ctx)
	if err != nil {
		return res, err
	}
	for rows.Next() {
		if _, err := rows.Values(); err != nil {
			rows.Close()
			return res, err
		}
		res.Rows++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, err
	}
	res.Seconds = time.Since(begin).Seconds()

	// The bytes the transport moved: the CSV result file (which the API
	// transport's pages carry too), or UNLOAD's Parquet files.
	files := []string{st.OutputLocation}
	if athenaq.ResultMode(spec.Mode) == athenaq.ResultUnload {
		if files, err = q.Files(ctx); err != nil {
			return res, err
		}
	}
	begin = time.Now()
	res.Bytes, err = fetchAll(ctx, spec.Endpoint, files)
	res.RawSeconds = time.Since(begin).Seconds()
	return res, err
}

// fetchAll reads S3 objects into io.Discard, four at a time (as the CSV
// transport's ranged GETs and the UNLOAD reader do), and returns their
// bytes.
func fetchAll(ctx context.Context, endpoint string, uris []string) (int64, error) {
	s3c := s3.New(s3.Options{Region: region, BaseEndpoint: aws.String(endpoint), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("bench", "bench", "")})
	var mu sync.Mutex // guards total and first
	var total int64
	var first error
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for _, uri := range uris {
		b, key, _ := strings.Cut(strings.TrimPrefix(uri, "s3://"), "/")
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String(key)})
			var n int64
			if err == nil {
				n, err = io.Copy(io.Discard, out.Body)
				out.Body.Close()
			}
			mu.Lock()
			defer mu.Unlock()
			total += n
			if err != nil && first == nil {
				first = fmt.Errorf("get %s: %w", uri, err)
			}
		})
	}
	wg.Wait()
	return total, first
}

// apiBound is the least time the API transport needs for n rows: one
// GetQueryResults call of APILatency+PageLatency per 1000 rows (the first
// page also carries the header row), one after another.
func apiBound(n int) time.Duration {
	pages := (n + 1 + 999) / 1000
	return time.Duration(pages) * (apiLatency + pageLatency)
}
