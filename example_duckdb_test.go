package athenaq_test

import (
	"context"
	"fmt"
	"log"
	"math/big"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/emulator"
)

// ExampleEngineDuckDB reads a query of a DuckDB work group: the client
// decodes DuckDB's types by the engine the query ran on, and the same
// client reads engine v3 work groups as before.
func ExampleEngineDuckDB() {
	client, stop := exampleDuckDBClient() // an emulator with the DuckDB work group "duckdb"
	defer stop()
	ctx := context.Background()

	rows, err := client.Query(ctx, `SELECT 5/2 AS ratio, 18446744073709551615::UBIGINT AS big,
		'170141183460469231731687303715884105727'::HUGEINT AS huge, [1, NULL, 3] AS list,
		{'id': 1, 'tags': ['a', 'b, c']} AS rec, MAP {'k': 1.5::DECIMAL(4,2)} AS m,
		INTERVAL '1 month 2 days 03:00:00' AS iv`, athenaq.StartOptions{WorkGroup: "duckdb"})
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	fmt.Println("engine:", rows.Status().EngineVersion)
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			log.Fatal(err)
		}
		for i, col := range rows.Columns() {
			fmt.Printf("%s %s: %T %v\n", col.Name, col.Type, vals[i], vals[i])
		}
		var huge big.Int
		var iv athenatype.Interval
		if err := rows.Scan(new(any), new(any), &huge, new(any), new(any), new(any), &iv); err != nil {
			log.Fatal(err)
		}
		fmt.Println("scanned:", huge.String(), iv.Months, iv.Days, iv.Duration)
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}

	var ratio any
	if err := client.QueryRow(ctx, "SELECT 5/2").Scan(&ratio); err != nil { // the primary work group: engine v3
		log.Fatal(err)
	}
	fmt.Printf("engine v3: %T %v\n", ratio, ratio)
	// Output:
	// engine: DuckDB
	// ratio DOUBLE: float64 2.5
	// big UBIGINT: uint64 18446744073709551615
	// huge HUGEINT: *big.Int 170141183460469231731687303715884105727
	// list INTEGER[]: []interface {} [1 <nil> 3]
	// rec STRUCT(id INTEGER, tags VARCHAR[]): athenatype.Row [{id 1} {tags [a b, c]}]
	// m MAP(VARCHAR, DECIMAL(4,2)): athenatype.Map [{k 1.50}]
	// iv INTERVAL: athenatype.Interval 1 month 2 days 03:00:00
	// scanned: 170141183460469231731687303715884105727 1 2 3h0m0s
	// engine v3: int32 2
}

// exampleDuckDBClient starts an emulator and makes a DuckDB work group in
// it with the SDK's CreateWorkGroup, as on Athena, then opens a client on
// the primary work group.
func exampleDuckDBClient() (client *athenaq.Client, stop func()) {
	ctx := context.Background()
	srv, err := emulator.New(emulator.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	creds := credentials.NewStaticCredentialsProvider("example", "example", "")
	s3c := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL()), UsePathStyle: true, Credentials: creds})
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("examples")}); err != nil {
		log.Fatal(err)
	}
	api := athena.New(athena.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL()), Credentials: creds})
	_, err = api.CreateWorkGroup(ctx, &athena.CreateWorkGroupInput{Name: aws.String("duckdb"),
		Configuration: &types.WorkGroupConfiguration{
			EngineVersion:       &types.EngineVersion{SelectedEngineVersion: aws.String(athenaq.EngineDuckDB)},
			ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String("s3://examples/duckdb/")},
		}})
	if err != nil {
		log.Fatal(err)
	}
	client, err = athenaq.Open(ctx, athenaq.Config{
		Endpoint:       srv.URL(),
		Region:         "us-east-1",
		OutputLocation: "s3://examples/results/",
		AWS:            &aws.Config{Region: "us-east-1", Credentials: creds},
	})
	if err != nil {
		log.Fatal(err)
	}
	return client, func() {
		client.Close()
		srv.Close()
	}
}
