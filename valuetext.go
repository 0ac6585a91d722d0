package athenaq

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/athenaq/athenaq/athenatype"
)

// athenaText renders a decoded value in the layout of Athena's text in
// GetQueryResults (arrays as [a, b], maps as {k=v}, varbinary as spaced
// hex, timestamps with milliseconds), so that text readers decode it to the
// same value. Floating-point numbers use Go's shortest form (1e+20 where
// Athena prints 1.0E20), which reads back to the same number.
func athenaText(typ string, v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int8, int16, int32, int64:
		return fmt.Sprint(x)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []byte:
		parts := make([]string, len(x))
		for i, b := range x {
			parts[i] = hex.EncodeToString([]byte{b})
		}
		return strings.Join(parts, " ")
	case time.Time:
		if typ == "date" {
			return x.Format(time.DateOnly)
		}
		return x.Format("2006-01-02 15:04:05.000")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = nestedText(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case athenatype.Map:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, nestedText(e.Key)+"="+nestedText(e.Value))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case athenatype.Row:
		parts := make([]string, 0, len(x))
		for _, f := range x {
			if f.Name == "" {
				parts = append(parts, nestedText(f.Value))
				continue
			}
			parts = append(parts, f.Name+"="+nestedText(f.Value))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// nestedText renders an element of an array, map or row: NULL is null.
func nestedText(v any) string {
	if v == nil {
		return "null"
	}
	return athenaText("", v)
}
