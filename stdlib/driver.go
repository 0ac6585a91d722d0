package stdlib

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"net/url"
	"strings"

	"github.com/athenaq/athenaq"
)

// DriverName is the name under which the driver registers with
// database/sql.
const DriverName = "athena"

func init() {
	sql.Register(DriverName, &Driver{})
}

// Driver is the database/sql driver for Athena, registered as "athena". Its
// DSN is the one ParseDSN reads.
type Driver struct{}

// Open returns a connection with an athenaq.Client of its own, closed with
// the connection. database/sql calls OpenConnector instead, whose
// connections share one Client; Open serves callers that use the driver
// directly.
func (d *Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	connector := c.(*Connector)
	cn, err := connector.Connect(context.Background())
	if err != nil {
		connector.Close()
		return nil, err
	}
	cn.(*conn).owner = connector
	return cn, nil
}

// OpenConnector parses dsn (see ParseDSN) and returns a *Connector. A DSN
// error is returned here, so sql.Open reports it; the Client, and with it
// the check of the Config's values, is made at the first connection.
func (d *Driver) OpenConnector(dsn string) (driver.Connector, error) {
	cfg, opts, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	return NewConnector(cfg, opts...), nil
}

// ParseDSN reads the driver's DSN: athenaq.ParseConfig's form and keys,
//
//	athena://REGION/DATABASE?output_location=s3://bucket/prefix/&workgroup=primary
//
// plus the keys that only the driver reads, which it removes before
// calling athenaq.ParseConfig:
//
//	tx=error   BeginTx fails with an error that wraps ErrNotSupported (the default)
//	tx=noop    BeginTx succeeds and Commit and Rollback do nothing (WithNoopTransactions)
//
// It returns the Config and the Options the driver keys give, ready for
// NewConnector or OpenDB; set the fields a DSN cannot hold (AWS, Logger,
// Tracer, MFATokenProvider) on the Config in between. Every error is an
// *athenaq.ConfigError that names the key, its value and the expected form.
func ParseDSN(dsn string) (athenaq.Config, []Option, error) {
	rest, keys, err := cutDriverKeys(dsn)
	if err != nil {
		return athenaq.Config{}, nil, err
	}
	cfg, err := athenaq.ParseConfig(rest)
	if err != nil {
		return athenaq.Config{}, nil, err
	}
	var opts []Option
	if tx, ok := keys["tx"]; ok {
		switch tx {
		case "error":
		case "noop":
			opts = append(opts, WithNoopTransactions())
		default:
			return athenaq.Config{}, nil, &athenaq.ConfigError{Field: "tx", Redacted: true,
				Want: "error (BeginTx fails, the default) or noop (Commit and Rollback do nothing)"}
		}
	}
	return cfg, opts, nil
}

// driverKeys are the DSN keys the driver reads itself.
var driverKeys = map[string]bool{"tx": true}

// cutDriverKeys removes the driver's keys from dsn's query and returns them
// with the rest of the DSN, byte for byte as it was. A query that does not
// parse is left for athenaq.ParseConfig to report.
func cutDriverKeys(dsn string) (string, map[string]string, error) {
	// The splits follow net/url: the fragment first, then the query.
	main, frag, hasFrag := strings.Cut(dsn, "#")
	base, query, hasQuery := strings.Cut(main, "?")
	if !hasQuery {
		return dsn, nil, nil
	}
	var kept []string
	found := map[string]string{}
	for _, part := range strings.Split(query, "&") {
		rawKey, rawVal, _ := strings.Cut(part, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil || !driverKeys[key] {
			kept = append(kept, part)
			continue
		}
		val, err := url.QueryUnescape(rawVal)
		if err != nil {
			// Neither the value nor url's error text (which quotes it) is
			// shown: a DSN may carry secrets.
			return "", nil, &athenaq.ConfigError{Field: key, Redacted: true, Want: "a value with valid %-escapes"}
		}
		if _, dup := found[key]; dup {
			return "", nil, &athenaq.ConfigError{Field: key, Redacted: true, Want: "the key once"}
		}
		found[key] = val
	}
	if len(found) == 0 {
		return dsn, nil, nil
	}
	out := base
	if len(kept) > 0 {
		out += "?" + strings.Join(kept, "&")
	}
	if hasFrag {
		out += "#" + frag
	}
	return out, found, nil
}
