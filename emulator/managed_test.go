package emulator_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// managedGroups are the work groups of the managed-results tests: one that
// enforces its configuration and one that lets a query send its own
// location.
var managedGroups = []emulator.WorkGroup{
	{Name: "managed", ManagedResults: true, Enforce: true},
	{Name: "managed-open", ManagedResults: true},
}

// startIn starts sql in work group wg, with output as the query's
// OutputLocation when it is not empty.
func (h *harness) startIn(wg, sql, output string) (string, error) {
	in := &athena.StartQueryExecutionInput{QueryString: aws.String(sql), WorkGroup: aws.String(wg)}
	if output != "" {
		in.ResultConfiguration = &types.ResultConfiguration{OutputLocation: aws.String(output)}
	}
	out, err := h.ath.StartQueryExecution(h.ctx, in)
	if err != nil {
		return "", err
	}
	return aws.ToString(out.QueryExecutionId), nil
}

// runIn runs sql in work group wg with no OutputLocation and waits for it
// to succeed.
func (h *harness) runIn(wg, sql string) *types.QueryExecution {
	h.t.Helper()
	id, err := h.startIn(wg, sql, "")
	if err != nil {
		h.t.Fatalf("StartQueryExecution(%q) in %s: %v", sql, wg, err)
	}
	qe := h.wait(id)
	if qe.Status.State != types.QueryExecutionStateSucceeded {
		h.t.Fatalf("%q ended %s: %s", sql, qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
	}
	return qe
}

// checkManagedExecution checks that GetQueryExecution shows no output
// location and the managed configuration.
func checkManagedExecution(t *testing.T, qe *types.QueryExecution) {
	t.Helper()
	if qe.ResultConfiguration == nil || qe.ResultConfiguration.OutputLocation != nil {
		t.Errorf("ResultConfiguration = %+v, want one without OutputLocation", qe.ResultConfiguration)
	}
	if m := qe.ManagedQueryResultsConfiguration; m == nil || !m.Enabled {
		t.Errorf("ManagedQueryResultsConfiguration = %+v, want Enabled", m)
	}
	if qe.Statistics.DataManifestLocation != nil {
		t.Errorf("DataManifestLocation = %q, want none", aws.ToString(qe.Statistics.DataManifestLocation))
	}
}

// allObjectKeys lists every object of every bucket of the emulator's S3, as
// bucket/key.
func (h *harness) allObjectKeys() []string {
	h.t.Helper()
	buckets, err := h.s3.ListBuckets(h.ctx, &s3.ListBucketsInput{})
	if err != nil {
		h.t.Fatalf("ListBuckets: %v", err)
	}
	var keys []string
	for _, b := range buckets.Buckets {
		p := s3.NewListObjectsV2Paginator(h.s3, &s3.ListObjectsV2Input{Bucket: b.Name})
		for p.HasMorePages() {
			page, err := p.NextPage(h.ctx)
			if err != nil {
				h.t.Fatalf("ListObjectsV2 %s: %v", aws.ToString(b.Name), err)
			}
			for _, o := range page.Contents {
				keys = append(keys, aws.ToString(b.Name)+"/"+aws.ToString(o.Key))
			}
		}
	}
	return keys
}

func TestManagedResultsWorkGroupConfiguration(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{WorkGroups: managedGroups}))
	out, err := h.ath.GetWorkGroup(h.ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String("managed")})
	if err != nil {
		t.Fatal(err)
	}
	cfg := out.WorkGroup.Configuration
	if m := cfg.ManagedQueryResultsConfiguration; m == nil || !m.Enabled {
		t.Errorf("ManagedQueryResultsConfiguration = %+v, want Enabled", m)
	}
	if cfg.ResultConfiguration == nil || cfg.ResultConfiguration.OutputLocation != nil || !aws.ToBool(cfg.EnforceWorkGroupConfiguration) {
		t.Errorf("ResultConfiguration = %+v, Enforce = %v", cfg.ResultConfiguration, aws.ToBool(cfg.EnforceWorkGroupConfiguration))
	}
	status, body, _ := h.raw("AmazonAthena.GetWorkGroup", jsonType, `{"WorkGroup":"managed-open"}`)
	if status != 200 || !strings.Contains(body, `"EngineVersion":{"Category":"Presto","EffectiveEngineVersion":"Athena engine version 3","SelectedEngineVersion":"AUTO"},"ManagedQueryResultsConfiguration":{"Enabled":true},"PublishCloudWatchMetricsEnabled":false,`) ||
		!strings.Contains(body, `"ResultConfiguration":{}`) {
		t.Errorf("GetWorkGroup managed-open = %d %s", status, body)
	}
	primary, err := h.ath.GetWorkGroup(h.ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String("primary")})
	if err != nil || primary.WorkGroup.Configuration.ManagedQueryResultsConfiguration != nil {
		t.Errorf("primary: %+v, %v; want no managed configuration", primary, err)
	}
	list, err := h.ath.ListWorkGroups(h.ctx, &athena.ListWorkGroupsInput{})
	var names []string
	for _, wg := range list.WorkGroups {
		names = append(names, aws.ToString(wg.Name))
	}
	if err != nil || !slices.Equal(names, []string{"managed", "managed-open", "primary"}) {
		t.Errorf("ListWorkGroups = %q, %v", names, err)
	}
}

