package catalog

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// UtilityColumns returns the result columns that Athena declares for a
// UTILITY statement, by SubstatementType (FACTS §2.4): SHOW_TABLES,
// SHOW_DATABASES, SHOW_VIEWS, SHOW_PARTITIONS, SHOW_TABLE_PROPERTIES,
// SHOW_COLUMNS, DESCRIBE_TABLE, DESC_VIEW (DESCRIBE or SHOW COLUMNS on a
// view), SHOW_CREATE_TABLE and SHOW_CREATE_VIEW. Other kinds give nil.
func UtilityColumns(kind string) []athena.Column {
	str := func(name string) athena.Column { return athena.Column{Name: name, Type: "string"} }
	// These varchar columns report precision 0 and are not case-sensitive,
	// unlike the varchar columns of a SELECT.
	vc := func(name string) athena.Column { return athena.Column{Name: name, Type: "varchar"} }
	switch kind {
	case "SHOW_TABLES":
		return []athena.Column{str("tab_name")}
	case "SHOW_DATABASES":
		return []athena.Column{str("database_name")}
	case "SHOW_VIEWS":
		return []athena.Column{vc("views")}
	case "SHOW_PARTITIONS":
		return []athena.Column{str("partition")}
	case "SHOW_TABLE_PROPERTIES":
		return []athena.Column{str("prpt_name"), str("prpt_value")}
	case "SHOW_COLUMNS":
		return []athena.Column{str("field")}
	case "DESCRIBE_TABLE":
		return []athena.Column{str("col_name"), str("data_type"), str("comment")}
	case "DESC_VIEW":
		return []athena.Column{vc("column"), vc("type")}
	case "SHOW_CREATE_TABLE":
		return []athena.Column{str("createtab_stmt")}
	case "SHOW_CREATE_VIEW":
		return []athena.Column{vc("create view")}
	}
	return nil
}

// ShowTablesRows returns the rows of SHOW TABLES over tables (views
// included, as Hive lists them): the names that match pattern, sorted.
//
// The pattern is Hive's: alternatives separated by "|", each a regular
// expression over the whole name in which "*" stands for ".*", matched
// without regard to case. So 'prefix*' and 'prefix.*' both find
// "prefix_t" (FACTS §7). An empty pattern matches every name. A pattern that
// does not compile fails like Hive (text unverified).
func ShowTablesRows(tables []Table, pattern string) ([]string, error) {
	return matchTableNames(tables, pattern, false)
}

// ShowViewsRows returns the rows of SHOW VIEWS: the names of the views among
// tables that match pattern (the SHOW TABLES pattern, unverified for
// views), sorted.
func ShowViewsRows(tables []Table, pattern string) ([]string, error) {
	return matchTableNames(tables, pattern, true)
}

// ShowDatabasesRows returns the rows of SHOW DATABASES: the names that match
// pattern, sorted.
//
// The pattern is a case-sensitive Java regular expression over the whole
// name; "*" alone (or an empty pattern) lists every database, 'abc*' means
// "ab" followed by any number of "c", and '*abc' fails the query with
// Java's PatternSyntaxException (FACTS §7).
func ShowDatabasesRows(dbs []Database, pattern string) ([]string, error) {
	names := make([]string, 0, len(dbs))
	for _, d := range dbs {
		names = append(names, d.Name)
	}
	slices.Sort(names)
	if pattern == "" || pattern == "*" {
		return names, nil
	}
	re, err := compileJavaRegex(pattern, false)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(names, func(n string) bool { return !re.MatchString(n) }), nil
}

