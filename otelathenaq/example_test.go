package otelathenaq_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/otelathenaq"
)

// Example traces a query under the caller's span and prints the query's
// span. A program would install an exporter (OTLP, say) instead of the
// recorder.
func Example() {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	defer tp.Shutdown(context.Background())

	cfg, stop := localAthena()
	defer stop()
	cfg.Tracer = otelathenaq.NewTracer(otelathenaq.WithTracerProvider(tp), otelathenaq.WithQueryText(true))
	ctx := context.Background()
	client, err := athenaq.Open(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	ctx, handler := tp.Tracer("example").Start(ctx, "GET /report")
	if _, err := client.Exec(ctx, "SELECT 42 AS answer"); err != nil {
		log.Fatal(err)
	}
	handler.End()

	s := spans.Ended()[0]
	fmt.Println(s.Name(), s.SpanKind(), "child of", spans.Ended()[1].Name())
	for _, kv := range s.Attributes() {
		switch kv.Key {
		case "athena.query.id", "athena.engine_version", "athena.queue_time_ms", "athena.engine_time_ms", "athena.total_time_ms",
			"athena.planning_time_ms", "athena.service_preprocessing_time_ms", "athena.service_processing_time_ms":
			continue // differ from run to run
		}
		fmt.Printf("  %s = %s\n", kv.Key, kv.Value.String())
	}
	events := s.Events()
	fmt.Println("  last event:", events[len(events)-1].Name, events[len(events)-1].Attributes[0].Value.String())
	// Output:
	// SELECT AwsDataCatalog|default client child of GET /report
	//   db.system.name = aws.athena
	//   db.namespace = AwsDataCatalog|default
	//   athena.work_group = primary
	//   db.query.text = SELECT 42 AS answer
	//   athena.state = SUCCEEDED
	//   db.operation.name = SELECT
	//   athena.statement_type = DML
	//   athena.data_scanned_bytes = 0
	//   athena.cost.usd = 0
	//   athena.result_reused = false
	//   last event: athena.state_change SUCCEEDED
}

// localAthena starts an emulator and returns a client configuration for
// it, and a function that stops it. Against AWS, the configuration is just
// a Region and a work group or an output location.
func localAthena() (athenaq.Config, func()) {
	const bucket = "example"
	srv, err := emulator.New(emulator.Options{OutputLocation: "s3://" + bucket + "/results/"})
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
	cfg := athenaq.Config{Region: "us-east-1", Endpoint: srv.URL(), WorkGroup: "primary", Database: "default",
		PollInterval: 10 * time.Millisecond, AWS: &aws.Config{Region: "us-east-1", Credentials: creds}}
	return cfg, func() { srv.Close() }
}
