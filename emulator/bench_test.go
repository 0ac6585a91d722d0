package emulator_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
)

// bench1M reads the 1,000,000-row, 10-column SELECT of the result-writing
// benchmark; internal/engine's BenchmarkPlainCopy1M copies the same rows
// with DuckDB alone, the baseline the emulator must stay within 2x of.
func bench1M(b *testing.B) string {
	b.Helper()
	sql, err := os.ReadFile("internal/engine/testdata/bench1m.sql")
	if err != nil {
		b.Fatal(err)
	}
	return strings.TrimSpace(string(sql))
}

// BenchmarkSelect1MResult measures a whole query: StartQueryExecution until
// the state is SUCCEEDED, which includes rendering, the CSV write and the
// upload of the result object to the embedded S3.
func BenchmarkSelect1MResult(b *testing.B) {
	h := newHarness(b)
	sql := bench1M(b)
	b.ReportAllocs()
	for b.Loop() {
		h.run(sql)
	}
}

// BenchmarkGetQueryResultsPage measures serving one 1000-row, 10-column page
// from the middle of a result, over HTTP on loopback: raw reads the body,
// sdk also decodes it with aws-sdk-go-v2.
func BenchmarkGetQueryResultsPage(b *testing.B) {
	h := newHarness(b)
	id := aws.ToString(h.run(strings.Replace(bench1M(b), "range(1000000)", "range(5000)", 1)).QueryExecutionId)
	first, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	if err != nil {
		b.Fatal(err)
	}
	token := aws.ToString(first.NextToken)
	b.Run("raw", func(b *testing.B) {
		body := fmt.Sprintf(`{"QueryExecutionId":%q,"NextToken":%q}`, id, token)
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequest(http.MethodPost, h.env.Config.Endpoint+"/", strings.NewReader(body))
			req.Header.Set("X-Amz-Target", "AmazonAthena.GetQueryResults")
			req.Header.Set("Content-Type", jsonType)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			n, _ := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || n < 100000 {
				b.Fatalf("status %d, %d bytes", resp.StatusCode, n)
			}
		}
	})
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), NextToken: aws.String(token)})
			if err != nil {
				b.Fatal(err)
			}
			if len(out.ResultSet.Rows) != 1000 {
				b.Fatalf("%d rows", len(out.ResultSet.Rows))
			}
		}
	})
}
