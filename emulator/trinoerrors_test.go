package emulator_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// TestTrinoRuntimeErrorsFailTheQuery checks that the errors Trino raises
// where DuckDB would return NULL or a value reach GetQueryExecution with
// Athena's category, type and message (FACTS §2.2).
func TestTrinoRuntimeErrorsFailTheQuery(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name     string
		sql      string
		category int32
		typ      int32
		prefix   string
	}{
		{"array subscript past the end", "SELECT ARRAY[1, 2, 3][5]", 2, 1106,
			"INVALID_FUNCTION_ARGUMENT: Array subscript must be less than or equal to array length: 5 > 3"},
		{"element_at index 0", "SELECT element_at(ARRAY[1], 0)", 2, 1106, "INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1"},
		{"missing map key", "SELECT MAP(ARRAY['a'], ARRAY[1])['b']", 2, 1106, "INVALID_FUNCTION_ARGUMENT: Key not present in map: b"},
		{"mod by zero", "SELECT mod(5, 0)", 2, 1001, "DIVISION_BY_ZERO: Division by zero"},
		{"split_part index 0", "SELECT split_part('a,b', ',', 0)", 2, 1106, "INVALID_FUNCTION_ARGUMENT: Index must be greater than zero"},
		{"concat of one argument", "SELECT concat('a')", 2, 1106,
			"INVALID_FUNCTION_ARGUMENT: There must be two or more concatenation arguments"},
		{"cast of yes to boolean", "SELECT CAST('yes' AS boolean)", 2, 1100, "INVALID_CAST_ARGUMENT: Cannot cast 'yes' to BOOLEAN"},
		{"CASE of integer and varchar", "SELECT CASE WHEN rand() < 2 THEN 1 ELSE 'a' END", 2, 1002,
			"TYPE_MISMATCH: line 1:8: All CASE results must be the same type or coercible to a common type."},
		{"sqrt of a string", "SELECT sqrt('4')", 2, 1303,
			"FUNCTION_NOT_FOUND: Unexpected parameters (varchar(1)) for function sqrt. Expected: sqrt(double)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qe := h.fail(tt.sql)
			reason := aws.ToString(qe.Status.StateChangeReason)
			if !strings.HasPrefix(reason, tt.prefix) {
				t.Errorf("StateChangeReason = %q, want prefix %q", reason, tt.prefix)
			}
			ae := qe.Status.AthenaError
			if ae == nil {
				t.Fatal("no AthenaError")
			}
			if aws.ToInt32(ae.ErrorCategory) != tt.category || aws.ToInt32(ae.ErrorType) != tt.typ || ae.Retryable {
				t.Errorf("AthenaError = category %d, type %d, retryable %v; want %d, %d, false",
					aws.ToInt32(ae.ErrorCategory), aws.ToInt32(ae.ErrorType), ae.Retryable, tt.category, tt.typ)
			}
			if msg := aws.ToString(ae.ErrorMessage); msg != reason {
				t.Errorf("ErrorMessage = %q, want the StateChangeReason %q", msg, reason)
			}
		})
	}
}

// TestTrinoNullSemantics checks the functions whose NULL results differ
// between Trino and DuckDB, through the API.
func TestTrinoNullSemantics(t *testing.T) {
	h := newHarness(t)
	got := h.query("SELECT concat('a', NULL), greatest(1, NULL, 3), arrays_overlap(ARRAY[1, NULL], ARRAY[3]), " +
		"arrays_overlap(ARRAY[1, NULL], ARRAY[1]), greatest(1, 5, 3)")
	want := []string{"NULL", "NULL", "NULL", "true", "5"}
	if len(got) != 1 || strings.Join(got[0], ",") != strings.Join(want, ",") {
		t.Errorf("rows = %q, want %q", got, want)
	}
}
