package emulator_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// historyGroups are the work groups of the history tests besides primary.
var historyGroups = []emulator.WorkGroup{
	{Name: "other", OutputLocation: "s3://" + athenatest.Bucket + "/other/"},
	{Name: "managed", ManagedResults: true, Enforce: true},
}

const historySelect = "SELECT range AS x, 'v' || CAST(range AS varchar) AS s FROM range(2500) ORDER BY x"

// call sends an Athena operation as raw JSON and returns the status line
// and body, which the tests compare byte for byte.
func (h *harness) call(op string, in any) string {
	h.t.Helper()
	body, err := json.Marshal(in)
	if err != nil {
		h.t.Fatal(err)
	}
	status, out, _ := h.raw("AmazonAthena."+op, jsonType, string(body))
	return fmt.Sprintf("%d %s", status, out)
}

// pages reads every page of an operation that pages with NextToken, as raw
// answers.
func (h *harness) pages(op string, in map[string]any) []string {
	h.t.Helper()
	var out []string
	for len(out) < 100 {
		answer := h.call(op, in)
		out = append(out, answer)
		var page struct{ NextToken string }
		if !strings.HasPrefix(answer, "200 ") || json.Unmarshal([]byte(answer[4:]), &page) != nil || page.NextToken == "" {
			return out
		}
		in["NextToken"] = page.NextToken
	}
	h.t.Fatalf("%s: more than 100 pages", op)
	return nil
}

// startWith starts a query with the token and reuse setting given.
func (h *harness) startWith(sql, token string, reuse bool) (string, error) {
	in := &athena.StartQueryExecutionInput{QueryString: aws.String(sql),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)}}
	if token != "" {
		in.ClientRequestToken = aws.String(token)
	}
	if reuse {
		in.ResultReuseConfiguration = &types.ResultReuseConfiguration{ResultReuseByAgeConfiguration: &types.ResultReuseByAgeConfiguration{
			Enabled: true, MaxAgeInMinutes: aws.Int32(30)}}
	}
	out, err := h.ath.StartQueryExecution(h.ctx, in)
	if err != nil {
		return "", err
	}
	return aws.ToString(out.QueryExecutionId), nil
}

// historyAnswers are the raw answers of every read API about the queries.
func (h *harness) historyAnswers(ids map[string]string, readResults func(name string) bool) map[string]string {
	h.t.Helper()
	out := map[string]string{}
	var all []string
	for name, id := range ids {
		all = append(all, id)
		out["GetQueryExecution "+name] = h.call("GetQueryExecution", map[string]any{"QueryExecutionId": id})
		out["GetQueryRuntimeStatistics "+name] = h.call("GetQueryRuntimeStatistics", map[string]any{"QueryExecutionId": id})
		if !readResults(name) {
			continue
		}
		for i, p := range h.pages("GetQueryResults", map[string]any{"QueryExecutionId": id}) {
			out[fmt.Sprintf("GetQueryResults %s page %d", name, i)] = p
		}
		for i, p := range h.pages("GetQueryResults", map[string]any{"QueryExecutionId": id, "MaxResults": 7, "QueryResultType": "DATA_MANIFEST"}) {
			out[fmt.Sprintf("GetQueryResults DATA_MANIFEST %s page %d", name, i)] = p
		}
	}
	slices.Sort(all)
	all = append(all, "00000000-0000-4000-8000-000000000000")
	out["BatchGetQueryExecution"] = h.call("BatchGetQueryExecution", map[string]any{"QueryExecutionIds": all})
	for _, wg := range []string{"primary", "other", "managed"} {
		for i, p := range h.pages("ListQueryExecutions", map[string]any{"WorkGroup": wg, "MaxResults": 3}) {
			out[fmt.Sprintf("ListQueryExecutions %s page %d", wg, i)] = p
		}
	}
	return out
}

