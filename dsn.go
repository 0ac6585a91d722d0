package athenaq

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ParseConfig reads a DSN of the form
//
//	athena://REGION/DATABASE?output_location=s3://bucket/prefix/&workgroup=primary&endpoint=http://127.0.0.1:4566
//
// The host is the Region and the path the Database; query keys are Config
// fields in snake_case (output_location, workgroup, catalog, endpoint,
// s3_endpoint, profile, role_arn, external_id, role_session_name,
// role_duration, mfa_serial, encryption, kms_key, expected_bucket_owner,
// result_reuse, poll_interval, max_poll_interval, detach_on_cancel,
// result_mode, max_concurrent_queries, cache_ttl, cache_scan, api_limits
// (Operation:rate/burst,...) and type_hints (column:signature|...)).
// Credentials never come from a DSN: they come from the AWS default chain.
// An unknown key or a malformed value is an error that names it. The
// result is validated by Open, not here.
func ParseConfig(dsn string) (Config, error) {
	var c Config
	u, err := url.Parse(dsn)
	if err != nil {
		return c, &ConfigError{Field: "DSN", Value: redact(dsn), Want: "athena://REGION/DATABASE?key=value&...: " + err.Error()}
	}
	if u.Scheme != "athena" {
		return c, &ConfigError{Field: "DSN", Value: redact(dsn), Want: "the athena:// scheme"}
	}
	if u.User != nil {
		return c, &ConfigError{Field: "DSN", Value: redact(dsn), Want: "no user or password: credentials come from the AWS default chain"}
	}
	c.Region = u.Host
	c.Database = strings.Trim(u.Path, "/")
	if strings.Contains(c.Database, "/") {
		return c, &ConfigError{Field: "Database", Value: c.Database, Want: "one path segment: athena://REGION/DATABASE"}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return c, &ConfigError{Field: "DSN", Value: redact(dsn), Want: "a valid query string: " + err.Error()}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vals := q[k]
		if k == "" {
			return c, &ConfigError{Field: "DSN", Value: redact(dsn), Want: "key=value pairs, each with a key"}
		}
		if len(vals) != 1 {
			return c, &ConfigError{Field: k, Value: strings.Join(vals, ","), Want: "the key once"}
		}
		if err := c.setKey(k, vals[0]); err != nil {
			return c, err
		}
	}
	return c, nil
}

// setKey sets the Config field that a DSN key names.
func (c *Config) setKey(key, v string) error {
	str := map[string]*string{
		"output_location": &c.OutputLocation, "workgroup": &c.WorkGroup, "work_group": &c.WorkGroup,
		"catalog": &c.Catalog, "database": &c.Database, "region": &c.Region, "endpoint": &c.Endpoint,
		"s3_endpoint": &c.S3Endpoint, "profile": &c.Profile, "role_arn": &c.RoleARN, "external_id": &c.ExternalID,
		"role_session_name": &c.RoleSessionName, "mfa_serial": &c.MFASerial, "encryption": &c.Encryption,
		"kms_key": &c.KMSKey, "expected_bucket_owner": &c.ExpectedBucketOwner,
	}
	if p, ok := str[key]; ok {
		*p = v
		return nil
	}
	dur := map[string]*time.Duration{
		"role_duration": &c.RoleDuration, "result_reuse": &c.ResultReuse, "poll_interval": &c.PollInterval,
		"max_poll_interval": &c.MaxPollInterval, "cache_ttl": &c.CacheTTL,
	}
	if p, ok := dur[key]; ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			return &ConfigError{Field: key, Value: v, Want: "a Go duration such as 500ms or 2m"}
		}
		*p = d
		return nil
	}
	ints := map[string]*int{"max_concurrent_queries": &c.MaxConcurrentQueries, "cache_scan": &c.CacheScan}
	if p, ok := ints[key]; ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			return &ConfigError{Field: key, Value: v, Want: "an integer"}
		}
		*p = n
		return nil
	}
	switch key {
	case "detach_on_cancel":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return &ConfigError{Field: key, Value: v, Want: "true or false"}
		}
		c.DetachOnCancel = b
	case "result_mode":
		c.ResultMode = ResultMode(v)
	case "api_limits":
		limits, err := parseLimits(v)
		if err != nil {
			return &ConfigError{Field: key, Value: v, Want: "Operation:rate/burst[,Operation:rate/burst...] (" + err.Error() + ")"}
		}
		c.APILimits = limits
	case "type_hints":
		hints, err := parseHints(v)
		if err != nil {
			return &ConfigError{Field: key, Value: v, Want: "column:signature[|column:signature...] (" + err.Error() + ")"}
		}
		c.TypeHints = hints
	default:
		return &ConfigError{Field: key, Value: v, Want: "a known DSN key (see athenaq.ParseConfig)"}
	}
	return nil
}

func parseLimits(v string) (map[string]Limit, error) {
	out := map[string]Limit{}
	for _, part := range strings.Split(v, ",") {
		op, spec, ok := strings.Cut(part, ":")
		rate, burst, ok2 := strings.Cut(spec, "/")
		if !ok || !ok2 || op == "" {
			return nil, fmt.Errorf("%q is not Operation:rate/burst", part)
		}
		r, err := strconv.ParseFloat(rate, 64)
		if err != nil {
			return nil, fmt.Errorf("rate %q is not a number", rate)
		}
		b, err := strconv.Atoi(burst)
		if err != nil {
			return nil, fmt.Errorf("burst %q is not an integer", burst)
		}
		out[op] = Limit{PerSecond: r, Burst: b}
	}
	return out, nil
}

func parseHints(v string) (map[string]string, error) {
	out := map[string]string{}
	// '|' separates hints: signatures hold ',' and a URL query may not
	// hold ';'.
	for _, part := range strings.Split(v, "|") {
		col, sig, ok := strings.Cut(part, ":")
		if !ok || col == "" || sig == "" {
			return nil, fmt.Errorf("%q is not column:signature", part)
		}
		out[col] = sig
	}
	return out, nil
}

// redact hides anything that looks like a secret before a DSN goes into an
// error message.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		u.User = url.User("REDACTED")
		return u.String()
	}
	return dsn
}
