package engine

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// renderExpr returns a DuckDB SQL expression of type VARCHAR that renders
// the value of expr, of DuckDB type t, as Athena's text (FACTS §5): the text
// of GetQueryResults and of the CSV result. NULL stays NULL.
//
// Everything runs inside DuckDB, vectorised. Only doubles and reals outside
// Java's plain-notation range and intervals call back into Go.
func renderExpr(expr string, t *duckType) string {
	return render(expr, t, 0)
}

// Names of the Go scalar functions that the renderer calls (udf.go).
const (
	udfDoubleText   = "__athenaq_double_text"
	udfRealText     = "__athenaq_real_text"
	udfIntervalText = "__athenaq_interval_text"
)

// timestampFormat renders a TIMESTAMP with milliseconds, as Athena's
// timestamp(3) (%g is DuckDB's millisecond field).
const timestampFormat = `'%Y-%m-%d %H:%M:%S.%g'`

// render renders expr at nesting depth depth; depth > 0 means inside an
// array, map or row, where a few types render differently.
func render(expr string, t *duckType, depth int) string {
	switch t.id {
	case "VARCHAR":
		return expr
	case "DOUBLE":
		return floatText(expr, udfDoubleText)
	case "FLOAT":
		return floatText(expr, udfRealText)
	case "TIMESTAMP":
		return "strftime(" + expr + ", " + timestampFormat + ")"
	case "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
		return "strftime(CAST(" + expr + " AS TIMESTAMP), " + timestampFormat + ")"
	case "TIMESTAMPTZ":
		// DuckDB keeps instants, not zones: render in UTC.
		return "(strftime(timezone('UTC', " + expr + "), " + timestampFormat + ") || ' UTC')"
	case "TIME", "TIME_NS":
		return "strftime(DATE '1970-01-01' + CAST(" + expr + " AS TIME), '%H:%M:%S.%g')"
	case "TIMETZ":
		// Engine v3 prints the offset as +HH:MM (FACTS §5). DuckDB prints
		// +HH or +HH:MM, so take the offset from its text.
		return "(strftime(DATE '1970-01-01' + CAST(" + expr + " AS TIME), '%H:%M:%S.%g') || " +
			"regexp_replace(regexp_extract(CAST(" + expr + " AS VARCHAR), '[+-][0-9:]+$'), '^([+-][0-9][0-9])$', '\\1:00'))"
	case "INTERVAL":
		return udfIntervalText + "(" + expr + ")"
	case "BLOB":
		if depth > 0 {
			// Inside composites Athena prints the Java object text of the
			// byte array, [B@ and an identity hash (FACTS §5). Use a hash of
			// the bytes so the output is deterministic.
			return "printf('[B@%x', hash(" + expr + ") % 4294967296)"
		}
		return "rtrim(regexp_replace(lower(hex(" + expr + ")), '(..)', '\\1 ', 'g'))"
	case "JSON":
		return "CAST(json(" + expr + ") AS VARCHAR)"
	case "LIST", "ARRAY":
		v := lambdaVar("e", depth)
		return "CASE WHEN " + expr + " IS NULL THEN NULL ELSE '[' || array_to_string(list_transform(" + expr +
			", lambda " + v + ": " + element(v, t.elem, depth+1) + "), ', ') || ']' END"
	case "MAP":
		// Athena sorts map entries by key, numerically for numeric keys.
		k := lambdaVar("k", depth)
		return "CASE WHEN " + expr + " IS NULL THEN NULL ELSE '{' || array_to_string(list_transform(list_sort(map_keys(" + expr +
			")), lambda " + k + ": " + render(k, t.key, depth+1) + " || '=' || " +
			element("map_extract_value("+expr+", "+k+")", t.value, depth+1) + "), ', ') || '}' END"
	case "STRUCT":
		if len(t.fields) == 0 {
			return "CASE WHEN " + expr + " IS NULL THEN NULL ELSE '{}' END"
		}
		var b strings.Builder
		b.WriteString("CASE WHEN " + expr + " IS NULL THEN NULL ELSE '{' || ")
		unnamed := t.unnamed()
		for i, f := range t.fields {
			if i > 0 {
				b.WriteString(" || ', ' || ")
			}
			var field string
			if unnamed {
				field = fmt.Sprintf("struct_extract(%s, %d)", expr, i+1)
			} else {
				field = "struct_extract(" + expr + ", " + sqlString(f.name) + ")"
				b.WriteString(sqlString(f.name+"=") + " || ")
			}
			b.WriteString(element(field, f.typ, depth+1))
		}
		b.WriteString(" || '}' END")
		return b.String()
	case "NULL":
		return "CAST(" + expr + " AS VARCHAR)"
	}
	// Booleans (true/false), integers, decimals (fixed scale), dates, UUIDs,
	// enums and other types whose DuckDB text is Athena's text.
	return "CAST(" + expr + " AS VARCHAR)"
}

