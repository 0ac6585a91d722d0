package athenaq

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestConfigValidationNamesTheField(t *testing.T) {
	cases := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"no location, no work group", Config{}, "OutputLocation"},
		{"not s3", Config{OutputLocation: "bucket/x"}, "OutputLocation"},
		{"bad bucket", Config{OutputLocation: "s3://B/x/"}, "OutputLocation"},
		{"negative poll", Config{WorkGroup: "wg", PollInterval: -time.Second}, "PollInterval"},
		{"max below min", Config{WorkGroup: "wg", PollInterval: time.Second, MaxPollInterval: time.Millisecond}, "MaxPollInterval"},
		{"bad endpoint", Config{WorkGroup: "wg", Endpoint: "localhost:4566"}, "Endpoint"},
		{"kms without key", Config{WorkGroup: "wg", Encryption: "SSE_KMS"}, "KMSKey"},
		{"unknown encryption", Config{WorkGroup: "wg", Encryption: "AES"}, "Encryption"},
		{"owner", Config{WorkGroup: "wg", ExpectedBucketOwner: "12"}, "ExpectedBucketOwner"},
		{"reuse too long", Config{WorkGroup: "wg", ResultReuse: 8 * 24 * time.Hour}, "ResultReuse"},
		{"result mode", Config{WorkGroup: "wg", ResultMode: "xml"}, "ResultMode"},
		{"api limit", Config{WorkGroup: "wg", APILimits: map[string]Limit{"GetQueryExecution": {0, 1}}}, "APILimits[GetQueryExecution]"},
		{"mfa", Config{WorkGroup: "wg", MFASerial: "arn:x"}, "MFATokenProvider"},
		{"negative slots", Config{WorkGroup: "wg", MaxConcurrentQueries: -1}, "MaxConcurrentQueries"},
		{"negative retries", Config{WorkGroup: "wg", RetryFailedQueries: -1}, "RetryFailedQueries"},
	}
	for _, c := range cases {
		_, err := c.cfg.withDefaults()
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Field != c.field || ce.Want == "" || !strings.Contains(err.Error(), "Config."+c.field) {
			t.Errorf("%s: err = %v, want a ConfigError for %s", c.name, err, c.field)
		}
	}
	got, err := Config{OutputLocation: "s3://bucket/p/"}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if got.WorkGroup != "primary" || got.Catalog != "AwsDataCatalog" || got.Database != "default" ||
		got.PollInterval != 50*time.Millisecond || got.MaxPollInterval != 2*time.Second || got.ResultMode != ResultAPI {
		t.Errorf("defaults = %+v", got)
	}
}

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig("athena://eu-west-1/sales?output_location=s3://b-1/p/&workgroup=etl&endpoint=http://127.0.0.1:4566" +
		"&poll_interval=20ms&max_poll_interval=1s&detach_on_cancel=true&max_concurrent_queries=7&result_reuse=30m" +
		"&api_limits=GetQueryExecution:10/20,StartQueryExecution:5/5&type_hints=tags:array(varchar)|%232:map(varchar,bigint)" +
		"&encryption=SSE_KMS&kms_key=k&expected_bucket_owner=123456789012&catalog=cat&s3_endpoint=http://127.0.0.1:9000" +
		"&profile=dev&role_arn=arn:aws:iam::1:role/r&external_id=e&role_session_name=s&role_duration=15m&cache_ttl=5m&cache_scan=10&result_mode=api&retry_failed_queries=3")
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Region: "eu-west-1", Database: "sales", OutputLocation: "s3://b-1/p/", WorkGroup: "etl", Endpoint: "http://127.0.0.1:4566",
		PollInterval: 20 * time.Millisecond, MaxPollInterval: time.Second, DetachOnCancel: true, MaxConcurrentQueries: 7, ResultReuse: 30 * time.Minute,
		Encryption: "SSE_KMS", KMSKey: "k", ExpectedBucketOwner: "123456789012", Catalog: "cat", S3Endpoint: "http://127.0.0.1:9000",
		Profile: "dev", RoleARN: "arn:aws:iam::1:role/r", ExternalID: "e", RoleSessionName: "s", RoleDuration: 15 * time.Minute,
		CacheTTL: 5 * time.Minute, CacheScan: 10, ResultMode: ResultAPI, RetryFailedQueries: 3}
	if c.APILimits["GetQueryExecution"] != (Limit{10, 20}) || c.APILimits["StartQueryExecution"] != (Limit{5, 5}) ||
		c.TypeHints["tags"] != "array(varchar)" || c.TypeHints["#2"] != "map(varchar,bigint)" {
		t.Errorf("limits %v hints %v", c.APILimits, c.TypeHints)
	}
	c.APILimits, c.TypeHints = nil, nil
	if c.Region != want.Region || c.Database != want.Database || c.OutputLocation != want.OutputLocation || c.WorkGroup != want.WorkGroup ||
		c.Endpoint != want.Endpoint || c.PollInterval != want.PollInterval || c.MaxPollInterval != want.MaxPollInterval ||
		c.DetachOnCancel != want.DetachOnCancel || c.MaxConcurrentQueries != want.MaxConcurrentQueries || c.ResultReuse != want.ResultReuse ||
		c.Encryption != want.Encryption || c.KMSKey != want.KMSKey || c.ExpectedBucketOwner != want.ExpectedBucketOwner || c.Catalog != want.Catalog ||
		c.S3Endpoint != want.S3Endpoint || c.Profile != want.Profile || c.RoleARN != want.RoleARN || c.ExternalID != want.ExternalID ||
		c.RoleSessionName != want.RoleSessionName || c.RoleDuration != want.RoleDuration || c.CacheTTL != want.CacheTTL ||
		c.CacheScan != want.CacheScan || c.ResultMode != want.ResultMode {
		t.Errorf("ParseConfig =\n%+v\nwant\n%+v", c, want)
	}
}

