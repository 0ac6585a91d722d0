package emulator_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// workGroup calls GetWorkGroup.
func (h *harness) workGroup(name string) *types.WorkGroup {
	h.t.Helper()
	out, err := h.ath.GetWorkGroup(h.ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String(name)})
	if err != nil {
		h.t.Fatalf("GetWorkGroup %s: %v", name, err)
	}
	return out.WorkGroup
}

// workGroupNames lists the work groups, one per page to follow NextToken.
func (h *harness) workGroupNames() []string {
	h.t.Helper()
	var names []string
	p := athena.NewListWorkGroupsPaginator(h.ath, &athena.ListWorkGroupsInput{MaxResults: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(h.ctx)
		if err != nil {
			h.t.Fatalf("ListWorkGroups: %v", err)
		}
		for _, wg := range page.WorkGroups {
			names = append(names, aws.ToString(wg.Name))
		}
	}
	return names
}

// wantInvalidRequest checks that err is an InvalidRequestException whose
// message contains want.
func wantInvalidRequest(t *testing.T, what string, err error, want string) {
	t.Helper()
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) || !strings.Contains(ire.ErrorMessage(), want) {
		t.Errorf("%s: %v, want InvalidRequestException with %q", what, err, want)
	}
}

func TestCreateUpdateDeleteWorkGroup(t *testing.T) {
	h := newHarness(t)
	_, err := h.ath.CreateWorkGroup(h.ctx, &athena.CreateWorkGroupInput{
		Name:        aws.String("analytics"),
		Description: aws.String("team queries"),
		Configuration: &types.WorkGroupConfiguration{
			ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String("s3://athenaq-test/analytics/"),
				EncryptionConfiguration: &types.EncryptionConfiguration{EncryptionOption: types.EncryptionOptionSseS3}},
			EnforceWorkGroupConfiguration: aws.Bool(true),
			EngineVersion:                 &types.EngineVersion{SelectedEngineVersion: aws.String("Athena engine version 3")},
			RequesterPaysEnabled:          aws.Bool(true),
			BytesScannedCutoffPerQuery:    aws.Int64(10_000_000_000),
		},
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("data")}},
	})
	if err != nil {
		t.Fatalf("CreateWorkGroup: %v", err)
	}
	wg := h.workGroup("analytics")
	cfg := wg.Configuration
	if aws.ToString(wg.Description) != "team queries" || wg.State != types.WorkGroupStateEnabled || wg.CreationTime == nil ||
		aws.ToString(cfg.ResultConfiguration.OutputLocation) != "s3://athenaq-test/analytics/" ||
		cfg.ResultConfiguration.EncryptionConfiguration == nil || cfg.ResultConfiguration.EncryptionConfiguration.EncryptionOption != types.EncryptionOptionSseS3 ||
		!aws.ToBool(cfg.EnforceWorkGroupConfiguration) || !aws.ToBool(cfg.RequesterPaysEnabled) ||
		aws.ToInt64(cfg.BytesScannedCutoffPerQuery) != 10_000_000_000 ||
		aws.ToString(cfg.EngineVersion.SelectedEngineVersion) != "Athena engine version 3" ||
		aws.ToString(cfg.EngineVersion.EffectiveEngineVersion) != "Athena engine version 3" {
		t.Errorf("GetWorkGroup analytics = %+v, configuration %+v", wg, cfg)
	}
	if got := h.workGroupNames(); !slices.Equal(got, []string{"analytics", "primary"}) {
		t.Errorf("ListWorkGroups = %q", got)
	}

	// Queries in it use its enforced location and report its engine.
	out, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), WorkGroup: aws.String("analytics"),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String("s3://athenaq-test/mine/")}})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(out.QueryExecutionId)
	qe := h.wait(id)
	if got := aws.ToString(qe.ResultConfiguration.OutputLocation); got != "s3://athenaq-test/analytics/"+id+".csv" ||
		aws.ToString(qe.EngineVersion.SelectedEngineVersion) != "Athena engine version 3" {
		t.Errorf("query in analytics: OutputLocation %q, engine %+v", got, qe.EngineVersion)
	}

	// UpdateWorkGroup changes what it is sent and keeps the rest.
	_, err = h.ath.UpdateWorkGroup(h.ctx, &athena.UpdateWorkGroupInput{
		WorkGroup:   aws.String("analytics"),
		Description: aws.String("moved"),
		ConfigurationUpdates: &types.WorkGroupConfigurationUpdates{
			ResultConfigurationUpdates: &types.ResultConfigurationUpdates{OutputLocation: aws.String("s3://athenaq-test/moved/"),
				RemoveEncryptionConfiguration: aws.Bool(true)},
			EngineVersion:                    &types.EngineVersion{SelectedEngineVersion: aws.String("AUTO")},
			RemoveBytesScannedCutoffPerQuery: aws.Bool(true),
		},
	})
	if err != nil {
		t.Fatalf("UpdateWorkGroup: %v", err)
	}
	wg = h.workGroup("analytics")
	cfg = wg.Configuration
	if aws.ToString(wg.Description) != "moved" || aws.ToString(cfg.ResultConfiguration.OutputLocation) != "s3://athenaq-test/moved/" ||
		cfg.ResultConfiguration.EncryptionConfiguration != nil || cfg.BytesScannedCutoffPerQuery != nil ||
		!aws.ToBool(cfg.EnforceWorkGroupConfiguration) || !aws.ToBool(cfg.RequesterPaysEnabled) ||
		aws.ToString(cfg.EngineVersion.SelectedEngineVersion) != "AUTO" || aws.ToString(cfg.EngineVersion.EffectiveEngineVersion) != "Athena engine version 3" {
		t.Errorf("after UpdateWorkGroup: %+v, configuration %+v", wg, cfg)
	}

	// A DISABLED work group refuses queries until it is enabled again.
	if _, err := h.ath.UpdateWorkGroup(h.ctx, &athena.UpdateWorkGroupInput{WorkGroup: aws.String("analytics"), State: types.WorkGroupStateDisabled}); err != nil {
		t.Fatal(err)
	}
	if wg := h.workGroup("analytics"); wg.State != types.WorkGroupStateDisabled {
		t.Errorf("State = %s, want DISABLED", wg.State)
	}
	_, err = h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), WorkGroup: aws.String("analytics")})
	wantInvalidRequest(t, "StartQueryExecution in a disabled work group", err, "analytics is disabled")
	if _, err := h.ath.UpdateWorkGroup(h.ctx, &athena.UpdateWorkGroupInput{WorkGroup: aws.String("analytics"), State: types.WorkGroupStateEnabled}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.startIn("analytics", "SELECT 1", ""); err != nil {
		t.Errorf("StartQueryExecution after enabling: %v", err)
	}

	// A prepared statement keeps the work group from being deleted unless
	// the deletion is recursive.
	if _, err := h.ath.CreatePreparedStatement(h.ctx, &athena.CreatePreparedStatementInput{StatementName: aws.String("one"),
		WorkGroup: aws.String("analytics"), QueryStatement: aws.String("SELECT ?")}); err != nil {
		t.Fatal(err)
	}
	_, err = h.ath.DeleteWorkGroup(h.ctx, &athena.DeleteWorkGroupInput{WorkGroup: aws.String("analytics")})
	wantInvalidRequest(t, "DeleteWorkGroup with a prepared statement", err, "RecursiveDeleteOption")
	if _, err := h.ath.DeleteWorkGroup(h.ctx, &athena.DeleteWorkGroupInput{WorkGroup: aws.String("analytics"), RecursiveDeleteOption: aws.Bool(true)}); err != nil {
		t.Fatalf("DeleteWorkGroup: %v", err)
	}
	if got := h.workGroupNames(); !slices.Equal(got, []string{"primary"}) {
		t.Errorf("ListWorkGroups after DeleteWorkGroup = %q", got)
	}
	_, err = h.ath.GetWorkGroup(h.ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String("analytics")})
	wantInvalidRequest(t, "GetWorkGroup after DeleteWorkGroup", err, "WorkGroup is not found.")
	// The name is free again, without the old statements.
	if _, err := h.ath.CreateWorkGroup(h.ctx, &athena.CreateWorkGroupInput{Name: aws.String("analytics")}); err != nil {
		t.Fatal(err)
	}
	if ps, err := h.ath.ListPreparedStatements(h.ctx, &athena.ListPreparedStatementsInput{WorkGroup: aws.String("analytics")}); err != nil || len(ps.PreparedStatements) != 0 {
		t.Errorf("prepared statements of the re-created work group: %+v, %v", ps, err)
	}
	// The query of the deleted work group is still readable by id.
	if qe := h.execution(id); aws.ToString(qe.WorkGroup) != "analytics" {
		t.Errorf("query of the deleted work group: %+v", qe)
	}
}

