package stdlib_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"

	"github.com/athenaq/athenaq/emulator"
	_ "github.com/athenaq/athenaq/stdlib"
)

// Query the local Athena (the emulator) through database/sql.
func Example() {
	srv, err := emulator.New(emulator.Options{OutputLocation: "s3://example-results/"})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}

	db, err := sql.Open("athena", "athena://us-east-1/default?workgroup=primary&endpoint="+srv.URL())
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	rows, err := db.QueryContext(ctx, "SELECT x, x * x AS square, ARRAY[x, -x] AS pair FROM (VALUES (1), (2), (3)) AS t(x) WHERE x > ? ORDER BY x", 1)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var x, square int
		var pair string // arrays arrive as Athena's text; stdlib.Decode gives a []any
		if err := rows.Scan(&x, &square, &pair); err != nil {
			log.Fatal(err)
		}
		fmt.Println(x, square, pair)
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// 2 4 [2, -2]
	// 3 9 [3, -3]
}