func TestManagedResultsWorkGroupConfigurationIsChecked(t *testing.T) {
	cases := []struct {
		name   string
		groups []emulator.WorkGroup
		want   string
	}{
		{"location and managed", []emulator.WorkGroup{{Name: "m", ManagedResults: true, OutputLocation: "s3://athenaq-test/m/"}},
			`emulator: work group m: OutputLocation "s3://athenaq-test/m/": want none with ManagedResults`},
		{"managed primary with a location", []emulator.WorkGroup{{Name: "primary", ManagedResults: true, OutputLocation: "s3://athenaq-test/p/"}},
			`emulator: work group primary: OutputLocation "s3://athenaq-test/p/": want none with ManagedResults`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := emulator.New(emulator.Options{WorkGroups: tc.groups})
			if err == nil {
				srv.Close()
				t.Fatal("New succeeded")
			}
			if err.Error() != tc.want {
				t.Errorf("New: %v, want %s", err, tc.want)
			}
		})
	}
}

func TestManagedPrimaryDropsOptionsOutputLocation(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{OutputLocation: "s3://athenaq-test/results/",
		WorkGroups: []emulator.WorkGroup{{Name: "primary", ManagedResults: true}}}))
	qe := h.runIn("primary", "SELECT 1")
	checkManagedExecution(t, qe)
}

func TestManagedResultsEveryStatementKind(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{WorkGroups: managedGroups}))
	var ids []string
	for _, wg := range []string{"managed", "managed-open"} {
		t.Run(wg, func(t *testing.T) {
			db := strings.ReplaceAll(wg, "-", "_")
			table := "s3://athenaq-test/tables/" + db + "/"
			cases := []struct {
				name string
				sql  string
				// want is the rows of every page, joined; count is the
				// UpdateCount, or -1 for none.
				want  string
				count int64
			}{
				{"DDL", "CREATE DATABASE " + db, "", -1},
				{"SHOW", "SHOW DATABASES LIKE '" + db + "'", db, 0},
				{"CTAS", "CREATE TABLE " + db + ".nums WITH (external_location = '" + table + "') AS " +
					"SELECT n FROM (VALUES 1, 2, 3) AS v(n)", "", 3},
				{"INSERT", "INSERT INTO " + db + ".nums VALUES 4, 5", "", 2},
				{"SELECT", "SELECT n FROM " + db + ".nums ORDER BY n", "n\n1\n2\n3\n4\n5", 0},
			}
			for _, tc := range cases {
				qe := h.runIn(wg, tc.sql)
				id := aws.ToString(qe.QueryExecutionId)
				ids = append(ids, id)
				checkManagedExecution(t, qe)
				res, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
				if err != nil {
					t.Fatalf("%s: GetQueryResults: %v", tc.name, err)
				}
				if got := joinRows(h.rows(id)); got != tc.want {
					t.Errorf("%s: rows %q, want %q", tc.name, got, tc.want)
				}
				if got := aws.ToInt64(res.UpdateCount); (tc.count < 0) != (res.UpdateCount == nil) || (tc.count >= 0 && got != tc.count) {
					t.Errorf("%s: UpdateCount = %v, want %d", tc.name, res.UpdateCount, tc.count)
				}
				if tc.name != "CTAS" && tc.name != "INSERT" {
					continue
				}
				// The manifest lists the table's new files in S3.
				man, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id),
					QueryResultType: types.QueryResultTypeDataManifest})
				if err != nil {
					t.Fatalf("%s: DATA_MANIFEST: %v", tc.name, err)
				}
				for _, r := range man.ResultSet.Rows {
					uri := aws.ToString(r.Data[0].VarCharValue)
					key, ok := strings.CutPrefix(uri, "s3://athenaq-test/")
					if !ok || !strings.HasPrefix(uri, table) {
						t.Errorf("%s: manifest line %q, want a file under %s", tc.name, uri, table)
						continue
					}
					if _, err := h.object(athenatest.Bucket, key); err != nil {
						t.Errorf("%s: data file %s: %v", tc.name, uri, err)
					}
				}
				if len(man.ResultSet.Rows) == 0 {
					t.Errorf("%s: empty manifest", tc.name)
				}
			}
			// CTAS has no <location>/tables/<id>/ folder to fall back on.
			id, err := h.startIn(wg, "CREATE TABLE "+db+".nowhere AS SELECT 1 AS n", "")
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
			qe := h.wait(id)
			if reason := aws.ToString(qe.Status.StateChangeReason); qe.Status.State != types.QueryExecutionStateFailed ||
				reason != "INVALID_TABLE_PROPERTY: external_location is required for CREATE TABLE AS in a workgroup with managed query results" {
				t.Errorf("CTAS without external_location: %s %s", qe.Status.State, reason)
			}
		})
	}
	// No result object, companion or manifest is visible through S3.
	keys := h.allObjectKeys()
	for _, k := range keys {
		if strings.HasSuffix(k, ".metadata") || strings.HasSuffix(k, "-manifest.csv") ||
			slices.ContainsFunc(ids, func(id string) bool { return strings.Contains(k, id) }) {
			t.Errorf("S3 holds a result file: %s", k)
		}
	}
	if len(keys) == 0 {
		t.Error("S3 holds no table data at all")
	}
	if _, err := h.s3.HeadBucket(h.ctx, &s3.HeadBucketInput{Bucket: aws.String("athena-managed-results")}); err == nil {
		t.Error("the managed results bucket is reachable through S3")
	}
}

