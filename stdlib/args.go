package stdlib

import (
	"database/sql/driver"
	"fmt"

	"github.com/athenaq/athenaq/athenatype"
)

// checkNamedValue is the driver's driver.NamedValueChecker. It accepts
// every value the native client can send, as they are: whatever
// athenatype.Literal encodes (integers of every size, float32, Decimal,
// Date, Time, Zoned, time.Duration, Months, UUID, netip.Addr,
// json.RawMessage, slices, maps, Map, Row, pointers and driver.Valuer),
// without database/sql's default conversions, which would turn an int32
// into an int64 and refuse slices. It refuses sql.Named: Athena's
// parameters are positional.
func checkNamedValue(nv *driver.NamedValue) error {
	if nv.Name != "" {
		return errNamed(nv.Name)
	}
	if _, err := athenatype.Literal(nv.Value); err != nil {
		return err
	}
	return nil
}

func errNamed(name string) error {
	return fmt.Errorf("athenaq/stdlib: named argument %q: Athena binds positional ? parameters only; pass the value without sql.Named", name)
}

// positional returns the arguments' values in order for the client, which
// sends them as ExecutionParameters.
func positional(args []driver.NamedValue) ([]any, error) {
	if len(args) == 0 {
		return nil, nil
	}
	vals := make([]any, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, errNamed(a.Name)
		}
		vals[i] = a.Value
	}
	return vals, nil
}

// named turns the arguments of the context-free driver.Stmt methods into
// NamedValues.
func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}
