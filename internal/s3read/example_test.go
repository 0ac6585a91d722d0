package s3read_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/internal/s3read"
)

func ExampleOpen() {
	// A local emulator plays S3 here; any *s3.Client will do.
	srv, err := emulator.New(emulator.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL()), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})
	ctx := context.Background()
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("example")}); err != nil {
		log.Fatal(err)
	}
	csv := "n,square\n" + "1,1\n2,4\n3,9\n"
	if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("example"), Key: aws.String("results/q.csv"),
		Body: strings.NewReader(csv)}); err != nil {
		log.Fatal(err)
	}

	bucket, key, err := s3read.ParseURI("s3://example/results/q.csv")
	if err != nil {
		log.Fatal(err)
	}
	// Tiny parts, to show that the pieces come back in order.
	r, err := s3read.Open(ctx, client, bucket, key, s3read.Options{PartSize: 4})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	body, err := io.ReadAll(r)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(body))
	fmt.Println(r.Size(), "bytes in", r.Stats().Parts, "parts")
	// Output:
	// n,square
	// 1,1
	// 2,4
	// 3,9
	// 21 bytes in 6 parts
}
