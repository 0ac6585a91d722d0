package engine

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"strings"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

func TestProbe(t *testing.T) {
	c, err := duckdb.NewConnector("?autoinstall_known_extensions=false&autoload_known_extensions=false", func(ex driver.ExecerContext) error {
		_, err := ex.ExecContext(context.Background(), "SET integer_division=true; SET TimeZone='UTC'", nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	defer db.Close()
	conn, _ := db.Conn(context.Background())
	f, _ := os.Open(os.Getenv("PROBE"))
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var buf strings.Builder
	for sc.Scan() {
		line := sc.Text()
		if line != "" {
			buf.WriteString(line + "\n")
			continue
		}
		q := buf.String()
		buf.Reset()
		if strings.TrimSpace(q) == "" {
			continue
		}
		fmt.Printf(">> %s", q)
		rows, err := conn.QueryContext(context.Background(), q)
		if err != nil {
			fmt.Printf("ERR %T %q\n", err, err.Error())
			continue
		}
		cols, _ := rows.Columns()
		cts, _ := rows.ColumnTypes()
		for i := range cols {
			fmt.Printf("[%s %s] ", cols[i], cts[i].DatabaseTypeName())
		}
		fmt.Println()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				fmt.Println("SCANERR", err)
				break
			}
			for _, v := range vals {
				fmt.Printf("%#v | ", v)
			}
			fmt.Println()
		}
		if err := rows.Err(); err != nil {
			fmt.Printf("ERR %q\n", err.Error())
		}
		rows.Close()
	}
}