func TestParseConfigErrors(t *testing.T) {
	cases := map[string]string{
		"postgres://x/y":                                     "athena:// scheme",
		"athena://user:secret@us-east-1/db":                  "no user or password",
		"athena://us-east-1/db?nope=1":                       "known DSN key",
		"athena://us-east-1/db?poll_interval=abc":            "Go duration",
		"athena://us-east-1/db?detach_on_cancel=maybe":       "true or false",
		"athena://us-east-1/db?max_concurrent_queries=x":     "an integer",
		"athena://us-east-1/db?api_limits=GetQueryExecution": "Operation:rate/burst",
		"athena://us-east-1/db?type_hints=tags":              "column:signature",
		"athena://us-east-1/a/b":                             "one path segment",
		"athena://us-east-1/db?workgroup=a&workgroup=b":      "the key once",
		"athena://us-east-1/db?=x":                           "each with a key",
	}
	for dsn, want := range cases {
		_, err := ParseConfig(dsn)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseConfig(%q) = %v, want an error containing %q", dsn, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("error leaks a password: %v", err)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{"athena://us-east-1/db?output_location=s3://b-1/p/", "athena://x/y?api_limits=A:1/2&type_hints=a:b",
		"athena://", "%", "athena://u:p@h/d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		c, err := ParseConfig(dsn)
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("ParseConfig(%q) error %v is not a *ConfigError", dsn, err)
			}
			return
		}
		// A parsed DSN validates without panicking.
		_, _ = c.withDefaults()
	})
}