// element renders a value inside a composite, where NULL prints as null.
func element(expr string, t *duckType, depth int) string {
	return "coalesce(" + render(expr, t, depth) + ", 'null')"
}

// lambdaVar names the lambda parameter of one nesting level so that nested
// lambdas never shadow each other or the query's columns.
func lambdaVar(prefix string, depth int) string {
	return "__athenaq_" + prefix + strconv.Itoa(depth)
}

// floatText renders a DOUBLE or FLOAT as Java's Double.toString and
// Float.toString do. DuckDB's own cast already prints the same shortest
// round-trip digits in plain notation for 1e-3 <= |x| < 1e7 (1.0, 0.5,
// 0.30000000000000004, 1234567.125); outside that range, and for NaN and
// the infinities, a Go function produces Java's computerized scientific
// notation (1.0E20, 1.0E-7).
func floatText(expr, udf string) string {
	return "CASE WHEN " + expr + " IS NULL THEN NULL WHEN (abs(" + expr + ") >= 0.001 AND abs(" + expr + ") < 10000000) OR " +
		expr + " = 0 THEN CAST(" + expr + " AS VARCHAR) ELSE " + udf + "(" + expr + ") END"
}

// javaFloatText formats f as Java's Double.toString (bits 64) or
// Float.toString (bits 32): shortest round-trip digits, plain notation with
// at least one fraction digit for 1e-3 <= |f| < 1e7, else d.dddE<exp>.
func javaFloatText(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	abs := math.Abs(f)
	if abs == 0 || abs >= 1e-3 && abs < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, bits)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, bits) // 1e+20, 1.2345e-07
	if !strings.Contains(s[:strings.IndexByte(s, 'e')], ".") {
		// When one digit is enough, Java picks among the one- and two-digit
		// decimals that read back as f the one closest to f: 4.9E-324 for
		// the smallest subnormal, where Go's shortest form is 5e-324.
		if two := strconv.FormatFloat(f, 'e', 1, bits); two[strings.IndexByte(two, '.')+1] != '0' {
			if back, err := strconv.ParseFloat(two, bits); err == nil && back == f {
				s = two
			}
		}
	}
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	n, err := strconv.Atoi(exp)
	if err != nil {
		return s
	}
	return mant + "E" + strconv.Itoa(n)
}

// intervalText formats a DuckDB interval as Athena does. An interval of
// whole months prints as interval year to month (1-0, 0-3); anything else
// as interval day to second (1 00:00:00.000), counting a month as 30 days
// as DuckDB's epoch() does.
func intervalText(months, days int32, micros int64) string {
	if months != 0 && days == 0 && micros == 0 {
		sign := ""
		m := int64(months)
		if m < 0 {
			sign, m = "-", -m
		}
		return fmt.Sprintf("%s%d-%d", sign, m/12, m%12)
	}
	const msPerDay = 86_400_000
	ms := (int64(months)*30+int64(days))*msPerDay + micros/1000
	sign := ""
	if ms < 0 {
		sign, ms = "-", -ms
	}
	return fmt.Sprintf("%s%d %02d:%02d:%02d.%03d", sign, ms/msPerDay, ms/3_600_000%24, ms/60_000%60, ms/1000%60, ms%1000)
}

// sqlString quotes s as a SQL string literal.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// sqlIdent quotes s as a SQL identifier.
func sqlIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
