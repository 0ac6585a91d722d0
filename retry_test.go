package athenaq_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// sequenceSQL returns 1..n in order, one bigint row each.
func sequenceSQL(n int) string {
	return fmt.Sprintf("SELECT n FROM unnest(sequence(1, %d)) AS t(n) ORDER BY n", n)
}

// readSequence reads rows and checks that they are exactly 1..n in order.
func readSequence(t testing.TB, rows *athenaq.Rows, n int) {
	t.Helper()
	defer rows.Close()
	want := int64(1)
	for rows.Next() {
		var got int64
		if err := rows.Scan(&got); err != nil {
			t.Fatalf("row %d: %v", want, err)
		}
		if got != want {
			t.Fatalf("row %d holds %d: rows lost, duplicated or reordered", want, got)
		}
		want++
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("after %d rows: %v", want-1, err)
	}
	if want-1 != int64(n) {
		t.Fatalf("got %d rows, want %d", want-1, n)
	}
}

// attemptStates returns the emulator's state of each attempt.
func attemptStates(t *testing.T, env *athenatest.Env, ids []string) []string {
	t.Helper()
	var states []string
	for _, id := range ids {
		out, err := env.Athena().GetQueryExecution(context.Background(), &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		states = append(states, string(out.QueryExecution.Status.State))
	}
	return states
}

func TestRetryFailedQueriesStartsTheQueryAgain(t *testing.T) {
	for _, mode := range []athenaq.ResultMode{athenaq.ResultAPI, athenaq.ResultCSV, athenaq.ResultUnload} {
		t.Run(string(mode), func(t *testing.T) {
			c, env := open(t, athenaq.Config{RetryFailedQueries: 3, ResultMode: mode},
				athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{FailFirst: 2}}))
			ctx := context.Background()
			q, err := c.Start(ctx, sequenceSQL(2500))
			if err != nil {
				t.Fatal(err)
			}
			first := q.ID()
			st, err := q.Wait(ctx)
			if err != nil {
				t.Fatalf("Wait: %v (attempts %v)", err, q.Attempts())
			}
			ids := q.Attempts()
			if len(ids) != 3 || ids[0] != first || q.ID() != ids[2] || st.QueryID != ids[2] ||
				len(slices.Compact(slices.Sorted(slices.Values(ids)))) != 3 {
				t.Fatalf("Attempts = %v, ID %s, status id %s; want 3 distinct ids starting with %s and ending with ID", ids, q.ID(), st.QueryID, first)
			}
			if got := attemptStates(t, env, ids); !slices.Equal(got, []string{"FAILED", "FAILED", "SUCCEEDED"}) {
				t.Errorf("attempt states %v", got)
			}
			rows, err := q.Rows(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rows.QueryID() != ids[2] {
				t.Errorf("Rows.QueryID = %s, want the last attempt %s", rows.QueryID(), ids[2])
			}
			readSequence(t, rows, 2500)
		})
	}
}

func TestRetryFailedQueriesGivesUpAtTheLimit(t *testing.T) {
	c, env := open(t, athenaq.Config{RetryFailedQueries: 2}, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{FailRate: 1}}))
	q, err := c.Start(context.Background(), "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = q.Wait(context.Background())
	var qe *athenaq.QueryError
	if !errors.As(err, &qe) || qe.State != athenaq.StateFailed || !qe.Retryable {
		t.Fatalf("Wait = %v, want a retryable FAILED *QueryError", err)
	}
	ids := q.Attempts()
	if len(ids) != 3 || qe.QueryID != ids[2] {
		t.Fatalf("Attempts = %v, error names %s; want 3 attempts, the error naming the last", ids, qe.QueryID)
	}
	if got := env.Server.Stats().Queries["FAILED"]; got != 3 {
		t.Errorf("emulator saw %d FAILED queries, want 3", got)
	}
}