// malformedDSNsWithSecrets are DSNs that ParseConfig must reject, each
// carrying distinctive secret strings in the part that is wrong or next
// to it, with a word that the error must use to name the problem.
var malformedDSNsWithSecrets = []struct {
	name    string
	dsn     string
	secrets []string
	want    string
}{
	{"user info and bad path escape", "athena://AKIAX:s3cr3t@us-east-1/db%zz", []string{"AKIAX", "s3cr3t"}, "no user or password"},
	{"user info", "athena://AKIAUSERKEY2:pw2Secret@us-east-1/db", []string{"AKIAUSERKEY2", "pw2Secret"}, "no user or password"},
	{"user name alone", "athena://tok3nUserOnly3@us-east-1/db", []string{"tok3nUserOnly3"}, "no user or password"},
	{"user info and bad port", "athena://AKIAKEY4:pw4Secret@us-east-1:99x/db", []string{"AKIAKEY4", "pw4Secret"}, "no user or password"},
	{"bad escape in password", "athena://AKIAKEY5:pw5%zzSecret@us-east-1/db", []string{"AKIAKEY5", "pw5", "Secret"}, "no user or password"},
	{"user info and query", "athena://AKIAKEY6:pw6Secret@us-east-1/db?workgroup=wg6Secret", []string{"AKIAKEY6", "pw6Secret", "wg6Secret"}, "no user or password"},
	{"secret as port", "athena://us-east-1:pw7Secret/db", []string{"pw7Secret"}, "port"},
	{"bad character in host", "athena://us-east-1{pw8Secret}/db", []string{"pw8Secret"}, "host"},
	{"bad escape in host", "athena://us%zzpw9Secret/db", []string{"pw9Secret"}, "%-escape"},
	{"bad escape in path", "athena://us-east-1/pw10Secret%zz", []string{"pw10Secret"}, "path"},
	{"bad escape in query value", "athena://us-east-1/db?workgroup=pw11Secret%zz", []string{"pw11Secret"}, "%-escape"},
	{"bad escape in query key", "athena://us-east-1/db?output_location=s3://b-1/p/&%zzpw12Secret=x", []string{"pw12Secret"}, "%-escape"},
	{"bad escape next to a secret", "athena://us-east-1/db?external_id=pw13Secret&workgroup=%zz", []string{"pw13Secret"}, "%-escape"},
	{"semicolon in query", "athena://us-east-1/db?workgroup=wg;pw14Secret", []string{"pw14Secret"}, "';'"},
	{"unknown key secret", "athena://us-east-1/db?secret=pw15Secret", []string{"pw15Secret"}, "secret"},
	{"unknown key aws_secret_access_key", "athena://us-east-1/db?aws_secret_access_key=wJalrXUtnFEMI16", []string{"wJalrXUtnFEMI16"}, "aws_secret_access_key"},
	{"unknown key password", "athena://us-east-1/db?password=hunter2pw17", []string{"hunter2pw17"}, "password"},
	{"bare secret in query", "athena://us-east-1/db?AKIApw18Secret", []string{"AKIApw18Secret"}, "key=value"},
	{"duplicate unknown key", "athena://us-east-1/db?secret=pw19SecretA&secret=pw19SecretB", []string{"pw19SecretA", "pw19SecretB"}, "once"},
	{"duplicate known key", "athena://us-east-1/db?external_id=pw20SecretA&external_id=pw20SecretB", []string{"pw20SecretA", "pw20SecretB"}, "once"},
	{"secret as detach_on_cancel", "athena://us-east-1/db?detach_on_cancel=pw21Secret", []string{"pw21Secret"}, "true or false"},
	{"secret as poll_interval", "athena://us-east-1/db?poll_interval=pw22Secret", []string{"pw22Secret"}, "Go duration"},
	{"secret as role_duration", "athena://us-east-1/db?role_duration=pw23Secret", []string{"pw23Secret"}, "Go duration"},
	{"secret as max_concurrent_queries", "athena://us-east-1/db?max_concurrent_queries=pw24Secret", []string{"pw24Secret"}, "integer"},
	{"secret as api_limits rate", "athena://us-east-1/db?api_limits=GetQueryExecution:pw25Secret/5", []string{"pw25Secret"}, "rate"},
	{"secret as api_limits operation", "athena://us-east-1/db?api_limits=pw26Secret:1/2", []string{"pw26Secret"}, "operation"},
	{"secret as type_hints", "athena://us-east-1/db?type_hints=pw27Secret", []string{"pw27Secret"}, "column:signature"},
	{"extra path segment", "athena://r/db/pw28Secret", []string{"pw28Secret"}, "one path segment"},
	{"empty key", "athena://us-east-1/db?=pw29Secret", []string{"pw29Secret"}, "each with a key"},
	{"control character", "athena://us-east-1/db?workgroup=pw30Secret\x01", []string{"pw30Secret"}, "control character"},
	{"bad escape in fragment", "athena://us-east-1/db?workgroup=wg#pw31Secret%zz", []string{"pw31Secret"}, "fragment"},
	{"wrong scheme with user info", "postgres://admin:pw32Secret@host/db", []string{"pw32Secret"}, "athena:// scheme"},
	{"wrong scheme with secret in query", "postgres://host/db?password=pw33Secret", []string{"pw33Secret"}, "athena:// scheme"},
	{"no authority", "athena:pw34Secret", []string{"pw34Secret"}, "athena://"},
}

func TestParseConfigErrorsNeverEchoSecrets(t *testing.T) {
	for _, tc := range malformedDSNsWithSecrets {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig(tc.dsn)
			if err == nil {
				t.Fatalf("ParseConfig(%q) accepted a malformed DSN", tc.dsn)
			}
			for _, text := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				for _, s := range append([]string{tc.dsn}, tc.secrets...) {
					if strings.Contains(text, s) {
						t.Errorf("LEAK: error text %q holds %q", text, s)
					}
				}
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v (%T), want a *ConfigError", err, err)
			}
			if ce.Field == "" || ce.Want == "" || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to name the problem with %q", err, tc.want)
			}
		})
	}
}

// secretMarker is planted in fuzzed DSNs. No proper prefix of it is also
// a suffix, so gluing fuzzed text to it cannot make a second copy.
const secretMarker = "Mk7SECRETqz"