func TestWorkGroupOperationErrors(t *testing.T) {
	h := newHarness(t)
	if _, err := h.ath.CreateWorkGroup(h.ctx, &athena.CreateWorkGroupInput{Name: aws.String("etl")}); err != nil {
		t.Fatal(err)
	}
	create := func(name string, cfg *types.WorkGroupConfiguration) error {
		_, err := h.ath.CreateWorkGroup(h.ctx, &athena.CreateWorkGroupInput{Name: aws.String(name), Configuration: cfg})
		return err
	}
	engine := func(v string) *types.WorkGroupConfiguration {
		return &types.WorkGroupConfiguration{EngineVersion: &types.EngineVersion{SelectedEngineVersion: aws.String(v)}}
	}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"create an existing name", create("etl", nil), "WorkGroup is already created"},
		{"create primary", create("primary", nil), "primary workGroup could not be created"},
		{"create with a bad name", create("no spaces", nil), "failed to satisfy constraint"},
		{"create with an unknown engine", create("x1", engine("Athena engine version 9")), `"Athena engine version 9"`},
		{"create with a bad location", create("x2", &types.WorkGroupConfiguration{ResultConfiguration: &types.ResultConfiguration{
			OutputLocation: aws.String("bucket/x")}}), "outputLocation is not a valid S3 path."},
		{"create with a cutoff below 10 MB", create("x3", &types.WorkGroupConfiguration{BytesScannedCutoffPerQuery: aws.Int64(5)}),
			"Member must have value greater than or equal to 10000000"},
		{"create with managed results and a location", create("x4", &types.WorkGroupConfiguration{
			ResultConfiguration:              &types.ResultConfiguration{OutputLocation: aws.String("s3://athenaq-test/x/")},
			ManagedQueryResultsConfiguration: &types.ManagedQueryResultsConfiguration{Enabled: true}}), "ManagedQueryResultsConfiguration"},
		{"update an unknown name", func() error {
			_, err := h.ath.UpdateWorkGroup(h.ctx, &athena.UpdateWorkGroupInput{WorkGroup: aws.String("nope"), Description: aws.String("d")})
			return err
		}(), "WorkGroup is not found."},
		{"update to an unknown engine", func() error {
			_, err := h.ath.UpdateWorkGroup(h.ctx, &athena.UpdateWorkGroupInput{WorkGroup: aws.String("etl"),
				ConfigurationUpdates: &types.WorkGroupConfigurationUpdates{EngineVersion: &types.EngineVersion{SelectedEngineVersion: aws.String("Trino")}}})
			return err
		}(), `"Trino"`},
		{"update a SQL work group to Spark", func() error {
			_, err := h.ath.UpdateWorkGroup(h.ctx, &athena.UpdateWorkGroupInput{WorkGroup: aws.String("etl"),
				ConfigurationUpdates: &types.WorkGroupConfigurationUpdates{EngineVersion: &types.EngineVersion{SelectedEngineVersion: aws.String("PySpark engine version 3")}}})
			return err
		}(), "cannot change between Athena SQL and Apache Spark"},
		{"delete an unknown name", func() error {
			_, err := h.ath.DeleteWorkGroup(h.ctx, &athena.DeleteWorkGroupInput{WorkGroup: aws.String("nope")})
			return err
		}(), "WorkGroup is not found."},
		{"delete primary", func() error {
			_, err := h.ath.DeleteWorkGroup(h.ctx, &athena.DeleteWorkGroupInput{WorkGroup: aws.String("primary"), RecursiveDeleteOption: aws.Bool(true)})
			return err
		}(), "primary workGroup could not be deleted"},
	} {
		t.Run(c.name, func(t *testing.T) { wantInvalidRequest(t, c.name, c.err, c.want) })
	}
	// Nothing of the refused calls was kept.
	if got := h.workGroupNames(); !slices.Equal(got, []string{"etl", "primary"}) {
		t.Errorf("ListWorkGroups = %q", got)
	}
	if ev := h.workGroup("etl").Configuration.EngineVersion; aws.ToString(ev.SelectedEngineVersion) != "AUTO" {
		t.Errorf("etl engine after refused updates = %+v", ev)
	}
}

