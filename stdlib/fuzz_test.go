package stdlib_test

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/stdlib"
)

// FuzzParseDSN feeds the DSN parser as the driver uses it (sql.Open goes
// through Driver.OpenConnector, which is ParseDSN): it must never panic,
// and every error must be an *athenaq.ConfigError that names a field and
// the expected form.
func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{
		"athena://us-east-1/default?output_location=s3://bucket/prefix/&workgroup=primary",
		"athena://us-east-1/db?tx=noop&endpoint=http://127.0.0.1:4566&poll_interval=10ms",
		"athena://r/d?tx=error&api_limits=StartQueryExecution:20/80,GetQueryResults:100/200",
		"athena://r/d?type_hints=items:array(row(a integer, b varchar))|#1:map(varchar,bigint)",
		"athena://r/d?tx=%6Eoop#frag",
		"athena://u:p@r/d?tx=noop&tx=noop",
		"athena://r/d?tx=%zz&a=%",
		"athena://r/d?;tx=noop",
		"athena:///?&&tx=&",
		"postgres://r/d",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		cfg, opts, err := stdlib.ParseDSN(dsn)
		if !hasTxKey(dsn) {
			// Without the driver's key, the DSN reaches athenaq.ParseConfig
			// untouched.
			want, wantErr := athenaq.ParseConfig(dsn)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) || (err == nil && !reflect.DeepEqual(cfg, want)) {
				t.Fatalf("ParseDSN(%q) = %+v, %v; athenaq.ParseConfig = %+v, %v", dsn, cfg, err, want, wantErr)
			}
		}
		if err != nil {
			var ce *athenaq.ConfigError
			if !errors.As(err, &ce) || ce.Field == "" || ce.Want == "" || !strings.HasPrefix(err.Error(), "athenaq: Config.") {
				t.Fatalf("ParseDSN(%q) = %v (%T): want a ConfigError naming the field", dsn, err, err)
			}
			if cfg.Region != "" || opts != nil {
				t.Fatalf("ParseDSN(%q) failed but returned %+v, %v", dsn, cfg, opts)
			}
			return
		}
		if len(opts) > 1 {
			t.Fatalf("ParseDSN(%q) returned %d options", dsn, len(opts))
		}
		// What the driver makes of the DSN is what ParseDSN made of it.
		if _, err := (&stdlib.Driver{}).OpenConnector(dsn); err != nil {
			t.Fatalf("OpenConnector(%q) = %v after ParseDSN accepted it", dsn, err)
		}
	})
}

// hasTxKey reports whether dsn's query has a key that unescapes to tx, as
// net/url splits a URL.
func hasTxKey(dsn string) bool {
	main, _, _ := strings.Cut(dsn, "#")
	_, query, _ := strings.Cut(main, "?")
	for _, part := range strings.Split(query, "&") {
		key, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(key); err == nil && k == "tx" {
			return true
		}
	}
	return false
}
