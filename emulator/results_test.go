package emulator_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// TestPaginationEdges checks page sizes and tokens at the edges that
// matter: the header row counts toward MaxResults, and a full page always
// carries a token (FACTS §2.4).
func TestPaginationEdges(t *testing.T) {
	h := newHarness(t)
	for _, n := range []int{0, 1, 998, 999, 1000, 1001, 2500} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			id := aws.ToString(h.run(fmt.Sprintf("SELECT range AS x FROM range(%d) ORDER BY x", n)).QueryExecutionId)
			var pages []int
			total := 0
			var token *string
			for {
				out, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), NextToken: token})
				if err != nil {
					t.Fatal(err)
				}
				rows := out.ResultSet.Rows
				if len(pages) == 0 {
					if len(rows) == 0 || aws.ToString(rows[0].Data[0].VarCharValue) != "x" {
						t.Fatalf("first page does not start with the header: %v", rows)
					}
				}
				for i, r := range rows {
					row := total + i - 1 // data row number, the header being -1
					if row >= 0 && aws.ToString(r.Data[0].VarCharValue) != fmt.Sprint(row) {
						t.Fatalf("row %d = %q", row, aws.ToString(r.Data[0].VarCharValue))
					}
				}
				total += len(rows)
				pages = append(pages, len(rows))
				if out.NextToken == nil {
					break
				}
				token = out.NextToken
			}
			if total != n+1 {
				t.Errorf("rows with header = %d, want %d (pages %v)", total, n+1, pages)
			}
			// Pages of 1000 rows each; a full last page is followed by an empty one.
			want := []int{}
			for left := n + 1; left > 0; left -= 1000 {
				want = append(want, min(left, 1000))
			}
			if (n+1)%1000 == 0 {
				want = append(want, 0)
			}
			if fmt.Sprint(pages) != fmt.Sprint(want) {
				t.Errorf("page sizes = %v, want %v", pages, want)
			}
		})
	}
}

func TestSmallPagesAndBadTokens(t *testing.T) {
	h := newHarness(t)
	id := aws.ToString(h.run("SELECT * FROM (VALUES (1, 'a'), (2, NULL), (3, '')) AS t(n, s) ORDER BY n").QueryExecutionId)
	var got []string
	var token *string
	for {
		out, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), NextToken: token, MaxResults: aws.Int32(1)})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range out.ResultSet.Rows {
			s := ""
			for _, d := range r.Data {
				if d.VarCharValue == nil {
					s += "<null>;"
				} else {
					s += *d.VarCharValue + ";"
				}
			}
			got = append(got, s)
		}
		if out.NextToken == nil {
			break
		}
		token = out.NextToken
	}
	want := []string{"n;s;", "1;a;", "2;<null>;", "3;;"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
	_, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), NextToken: aws.String("garbage")})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) || aws.ToString(ire.Message) != "Malformed nextPageToken garbage" {
		t.Errorf("bad token: %v", err)
	}
	_, err = h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), MaxResults: aws.Int32(1001)})
	if !errors.As(err, &ire) || aws.ToString(ire.Message) != "MaxResults is more than maximum allowed length 1000" {
		t.Errorf("MaxResults 1001: %v", err)
	}
}

// TestResultCSVBytes checks the CSV file byte for byte: quoting, NULL
// versus "", embedded quotes and newlines (FACTS §4.2).
func TestResultCSVBytes(t *testing.T) {
	h := newHarness(t)
	cases := []struct{ sql, want string }{
		{`SELECT 1 AS i, 'it''s' AS s, 'a"b' AS q, CAST(NULL AS VARCHAR) AS n, '' AS empty, ARRAY[1,2] AS a, X'0102' AS vb`,
			"\"i\",\"s\",\"q\",\"n\",\"empty\",\"a\",\"vb\"\n\"1\",\"it's\",\"a\"\"b\",,\"\",\"[1, 2]\",\"01 02\"\n"},
		{"SELECT 1 AS i WHERE false", "\"i\"\n"},
		{"SELECT 'line1\nline2' AS m, 'tab\there,comma' AS t", "\"m\",\"t\"\n\"line1\nline2\",\"tab\there,comma\"\n"},
		{"SELECT 1", "\"_col0\"\n\"1\"\n"},
	}
	for _, c := range cases {
		id := aws.ToString(h.run(c.sql).QueryExecutionId)
		body, err := h.object(athenatest.Bucket, "results/"+id+".csv")
		if err != nil {
			t.Fatal(err)
		}
		if string(body) != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, body, c.want)
		}
	}
}