func TestManagedResultsPages(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{WorkGroups: managedGroups}))
	qe := h.runIn("managed", "SELECT range AS x FROM range(2500) ORDER BY x")
	checkManagedExecution(t, qe)
	var pages []int
	var got []string
	p := athena.NewGetQueryResultsPaginator(h.ath, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId,
		MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(h.ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, len(page.ResultSet.Rows))
		for _, r := range page.ResultSet.Rows {
			got = append(got, aws.ToString(r.Data[0].VarCharValue))
		}
	}
	want := []string{"x"}
	for i := range 2500 {
		want = append(want, fmt.Sprint(i))
	}
	if !slices.Equal(pages, []int{1000, 1000, 501}) || !slices.Equal(got, want) {
		t.Errorf("pages %v, %d rows (first %q); want [1000 1000 501], the header and 0..2499", pages, len(got), got[:min(3, len(got))])
	}
}

func TestManagedResultsOutputLocationFromTheClient(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{WorkGroups: managedGroups}))
	t.Run("refused by an enforcing work group", func(t *testing.T) {
		_, err := h.startIn("managed", "SELECT 1", "s3://athenaq-test/mine/")
		var ire *types.InvalidRequestException
		if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "INVALID_INPUT" ||
			aws.ToString(ire.Message) != "OutputLocation cannot be specified when the workgroup uses managed query results and overrides client-side settings." {
			t.Errorf("StartQueryExecution: %v, want INVALID_INPUT", err)
		}
		if keys := h.keysUnder("mine/"); len(keys) != 0 {
			t.Errorf("wrote %q", keys)
		}
	})
	t.Run("used by a work group that does not enforce", func(t *testing.T) {
		id, err := h.startIn("managed-open", "SELECT 1", "s3://athenaq-test/mine/")
		if err != nil {
			t.Fatal(err)
		}
		qe := h.wait(id)
		if got, want := aws.ToString(qe.ResultConfiguration.OutputLocation), "s3://athenaq-test/mine/"+id+".csv"; got != want ||
			qe.ManagedQueryResultsConfiguration != nil {
			t.Errorf("OutputLocation = %q, managed %+v; want %q", got, qe.ManagedQueryResultsConfiguration, want)
		}
		if body, err := h.object(athenatest.Bucket, "mine/"+id+".csv"); err != nil || string(body) != "\"_col0\"\n\"1\"\n" {
			t.Errorf("result object %q, %v", body, err)
		}
	})
}

