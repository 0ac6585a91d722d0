package athenaq

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
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
// result_mode, s3_part_size, s3_concurrency, max_concurrent_queries,
// retry_failed_queries, cache_ttl, cache_scan, api_limits
// (Operation:rate/burst,... with operations the client calls) and
// type_hints (column:signature|...)).
// Credentials never come from a DSN: they come from the AWS default chain,
// and a DSN with user info (user:password@) is an error.
//
// Every error is a *ConfigError with Redacted set: it names the key, or the
// part of the DSN (scheme, host, path, user info, query string, fragment),
// and the expected form, but never shows the DSN or any value in it, since
// a DSN may carry a secret in any place. The result is validated by Open,
// not here.
func ParseConfig(dsn string) (Config, error) {
	u, err := parseDSNURL(dsn)
	if err != nil {
		return Config{}, err
	}
	var c Config
	c.Region = u.Host
	c.Database = strings.Trim(u.Path, "/")
	if strings.Contains(c.Database, "/") {
		return Config{}, redacted("Database", "one path segment: athena://REGION/DATABASE", "the path has more than one segment")
	}
	q, err := parseDSNQuery(u.RawQuery)
	if err != nil {
		return Config{}, err
	}
	// Sorted, so that a key such as database sets its field after the
	// path did, and errors come in a stable order.
	for _, k := range slices.Sorted(maps.Keys(q)) {
		e := q[k]
		if len(e.vals) != 1 {
			if showKey(k, e.bare) {
				return Config{}, redacted(k, "the key once", fmt.Sprintf("the query string gives it %d times", len(e.vals)))
			}
			return Config{}, redacted("DSN", "each query key once", "the query string gives a key more than once (the key is not shown)")
		}
		if err := c.setKey(k, e.vals[0]); err != nil {
			if !errors.Is(err, errUnknownKey) {
				return Config{}, err
			}
			if showKey(k, e.bare) {
				return Config{}, redacted(k, "a known DSN key (see athenaq.ParseConfig)", "the query string has this key, which is no DSN key")
			}
			return Config{}, redacted("DSN", "key=value pairs with known DSN keys (see athenaq.ParseConfig)",
				"the query string has a part that is neither key=value nor a known key (it is not shown)")
		}
	}
	return c, nil
}

// redacted returns the ConfigError of a DSN: it names field, the expected
// form and what is wrong, and holds no value from the DSN.
func redacted(field, want, problem string) *ConfigError {
	return &ConfigError{Field: field, Want: want + "; " + problem, Redacted: true}
}

// errUnknownKey is setKey's answer for a key that is no DSN key.
var errUnknownKey = errors.New("unknown DSN key")

// setKey sets the Config field that a DSN key names. Its errors hold no
// value: a value in the wrong key may be a secret.
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
			return redacted(key, "a Go duration such as 500ms or 2m", "the value is not one")
		}
		*p = d
		return nil
	}
	ints := map[string]*int{"max_concurrent_queries": &c.MaxConcurrentQueries, "cache_scan": &c.CacheScan,
		"retry_failed_queries": &c.RetryFailedQueries,
		"s3_part_size":         &c.S3PartSize, "s3_concurrency": &c.S3Concurrency}
	if p, ok := ints[key]; ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			return redacted(key, "an integer", "the value is not one")
		}
		*p = n
		return nil
	}
	switch key {
	case "detach_on_cancel":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return redacted(key, "true or false", "the value is neither")
		}
		c.DetachOnCancel = b
	case "result_mode":
		c.ResultMode = ResultMode(v)
	case "api_limits":
		limits, err := parseLimits(v)
		if err != nil {
			return redacted(key, "Operation:rate/burst[,Operation:rate/burst...] with operations the client calls ("+
				knownOperationNames()+")", err.Error())
		}
		c.APILimits = limits
	case "type_hints":
		hints, err := parseHints(v)
		if err != nil {
			return redacted(key, "column:signature[|column:signature...]", err.Error())
		}
		c.TypeHints = hints
	default:
		return errUnknownKey
	}
	return nil
}

// parseLimits reads api_limits. Its errors say which entry is wrong and
// how, without the entry's text.
func parseLimits(v string) (map[string]Limit, error) {
	out := map[string]Limit{}
	for i, part := range strings.Split(v, ",") {
		n := i + 1
		op, spec, ok := strings.Cut(part, ":")
		rate, burst, ok2 := strings.Cut(spec, "/")
		if !ok || !ok2 || op == "" {
			return nil, fmt.Errorf("entry %d is not Operation:rate/burst", n)
		}
		if !slices.Contains(knownOperations, op) {
			hint := ""
			for _, k := range knownOperations {
				if strings.EqualFold(k, op) {
					hint = " (did you mean " + k + "?)"
				}
			}
			return nil, fmt.Errorf("entry %d names an operation the client never calls%s", n, hint)
		}
		r, err := strconv.ParseFloat(rate, 64)
		if err != nil {
			return nil, fmt.Errorf("the rate of entry %d (%s) is not a number", n, op)
		}
		b, err := strconv.Atoi(burst)
		if err != nil {
			return nil, fmt.Errorf("the burst of entry %d (%s) is not an integer", n, op)
		}
		out[op] = Limit{PerSecond: r, Burst: b}
	}
	return out, nil
}

