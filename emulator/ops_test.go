package emulator_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

func TestBatchGetAndListQueryExecutions(t *testing.T) {
	h := newHarness(t)
	var ids []string
	for range 7 {
		ids = append(ids, aws.ToString(h.run("SELECT 1").QueryExecutionId))
	}
	missing := "00000000-0000-4000-8000-000000000000"
	out, err := h.ath.BatchGetQueryExecution(h.ctx, &athena.BatchGetQueryExecutionInput{QueryExecutionIds: append([]string{missing}, ids[:3]...)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.QueryExecutions) != 3 || len(out.UnprocessedQueryExecutionIds) != 1 ||
		aws.ToString(out.UnprocessedQueryExecutionIds[0].QueryExecutionId) != missing {
		t.Errorf("BatchGet: %d executions, unprocessed %+v", len(out.QueryExecutions), out.UnprocessedQueryExecutionIds)
	}
	tooMany := make([]string, 51)
	for i := range tooMany {
		tooMany[i] = missing
	}
	_, err = h.ath.BatchGetQueryExecution(h.ctx, &athena.BatchGetQueryExecutionInput{QueryExecutionIds: tooMany})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) {
		t.Errorf("51 ids: %v, want InvalidRequestException", err)
	}
	// Newest first, in pages of 3.
	var listed []string
	p := athena.NewListQueryExecutionsPaginator(h.ath, &athena.ListQueryExecutionsInput{MaxResults: aws.Int32(3)})
	for p.HasMorePages() {
		page, err := p.NextPage(h.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.QueryExecutionIds) > 3 {
			t.Errorf("page of %d", len(page.QueryExecutionIds))
		}
		listed = append(listed, page.QueryExecutionIds...)
	}
	if len(listed) != 7 || listed[0] != ids[6] || listed[6] != ids[0] {
		t.Errorf("listed %v, want the 7 ids newest first", listed)
	}
}

func TestWorkGroups(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{WorkGroups: []emulator.WorkGroup{
		{Name: "enforced", OutputLocation: "s3://athenaq-test/enforced/", Enforce: true, Description: "forces its location"},
	}}))
	status, body, _ := h.raw("AmazonAthena.GetWorkGroup", jsonType, `{"WorkGroup":"primary"}`)
	if status != 200 || !strings.HasPrefix(body, `{"WorkGroup":{"Configuration":{"EnableMinimumEncryptionConfiguration":false,"EnforceWorkGroupConfiguration":false,"EngineVersion":{"Category":"Presto","EffectiveEngineVersion":"Athena engine version 3","SelectedEngineVersion":"AUTO"},"PublishCloudWatchMetricsEnabled":false,"QuerySchedulingType":"DEFAULT","RequesterPaysEnabled":false,"ResultConfiguration":{}},"CreationTime":1.`) ||
		!strings.HasSuffix(body, `,"Name":"primary","State":"ENABLED"}}`) {
		t.Errorf("GetWorkGroup primary = %d %s", status, body)
	}
	wgs, err := h.ath.ListWorkGroups(h.ctx, &athena.ListWorkGroupsInput{})
	if err != nil || len(wgs.WorkGroups) != 2 || aws.ToString(wgs.WorkGroups[0].Name) != "enforced" || wgs.NextToken != nil {
		t.Fatalf("ListWorkGroups = %+v, %v", wgs, err)
	}
	// An enforcing work group replaces the query's output location.
	out, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), WorkGroup: aws.String("enforced"),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String("s3://athenaq-test/mine/")}})
	if err != nil {
		t.Fatal(err)
	}
	qe := h.wait(aws.ToString(out.QueryExecutionId))
	want := "s3://athenaq-test/enforced/" + aws.ToString(out.QueryExecutionId) + ".csv"
	if got := aws.ToString(qe.ResultConfiguration.OutputLocation); got != want || aws.ToString(qe.WorkGroup) != "enforced" {
		t.Errorf("OutputLocation = %q (work group %q), want %q", got, aws.ToString(qe.WorkGroup), want)
	}
	if _, err := h.object(athenatest.Bucket, "enforced/"+aws.ToString(out.QueryExecutionId)+".csv"); err != nil {
		t.Errorf("result not in the enforced location: %v", err)
	}
	// And a query that sends none uses it.
	out, err = h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 2"), WorkGroup: aws.String("enforced")})
	if err != nil {
		t.Fatalf("no location with an enforcing work group: %v", err)
	}
	h.wait(aws.ToString(out.QueryExecutionId))
	_, err = h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 2"), WorkGroup: aws.String("nope"),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String("s3://athenaq-test/mine/")}})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) || aws.ToString(ire.Message) != "WorkGroup is not found." {
		t.Errorf("unknown work group: %v", err)
	}
}