// ShowCreateTableRows returns the rows of SHOW CREATE TABLE on t: its DDL in
// Hive's layout, one row per line (FACTS §4.3).
//
// The layout follows Hive's SHOW CREATE TABLE as Athena prints it: the
// column list with ", " at the end of each line, "ROW FORMAT DELIMITED" with
// one clause per line for LazySimpleSerDe tables whose SerDe parameters are
// only delimiters, "ROW FORMAT SERDE" with sorted WITH SERDEPROPERTIES
// otherwise (serialization.format=1 left out), then STORED AS INPUTFORMAT /
// OUTPUTFORMAT, LOCATION and the sorted TBLPROPERTIES without EXTERNAL.
// Strings are escaped as Java does (\t, \n, \u0001, \\, \', \"). Unverified
// details: backticks around bucket columns, ESCAPED BY on the FIELDS line,
// and escaping in comments and properties. The text parses back (with
// Parse) to the same table.
func ShowCreateTableRows(t Table) []string {
	var b strings.Builder
	b.WriteString("CREATE EXTERNAL TABLE ")
	if t.Database != "" {
		b.WriteString(quoteIdent(t.Database) + ".")
	}
	b.WriteString(quoteIdent(t.Name) + "(\n")
	writeColumns(&b, t.Columns)
	b.WriteString(")")
	if t.Comment != "" {
		b.WriteString("\nCOMMENT " + quoteHive(t.Comment))
	}
	if len(t.PartitionKeys) > 0 {
		b.WriteString("\nPARTITIONED BY ( \n")
		writeColumns(&b, t.PartitionKeys)
		b.WriteString(")")
	}
	if len(t.BucketColumns) > 0 {
		cols := make([]string, len(t.BucketColumns))
		for i, c := range t.BucketColumns {
			cols[i] = quoteIdent(c)
		}
		fmt.Fprintf(&b, "\nCLUSTERED BY ( \n  %s) \nINTO %d BUCKETS", strings.Join(cols, ", \n  "), t.NumBuckets)
	}
	b.WriteString("\n")
	writeRowFormat(&b, t)
	b.WriteString("\nLOCATION\n  " + quoteHive(t.Location))
	keys := slices.Sorted(maps.Keys(t.Parameters))
	keys = slices.DeleteFunc(keys, func(k string) bool { return k == "EXTERNAL" })
	if len(keys) > 0 {
		props := make([]string, len(keys))
		for i, k := range keys {
			props[i] = "  " + quoteHive(k) + "=" + quoteHive(t.Parameters[k])
		}
		b.WriteString("\nTBLPROPERTIES (\n" + strings.Join(props, ", \n") + ")")
	}
	return strings.Split(b.String(), "\n")
}

// ShowCreateViewRows returns the rows of SHOW CREATE VIEW on v: "CREATE VIEW
// db.v AS" and then the lines of the view's query.
//
// Athena prints the query as Trino's formatter lays it out (SELECT 1 AS n
// reads back as SELECT 1 n); the emulator prints the query as it was
// written.
func ShowCreateViewRows(v Table) []string {
	name := v.Name
	if v.Database != "" {
		name = v.Database + "." + v.Name
	}
	return append([]string{"CREATE VIEW " + name + " AS"}, strings.Split(v.ViewSQL, "\n")...)
}

// ShowTblPropertiesRows returns the rows of SHOW TBLPROPERTIES on t:
// "key<TAB>value", values unescaped, a value with a newline spilling over
// into more rows (FACTS §4.3). EXTERNAL comes first and
// transient_lastDdlTime second, as measured; the other keys follow in
// sorted order (their real order is unverified).
func ShowTblPropertiesRows(t Table) []string {
	keys := slices.Sorted(maps.Keys(t.Parameters))
	rank := func(k string) int {
		switch k {
		case "EXTERNAL":
			return 0
		case "transient_lastDdlTime":
			return 1
		}
		return 2
	}
	slices.SortStableFunc(keys, func(a, b string) int { return rank(a) - rank(b) })
	rows := make([]string, len(keys))
	for i, k := range keys {
		rows[i] = k + "\t" + t.Parameters[k]
	}
	return splitRows(rows)
}

// ShowTblPropertyRows returns the rows of SHOW TBLPROPERTIES t ('key'): the
// value alone, as Hive prints it. A missing key gives Hive's message as the
// only row (both unverified on Athena).
func ShowTblPropertyRows(t Table, key string) []string {
	v, ok := t.Parameters[key]
	if !ok {
		return []string{fmt.Sprintf("Table %s does not have property: %s", t.Name, key)}
	}
	return splitRows([]string{v})
}

func matchTableNames(tables []Table, pattern string, viewsOnly bool) ([]string, error) {
	var res []*regexp.Regexp
	if pattern != "" {
		for _, alt := range strings.Split(pattern, "|") {
			re, err := compileJavaRegex(strings.ReplaceAll(alt, "*", ".*"), true)
			if err != nil {
				return nil, err
			}
			res = append(res, re)
		}
	}
	names := make([]string, 0, len(tables))
	for _, t := range tables {
		if viewsOnly && !t.IsView() {
			continue
		}
		if res == nil || slices.ContainsFunc(res, func(re *regexp.Regexp) bool { return re.MatchString(t.Name) }) {
			names = append(names, t.Name)
		}
	}
	slices.Sort(names)
	return names, nil
}