// parseHints reads type_hints. Its errors say which entry is wrong, without
// the entry's text.
func parseHints(v string) (map[string]string, error) {
	out := map[string]string{}
	// '|' separates hints: signatures hold ',' and a URL query may not
	// hold ';'.
	for i, part := range strings.Split(v, "|") {
		col, sig, ok := strings.Cut(part, ":")
		if !ok || col == "" || sig == "" {
			return nil, fmt.Errorf("entry %d is not column:signature", i+1)
		}
		out[col] = sig
	}
	return out, nil
}

// parseDSNURL splits dsn as net/url does, after checking what net/url
// would report by quoting the DSN: its errors describe the part that is
// wrong instead.
func parseDSNURL(dsn string) (*url.URL, error) {
	const form = "athena://REGION/DATABASE?key=value&..."
	for i := 0; i < len(dsn); i++ {
		if dsn[i] < 0x20 || dsn[i] == 0x7f {
			return nil, redacted("DSN", form+" in printable characters", fmt.Sprintf("byte %d of the DSN is a control character", i))
		}
	}
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok || !strings.EqualFold(scheme, "athena") {
		return nil, redacted("DSN", "the athena:// scheme: "+form, "the DSN does not start with athena://")
	}
	// The authority ends where net/url ends it: at the path, query or
	// fragment.
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	if strings.Contains(authority, "@") {
		return nil, redacted("DSN", "no user or password: credentials come from the AWS default chain", "the DSN has user info before '@' (it is not shown)")
	}
	u, err := url.Parse(dsn)
	if err == nil {
		return u, nil
	}
	// net/url's error quotes the input: find the part it refused and say
	// what is wrong with it in our own words.
	tail := rest[len(authority):]
	tail, fragment, hasFragment := strings.Cut(tail, "#")
	path, _, _ := strings.Cut(tail, "?")
	if _, err := url.Parse("athena://" + authority); err != nil {
		return nil, redacted("DSN", "a Region such as us-east-1 as the host: "+form, "the host "+hostProblem(authority, err))
	}
	if _, err := url.PathUnescape(path); err != nil {
		return nil, redacted("DSN", "%XX escapes of two hex digits in the path (the Database): "+form, "the path holds a malformed %-escape")
	}
	if hasFragment {
		if _, err := url.PathUnescape(fragment); err != nil {
			return nil, redacted("DSN", "%XX escapes of two hex digits: "+form, "the fragment (after '#') holds a malformed %-escape")
		}
	}
	return nil, redacted("DSN", form, "the DSN is not a valid URL")
}

// hostProblem describes net/url's objection to a host without quoting it.
func hostProblem(host string, err error) string {
	var esc url.EscapeError
	var inv url.InvalidHostError
	switch {
	case errors.As(err, &esc):
		return "holds a malformed or disallowed %-escape"
	case errors.As(err, &inv):
		return "holds a character that a host may not hold"
	case strings.HasPrefix(host, "[") && !strings.Contains(host, "]"):
		return "opens '[' without closing it"
	}
	if i := strings.LastIndex(host, ":"); i > strings.LastIndex(host, "]") {
		return "has a port that is not a number"
	}
	return "is malformed"
}

// dsnValues are the values of one query key, and whether any part gave
// the key without '='.
type dsnValues struct {
	vals []string
	bare bool
}

// parseDSNQuery splits a DSN's query as url.ParseQuery does (empty parts
// are skipped, ';' is refused, keys and values are unescaped), with errors
// that name the key or the part's position instead of quoting the text.
func parseDSNQuery(raw string) (map[string]*dsnValues, error) {
	const form = "key=value pairs separated by '&'"
	out := map[string]*dsnValues{}
	n := 0
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		n++
		if strings.Contains(part, ";") {
			return nil, redacted("DSN", form+" (';' is not a separator)", fmt.Sprintf("part %d of the query string holds a ';'", n))
		}
		rawKey, rawVal, hasEq := strings.Cut(part, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			return nil, redacted("DSN", form+" with %XX escapes of two hex digits",
				fmt.Sprintf("the key of part %d of the query string holds a malformed %%-escape (the key is not shown)", n))
		}
		if key == "" {
			return nil, redacted("DSN", "key=value pairs, each with a key", fmt.Sprintf("part %d of the query string has an empty key", n))
		}
		val, err := url.QueryUnescape(rawVal)
		if err != nil {
			if showKey(key, !hasEq) {
				return nil, redacted(key, "a value with %XX escapes of two hex digits", "the value holds a malformed %-escape")
			}
			return nil, redacted("DSN", form+" with %XX escapes of two hex digits",
				fmt.Sprintf("the value of part %d of the query string holds a malformed %%-escape", n))
		}
		e := out[key]
		if e == nil {
			e = &dsnValues{}
			out[key] = e
		}
		e.vals = append(e.vals, val)
		e.bare = e.bare || !hasEq
	}
	return out, nil
}

// showKey reports whether a query key may be named in an error. Key names
// are not secrets, but a part without '=' (a pasted token, say) or a key
// with characters that no key has may be one, unless it is a DSN key.
func showKey(key string, bare bool) bool {
	if isDSNKey(key) {
		return true
	}
	if bare || len(key) > 64 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// isDSNKey reports whether setKey knows key; setKey stays the one list of
// DSN keys.
func isDSNKey(key string) bool {
	var c Config
	return !errors.Is(c.setKey(key, ""), errUnknownKey)
}
