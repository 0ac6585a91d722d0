package stdlib_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/stdlib"
)

func TestBeginTxIsNotSupported(t *testing.T) {
	db, _ := openDB(t, athenaq.Config{}, nil)
	_, err := db.BeginTx(context.Background(), nil)
	if !errors.Is(err, stdlib.ErrNotSupported) || !strings.Contains(err.Error(), "tx=noop") {
		t.Errorf("BeginTx = %v, want ErrNotSupported with a pointer to tx=noop", err)
	}
}

func TestNoopTransactions(t *testing.T) {
	env := athenatest.Start(t)
	for name, open := range map[string]func() (*sql.DB, error){
		"option": func() (*sql.DB, error) {
			return stdlib.OpenDB(withEnv(env, athenaq.Config{}), stdlib.WithNoopTransactions()), nil
		},
		"dsn": func() (*sql.DB, error) { return sql.Open("athena", dsn(env, "tx=noop")) },
	} {
		t.Run(name, func(t *testing.T) {
			db, err := open()
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable, ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT ? * 2", 21).Scan(&n); err != nil || n != 42 {
				t.Errorf("query in a noop transaction: %d, %v", n, err)
			}
			if _, err := tx.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
				t.Fatal(err)
			}
			if err := tx.Rollback(); err != nil {
				t.Errorf("Rollback = %v", err)
			}
			// Rollback undid nothing: the statement took effect as it ran.
			if err := db.QueryRow("SHOW DATABASES LIKE '" + name + "'").Scan(new(string)); err != nil {
				t.Errorf("the database of the rolled back transaction: %v", err)
			}
			tx, err = db.Begin()
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Errorf("Commit = %v", err)
			}
		})
	}
}