func TestExecutionParameters(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		params []string
		want   string
	}{
		{[]string{"'abc'"}, "abc"},
		{[]string{"1 + 1"}, "2"},
		{[]string{"it's"}, "it's"},
		{[]string{"abc def"}, "abc def"},
		{[]string{"x + 1"}, "x + 1"},
	}
	for _, c := range cases {
		rows := h.query("SELECT CAST(? AS VARCHAR) AS v", c.params...)
		if joinRows(rows) != c.want {
			t.Errorf("params %q: rows %q, want %q", c.params, joinRows(rows), c.want)
		}
	}
	if got := joinRows(h.query("SELECT a FROM (VALUES (1), (2), (3)) AS t(a) WHERE a > ? AND a < ?", "1", "3")); got != "2" {
		t.Errorf("two parameters: %q", got)
	}
	qe := h.fail("SELECT ? + ?")
	if !strings.HasPrefix(aws.ToString(qe.Status.StateChangeReason), "INVALID_PARAMETER_USAGE") {
		t.Errorf("parameter count mismatch: %q", aws.ToString(qe.Status.StateChangeReason))
	}
	// Values sent with SQL that has no '?' are ignored.
	if got := joinRows(h.query("SELECT 5", "1")); got != "5" {
		t.Errorf("ignored parameter: %q", got)
	}
}

func TestResultReuse(t *testing.T) {
	h := newHarness(t)
	startReuse := func(sql string) *types.QueryExecution {
		out, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(sql),
			ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)},
			ResultReuseConfiguration: &types.ResultReuseConfiguration{ResultReuseByAgeConfiguration: &types.ResultReuseByAgeConfiguration{
				Enabled: true, MaxAgeInMinutes: aws.Int32(10)}}})
		if err != nil {
			t.Fatal(err)
		}
		return h.wait(aws.ToString(out.QueryExecutionId))
	}
	first := startReuse("SELECT 41 + 1 AS v")
	if first.Statistics.ResultReuseInformation.ReusedPreviousResult {
		t.Errorf("first run reused a result")
	}
	second := startReuse("SELECT 41 + 1 AS v")
	if !second.Statistics.ResultReuseInformation.ReusedPreviousResult {
		t.Errorf("second run did not reuse")
	}
	if aws.ToString(second.QueryExecutionId) == aws.ToString(first.QueryExecutionId) ||
		aws.ToString(second.ResultConfiguration.OutputLocation) != aws.ToString(first.ResultConfiguration.OutputLocation) {
		t.Errorf("reused query: id %s location %s; first %s %s", aws.ToString(second.QueryExecutionId),
			aws.ToString(second.ResultConfiguration.OutputLocation), aws.ToString(first.QueryExecutionId), aws.ToString(first.ResultConfiguration.OutputLocation))
	}
	if got := joinRows(h.rows(aws.ToString(second.QueryExecutionId))); got != "v\n42" {
		t.Errorf("reused rows = %q", got)
	}
	if startReuse("SELECT 41 + 1 AS w").Statistics.ResultReuseInformation.ReusedPreviousResult {
		t.Errorf("other text reused a result")
	}
}