// execution returns GetQueryExecution's answer through the SDK.
func (h *harness) execution(id string) *types.QueryExecution {
	h.t.Helper()
	out, err := h.ath.GetQueryExecution(h.ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
	if err != nil {
		h.t.Fatalf("GetQueryExecution(%s): %v", id, err)
	}
	return out.QueryExecution
}

// listed returns every id ListQueryExecutions lists for wg, through the SDK.
func (h *harness) listed(wg string) []string {
	h.t.Helper()
	var ids []string
	p := athena.NewListQueryExecutionsPaginator(h.ath, &athena.ListQueryExecutionsInput{WorkGroup: aws.String(wg), MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(h.ctx)
		if err != nil {
			h.t.Fatalf("ListQueryExecutions(%s): %v", wg, err)
		}
		ids = append(ids, page.QueryExecutionIds...)
	}
	return ids
}

func athenaCode(err error) string {
	var ire *types.InvalidRequestException
	if errors.As(err, &ire) {
		return aws.ToString(ire.AthenaErrorCode)
	}
	return ""
}

func TestQueryHistorySurvivesRestart(t *testing.T) {
	opts := emulator.Options{DataDir: t.TempDir(), WorkGroups: historyGroups}
	h := newHarness(t, athenatest.WithOptions(opts))
	ids := map[string]string{}
	var primary []string // submission order
	runAs := func(name, sql string) {
		id := aws.ToString(h.run(sql).QueryExecutionId)
		ids[name] = id
		primary = append(primary, id)
	}
	const token = "history-test-token-0123456789abcdef012345"
	id, err := h.startWith(historySelect, token, false)
	if err != nil {
		t.Fatal(err)
	}
	h.wait(id)
	ids["select"] = id
	primary = append(primary, id)
	runAs("ddl", "CREATE DATABASE hist")
	runAs("ctas", "CREATE TABLE hist.t AS SELECT range AS x FROM range(10)")
	runAs("insert", "INSERT INTO hist.t SELECT range FROM range(5)")
	runAs("explain", "EXPLAIN SELECT 1")
	ids["failed"] = aws.ToString(h.fail("SELECT 1 / 0").QueryExecutionId)
	primary = append(primary, ids["failed"])
	ids["cancelled"] = h.start("SELECT count(*) FROM range(100000000) a, range(100000) b")
	primary = append(primary, ids["cancelled"])
	if _, err := h.ath.StopQueryExecution(h.ctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(ids["cancelled"])}); err != nil {
		t.Fatal(err)
	}
	if qe := h.wait(ids["cancelled"]); qe.Status.State != types.QueryExecutionStateCancelled {
		t.Fatalf("stopped query ended %s", qe.Status.State)
	}
	if ids["reused"], err = h.startWith(historySelect, "", true); err != nil {
		t.Fatal(err)
	}
	primary = append(primary, ids["reused"])
	if qe := h.wait(ids["reused"]); !qe.Statistics.ResultReuseInformation.ReusedPreviousResult {
		t.Fatal("the query with result reuse ran instead of reusing")
	}
	other, err := h.startIn("other", "SELECT 42 AS answer", "")
	if err != nil {
		t.Fatal(err)
	}
	h.wait(other)
	ids["other"] = other
	ids["managed"] = aws.ToString(h.runIn("managed", "SELECT 7 AS seven").QueryExecutionId)
	wantRows := h.rows(ids["select"])
	if len(wantRows) != 2501 {
		t.Fatalf("SELECT: %d rows, want 2501 with the header", len(wantRows))
	}
	readable := func(name string) bool { return name != "managed" }
	before := h.historyAnswers(ids, readable)
	beforeSDK := map[string]*types.QueryExecution{}
	for name, id := range ids {
		beforeSDK[name] = h.execution(id)
	}
	if _, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(ids["managed"])}); err != nil {
		t.Fatalf("managed results before the restart: %v", err)
	}
	if err := h.env.Server.Close(); err != nil {
		t.Fatal(err)
	}

	h2 := newHarness(t, athenatest.WithOptions(opts))
	after := h2.historyAnswers(ids, readable)
	for key, want := range before {
		if got := after[key]; got != want {
			t.Errorf("%s after the restart:\n got %.600s\nwant %.600s", key, got, want)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d answers after the restart, %d before", len(after), len(before))
	}
	for name, want := range beforeSDK {
		if got := h2.execution(ids[name]); !reflect.DeepEqual(got, want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			t.Errorf("GetQueryExecution %s through the SDK after the restart:\n got %s\nwant %s", name, g, w)
		}
	}

	// The answers are the queries', not empty ones that happen to agree.
	checks := []struct {
		name  string
		state types.QueryExecutionState
		check func(qe *types.QueryExecution) bool
	}{
		{"select", types.QueryExecutionStateSucceeded, func(qe *types.QueryExecution) bool { return aws.ToString(qe.Query) == historySelect }},
		{"ddl", types.QueryExecutionStateSucceeded, func(qe *types.QueryExecution) bool { return qe.StatementType == types.StatementTypeDdl }},
		{"ctas", types.QueryExecutionStateSucceeded, func(qe *types.QueryExecution) bool { return qe.Statistics.DataManifestLocation != nil }},
		{"failed", types.QueryExecutionStateFailed, func(qe *types.QueryExecution) bool {
			return qe.Status.AthenaError != nil && aws.ToInt32(qe.Status.AthenaError.ErrorType) == 1001
		}},
		{"cancelled", types.QueryExecutionStateCancelled, func(qe *types.QueryExecution) bool {
			return aws.ToString(qe.Status.StateChangeReason) == "Query cancelled by user"
		}},
		{"reused", types.QueryExecutionStateSucceeded, func(qe *types.QueryExecution) bool {
			return qe.Statistics.ResultReuseInformation.ReusedPreviousResult
		}},
		{"managed", types.QueryExecutionStateSucceeded, func(qe *types.QueryExecution) bool {
			return qe.ManagedQueryResultsConfiguration != nil && qe.ManagedQueryResultsConfiguration.Enabled
		}},
	}
	for _, c := range checks {
		qe := h2.execution(ids[c.name])
		if qe.Status.State != c.state || qe.Status.CompletionDateTime == nil || !c.check(qe) {
			g, _ := json.Marshal(qe)
			t.Errorf("%s after the restart: %s", c.name, g)
		}
	}
	if got := h2.rows(ids["select"]); !reflect.DeepEqual(got, wantRows) {
		t.Errorf("SELECT rows after the restart: %d rows, want %d", len(got), len(wantRows))
	}
	for _, name := range []string{"ctas", "insert"} {
		out, err := h2.ath.GetQueryResults(h2.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(ids[name])})
		if want := map[string]int64{"ctas": 10, "insert": 5}[name]; err != nil || aws.ToInt64(out.UpdateCount) != want {
			t.Errorf("%s results after the restart: %v, want UpdateCount %d", name, err, want)
		}
	}
	stats, err := h2.ath.GetQueryRuntimeStatistics(h2.ctx, &athena.GetQueryRuntimeStatisticsInput{QueryExecutionId: aws.String(ids["select"])})
	if err != nil || stats.QueryRuntimeStatistics.Timeline == nil ||
		aws.ToInt64(stats.QueryRuntimeStatistics.Timeline.TotalExecutionTimeInMillis) != aws.ToInt64(beforeSDK["select"].Statistics.TotalExecutionTimeInMillis) {
		t.Errorf("GetQueryRuntimeStatistics after the restart: %v", err)
	}

	// ListQueryExecutions: newest first, per work group.
	slices.Reverse(primary)
	if got := h2.listed("primary"); !slices.Equal(got, primary) {
		t.Errorf("primary lists %v, want %v", got, primary)
	}
	if got := h2.listed("other"); !slices.Equal(got, []string{ids["other"]}) {
		t.Errorf("other lists %v, want [%s]", got, ids["other"])
	}

	// Managed results do not outlive the run: they answer as expired.
	_, err = h2.ath.GetQueryResults(h2.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(ids["managed"])})
	if code := athenaCode(err); code != "RESULT_NOT_FOUND" {
		t.Errorf("managed results after the restart: %v, want RESULT_NOT_FOUND", err)
	}

	// Stopping a finished query of an earlier run changes nothing.
	if _, err := h2.ath.StopQueryExecution(h2.ctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(ids["select"])}); err != nil {
		t.Errorf("StopQueryExecution after the restart: %v", err)
	}
	if qe := h2.execution(ids["select"]); qe.Status.State != types.QueryExecutionStateSucceeded {
		t.Errorf("stopped finished query is %s", qe.Status.State)
	}

	// The client request token still names its query.
	if got, err := h2.startWith(historySelect, token, false); err != nil || got != ids["select"] {
		t.Errorf("same token after the restart: %s, %v; want %s", got, err, ids["select"])
	}
	if _, err := h2.startWith("SELECT 2", token, false); athenaCode(err) != "IDEMPOTENT_PARAMETER_MISMATCH" {
		t.Errorf("same token, other query after the restart: %v", err)
	}

	// Result reuse finds the result of the earlier run.
	reused, err := h2.startWith(historySelect, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if qe := h2.wait(reused); !qe.Statistics.ResultReuseInformation.ReusedPreviousResult {
		t.Error("result reuse after the restart ran the query")
	}
	if got := h2.rows(reused); !reflect.DeepEqual(got, wantRows) {
		t.Errorf("reused rows after the restart: %d rows, want %d", len(got), len(wantRows))
	}

	// Queries of the new run list before the restored ones, and are kept
	// by the next restart too.
	fresh := aws.ToString(h2.run("SELECT 3").QueryExecutionId)
	if got := h2.listed("primary"); len(got) != len(primary)+2 || got[0] != fresh || got[1] != reused {
		t.Errorf("primary after a new query lists %v", got)
	}
	if err := h2.env.Server.Close(); err != nil {
		t.Fatal(err)
	}
	h3 := newHarness(t, athenatest.WithOptions(opts))
	if got := h3.listed("primary"); len(got) != len(primary)+2 || got[0] != fresh || !slices.Equal(got[2:], primary) {
		t.Errorf("primary after a second restart lists %v", got)
	}
}