func TestRetryFailedQueriesLeavesOtherFailuresAlone(t *testing.T) {
	cases := []struct {
		name  string
		cfg   athenaq.Config
		sql   string
		fault emulator.Faults
	}{
		{"off by default", athenaq.Config{}, "SELECT 1", emulator.Faults{FailFirst: 1}},
		{"a write", athenaq.Config{RetryFailedQueries: 3}, "CREATE VIEW v AS SELECT 1 AS x", emulator.Faults{FailFirst: 1}},
		{"not retryable", athenaq.Config{RetryFailedQueries: 3}, "SELECT * FROM no_such_table", emulator.Faults{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, env := open(t, tc.cfg, athenatest.WithOptions(emulator.Options{Faults: tc.fault}))
			q, err := c.Start(context.Background(), tc.sql)
			if err != nil {
				t.Fatal(err)
			}
			_, err = q.Wait(context.Background())
			var qe *athenaq.QueryError
			if !errors.As(err, &qe) || qe.State != athenaq.StateFailed {
				t.Fatalf("Wait = %v, want FAILED", err)
			}
			if ids := q.Attempts(); len(ids) != 1 || ids[0] != q.ID() {
				t.Errorf("Attempts = %v, want [%s] alone", ids, q.ID())
			}
			if got := env.Server.Stats().Queries["FAILED"]; got != 1 {
				t.Errorf("emulator saw %d FAILED queries, want 1", got)
			}
		})
	}
}

func TestRetryFailedQueriesStopsWhenCancelled(t *testing.T) {
	c, env := open(t, athenaq.Config{RetryFailedQueries: 1000}, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{FailRate: 1}}))
	ctx := context.Background()
	q, err := c.Start(ctx, "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	for len(q.Attempts()) < 2 {
		select {
		case <-q.Done():
			t.Fatal("the query ended instead of being retried")
		case <-time.After(5 * time.Millisecond):
		}
	}
	if err := q.Cancel(ctx); err != nil {
		t.Fatal(err)
	}
	<-q.Done()
	n := len(q.Attempts())
	st, _ := q.Wait(ctx)
	if !st.State.Terminal() || st.QueryID != q.ID() {
		t.Errorf("final status %s of %s, want a final state of %s", st.State, st.QueryID, q.ID())
	}
	// Nothing starts after the end: the emulator holds exactly the
	// attempts the handle lists, all final.
	time.Sleep(600 * time.Millisecond) // longer than the next backoff
	stats := env.Server.Stats().Queries
	if total := stats["FAILED"] + stats["CANCELLED"] + stats["SUCCEEDED"]; total != int64(n) || len(q.Attempts()) != n || n > 10 {
		t.Errorf("emulator holds %v, handle lists %d attempts then %d", stats, n, len(q.Attempts()))
	}
}

// ExampleConfig_retryFailedQueries runs a query on an emulator whose first
// two queries fail with a retryable internal error: the client starts it
// again with new request tokens, and the rows come from the third attempt.
func ExampleConfig_retryFailedQueries() {
	ctx := context.Background()
	srv, err := emulator.New(emulator.Options{Faults: emulator.Faults{FailFirst: 2}})
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	creds := credentials.NewStaticCredentialsProvider("example", "example", "")
	s3c := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL()), UsePathStyle: true, Credentials: creds})
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("examples")}); err != nil {
		log.Fatal(err)
	}

	client, err := athenaq.Open(ctx, athenaq.Config{
		Endpoint:           srv.URL(),
		Region:             "us-east-1",
		OutputLocation:     "s3://examples/results/",
		AWS:                &aws.Config{Region: "us-east-1", Credentials: creds},
		RetryFailedQueries: 3, // up to 3 more attempts of a retryable failure
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	q, err := client.Start(ctx, "SELECT 'hello' AS greeting")
	if err != nil {
		log.Fatal(err)
	}
	rows, err := q.Rows(ctx)
	if err != nil {
		log.Fatal(err)
	}
	greeting, err := athenaq.CollectOneRow(rows, athenaq.RowTo[string])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(greeting, "after", len(q.Attempts()), "attempts")
	fmt.Println("last attempt is ID:", q.Attempts()[2] == q.ID())
	// Output:
	// hello after 3 attempts
	// last attempt is ID: true
}

func TestRetryFailedQueriesEndWhenTheClientCloses(t *testing.T) {
	c, env := open(t, athenaq.Config{RetryFailedQueries: 1000}, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{FailRate: 1}}))
	q, err := c.Start(context.Background(), "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	for len(q.Attempts()) < 2 {
		time.Sleep(5 * time.Millisecond)
	}
	c.Close()
	<-q.Done()
	n := len(q.Attempts())
	if _, err := q.Wait(context.Background()); err == nil {
		t.Fatal("Wait succeeded")
	}
	time.Sleep(600 * time.Millisecond) // longer than the next backoff
	stats := env.Server.Stats()
	if total := sum(stats.Queries); total != int64(n) || len(q.Attempts()) != n {
		t.Errorf("emulator holds %v, handle lists %d attempts then %d: a retry started after Close", stats.Queries, n, len(q.Attempts()))
	}
}