func TestQueryExecutionContextEcho(t *testing.T) {
	h := newHarness(t)
	out, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("  SELECT 1 ;  "),
		QueryExecutionContext: &types.QueryExecutionContext{Catalog: aws.String("AwsDataCatalog"), Database: aws.String("Default")},
		ResultConfiguration:   &types.ResultConfiguration{OutputLocation: aws.String("s3://athenaq-test/results")}})
	if err != nil {
		t.Fatal(err)
	}
	qe := h.wait(aws.ToString(out.QueryExecutionId))
	if aws.ToString(qe.Query) != "SELECT 1" {
		t.Errorf("Query = %q, want the text without whitespace and ';'", aws.ToString(qe.Query))
	}
	if c := qe.QueryExecutionContext; aws.ToString(c.Catalog) != "awsdatacatalog" || aws.ToString(c.Database) != "Default" {
		t.Errorf("QueryExecutionContext = %+v", c)
	}
	if got := aws.ToString(qe.ResultConfiguration.OutputLocation); got != "s3://athenaq-test/results/"+aws.ToString(out.QueryExecutionId)+".csv" {
		t.Errorf("a location without a trailing '/': %q", got)
	}
}

func TestOversizedQueryIsRejected(t *testing.T) {
	h := newHarness(t)
	sql := "SELECT '" + strings.Repeat("x", 262145) + "'"
	_, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(sql),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)}})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "INVALID_INPUT" {
		t.Errorf("oversized query: %v", err)
	}
}

func TestGetQueryRuntimeStatistics(t *testing.T) {
	h := newHarness(t)
	qe := h.run("SELECT 1")
	out, err := h.ath.GetQueryRuntimeStatistics(h.ctx, &athena.GetQueryRuntimeStatisticsInput{QueryExecutionId: qe.QueryExecutionId})
	if err != nil {
		t.Fatal(err)
	}
	tl := out.QueryRuntimeStatistics.Timeline
	if tl == nil || aws.ToInt64(tl.TotalExecutionTimeInMillis) != aws.ToInt64(qe.Statistics.TotalExecutionTimeInMillis) ||
		aws.ToInt64(tl.QueryQueueTimeInMillis)+aws.ToInt64(tl.EngineExecutionTimeInMillis) != aws.ToInt64(tl.TotalExecutionTimeInMillis) {
		t.Errorf("Timeline = %+v, statistics %+v", tl, qe.Statistics)
	}
	_, err = h.ath.GetQueryRuntimeStatistics(h.ctx, &athena.GetQueryRuntimeStatisticsInput{QueryExecutionId: aws.String("00000000-0000-4000-8000-000000000000")})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "QUERY_EXECUTION_NOT_FOUND" {
		t.Errorf("unknown id: %v", err)
	}
}

// TestQueueTimeIsNeverZero checks that every statement kind reports some
// time in the queue, in GetQueryExecution and GetQueryRuntimeStatistics,
// as real Athena does, and that the parts still add up.
func TestQueueTimeIsNeverZero(t *testing.T) {
	h := newHarness(t)
	cases := []struct{ name, sql string }{
		{"select", "SELECT 1"},
		{"ddl", "CREATE DATABASE queued"},
		{"utility", "SHOW DATABASES"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			qe := h.run(c.sql)
			st := qe.Statistics
			if q := aws.ToInt64(st.QueryQueueTimeInMillis); q < 1 {
				t.Errorf("GetQueryExecution QueryQueueTimeInMillis = %d, want >= 1", q)
			}
			if aws.ToInt64(st.QueryQueueTimeInMillis)+aws.ToInt64(st.EngineExecutionTimeInMillis) != aws.ToInt64(st.TotalExecutionTimeInMillis) {
				t.Errorf("statistics do not add up: %+v", st)
			}
			out, err := h.ath.GetQueryRuntimeStatistics(h.ctx, &athena.GetQueryRuntimeStatisticsInput{QueryExecutionId: qe.QueryExecutionId})
			if err != nil {
				t.Fatal(err)
			}
			if q := aws.ToInt64(out.QueryRuntimeStatistics.Timeline.QueryQueueTimeInMillis); q < 1 {
				t.Errorf("runtime statistics QueryQueueTimeInMillis = %d, want >= 1", q)
			}
		})
	}
}
