package main

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/emulator"
)

func TestParseWorkGroupSpec(t *testing.T) {
	cases := []struct {
		name, spec string
		want       emulator.WorkGroup
	}{
		{"name only", "etl", emulator.WorkGroup{Name: "etl"}},
		{"every key", "etl:output=s3://b/etl/,enforce=true,engine=Athena engine version 3,description=nightly jobs,bytes-cutoff=10GB,state=disabled",
			emulator.WorkGroup{Name: "etl", OutputLocation: "s3://b/etl/", Enforce: true, Engine: "Athena engine version 3",
				Description: "nightly jobs", BytesScannedCutoffPerQuery: 10_000_000_000, Disabled: true}},
		{"managed", "m:managed=true,enforce=false", emulator.WorkGroup{Name: "m", ManagedResults: true}},
		{"Spark engine", "s:engine=PySpark engine version 3", emulator.WorkGroup{Name: "s", Engine: "PySpark engine version 3"}},
		{"AUTO engine", "a:engine=AUTO", emulator.WorkGroup{Name: "a", Engine: "AUTO"}},
		{"DuckDB engine", "d:engine=DuckDB,managed=true", emulator.WorkGroup{Name: "d", Engine: "DuckDB", ManagedResults: true}},
		{"escaped comma and backslash", `d:description=a\, b\\c,state=ENABLED`, emulator.WorkGroup{Name: "d", Description: `a, b\c`}},
		{"equals sign in a value", "d:description=x=y", emulator.WorkGroup{Name: "d", Description: "x=y"}},
		{"empty description", "d:description=", emulator.WorkGroup{Name: "d"}},
		{"plain byte count", "c:bytes-cutoff=10000000", emulator.WorkGroup{Name: "c", BytesScannedCutoffPerQuery: 10_000_000}},
		{"colon in a value", "o:output=s3://b/x:y/", emulator.WorkGroup{Name: "o", OutputLocation: "s3://b/x:y/"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseWorkGroupSpec(c.spec)
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("parseWorkGroupSpec(%q) = %+v, %v; want %+v", c.spec, got, err, c.want)
			}
		})
	}
}