// historyLines returns the lines of the history file under dir.
func historyLines(t *testing.T, dir string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, emulator.HistoryFileName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

func TestQueryHistoryIgnoresATornLastRecord(t *testing.T) {
	dir := t.TempDir()
	opts := emulator.Options{DataDir: dir}
	h := newHarness(t, athenatest.WithOptions(opts))
	var ids []string
	for _, sql := range []string{"SELECT 1", "SELECT 2", "SELECT 3"} {
		ids = append(ids, aws.ToString(h.run(sql).QueryExecutionId))
	}
	if err := h.env.Server.Close(); err != nil {
		t.Fatal(err)
	}
	// Cut the last record in the middle, as a crash during its write
	// would.
	path := filepath.Join(dir, emulator.HistoryFileName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	last := bytes.LastIndexByte(data[:len(data)-1], '\n') + 1
	if err := os.WriteFile(path, data[:last+(len(data)-last)/2], 0o644); err != nil {
		t.Fatal(err)
	}

	h2 := newHarness(t, athenatest.WithOptions(opts))
	if got, want := h2.listed("primary"), []string{ids[1], ids[0]}; !slices.Equal(got, want) {
		t.Errorf("after a torn record the list is %v, want %v", got, want)
	}
	if got := joinRows(h2.rows(ids[1])); got != "_col0\n2" {
		t.Errorf("results of an earlier record: %q", got)
	}
	_, err = h2.ath.GetQueryExecution(h2.ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(ids[2])})
	if athenaCode(err) != "QUERY_EXECUTION_NOT_FOUND" {
		t.Errorf("the torn record's query: %v, want QUERY_EXECUTION_NOT_FOUND", err)
	}
	// The torn bytes are gone, so the next record is a line of its own.
	next := aws.ToString(h2.run("SELECT 4").QueryExecutionId)
	if err := h2.env.Server.Close(); err != nil {
		t.Fatal(err)
	}
	if lines := historyLines(t, dir); len(lines) != 3 {
		t.Errorf("history file has %d lines, want 3", len(lines))
	}
	h3 := newHarness(t, athenatest.WithOptions(opts))
	if got, want := h3.listed("primary"), []string{next, ids[1], ids[0]}; !slices.Equal(got, want) {
		t.Errorf("after another restart the list is %v, want %v", got, want)
	}
}

func TestQueryHistoryKeepsTheNewestAndCompacts(t *testing.T) {
	dir := t.TempDir()
	opts := emulator.Options{DataDir: dir}
	emulator.SetHistoryLimit(&opts, 4)
	h := newHarness(t, athenatest.WithOptions(opts))
	var ids []string
	for _, sql := range []string{"SELECT 1", "SELECT 2", "SELECT 3", "SELECT 4", "SELECT 5", "SELECT 6", "SELECT 7"} {
		ids = append(ids, aws.ToString(h.run(sql).QueryExecutionId))
	}
	if err := h.env.Server.Close(); err != nil {
		t.Fatal(err)
	}
	// Make the newest query older than Athena's 45 days.
	lines := historyLines(t, dir)
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[6]), &rec); err != nil {
		t.Fatal(err)
	}
	rec["submitted"] = time.Now().Add(-46 * 24 * time.Hour).Format(time.RFC3339Nano)
	old, _ := json.Marshal(rec)
	lines[6] = string(old)
	if err := os.WriteFile(filepath.Join(dir, emulator.HistoryFileName), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	h2 := newHarness(t, athenatest.WithOptions(opts))
	want := []string{ids[5], ids[4], ids[3], ids[2]}
	if got := h2.listed("primary"); !slices.Equal(got, want) {
		t.Errorf("restored %v, want the newest 4 of the last 45 days %v", got, want)
	}
	for _, id := range []string{ids[0], ids[6]} {
		_, err := h2.ath.GetQueryExecution(h2.ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if athenaCode(err) != "QUERY_EXECUTION_NOT_FOUND" {
			t.Errorf("dropped query %s: %v, want QUERY_EXECUTION_NOT_FOUND", id, err)
		}
	}
	var kept []string
	for _, l := range historyLines(t, dir) {
		var r struct{ ID string }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("compacted file: %v", err)
		}
		kept = append(kept, r.ID)
	}
	if slices.Reverse(want); !slices.Equal(kept, want) {
		t.Errorf("compacted file holds %v, want %v", kept, want)
	}
}