func TestManagedResultsIgnoreResultReuse(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{WorkGroups: managedGroups}))
	reuse := &types.ResultReuseConfiguration{ResultReuseByAgeConfiguration: &types.ResultReuseByAgeConfiguration{
		Enabled: true, MaxAgeInMinutes: aws.Int32(60)}}
	var ids []string
	for range 2 {
		out, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 42 AS v"),
			WorkGroup: aws.String("managed"), ResultReuseConfiguration: reuse})
		if err != nil {
			t.Fatalf("StartQueryExecution with result reuse: %v", err)
		}
		ids = append(ids, aws.ToString(out.QueryExecutionId))
		qe := h.wait(ids[len(ids)-1])
		if qe.Status.State != types.QueryExecutionStateSucceeded || qe.Statistics.ResultReuseInformation.ReusedPreviousResult ||
			!qe.ResultReuseConfiguration.ResultReuseByAgeConfiguration.Enabled {
			t.Errorf("%s: reused %v, configuration %+v", qe.Status.State, qe.Statistics.ResultReuseInformation.ReusedPreviousResult,
				qe.ResultReuseConfiguration.ResultReuseByAgeConfiguration)
		}
	}
	for _, id := range ids {
		if got := joinRows(h.rows(id)); got != "v\n42" {
			t.Errorf("rows of %s: %q", id, got)
		}
	}
}

func TestManagedResultsExpire(t *testing.T) {
	const ttl = 2 * time.Second
	dir := t.TempDir()
	h := newHarness(t, athenatest.WithOptions(emulator.Options{DataDir: dir, ManagedResultsTTL: ttl, WorkGroups: managedGroups}))
	// filesOf lists the files on disk whose path or object metadata (the
	// stores name files after hashes of the keys) names the query.
	filesOf := func(id string) []string {
		var found []string
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			named := strings.Contains(path, id)
			if !named && strings.HasSuffix(path, ".json") {
				b, _ := os.ReadFile(path)
				named = strings.Contains(string(b), id)
			}
			if named {
				found = append(found, strings.TrimPrefix(path, dir))
			}
			return nil
		})
		return found
	}
	sel := h.runIn("managed", "SELECT 7 AS v")
	ddl := h.runIn("managed", "CREATE DATABASE gone")
	done := time.Now()
	for _, qe := range []*types.QueryExecution{sel, ddl} {
		id := aws.ToString(qe.QueryExecutionId)
		if _, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId}); err != nil {
			t.Fatalf("GetQueryResults before expiry: %v", err)
		}
		files := filesOf(id)
		if len(files) == 0 || slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, "/objects") }) {
			t.Errorf("files of %s on disk: %q, want some, none under the S3 store", id, files)
		}
	}
	if got := joinRows(h.rows(aws.ToString(sel.QueryExecutionId))); got != "v\n7" {
		t.Errorf("rows before expiry: %q", got)
	}
	time.Sleep(time.Until(done.Add(ttl)))
	for _, qe := range []*types.QueryExecution{sel, ddl} {
		_, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId})
		var ire *types.InvalidRequestException
		if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "RESULT_NOT_FOUND" || aws.ToString(ire.Message) != "Could not find results" {
			t.Errorf("GetQueryResults after expiry: %v, want RESULT_NOT_FOUND", err)
		}
		// The execution itself stays in the history.
		if got := h.wait(aws.ToString(qe.QueryExecutionId)); got.Status.State != types.QueryExecutionStateSucceeded {
			t.Errorf("state after expiry: %s", got.Status.State)
		}
	}
	// The sweep removes the files; it runs every ttl/2.
	deadline := time.Now().Add(10 * time.Second)
	for _, qe := range []*types.QueryExecution{sel, ddl} {
		id := aws.ToString(qe.QueryExecutionId)
		for len(filesOf(id)) > 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if files := filesOf(id); len(files) > 0 {
			t.Errorf("files of %s left after expiry: %q", id, files)
		}
	}
	// A query run later is readable again.
	late := h.runIn("managed", "SELECT 8 AS v")
	if got := joinRows(h.rows(aws.ToString(late.QueryExecutionId))); got != "v\n8" {
		t.Errorf("rows of a later query: %q", got)
	}
}