// compileJavaRegex compiles a Java regular expression that must match a
// whole name. Go's RE2 syntax covers what SHOW patterns use; a pattern that
// does not compile fails the query with Java's PatternSyntaxException text
// (the DDLTask wrapping and 2/1006 follow the measured *abc case; the text
// of other syntax errors is Go's).
func compileJavaRegex(pattern string, foldCase bool) (*regexp.Regexp, error) {
	expr := "^(?:" + pattern + ")$"
	if foldCase {
		expr = "(?i)" + expr
	}
	re, err := regexp.Compile(expr)
	if err == nil {
		return re, nil
	}
	desc := err.Error()
	var se *syntax.Error
	if errors.As(err, &se) {
		desc = se.Code.String()
		if se.Code == syntax.ErrMissingRepeatArgument {
			meta, at := danglingMeta(pattern)
			desc = fmt.Sprintf("Dangling meta character '%c' near index %d\n%s\n%s^", meta, at, pattern, strings.Repeat(" ", at))
		} else {
			desc += " near index 0\n" + pattern + "\n^"
		}
	}
	return nil, &athena.QueryError{
		Message:      ddlTaskPrefix + "java.util.regex.PatternSyntaxException: " + desc,
		Category:     2,
		Type:         1006,
		ErrorMessage: desc,
	}
}

// danglingMeta finds the repetition operator that has nothing to repeat.
func danglingMeta(p string) (byte, int) {
	prev := byte(0)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '\\' {
			i++
			prev = 'x'
			continue
		}
		if (c == '*' || c == '+' || c == '?') && (prev == 0 || prev == '|' || prev == '(') {
			return c, i
		}
		prev = c
	}
	return '*', 0
}

// writeColumns writes "  `name` type [COMMENT 'c']" lines joined by ", \n".
func writeColumns(b *strings.Builder, cols []Column) {
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", \n")
		}
		b.WriteString("  " + quoteIdent(c.Name) + " " + c.Type)
		if c.Comment != "" {
			b.WriteString(" COMMENT " + quoteHive(c.Comment))
		}
	}
}

// writeRowFormat writes the ROW FORMAT and STORED AS clauses.
func writeRowFormat(b *strings.Builder, t Table) {
	if delimitedForm(t) {
		b.WriteString("ROW FORMAT DELIMITED \n")
		for _, d := range delimitedKeys {
			v, ok := t.SerDeParameters[d.key]
			switch {
			case !ok:
			case d.key == FieldDelim:
				b.WriteString("  FIELDS TERMINATED BY " + quoteHive(v))
				if e, ok := t.SerDeParameters[EscapeDelim]; ok {
					b.WriteString(" ESCAPED BY " + quoteHive(e))
				}
				b.WriteString(" \n")
			case d.key == EscapeDelim:
			default:
				b.WriteString("  " + d.clause + " " + quoteHive(v) + " \n")
			}
		}
	} else {
		b.WriteString("ROW FORMAT SERDE \n  " + quoteHive(t.SerDeLibrary) + " \n")
		keys := slices.Sorted(maps.Keys(t.SerDeParameters))
		keys = slices.DeleteFunc(keys, func(k string) bool { return k == SerialFormat && t.SerDeParameters[k] == "1" })
		if len(keys) > 0 {
			props := make([]string, len(keys))
			for i, k := range keys {
				props[i] = "  " + quoteHive(k) + "=" + quoteHive(t.SerDeParameters[k])
			}
			b.WriteString("WITH SERDEPROPERTIES ( \n" + strings.Join(props, ", \n") + ") \n")
		}
	}
	b.WriteString("STORED AS INPUTFORMAT \n  " + quoteHive(t.InputFormat) + " \nOUTPUTFORMAT \n  " + quoteHive(t.OutputFormat))
}

// delimitedForm reports whether ROW FORMAT DELIMITED describes t's SerDe
// exactly: LazySimpleSerDe with only delimiter parameters, at least one of
// them, and serialization.format as ROW FORMAT DELIMITED sets it.
func delimitedForm(t Table) bool {
	p := t.SerDeParameters
	if t.SerDeLibrary != LazySimpleSerDe {
		return false
	}
	n := 0
	for k := range p {
		if k == SerialFormat {
			continue
		}
		if !slices.ContainsFunc(delimitedKeys, func(d struct{ key, clause string }) bool { return d.key == k }) {
			return false
		}
		n++
	}
	if n == 0 {
		return false
	}
	if v, ok := p[LineDelim]; ok && v != "\n" {
		return false
	}
	f, hasField := p[FieldDelim]
	if _, ok := p[EscapeDelim]; ok && !hasField {
		return false
	}
	want := "1"
	if hasField {
		want = f
	}
	return p[SerialFormat] == want
}