func TestParseWorkGroupSpecErrors(t *testing.T) {
	cases := []struct {
		name, spec, want string
	}{
		{"empty", "", `work group name "": want 1 to 128 of`},
		{"bad name", "a b", `work group name "a b"`},
		{"unknown key", "x:colour=red", `work group x: unknown key "colour": want one of output, enforce, engine, description, managed, bytes-cutoff, state`},
		{"no equals", "x:enforce", `work group x: "enforce": want key=value`},
		{"nothing after the colon", "x:", `work group x: "": want key=value`},
		{"bad output", "x:output=bucket/p/", `work group x: output="bucket/p/": want an S3 location such as s3://bucket/prefix/`},
		{"output without bucket", "x:output=s3:///p", `output="s3:///p": want an S3 location`},
		{"bad boolean", "x:enforce=yes", `work group x: enforce="yes": want true or false`},
		{"bad managed", "x:managed=1", `managed="1": want true or false`},
		{"bad engine", "x:engine=v9", `engine="v9": want one of "AUTO", "Athena engine version 3", "DuckDB", "PySpark engine version 3"`},
		{"small cutoff", "x:bytes-cutoff=5", `bytes-cutoff="5": want a number of bytes of at least 10000000`},
		{"bad cutoff", "x:bytes-cutoff=lots", `bytes-cutoff="lots": want a number of bytes`},
		{"bad state", "x:state=paused", `state="paused": want enabled or disabled`},
		{"key twice", "x:state=enabled,state=disabled", "work group x: key state given twice"},
		{"managed with output", "x:managed=true,output=s3://b/p/", "managed=true keeps results without an S3 location"},
		{"dangling backslash", `x:description=a\`, "a backslash must come before a comma or another backslash"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseWorkGroupSpec(c.spec)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("parseWorkGroupSpec(%q) = %+v, %v; want an error with %q", c.spec, got, err, c.want)
			}
		})
	}
}

// formatWorkGroupSpec writes wg as a spec that parseWorkGroupSpec reads
// back.
func formatWorkGroupSpec(wg emulator.WorkGroup) string {
	esc := strings.NewReplacer(`\`, `\\`, `,`, `\,`)
	var kv []string
	if wg.OutputLocation != "" {
		kv = append(kv, "output="+esc.Replace(wg.OutputLocation))
	}
	kv = append(kv, "enforce="+strconv.FormatBool(wg.Enforce), "managed="+strconv.FormatBool(wg.ManagedResults))
	if wg.Engine != "" {
		kv = append(kv, "engine="+wg.Engine)
	}
	kv = append(kv, "description="+esc.Replace(wg.Description))
	if wg.BytesScannedCutoffPerQuery != 0 {
		kv = append(kv, "bytes-cutoff="+strconv.FormatInt(wg.BytesScannedCutoffPerQuery, 10))
	}
	state := "enabled"
	if wg.Disabled {
		state = "disabled"
	}
	kv = append(kv, "state="+state)
	return wg.Name + ":" + strings.Join(kv, ",")
}

// FuzzParseWorkGroupSpec checks that no spec panics, that an accepted spec
// has a valid name and written back parses to the same work group, and that
// errors name the work group or its name.
func FuzzParseWorkGroupSpec(f *testing.F) {
	for _, seed := range []string{
		"etl", "etl:output=s3://b/etl/,enforce=true", `d:description=a\, b\\c`, "x:engine=PySpark engine version 3",
		"x:bytes-cutoff=10GB,state=disabled", "x:managed=true", "x:", ":", "x:a=b", `x:description=\`, "x:enforce=true,enforce=true",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		wg, err := parseWorkGroupSpec(spec)
		if err != nil {
			if !strings.Contains(err.Error(), "work group") {
				t.Errorf("error %q names no work group", err)
			}
			return
		}
		if !workGroupSpecName.MatchString(wg.Name) {
			t.Errorf("accepted name %q", wg.Name)
		}
		again, err := parseWorkGroupSpec(formatWorkGroupSpec(wg))
		if err != nil || !reflect.DeepEqual(again, wg) {
			t.Errorf("%q parsed to %+v, written back %q, parsed again to %+v, %v", spec, wg, formatWorkGroupSpec(wg), again, err)
		}
	})
}

func TestServeWorkGroupFlag(t *testing.T) {
	cmd, url := startServeURL(t, "--workgroup", "etl:output=s3://results/etl/,enforce=true,description=nightly\\, big",
		"--workgroup", "old:engine=Athena engine version 3,state=disabled,bytes-cutoff=20MB",
		"--workgroup", "adhoc:managed=true")
	defer func() {
		cmd.Process.Signal(syscall.SIGINT)
		cmd.Wait()
	}()
	ath := athena.New(athena.Options{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})
	ctx := context.Background()
	list, err := ath.ListWorkGroups(ctx, &athena.ListWorkGroupsInput{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, wg := range list.WorkGroups {
		names = append(names, aws.ToString(wg.Name))
	}
	if !slices.Equal(names, []string{"adhoc", "etl", "old", "primary", "spark"}) {
		t.Errorf("ListWorkGroups = %q", names)
	}
	get := func(name string) *types.WorkGroup {
		out, err := ath.GetWorkGroup(ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String(name)})
		if err != nil {
			t.Fatalf("GetWorkGroup %s: %v", name, err)
		}
		return out.WorkGroup
	}
	if wg := get("etl"); aws.ToString(wg.Description) != "nightly, big" || !aws.ToBool(wg.Configuration.EnforceWorkGroupConfiguration) ||
		aws.ToString(wg.Configuration.ResultConfiguration.OutputLocation) != "s3://results/etl/" {
		t.Errorf("etl = %+v, configuration %+v", wg, wg.Configuration)
	}
	if wg := get("old"); wg.State != types.WorkGroupStateDisabled || aws.ToInt64(wg.Configuration.BytesScannedCutoffPerQuery) != 20_000_000 ||
		aws.ToString(wg.Configuration.EngineVersion.SelectedEngineVersion) != "Athena engine version 3" {
		t.Errorf("old = %+v, configuration %+v", wg, wg.Configuration)
	}
	if wg := get("adhoc"); wg.Configuration.ManagedQueryResultsConfiguration == nil || !wg.Configuration.ManagedQueryResultsConfiguration.Enabled {
		t.Errorf("adhoc configuration = %+v", wg.Configuration)
	}
	// The disabled work group refuses queries.
	_, err = ath.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), WorkGroup: aws.String("old"),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String("s3://results/")}})
	if err == nil || !strings.Contains(err.Error(), "old is disabled") {
		t.Errorf("StartQueryExecution in old: %v, want it refused as disabled", err)
	}
}

func TestServeWorkGroupFlagUsageErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"bad key", []string{"--workgroup", "x:colour=red"}, `unknown key "colour": want one of output, enforce`},
		{"bad value", []string{"--workgroup", "x:bytes-cutoff=5"}, `bytes-cutoff="5": want a number of bytes of at least 10000000`},
		{"bad engine", []string{"--workgroup", "x:engine=v9"}, `engine="v9": want one of "AUTO"`},
		{"defined twice", []string{"--workgroup", "x", "--workgroup", "x:enforce=true"}, "work group x is defined twice"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := cliWith(t, plainBinary(t), "", nil, append([]string{"serve", "--addr", "127.0.0.1:0"}, c.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, c.want) || !strings.Contains(r.stderr, "--workgroup") {
				t.Errorf("serve %q: exit %d, stderr %q; want exit 2 naming --workgroup and %q", c.args, r.code, r.stderr, c.want)
			}
		})
	}
}
