package spark_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/spark"
)

// Example runs a %%sql block in a new session and prints what it showed.
func Example() {
	cfg, stop := localAthena() // the emulator, with a Spark work group "spark"
	defer stop()
	ctx := context.Background()

	client, err := athenaq.Open(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	s, err := spark.Start(ctx, client, spark.SessionConfig{WorkGroup: "spark", Description: "example"})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx) // terminates the session

	calc, err := s.Run(ctx, "%%sql\nSELECT 1 AS one, 'a' AS letter")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := calc.Wait(ctx); err != nil {
		log.Fatal(err)
	}
	out, err := calc.Stdout(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(out)
	// Output:
	// +---+------+
	// |one|letter|
	// +---+------+
	// |  1|     a|
	// +---+------+
}

// ExampleCalculationError shows the stderr that a FAILED calculation's
// error carries.
func ExampleCalculationError() {
	cfg, stop := localAthena()
	defer stop()
	ctx := context.Background()
	client, err := athenaq.Open(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	s, err := spark.Start(ctx, client, spark.SessionConfig{WorkGroup: "spark"})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)

	calc, err := s.Run(ctx, "total = 1\ntotal += foobar")
	if err != nil {
		log.Fatal(err)
	}
	_, err = calc.Wait(ctx)
	var cerr *spark.CalculationError
	if errors.As(err, &cerr) {
		fmt.Println(cerr.State)
		fmt.Print(cerr.Stderr)
	}
	// Output:
	// FAILED
	//   File "<stdin>", line 2, in <module>
	// NameError: name 'foobar' is not defined
}

// ExampleCalculation_Cancel stops a long calculation and waits for
// Athena's confirmation.
func ExampleCalculation_Cancel() {
	cfg, stop := localAthena()
	defer stop()
	ctx := context.Background()
	client, err := athenaq.Open(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	s, err := spark.Start(ctx, client, spark.SessionConfig{WorkGroup: "spark"})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)

	calc, err := s.Run(ctx, "import time\ntime.sleep(60)")
	if err != nil {
		log.Fatal(err)
	}
	if err := calc.Cancel(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println(calc.Status().State)
	// Output:
	// CANCELED
}

// localAthena starts an emulator with a Spark-enabled work group "spark"
// and returns a client configuration for it, and a function that stops it.
// Against AWS, the configuration is just a Region and the work group.
func localAthena() (athenaq.Config, func()) {
	const bucket = "example"
	srv, err := emulator.New(emulator.Options{OutputLocation: "s3://" + bucket + "/results/",
		WorkGroups: []emulator.WorkGroup{{Name: "spark", Spark: true}}})
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	creds := credentials.NewStaticCredentialsProvider("example", "example", "")
	api := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL()), UsePathStyle: true, Credentials: creds})
	if _, err := api.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		log.Fatal(err)
	}
	cfg := athenaq.Config{Region: "us-east-1", Endpoint: srv.URL(), WorkGroup: "spark", PollInterval: 10 * time.Millisecond,
		AWS: &aws.Config{Region: "us-east-1", Credentials: creds}}
	return cfg, func() { srv.Close() }
}
