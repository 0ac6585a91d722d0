// Package athenatest runs the athenaq emulator inside tests: a local Athena
// (and S3) on a loopback port, started per test and closed when the test
// ends.
//
//	func TestReport(t *testing.T) {
//		env := athenatest.Start(t)
//		out, err := env.Athena().StartQueryExecution(ctx, &athena.StartQueryExecutionInput{
//			QueryString: aws.String("SELECT 42"),
//			ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(env.Config.OutputLocation)},
//		})
//		...
//	}
//
// env.Config carries the endpoint, region and output location a client
// needs; env.Server exposes the emulator's knobs and Stats.
package athenatest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/emulator"
)

// Bucket is the bucket that Start creates and points OutputLocation into.
const Bucket = "athenaq-test"

// Config is what a client needs to reach the emulator. It mirrors the
// fields of athenaq.Config that matter for a local Athena.
type Config struct {
	Endpoint       string // Athena and S3 endpoint, http://127.0.0.1:PORT
	Region         string
	OutputLocation string // s3://athenaq-test/results/
	WorkGroup      string
	Database       string
	// AccessKeyID and SecretAccessKey are dummy static credentials; the
	// emulator accepts any.
	AccessKeyID, SecretAccessKey string
}

// Env is a running emulator.
type Env struct {
	Server *emulator.Server
	Config Config
}

// Option adjusts the emulator's Options before it starts.
type Option func(*emulator.Options)

// WithOptions replaces the emulator's options with opts.
func WithOptions(opts emulator.Options) Option {
	return func(o *emulator.Options) { *o = opts }
}

// Start runs an emulator on 127.0.0.1 for the duration of t and returns it
// with a Config ready for a client. It fails t if the emulator cannot start.
func Start(t testing.TB, opts ...Option) *Env {
	t.Helper()
	var o emulator.Options
	for _, opt := range opts {
		opt(&o)
	}
	srv, err := emulator.New(o)
	if err != nil {
		t.Fatalf("athenatest: %v", err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		srv.Close()
		t.Fatalf("athenatest: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("athenatest: close emulator: %v", err)
		}
	})
	env := &Env{Server: srv, Config: Config{
		Endpoint: srv.URL(), Region: "us-east-1", OutputLocation: "s3://" + Bucket + "/results/",
		WorkGroup: "primary", Database: "default", AccessKeyID: "test", SecretAccessKey: "test",
	}}
	_, err = env.S3().CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(Bucket)})
	var exists *s3types.BucketAlreadyExists
	var owned *s3types.BucketAlreadyOwnedByYou
	if err != nil && !errors.As(err, &exists) && !errors.As(err, &owned) {
		t.Fatalf("athenatest: create bucket: %v", err)
	}
	return env
}

// Athena returns an aws-sdk-go-v2 Athena client for the emulator. It
// retries only connection errors, so that tests see every answer of the
// service as it is (throttles included): now and then the SDK's transport
// closes the connection under a response, because the SDK closes the
// request body before net/http has finished with it (aws/aws-sdk-go-v2#2737;
// docs/ARCHITECTURE.md, "Connections").
func (e *Env) Athena() *athena.Client {
	return athena.New(athena.Options{
		Region: e.Config.Region, BaseEndpoint: aws.String(e.Config.Endpoint),
		Credentials: credentials.NewStaticCredentialsProvider(e.Config.AccessKeyID, e.Config.SecretAccessKey, ""),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 3
			o.Retryables = []retry.IsErrorRetryable{retry.RetryableConnectionError{}}
		}),
	})
}

// S3 returns an aws-sdk-go-v2 S3 client (path-style) for the emulator.
func (e *Env) S3() *s3.Client {
	return s3.New(s3.Options{
		Region: e.Config.Region, BaseEndpoint: aws.String(e.Config.Endpoint), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider(e.Config.AccessKeyID, e.Config.SecretAccessKey, ""),
	})
}

// ClientConfig returns an athenaq.Config for the emulator: endpoint,
// region, output location, work group and database.
func (e *Env) ClientConfig() athenaq.Config {
	return athenaq.Config{Endpoint: e.Config.Endpoint, Region: e.Config.Region, OutputLocation: e.Config.OutputLocation,
		WorkGroup: e.Config.WorkGroup, Database: e.Config.Database,
		AWS: &aws.Config{Region: e.Config.Region, Credentials: credentials.NewStaticCredentialsProvider(e.Config.AccessKeyID, e.Config.SecretAccessKey, "")}}
}

// Put writes an object into the emulator's S3 under Bucket, failing t on
// error.
func (e *Env) Put(t testing.TB, key, body string) {
	t.Helper()
	_, err := e.S3().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(Bucket), Key: aws.String(key),
		Body: strings.NewReader(body)})
	if err != nil {
		t.Fatalf("athenatest: put s3://%s/%s: %v", Bucket, key, err)
	}
}
