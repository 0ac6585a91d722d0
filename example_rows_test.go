package athenaq_test

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
	_ "github.com/athenaq/athenaq/records" // the Parquet reader of ResultUnload
)

// User is a row of the examples' users view.
type User struct {
	ID       int64
	Name     string
	Email    *string   // NULL is nil
	SignedUp time.Time `db:"signed_up"`
}

func ExampleClient_QueryRow() {
	client, stop := exampleClient()
	defer stop()
	ctx := context.Background()

	var name string
	var signedUp time.Time
	err := client.QueryRow(ctx, "SELECT name, signed_up FROM users WHERE id = ?", 2).Scan(&name, &signedUp)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(name, signedUp.Format(time.DateOnly))

	err = client.QueryRow(ctx, "SELECT name FROM users WHERE id = ?", 99).Scan(&name)
	if errors.Is(err, athenaq.ErrNoRows) {
		fmt.Println("no user 99")
	}
	// Output:
	// Bob 2025-03-14
	// no user 99
}

func ExampleCollectRows() {
	client, stop := exampleClient()
	defer stop()

	rows, err := client.Query(context.Background(), "SELECT name FROM users ORDER BY name")
	if err != nil {
		log.Fatal(err)
	}
	names, err := athenaq.CollectRows(rows, athenaq.RowTo[string])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(names)
	// Output:
	// [Ann Bob Cid]
}

func ExampleCollectOneRow() {
	client, stop := exampleClient()
	defer stop()

	rows, err := client.Query(context.Background(), "SELECT * FROM users WHERE name = ?", "Ann")
	if err != nil {
		log.Fatal(err)
	}
	u, err := athenaq.CollectOneRow(rows, athenaq.RowToStructByName[User])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.ID, u.Name, *u.Email)
	// Output:
	// 1 Ann ann@example.com
}

func ExampleRowTo() {
	client, stop := exampleClient()
	defer stop()

	rows, err := client.Query(context.Background(), "SELECT id FROM users WHERE email IS NOT NULL ORDER BY id")
	if err != nil {
		log.Fatal(err)
	}
	ids, err := athenaq.CollectRows(rows, athenaq.RowTo[int64])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ids)
	// Output:
	// [1 3]
}

func ExampleRowToStructByName() {
	client, stop := exampleClient()
	defer stop()

	// Columns match fields by their db tag, else by name, in any order.
	rows, err := client.Query(context.Background(), "SELECT signed_up, email, name, id FROM users ORDER BY id")
	if err != nil {
		log.Fatal(err)
	}
	users, err := athenaq.CollectRows(rows, athenaq.RowToStructByName[User])
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		email := "(none)"
		if u.Email != nil {
			email = *u.Email
		}
		fmt.Println(u.ID, u.Name, email, u.SignedUp.Format(time.DateOnly))
	}
	// Output:
	// 1 Ann ann@example.com 2024-11-02
	// 2 Bob (none) 2025-03-14
	// 3 Cid cid@example.com 2025-07-30
}

func ExampleRowToStructByPos() {
	client, stop := exampleClient()
	defer stop()

	// Columns fill the fields in order, whatever their names.
	type signups struct {
		Year  int
		Count int
	}
	rows, err := client.Query(context.Background(), "SELECT year(signed_up), count(*) FROM users GROUP BY 1 ORDER BY 1")
	if err != nil {
		log.Fatal(err)
	}
	years, err := athenaq.CollectRows(rows, athenaq.RowToStructByPos[signups])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", years)
	// Output:
	// [{Year:2024 Count:1} {Year:2025 Count:2}]
}

func ExampleRowToMap() {
	client, stop := exampleClient()
	defer stop()

	rows, err := client.Query(context.Background(), "SELECT id, name, email FROM users WHERE id = 2")
	if err != nil {
		log.Fatal(err)
	}
	m, err := athenaq.CollectOneRow(rows, athenaq.RowToMap)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m) // NULL is nil
	// Output:
	// map[email:<nil> id:2 name:Bob]
}

// exampleClient starts a local Athena (the emulator) with a users view, and
// opens a client for it; stop closes both.
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
	})
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Exec(ctx, `CREATE VIEW users AS SELECT * FROM (VALUES
		(CAST(1 AS BIGINT), 'Ann', 'ann@example.com', DATE '2024-11-02'),
		(2, 'Bob', NULL, DATE '2025-03-14'),
		(3, 'Cid', 'cid@example.com', DATE '2025-07-30')) AS t(id, name, email, signed_up)`)
	if err != nil {
		log.Fatal(err)
	}
	return client, func() {
		client.Close()
		srv.Close()
	}
}

func ExampleClient_Exec() {
	client, stop := exampleClient()
	defer stop()
	ctx := context.Background()

	// Exec reports how many rows a CTAS, INSERT, UPDATE, DELETE or MERGE wrote.
	st, err := client.Exec(ctx, "CREATE TABLE signups WITH (format = 'PARQUET') AS SELECT id, signed_up FROM users")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.SubstatementType, st.UpdateCount)
	st, err = client.Exec(ctx, "INSERT INTO signups SELECT id + 10, signed_up FROM users WHERE email IS NOT NULL")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.SubstatementType, st.UpdateCount)
	// Output:
	// CREATE_TABLE_AS_SELECT 3
	// INSERT 2
}

func ExampleClient_Query_options() {
	client, stop := exampleClient()
	defer stop()

	// A StartOptions value first among the arguments sets per-query options;
	// the other arguments bind the '?' placeholders.
	detach := false
	opts := athenaq.StartOptions{
		DetachOnCancel: &detach,
		OnQueryID:      func(id string) { fmt.Println("query id has", len(id), "characters") },
	}
	rows, err := client.Query(context.Background(), "SELECT name FROM users WHERE id = ?", opts, 3)
	if err != nil {
		log.Fatal(err)
	}
	names, err := athenaq.CollectRows(rows, athenaq.RowTo[string])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(names)
	// Output:
	// query id has 36 characters
	// [Cid]
}

func ExampleResultMode() {
	client, stop := exampleClient()
	defer stop()

	// The same query through each transport gives the same rows. ResultCSV
	// reads Athena's result file from S3; ResultUnload runs the query as an
	// UNLOAD to Parquet and reads its files (it needs the records package,
	// imported here by the examples).
	for _, mode := range []athenaq.ResultMode{athenaq.ResultAPI, athenaq.ResultCSV, athenaq.ResultUnload} {
		rows, err := client.Query(context.Background(), "SELECT name, signed_up FROM users ORDER BY id",
			athenaq.StartOptions{ResultMode: mode})
		if err != nil {
			log.Fatal(err)
		}
		users, err := athenaq.CollectRows(rows, athenaq.RowToStructByName[struct {
			Name     string
			SignedUp time.Time `db:"signed_up"`
		}])
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(mode, len(users), users[2].Name, users[2].SignedUp.Format(time.DateOnly))
	}
	// Output:
	// api 3 Cid 2025-07-30
	// csv 3 Cid 2025-07-30
	// unload 3 Cid 2025-07-30
}
