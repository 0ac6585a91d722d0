package athenaq

import (
	"errors"
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
		"&profile=dev&role_arn=arn:aws:iam::1:role/r&external_id=e&role_session_name=s&role_duration=15m&cache_ttl=5m&cache_scan=10&result_mode=api")
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Region: "eu-west-1", Database: "sales", OutputLocation: "s3://b-1/p/", WorkGroup: "etl", Endpoint: "http://127.0.0.1:4566",
		PollInterval: 20 * time.Millisecond, MaxPollInterval: time.Second, DetachOnCancel: true, MaxConcurrentQueries: 7, ResultReuse: 30 * time.Minute,
		Encryption: "SSE_KMS", KMSKey: "k", ExpectedBucketOwner: "123456789012", Catalog: "cat", S3Endpoint: "http://127.0.0.1:9000",
		Profile: "dev", RoleARN: "arn:aws:iam::1:role/r", ExternalID: "e", RoleSessionName: "s", RoleDuration: 15 * time.Minute,
		CacheTTL: 5 * time.Minute, CacheScan: 10, ResultMode: ResultAPI}
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
