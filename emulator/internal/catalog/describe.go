package catalog

import (
	"strings"
	"unicode/utf8"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// DescribeRows returns the rows of DESCRIBE on t as GetQueryResults returns
// them, one string per row (FACTS §4.4).
//
// For a table, each row is name, type and comment, each right-padded with
// spaces to 20 characters (never cut), joined by TAB; a comment ends at its
// first TAB. Partition columns follow the other columns, and a partitioned
// table then gets the "# Partition Information" block and its partition
// columns a second time. For a view, each row is "name<TAB>type" in Trino
// spelling, unpadded.
func DescribeRows(t Table) []string {
	if t.IsView() {
		return viewColumnRows(t)
	}
	rows := make([]string, 0, len(t.Columns)+2*len(t.PartitionKeys)+4)
	for _, c := range t.AllColumns() {
		rows = append(rows, hiveRow(c.Name, c.Type, c.Comment))
	}
	if len(t.PartitionKeys) > 0 {
		rows = append(rows,
			"\t \t ",
			"# Partition Information\t \t ",
			"# "+hiveRow("col_name", "data_type", "comment"),
			"\t \t ")
		for _, c := range t.PartitionKeys {
			rows = append(rows, hiveRow(c.Name, c.Type, c.Comment))
		}
	}
	return splitRows(rows)
}

// DescribeColumnRows returns the rows of DESCRIBE t column: the one row that
// DescribeRows gives for that column. A column that t does not have fails
// like Hive (text unverified on Athena).
func DescribeColumnRows(t Table, column string) ([]string, error) {
	for _, c := range t.AllColumns() {
		if strings.EqualFold(c.Name, column) {
			if t.IsView() {
				return splitRows([]string{c.Name + "\t" + c.Type}), nil
			}
			return splitRows([]string{hiveRow(c.Name, c.Type, c.Comment)}), nil
		}
	}
	return nil, &athena.QueryError{
		Message:  "FAILED: SemanticException [Error 10002]: Invalid column reference " + column,
		Category: 2, Type: 1006,
	}
}

// ShowColumnsRows returns the rows of SHOW COLUMNS on t: for a table, each
// column name (partition columns included) padded to 20 characters; for a
// view, the same rows as DescribeRows (FACTS §4.4).
func ShowColumnsRows(t Table) []string {
	if t.IsView() {
		return viewColumnRows(t)
	}
	rows := make([]string, 0, len(t.Columns)+len(t.PartitionKeys))
	for _, c := range t.AllColumns() {
		rows = append(rows, hiveRow(c.Name))
	}
	return splitRows(rows)
}

func viewColumnRows(t Table) []string {
	rows := make([]string, 0, len(t.Columns))
	for _, c := range t.Columns {
		rows = append(rows, c.Name+"\t"+c.Type)
	}
	return splitRows(rows)
}

// hiveWidth is the column width of Hive's DESCRIBE and SHOW COLUMNS output.
const hiveWidth = 20

// hiveRow pads each field with spaces to hiveWidth characters, joins the
// fields with TAB and keeps only as many TAB-separated pieces as there are
// fields, which is how a TAB inside the last field cuts the row.
func hiveRow(fields ...string) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(f)
		for n := utf8.RuneCountInString(f); n < hiveWidth; n++ {
			b.WriteByte(' ')
		}
	}
	row := b.String()
	tabs := 0
	for i := 0; i < len(row); i++ {
		if row[i] == '\t' {
			if tabs++; tabs == len(fields) {
				return row[:i]
			}
		}
	}
	return row
}

// splitRows splits rows that contain newlines: GetQueryResults returns the
// .txt body split at every newline (FACTS §2.4).
func splitRows(rows []string) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, strings.Split(r, "\n")...)
	}
	return out
}
