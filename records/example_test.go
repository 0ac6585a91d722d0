package records_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/records"
)

func ExampleRead() {
	client, stop := exampleClient()
	defer stop()
	ctx := context.Background()

	q, err := client.Start(ctx, "SELECT id, name, email, signed_up, tags FROM users ORDER BY id")
	if err != nil {
		log.Fatal(err)
	}
	r, err := records.Read(ctx, q)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Release()
	for _, f := range r.Schema().Fields() {
		athenaType, _ := f.Metadata.GetValue(records.AthenaTypeKey)
		fmt.Printf("%s: %s (Athena %s)\n", f.Name, f.Type, athenaType)
	}
	for r.Next() {
		rec := r.RecordBatch()
		for row := range int(rec.NumRows()) {
			var vals []string
			for _, col := range rec.Columns() {
				vals = append(vals, col.ValueStr(row))
			}
			fmt.Println(strings.Join(vals, " | "))
		}
	}
	if err := r.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// id: int64 (Athena bigint)
	// name: utf8 (Athena varchar)
	// email: utf8 (Athena varchar)
	// signed_up: date32 (Athena date)
	// tags: list<element: utf8, nullable> (Athena array(varchar))
	// 1 | Ann | ann@example.com | 2024-11-02 | ["admin","ops"]
	// 2 | Bob | (null) | 2025-03-14 | []
	// 3 | Cid | cid@example.com | 2025-07-30 | (null)
}

func ExampleWriteIPC() {
	client, stop := exampleClient()
	defer stop()
	ctx := context.Background()

	q, err := client.Start(ctx, "SELECT name, signed_up FROM users ORDER BY id")
	if err != nil {
		log.Fatal(err)
	}
	r, err := records.Read(ctx, q)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Release()
	var stream bytes.Buffer // a file, an HTTP response, a Flight stream...
	if err := records.WriteIPC(&stream, r); err != nil {
		log.Fatal(err)
	}

	// Any Arrow implementation reads the stream; here, arrow-go's.
	ir, err := ipc.NewReader(&stream)
	if err != nil {
		log.Fatal(err)
	}
	defer ir.Release()
	for ir.Next() {
		fmt.Println(ir.RecordBatch().NumRows(), "rows:", ir.RecordBatch().Column(0))
	}
	// Output:
	// 3 rows: ["Ann" "Bob" "Cid"]
}

func ExampleWriteParquet() {
	client, stop := exampleClient()
	defer stop()
	ctx := context.Background()

	q, err := client.Start(ctx, "SELECT id, name FROM users ORDER BY id")
	if err != nil {
		log.Fatal(err)
	}
	r, err := records.Read(ctx, q)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Release()
	var out bytes.Buffer
	if err := records.WriteParquet(&out, r); err != nil {
		log.Fatal(err)
	}

	pf, err := file.NewParquetReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		log.Fatal(err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		log.Fatal(err)
	}
	tbl, err := fr.ReadTable(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer tbl.Release()
	fmt.Println(tbl.NumRows(), "rows,", pf.NumRowGroups(), "row group, columns", tbl.Schema().Field(0).Name, tbl.Schema().Field(1).Name)
	// Output:
	// 3 rows, 1 row group, columns id name
}

// exampleClient starts a local Athena (the emulator) with a users view, and
// opens a client for it whose TypeHints give the tags column its full
// type; stop closes both.
func exampleClient() (client *athenaq.Client, stop func()) {
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
	client, err = athenaq.Open(ctx, athenaq.Config{
		Endpoint:       srv.URL(),
		Region:         "us-east-1",
		OutputLocation: "s3://examples/results/",
		AWS:            &aws.Config{Region: "us-east-1", Credentials: creds},
		TypeHints:      map[string]string{"tags": "array(varchar)"}, // Athena reports only "array"
	})
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Exec(ctx, `CREATE VIEW users AS SELECT * FROM (VALUES
		(CAST(1 AS BIGINT), 'Ann', 'ann@example.com', DATE '2024-11-02', ARRAY['admin', 'ops']),
		(2, 'Bob', NULL, DATE '2025-03-14', CAST(ARRAY[] AS ARRAY(VARCHAR))),
		(3, 'Cid', 'cid@example.com', DATE '2025-07-30', NULL)) AS t(id, name, email, signed_up, tags)`)
	if err != nil {
		log.Fatal(err)
	}
	return client, func() {
		client.Close()
		srv.Close()
	}
}
