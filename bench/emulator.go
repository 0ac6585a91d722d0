package main

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq/emulator"
)

// The realistic setting every scenario runs in: Athena's API latency as
// seen from a client in the same Region, the time of one GetQueryResults
// page, and Athena's API quotas (FACTS §6).
const (
	apiLatency  = 40 * time.Millisecond
	pageLatency = 150 * time.Millisecond
	shortQuery  = 300 * time.Millisecond
	bucket      = "athenaq-bench"
	output      = "s3://" + bucket + "/results/"
	region      = "us-east-1"
)

// Athena's StartQueryExecution and StopQueryExecution share one token
// bucket: 20 calls a second after a burst of 80 (FACTS §6).
const (
	startRate  = 20.0
	startBurst = 80
)

// realistic returns the emulator options of a scenario: queries that take
// queryDelay, with latency and quotas on.
func realistic(queryDelay time.Duration) emulator.Options {
	return emulator.Options{APILatency: apiLatency, PageLatency: pageLatency, QueryDelay: queryDelay, AthenaQuotas: true,
		QueryTimeout: -1}
}

// startEmulator runs an emulator on a loopback port with the result bucket
// created. Each measurement gets its own, so that quotas start full and the
// call counts are the measurement's alone.
func startEmulator(opts emulator.Options) (*emulator.Server, error) {
	srv, err := emulator.New(opts)
	if err != nil {
		return nil, err
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		srv.Close()
		return nil, err
	}
	s3c := s3.New(s3.Options{Region: region, BaseEndpoint: aws.String(srv.URL()), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("bench", "bench", "")})
	if _, err := s3c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		srv.Close()
		return nil, fmt.Errorf("create bucket: %w", err)
	}
	return srv, nil
}

// callsPerQuery is the Athena calls the emulator served (S3 excluded) per
// query, and the calls it throttled.
func callsPerQuery(st emulator.Stats, n int) (float64, int64) {
	var calls, throttled int64
	for _, c := range st.Calls {
		calls += c
	}
	for _, c := range st.Throttled {
		throttled += c
	}
	if n == 0 {
		return 0, throttled
	}
	return float64(calls) / float64(n), throttled
}

// startBound is the least time in which n StartQueryExecution (or
// StopQueryExecution) calls get through the quota's token bucket, starting
// full.
func startBound(n int) time.Duration {
	if n <= startBurst {
		return 0
	}
	return time.Duration(float64(n-startBurst) / startRate * float64(time.Second))
}