func TestGetQueryResultsBeforeCompletion(t *testing.T) {
	h := newHarness(t)
	id := h.start("SELECT count(*) FROM range(100000000) a, range(100000) b")
	_, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "INVALID_QUERY_EXECUTION_STATE" {
		t.Errorf("GetQueryResults while running: %v", err)
	}
	if _, err := h.ath.StopQueryExecution(h.ctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	h.wait(id)
}

// forgeToken returns a token made up from what earlier tokens revealed:
// the old text layout, a position and a row, base64-encoded.
func forgeToken(id string, pos, row int) string {
	raw := fmt.Sprintf("athenaq-emulator:results:%s:%d:%d:", id, pos, row)
	raw += strings.Repeat("~", max(0, 90-len(raw)))
	return base64.StdEncoding.EncodeToString([]byte(raw))
}

func TestForgedPageTokensAreRejected(t *testing.T) {
	h := newHarness(t)
	id := aws.ToString(h.run("SELECT n, 'row' || CAST(n AS varchar) AS s FROM UNNEST(sequence(1, 20)) AS t(n) ORDER BY n").QueryExecutionId)
	other := aws.ToString(h.run("SELECT n, n FROM UNNEST(sequence(1, 20)) AS t(n)").QueryExecutionId)
	page, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), MaxResults: aws.Int32(3)})
	if err != nil || page.NextToken == nil {
		t.Fatalf("first page: %v", err)
	}
	good := aws.ToString(page.NextToken)
	raw, err := base64.RawStdEncoding.DecodeString(good)
	if err != nil {
		t.Fatalf("token %q is not base64: %v", good, err)
	}
	flip := func(i int) string {
		b := slices.Clone(raw)
		b[i] ^= 1
		return base64.RawStdEncoding.EncodeToString(b)
	}
	wgs, err := h.ath.ListQueryExecutions(h.ctx, &athena.ListQueryExecutionsInput{MaxResults: aws.Int32(1)})
	if err != nil || wgs.NextToken == nil {
		t.Fatalf("ListQueryExecutions: %v", err)
	}
	cases := []struct{ name, token string }{
		{"old layout, mid-row", forgeToken(id, 9, 2)},
		{"old layout, at a row", forgeToken(id, 0, 1)},
		{"position changed", flip(7)},
		{"row changed", flip(15)},
		{"signature changed", flip(len(raw) - 1)},
		{"cut short", good[:len(good)-4]},
		{"another listing's token", aws.ToString(wgs.NextToken)},
		{"padded", good + "=="},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), NextToken: aws.String(c.token)})
			var ire *types.InvalidRequestException
			if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "INVALID_INPUT" || aws.ToString(ire.Message) != "Malformed nextPageToken "+c.token {
				t.Errorf("err = %v, want 400 Malformed nextPageToken", err)
			}
		})
	}
	// A genuine token works for its own query only.
	_, err = h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(other), NextToken: aws.String(good)})
	if athenaCode(err) != "INVALID_INPUT" {
		t.Errorf("another query's token: %v", err)
	}
	next, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), NextToken: aws.String(good), MaxResults: aws.Int32(2)})
	if err != nil || len(next.ResultSet.Rows) != 2 || aws.ToString(next.ResultSet.Rows[0].Data[1].VarCharValue) != "row3" {
		t.Errorf("the genuine token: %v %+v", err, next)
	}
	// List operations sign theirs too.
	_, err = h.ath.ListWorkGroups(h.ctx, &athena.ListWorkGroupsInput{NextToken: aws.String(good)})
	if athenaCode(err) != "INVALID_INPUT" {
		t.Errorf("ListWorkGroups with a results token: %v", err)
	}
}

func TestPageTokensSurviveARestart(t *testing.T) {
	opts := emulator.Options{DataDir: t.TempDir()}
	h := newHarness(t, athenatest.WithOptions(opts))
	id := aws.ToString(h.run("SELECT n FROM UNNEST(sequence(1, 5)) AS t(n) ORDER BY n").QueryExecutionId)
	page, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), MaxResults: aws.Int32(3)})
	if err != nil || page.NextToken == nil {
		t.Fatalf("first page: %v", err)
	}
	if err := h.env.Server.Close(); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, athenatest.WithOptions(opts))
	next, err := h2.ath.GetQueryResults(h2.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), NextToken: page.NextToken})
	if err != nil || len(next.ResultSet.Rows) != 3 || aws.ToString(next.ResultSet.Rows[0].Data[0].VarCharValue) != "3" {
		t.Errorf("after a restart: %v %+v", err, next)
	}
	// Without DataDir every server has a key of its own.
	a, b := newHarness(t), newHarness(t)
	id = aws.ToString(a.run("SELECT n FROM UNNEST(sequence(1, 5)) AS t(n)").QueryExecutionId)
	page, err = a.ath.GetQueryResults(a.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), MaxResults: aws.Int32(2)})
	if err != nil || page.NextToken == nil {
		t.Fatalf("first page: %v", err)
	}
	_, err = b.ath.ListQueryExecutions(b.ctx, &athena.ListQueryExecutionsInput{NextToken: page.NextToken})
	if athenaCode(err) != "INVALID_INPUT" {
		t.Errorf("a token of another server: %v", err)
	}
}
