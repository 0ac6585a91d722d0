package emulator_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
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