func TestWorkGroupEngines(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct{ selected, effective string }{
		{"AUTO", "Athena engine version 3"},
		{"Athena engine version 3", "Athena engine version 3"},
		{"PySpark engine version 3", "PySpark engine version 3"},
	} {
		name := strings.NewReplacer(" ", "-").Replace(c.selected)
		if _, err := h.ath.CreateWorkGroup(h.ctx, &athena.CreateWorkGroupInput{Name: aws.String(name), Configuration: &types.WorkGroupConfiguration{
			ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String("s3://athenaq-test/" + name + "/")},
			EngineVersion:       &types.EngineVersion{SelectedEngineVersion: aws.String(c.selected)}}}); err != nil {
			t.Fatalf("CreateWorkGroup engine %q: %v", c.selected, err)
		}
		ev := h.workGroup(name).Configuration.EngineVersion
		if aws.ToString(ev.SelectedEngineVersion) != c.selected || aws.ToString(ev.EffectiveEngineVersion) != c.effective {
			t.Errorf("engine %q: GetWorkGroup EngineVersion %+v, want effective %q", c.selected, ev, c.effective)
		}
	}
	// A work group created with the Spark engine runs sessions.
	out, err := h.ath.StartSession(h.ctx, &athena.StartSessionInput{WorkGroup: aws.String("PySpark-engine-version-3"),
		EngineConfiguration: &types.EngineConfiguration{MaxConcurrentDpus: aws.Int32(2)}})
	if err != nil {
		t.Fatalf("StartSession in the created Spark work group: %v", err)
	}
	if _, err := h.ath.TerminateSession(h.ctx, &athena.TerminateSessionInput{SessionId: out.SessionId}); err != nil {
		t.Errorf("TerminateSession: %v", err)
	}
}

func TestCreatedWorkGroupsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	opts := emulator.Options{DataDir: dir, WorkGroups: []emulator.WorkGroup{{Name: "fixed", Description: "from Options"}}}
	h := newHarness(t, athenatest.WithOptions(opts))
	if _, err := h.ath.CreateWorkGroup(h.ctx, &athena.CreateWorkGroupInput{Name: aws.String("made"), Description: aws.String("by the API"),
		Configuration: &types.WorkGroupConfiguration{ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String("s3://athenaq-test/made/")},
			EngineVersion: &types.EngineVersion{SelectedEngineVersion: aws.String("Athena engine version 3")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.ath.CreateWorkGroup(h.ctx, &athena.CreateWorkGroupInput{Name: aws.String("gone")}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.ath.UpdateWorkGroup(h.ctx, &athena.UpdateWorkGroupInput{WorkGroup: aws.String("made"), State: types.WorkGroupStateDisabled}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.ath.DeleteWorkGroup(h.ctx, &athena.DeleteWorkGroupInput{WorkGroup: aws.String("gone")}); err != nil {
		t.Fatal(err)
	}
	before := h.workGroup("made")
	if err := h.env.Server.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "workgroups.json*"))
	if len(entries) != 1 {
		t.Errorf("DataDir holds %q, want only workgroups.json (no temporary files)", entries)
	}

	h2 := newHarness(t, athenatest.WithOptions(opts))
	if got := h2.workGroupNames(); !slices.Equal(got, []string{"fixed", "made", "primary"}) {
		t.Errorf("ListWorkGroups after the restart = %q", got)
	}
	after := h2.workGroup("made")
	if after.State != types.WorkGroupStateDisabled || aws.ToString(after.Description) != "by the API" ||
		!after.CreationTime.Equal(*before.CreationTime) ||
		aws.ToString(after.Configuration.ResultConfiguration.OutputLocation) != "s3://athenaq-test/made/" ||
		aws.ToString(after.Configuration.EngineVersion.SelectedEngineVersion) != "Athena engine version 3" {
		t.Errorf("made after the restart = %+v, configuration %+v", after, after.Configuration)
	}
	if err := h2.env.Server.Close(); err != nil {
		t.Fatal(err)
	}

	// A work group of Options replaces a saved one of its name.
	opts.WorkGroups = append(opts.WorkGroups, emulator.WorkGroup{Name: "made", Description: "now from Options"})
	h3 := newHarness(t, athenatest.WithOptions(opts))
	if wg := h3.workGroup("made"); aws.ToString(wg.Description) != "now from Options" || wg.State != types.WorkGroupStateEnabled {
		t.Errorf("made defined by Options = %+v", wg)
	}
}

func TestWorkGroupsFileThatCannotBeReadFailsNew(t *testing.T) {
	for name, content := range map[string]string{
		"not JSON":       "{",
		"future version": `{"version":99,"workGroups":[]}`,
		"bad engine":     `{"version":1,"workGroups":[{"Name":"x","Engine":"nope"}]}`,
		"bad name":       `{"version":1,"workGroups":[{"Name":"no spaces"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "workgroups.json"), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			srv, err := emulator.New(emulator.Options{DataDir: dir})
			if err == nil {
				srv.Close()
				t.Fatal("New succeeded, want an error naming workgroups.json")
			}
			if !strings.Contains(err.Error(), "workgroups.json") {
				t.Errorf("New: %v, want an error naming workgroups.json", err)
			}
		})
	}
}

func TestWorkGroupOptionsAreChecked(t *testing.T) {
	for _, c := range []struct {
		name string
		wg   emulator.WorkGroup
		want string
	}{
		{"unknown engine", emulator.WorkGroup{Name: "a", Engine: "v9"}, `Engine "v9": want one of`},
		{"Spark with a SQL engine", emulator.WorkGroup{Name: "a", Spark: true, Engine: "AUTO"}, "for a Spark work group"},
		{"small cutoff", emulator.WorkGroup{Name: "a", BytesScannedCutoffPerQuery: 5}, "BytesScannedCutoffPerQuery 5"},
		{"bad name", emulator.WorkGroup{Name: "a b"}, `work group name "a b"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv, err := emulator.New(emulator.Options{WorkGroups: []emulator.WorkGroup{c.wg}})
			if err == nil {
				srv.Close()
				t.Fatalf("New succeeded, want an error with %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("New: %v, want %q", err, c.want)
			}
		})
	}
}