// dsnKeysForFuzz are the documented DSN keys and some keys that users put
// secrets under.
var dsnKeysForFuzz = []string{
	"output_location", "workgroup", "work_group", "catalog", "database", "region", "endpoint", "s3_endpoint",
	"profile", "role_arn", "external_id", "role_session_name", "role_duration", "mfa_serial", "encryption",
	"kms_key", "expected_bucket_owner", "result_reuse", "poll_interval", "max_poll_interval", "detach_on_cancel",
	"result_mode", "s3_part_size", "s3_concurrency", "max_concurrent_queries", "retry_failed_queries", "cache_ttl", "cache_scan", "api_limits", "type_hints",
	"secret", "password", "aws_secret_access_key", "aws_session_token", "token",
}

// secretDSNs returns DSN builders that put secretMarker in one place each:
// the marker follows a fixed delimiter that pins the part it lands in
// (user info, host, port, path, fragment, a key's value), whatever the
// fuzzed noise next to it holds.
func secretDSNs() []func(noise string) string {
	m := secretMarker
	out := []func(string) string{
		func(n string) string { return m + n },
		func(n string) string { return "athena://" + m + n + "@us-east-1/db" },
		func(n string) string { return "athena://AKIAEXAMPLE:" + m + n + "@us-east-1/db?workgroup=wg" },
		func(n string) string { return "athena://" + m + ":" + n + "@us-east-1/db" },
		func(n string) string { return "athena://" + m + n + "/db" },
		func(n string) string { return "athena://us-east-1:" + m + n + "/db" },
		func(n string) string { return "athena://us-east-1/" + m + n },
		func(n string) string { return "athena://us-east-1/db/" + m + n },
		func(n string) string { return "athena://us-east-1/db?workgroup=wg#" + m + n },
		func(n string) string { return "athena://us-east-1/db?" + n + "=" + m },
		func(n string) string { return "athena://us-east-1/db?api_limits=GetQueryExecution:" + m + n },
		func(n string) string { return "athena://us-east-1/db?api_limits=GetQueryExecution:1/" + m + n },
		func(n string) string { return "athena://us-east-1/db?type_hints=col:" + m + n },
		func(n string) string { return "athena://us-east-1/db?workgroup=" + m + "&workgroup=" + n },
		func(n string) string { return "postgres://admin:" + m + n + "@host/db" },
	}
	for _, k := range dsnKeysForFuzz {
		out = append(out,
			func(n string) string { return "athena://us-east-1/db?" + k + "=" + m + n },
			func(n string) string { return "athena://us-east-1/db?" + n + "&" + k + "=" + m })
	}
	return out
}

func FuzzParseConfigNeverEchoesSecrets(f *testing.F) {
	dsns := secretDSNs()
	noises := []string{"", "%zz", "%", ":99x", "&secret=1", ";x", "\x01", "/extra", "#frag%zz", "=x&=y", "@host",
		"&a=1&a=2", "x{y}", "[::1", "/db?workgroup=%zz", ":1/2,Nope:1/2", "|bad", "?k=v#f", "%41", " "}
	for i := range dsns {
		for _, n := range noises {
			f.Add(uint8(i), n)
		}
	}
	f.Fuzz(func(t *testing.T, pos uint8, noise string) {
		if strings.Contains(noise, secretMarker) {
			t.Skip("the noise holds the marker itself")
		}
		dsn := dsns[int(pos)%len(dsns)](noise)
		_, err := ParseConfig(dsn)
		if err == nil {
			return
		}
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Fatalf("ParseConfig(%q) error %v (%T) is not a *ConfigError", dsn, err, err)
		}
		if !ce.Redacted || ce.Value != "" || ce.Field == "" || ce.Want == "" {
			t.Fatalf("ParseConfig(%q) = %#v: want a redacted error that names the field and the expected form", dsn, ce)
		}
		for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			if strings.Contains(text, secretMarker) {
				t.Fatalf("ParseConfig(%q) error shows the secret: %s", dsn, text)
			}
		}
	})
}

