package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// textUDF is a Go scalar function from one DuckDB type to VARCHAR, used by
// the renderer for the few values SQL cannot format cheaply.
type textUDF struct {
	in duckdb.Type
	fn func(v driver.Value) (string, error)
}

func (u *textUDF) Config() duckdb.ScalarFuncConfig {
	in, _ := duckdb.NewTypeInfo(u.in)
	out, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	return duckdb.ScalarFuncConfig{InputTypeInfos: []duckdb.TypeInfo{in}, ResultTypeInfo: out}
}

func (u *textUDF) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(values []driver.Value) (any, error) {
		return u.fn(values[0])
	}}
}

// registerUDFs registers the renderer's Go functions and the OpenCSVSerde
// line splitter. DuckDB keeps them in
// the database catalog, so one registration serves every connection.
func registerUDFs(ctx context.Context, conn *sql.Conn) error {
	udfs := map[string]*textUDF{
		udfDoubleText: {in: duckdb.TYPE_DOUBLE, fn: func(v driver.Value) (string, error) {
			f, ok := v.(float64)
			if !ok {
				return "", fmt.Errorf("%s: got %T", udfDoubleText, v)
			}
			return javaFloatText(f, 64), nil
		}},
		udfRealText: {in: duckdb.TYPE_FLOAT, fn: func(v driver.Value) (string, error) {
			f, ok := v.(float32)
			if !ok {
				return "", fmt.Errorf("%s: got %T", udfRealText, v)
			}
			return javaFloatText(float64(f), 32), nil
		}},
		udfIntervalText: {in: duckdb.TYPE_INTERVAL, fn: func(v driver.Value) (string, error) {
			i, ok := v.(duckdb.Interval)
			if !ok {
				return "", fmt.Errorf("%s: got %T", udfIntervalText, v)
			}
			return intervalText(i.Months, i.Days, i.Micros), nil
		}},
	}
	for name, u := range udfs {
		if err := duckdb.RegisterScalarUDF(conn, name, u); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	if err := duckdb.RegisterScalarUDF(conn, udfOpenCSVFields, openCSVUDF{}); err != nil {
		return fmt.Errorf("register %s: %w", udfOpenCSVFields, err)
	}
	return registerMoreUDFs(conn)
}
