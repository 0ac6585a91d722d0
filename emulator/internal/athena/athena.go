// Package athena holds the vocabulary that the emulator's internal packages
// share: result columns as Athena describes them and query failures as Athena
// reports them. It has no behaviour beyond small constructors, so that the
// engine, the catalog, the result writers and the service can agree on these
// shapes without importing each other.
package athena

import "strings"

// Column is one result column as GetQueryResults' ColumnInfo and the
// .metadata companion describe it (FACTS §2.4, §4.5).
// CatalogName is always "hive" and Nullable always "UNKNOWN", so they are not
// stored here.
type Column struct {
	Name          string // the label: an alias, a column name or _colN
	Type          string // lowercase Athena base type: "integer", "varchar", "array", "timestamp with time zone", ...
	Precision     int32
	Scale         int32
	CaseSensitive bool
}

// NewColumn returns the Column for an Athena type name with the precision and
// scale that Athena reports for it. length is the declared length of a
// varchar(n) or char(n) (0 when unbounded) and the precision of a decimal;
// scale is the decimal scale.
func NewColumn(name, typ string, length, scale int) Column {
	c := Column{Name: name, Type: typ}
	switch typ {
	case "tinyint":
		c.Precision = 3
	case "smallint":
		c.Precision = 5
	case "integer":
		c.Precision = 10
	case "bigint":
		c.Precision = 19
	case "float", "real", "double":
		c.Precision = 17
	case "decimal":
		c.Precision, c.Scale = int32(length), int32(scale)
	case "varchar":
		c.Precision, c.CaseSensitive = 2147483647, true
		if length > 0 {
			c.Precision = int32(length)
		}
	case "char":
		c.Precision, c.CaseSensitive = int32(length), true
	case "varbinary":
		c.Precision = 1073741824
	case "time", "time with time zone", "timestamp", "timestamp with time zone":
		c.Precision = 3
	}
	return c
}

// QueryError is a failure of a query that Athena accepted: the query ends
// FAILED and Status.AthenaError carries these fields. Name is the engine
// error name (DIVISION_BY_ZERO, TABLE_NOT_FOUND, ...) or empty for Hive DDL
// failures whose Message already starts with "FAILED: ".
type QueryError struct {
	Name      string
	Message   string
	Category  int32 // 1 SYSTEM, 2 USER, 3 OTHER
	Type      int32 // Athena error type, 0..9999
	Retryable bool
	// ErrorMessage is AthenaError.ErrorMessage when it differs from the
	// StateChangeReason, as it does for Hive DDL failures (FACTS §2.2).
	// Empty means the same text as Error().
	ErrorMessage string
}

// NewQueryError returns a QueryError for an engine error name with the
// category and error type that Athena reports for it (FACTS §2.2). Unmapped
// names get the user-error fallback 2/1000.
func NewQueryError(name, message string) *QueryError {
	e := &QueryError{Name: name, Message: message, Category: 2, Type: 1000}
	if ct, ok := errorTypes[name]; ok {
		e.Category, e.Type = ct[0], ct[1]
	}
	return e
}

// Error returns the StateChangeReason text: "NAME: message", or the message
// alone when there is no name.
func (e *QueryError) Error() string {
	if e.Name == "" {
		return e.Message
	}
	return e.Name + ": " + e.Message
}

// errorTypes maps engine error names to Athena's (ErrorCategory, ErrorType),
// as measured (FACTS §2.2).
var errorTypes = map[string][2]int32{
	"DIVISION_BY_ZERO":           {2, 1001},
	"TYPE_MISMATCH":              {2, 1002},
	"COLUMN_NOT_FOUND":           {2, 1006},
	"CATALOG_NOT_FOUND":          {2, 1006},
	"SYNTAX_ERROR":               {2, 1006},
	"INVALID_CAST_ARGUMENT":      {2, 1100},
	"NUMERIC_VALUE_OUT_OF_RANGE": {2, 1100},
	"INVALID_PARAMETER_USAGE":    {2, 1100},
	"MISSING_COLUMN_NAME":        {2, 1100},
	"INVALID_FUNCTION_ARGUMENT":  {2, 1106},
	"TABLE_ALREADY_EXISTS":       {2, 1110},
	"NOT_SUPPORTED":              {2, 1200},
	"NOT_FOUND":                  {2, 1300},
	"TABLE_NOT_FOUND":            {2, 1301},
	"SCHEMA_NOT_FOUND":           {2, 1301},
	"FUNCTION_NOT_FOUND":         {2, 1303},
	"GENERIC_INTERNAL_ERROR":     {1, 200},
	"EXCEEDED_TIME_LIMIT":        {1, 206},
	"GENERIC_USER_ERROR":         {2, 1000},
}

// IsHiveFailure reports whether msg is a Hive DDL failure text, which Athena
// writes into the .txt result object of a FAILED query.
func IsHiveFailure(msg string) bool { return strings.HasPrefix(msg, "FAILED: ") }