func TestDefaultAPILimitsCannotChangeTheClient(t *testing.T) {
	m := DefaultAPILimits()
	m["GetQueryExecution"] = Limit{PerSecond: 0.001, Burst: 1}
	delete(m, "StartQueryExecution")
	clear(DefaultAPILimits())
	if got := DefaultAPILimits(); got["GetQueryExecution"] != (Limit{100, 200}) || got["StartQueryExecution"] != (Limit{20, 80}) {
		t.Fatalf("DefaultAPILimits() after changing returned maps = %v", got)
	}
	c, err := Open(t.Context(), Config{WorkGroup: "wg", Region: "us-east-1", Endpoint: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for op, want := range DefaultAPILimits() {
		lim := c.limits[op]
		if lim == nil || float64(lim.Limit()) != want.PerSecond || lim.Burst() != want.Burst {
			t.Errorf("client limit for %s = %v, want %v", op, lim, want)
		}
	}
}

func TestAPILimitsRejectOperationsTheClientNeverCalls(t *testing.T) {
	all := map[string]Limit{}
	for _, op := range knownOperations {
		all[op] = Limit{1, 1}
	}
	if _, err := (Config{WorkGroup: "wg", APILimits: all}).withDefaults(); err != nil {
		t.Fatalf("a limit for every known operation: %v", err)
	}
	cfgCases := []struct {
		name    string
		limits  map[string]Limit
		unknown string
	}{
		{"typo", map[string]Limit{"GetQueryExecutions": {1, 1}}, `"GetQueryExecutions"`},
		{"wrong case", map[string]Limit{"getqueryresults": {1, 1}}, `"getqueryresults"`},
		{"two unknown, sorted", map[string]Limit{"Zeta": {1, 1}, "Alpha": {1, 1}, "StartQueryExecution": {1, 1}}, `"Alpha, Zeta"`},
		{"empty name", map[string]Limit{"": {1, 1}}, `""`},
	}
	for _, tc := range cfgCases {
		t.Run("Config/"+tc.name, func(t *testing.T) {
			_, err := Config{WorkGroup: "wg", APILimits: tc.limits}.withDefaults()
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != "APILimits" {
				t.Fatalf("err = %v, want a ConfigError for APILimits", err)
			}
			for _, want := range []string{tc.unknown, "StartQueryExecution", "GetQueryResults", "StartSession", "ListCalculationExecutions"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err = %q, want it to hold %s", err, want)
				}
			}
		})
	}
	t.Run("Open", func(t *testing.T) {
		c, err := Open(t.Context(), Config{WorkGroup: "wg", Region: "us-east-1", Endpoint: "http://127.0.0.1:1",
			APILimits: map[string]Limit{"GetQueryExecution": {1, 1}, "GetQueryExecutionz": {1, 1}}})
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Field != "APILimits" || ce.Value != "GetQueryExecutionz" {
			if c != nil {
				c.Close()
			}
			t.Fatalf("Open = %v, want a ConfigError naming GetQueryExecutionz", err)
		}
	})
	dsnCases := []struct {
		name, limits, want string
	}{
		{"unknown operation", "Nope:1/2", "entry 1 names an operation the client never calls"},
		{"second entry unknown", "GetQueryExecution:1/2,GetQueryExecutionz:1/2", "entry 2 names an operation the client never calls"},
		{"wrong case", "getqueryexecution:1/2", "did you mean GetQueryExecution?"},
	}
	for _, tc := range dsnCases {
		t.Run("DSN/"+tc.name, func(t *testing.T) {
			_, err := ParseConfig("athena://us-east-1/db?api_limits=" + tc.limits)
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != "api_limits" {
				t.Fatalf("err = %v, want a ConfigError for api_limits", err)
			}
			for _, want := range []string{tc.want, "StartQueryExecution", "TerminateSession"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err = %q, want it to hold %q", err, want)
				}
			}
		})
	}
	spark := "StartSession:1/1,GetSession:1/1,GetSessionStatus:1/1,TerminateSession:1/1,ListSessions:1/1," +
		"StartCalculationExecution:1/1,GetCalculationExecution:1/1,GetCalculationExecutionStatus:1/1," +
		"GetCalculationExecutionCode:1/1,StopCalculationExecution:1/1,ListCalculationExecutions:1/1"
	c, err := ParseConfig("athena://us-east-1/db?workgroup=wg&api_limits=" + spark)
	if err != nil {
		t.Fatalf("Spark operations in api_limits: %v", err)
	}
	if _, err := c.withDefaults(); err != nil || len(c.APILimits) != 11 {
		t.Fatalf("Spark limits %v: %v", c.APILimits, err)
	}
}

// TestKnownOperationsCoverEveryCall reads the package's source: every
// operation passed to c.call must be one that APILimits accepts.
func TestKnownOperationsCoverEveryCall(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\.call\(ctx, "([A-Za-z]+)"`)
	seen := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			seen[m[1]] = true
			if !slices.Contains(knownOperations, m[1]) {
				t.Errorf("%s calls %s, which is missing from knownOperations", name, m[1])
			}
		}
	}
	if len(seen) < 10 {
		t.Errorf("found only %d operations passed to c.call: %v", len(seen), seen)
	}
	for op := range DefaultAPILimits() {
		if !slices.Contains(knownOperations, op) {
			t.Errorf("DefaultAPILimits has %s, which is missing from knownOperations", op)
		}
	}
}
