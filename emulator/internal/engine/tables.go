package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/hivetype"
)

// Format is the storage format of a table's files.
type Format int

// The table formats DefineTable reads.
const (
	// FormatDelimited is Hive's LazySimpleSerDe text: fields split on
	// FieldDelim, collections on CollectionDelim, map keys on MapKeyDelim.
	FormatDelimited Format = iota + 1
	// FormatOpenCSV is OpenCSVSerde: quoted CSV whose values are strings.
	FormatOpenCSV
	// FormatJSON is one JSON object per line (Hive JSON SerDes).
	FormatJSON
	// FormatParquet is Apache Parquet.
	FormatParquet
)

// ColumnSpec is a declared table column.
type ColumnSpec struct {
	Name string
	Type *hivetype.Type
}

// TableSource is an Athena table over local files, for DefineTable.
type TableSource struct {
	Schema, Name string
	// Columns are the declared columns in order.
	Columns []ColumnSpec
	Format  Format
	// Files are local paths, possibly empty, possibly gzip-compressed
	// (by the .gz extension). Empty files are skipped, as Hive does.
	Files []string

	// LazySimpleSerDe properties; "" selects the defaults "\x01", "\x02",
	// "\x03", no escaping and `\N`.
	FieldDelim, CollectionDelim, MapKeyDelim, EscapeChar, NullFormat string
	// OpenCSVSerde properties; "" selects the defaults ",", `"` and `\`.
	Separator, Quote, Escape string
	// SkipHeaderLines is skip.header.line.count: lines skipped at the start
	// of every file.
	SkipHeaderLines int

	// PartitionKeys are the partition columns of a partitioned table; they
	// follow Columns in the view. When set, Files is ignored and the view
	// reads Partitions: each partition's files with its values as typed
	// constants.
	PartitionKeys []ColumnSpec
	Partitions    []PartitionFiles
}

// PartitionFiles is one partition of a table: its values as text, one per
// partition key, and its local files.
type PartitionFiles struct {
	Values []string
	Files  []string
}

// DefineTable creates or replaces the view t.Schema.t.Name over t's files,
// typed as declared. Values that do not parse as their column's type read as
// NULL, as in Hive; missing fields and keys read as NULL. Concurrent
// definitions are serialized; the last one wins.
func (e *Engine) DefineTable(ctx context.Context, t TableSource) error {
	if t.Schema == "" || t.Name == "" {
		return fmt.Errorf("engine: define table %q.%q: want a schema and a name", t.Schema, t.Name)
	}
	if len(t.Columns) == 0 {
		return fmt.Errorf("engine: define table %s.%s: want at least one column", t.Schema, t.Name)
	}
	for _, c := range t.Columns {
		if c.Type == nil || c.Name == "" {
			return fmt.Errorf("engine: define table %s.%s: column %q has no name or type", t.Schema, t.Name, c.Name)
		}
	}
	for _, c := range t.PartitionKeys {
		if c.Type == nil || c.Name == "" {
			return fmt.Errorf("engine: define table %s.%s: partition column %q has no name or type", t.Schema, t.Name, c.Name)
		}
	}
	type part struct {
		values []string
		files  []string
	}
	parts := []part{{files: t.Files}}
	if len(t.PartitionKeys) > 0 {
		parts = parts[:0]
		for _, p := range t.Partitions {
			if len(p.Values) != len(t.PartitionKeys) {
				return fmt.Errorf("engine: define table %s.%s: a partition has %d values for %d keys", t.Schema, t.Name, len(p.Values), len(t.PartitionKeys))
			}
			parts = append(parts, part{values: p.Values, files: p.Files})
		}
	}
	for i := range parts {
		files, err := nonEmptyFiles(parts[i].files)
		if err != nil {
			return fmt.Errorf("engine: define table %s.%s: %w", t.Schema, t.Name, err)
		}
		parts[i].files = files
	}
	return e.run(ctx, func(ctx context.Context) error {
		var selects []string
		for _, p := range parts {
			if len(p.files) == 0 {
				continue
			}
			body, err := e.filesSelect(ctx, t, p.files)
			if err != nil {
				return fmt.Errorf("engine: define table %s.%s: %w", t.Schema, t.Name, err)
			}
			if len(t.PartitionKeys) > 0 {
				body = partitionSelect(t.PartitionKeys, p.values, body)
			}
			selects = append(selects, body)
		}
		body := strings.Join(selects, "\nUNION ALL\n")
		if len(selects) == 0 {
			body = emptySelect(append(slices.Clone(t.Columns), t.PartitionKeys...))
		}
		e.ddl.Lock()
		defer e.ddl.Unlock()
		stmt := "CREATE OR REPLACE VIEW " + qualified(t.Schema, t.Name) + " AS\n" + body
		if _, err := e.db.ExecContext(ctx, stmt); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return fmt.Errorf("engine: %w", ctxErr)
			}
			return fmt.Errorf("engine: define table %s.%s: %w", t.Schema, t.Name, err)
		}
		return nil
	})
}

// filesSelect reads files in t's format as t's declared columns.
func (e *Engine) filesSelect(ctx context.Context, t TableSource, files []string) (string, error) {
	switch t.Format {
	case FormatDelimited:
		return delimitedSelect(t, files)
	case FormatOpenCSV:
		return openCSVSelect(t, files)
	case FormatJSON:
		return jsonSelect(t, files), nil
	case FormatParquet:
		return e.parquetSelect(ctx, t, files)
	}
	return "", fmt.Errorf("unknown format %d", t.Format)
}

// partitionSelect appends a partition's values to the rows of body, as
// constants of their keys' types. A value that does not convert reads as
// NULL (Hive's leniency; unverified for Athena).
func partitionSelect(keys []ColumnSpec, values []string, body string) string {
	var b strings.Builder
	b.WriteString("SELECT __athenaq_p.*")
	for i, k := range keys {
		b.WriteString(", " + scalarFromText(sqlString(values[i]), k.Type) + " AS " + sqlIdent(k.Name))
	}
	b.WriteString(" FROM (" + body + ") AS __athenaq_p")
	return b.String()
}

// nonEmptyFiles drops zero-byte files, which DuckDB's Parquet reader
// rejects and which hold no rows in any format.
func nonEmptyFiles(files []string) ([]string, error) {
	out := make([]string, 0, len(files))
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		if st.Size() > 0 {
			out = append(out, f)
		}
	}
	return out, nil
}

// emptySelect is a relation with the declared columns and no rows.
func emptySelect(cols []ColumnSpec) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("CAST(NULL AS " + c.Type.DuckDB() + ") AS " + sqlIdent(c.Name))
	}
	b.WriteString(" WHERE false")
	return b.String()
}

// fileList spells files as a DuckDB list literal.
func fileList(files []string) string {
	q := make([]string, len(files))
	for i, f := range files {
		q[i] = sqlString(f)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// hiveText describes how LazySimpleSerDe text is decoded.
type hiveText struct {
	seps   []string // separators by nesting level: field, collection, map key, \x04, ...
	null   string   // the NULL sequence as it appears in the split text
	raw    string   // the NULL sequence as the table declares it
	escape string   // the escape character, "" for none
}

// placeholder returns a private-use character that stands for an escaped
// separator (k >= 0) or an escaped escape character (k = -1) while the line
// is split.
func placeholder(k int) string { return string(rune(0xE000 + 1 + k)) }

// restore undoes the placeholders in a leaf value.
func (h *hiveText) restore(expr string) string {
	if h.escape == "" {
		return expr
	}
	expr = "replace(" + expr + ", " + sqlString(placeholder(-1)) + ", " + sqlString(h.escape) + ")"
	for k, s := range h.seps {
		expr = "replace(" + expr + ", " + sqlString(placeholder(k)) + ", " + sqlString(s) + ")"
	}
	if h.null != h.raw {
		expr = "replace(" + expr + ", " + sqlString(h.null) + ", " + sqlString(h.raw) + ")"
	}
	return expr
}

// delimitedSelect reads LazySimpleSerDe text: each line is read whole and
// split in SQL, so that missing trailing fields read as NULL and extra ones
// are ignored, as Hive does.
func delimitedSelect(t TableSource, files []string) (string, error) {
	h := &hiveText{raw: or(t.NullFormat, `\N`), escape: t.EscapeChar}
	h.null = h.raw
	field, coll, mapKey := or(t.FieldDelim, "\x01"), or(t.CollectionDelim, "\x02"), or(t.MapKeyDelim, "\x03")
	h.seps = []string{field, coll, mapKey}
	for c := byte(4); c <= 8; c++ {
		h.seps = append(h.seps, string([]byte{c}))
	}
	line := "coalesce(line, '')"
	if h.escape != "" {
		// Protect escaped escapes and separators, then drop the remaining
		// escape characters (an escaped ordinary character is itself).
		line = "replace(" + line + ", " + sqlString(h.escape+h.escape) + ", " + sqlString(placeholder(-1)) + ")"
		if strings.Contains(h.raw, h.escape) {
			// The NULL sequence (\N) is compared before unescaping in Hive.
			h.null = placeholder(-2)
			line = "replace(" + line + ", " + sqlString(h.raw) + ", " + sqlString(h.null) + ")"
		}
		for k, s := range h.seps {
			line = "replace(" + line + ", " + sqlString(h.escape+s) + ", " + sqlString(placeholder(k)) + ")"
		}
		line = "replace(" + line + ", " + sqlString(h.escape) + ", '')"
	}
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		expr, err := h.convert(fmt.Sprintf("__athenaq_f[%d]", i+1), c.Type, 1)
		if err != nil {
			return "", fmt.Errorf("column %s: %w", c.Name, err)
		}
		if c.Type.IsComplex() {
			expr = "CAST(" + expr + " AS " + c.Type.DuckDB() + ")"
		}
		b.WriteString(expr + " AS " + sqlIdent(c.Name))
	}
	// delim '' reads every line as one field; quoting and escaping are off
	// so that the text arrives as written.
	fmt.Fprintf(&b, " FROM (SELECT string_split(%s, %s) AS __athenaq_f FROM read_csv(%s, columns={'line': 'VARCHAR'}, "+
		"delim='', quote='', escape='', header=false, skip=%d, auto_detect=false, compression='auto'))",
		line, sqlString(field), fileList(files), max(0, t.SkipHeaderLines))
	return b.String(), nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// convert returns the SQL that decodes the text x at nesting level level
// (1 for a top-level column) as the declared type t.
func (h *hiveText) convert(x string, t *hivetype.Type, level int) (string, error) {
	isNull := x + " IS NULL OR " + x + " = " + sqlString(h.null)
	switch t.Kind {
	case hivetype.Array, hivetype.Map, hivetype.Struct:
		need := level
		if t.Kind == hivetype.Map {
			need = level + 1
		}
		if need >= len(h.seps) {
			return "", errors.New("nested too deeply for LazySimpleSerDe separators")
		}
	}
	sep := ""
	if level < len(h.seps) {
		sep = sqlString(h.seps[level])
	}
	switch t.Kind {
	case hivetype.Array:
		v := lambdaVar("a", level)
		elem, err := h.convert(v, t.Elem, level+1)
		if err != nil {
			return "", err
		}
		return "CASE WHEN " + isNull + " OR " + x + " = '' THEN NULL ELSE list_transform(string_split(" + x + ", " + sep +
			"), lambda " + v + ": " + elem + ") END", nil
	case hivetype.Map:
		v, es, p, i, q := lambdaVar("m", level), lambdaVar("es", level), lambdaVar("p", level), lambdaVar("i", level), lambdaVar("q", level)
		kv := sqlString(h.seps[level+1])
		keyText := "CASE WHEN strpos(" + v + ", " + kv + ") = 0 THEN " + v + " ELSE substr(" + v + ", 1, strpos(" + v + ", " + kv + ") - 1) END"
		valText := "CASE WHEN strpos(" + v + ", " + kv + ") = 0 THEN NULL ELSE substr(" + v + ", strpos(" + v + ", " + kv + ") + length(" + kv + ")) END"
		key, err := h.convert("("+keyText+")", t.Key, level+2)
		if err != nil {
			return "", err
		}
		val, err := h.convert("("+valText+")", t.Elem, level+2)
		if err != nil {
			return "", err
		}
		entries := "list_transform(string_split(" + x + ", " + sep + "), lambda " + v + ": {'key': " + key + ", 'value': " + val + "})"
		// DuckDB rejects NULL and duplicate keys; Hive drops NULL keys and
		// keeps the first entry of a duplicated key.
		dedup := "list_filter(" + es + ", lambda " + p + ", " + i + ": " + p + ".key IS NOT NULL AND list_position(list_transform(" + es +
			", lambda " + q + ": " + q + ".key), " + p + ".key) = " + i + ")"
		return "CASE WHEN " + isNull + " OR " + x + " = '' THEN NULL ELSE map_from_entries(list_transform([" + entries +
			"], lambda " + es + ": " + dedup + ")[1]) END", nil
	case hivetype.Struct:
		v := lambdaVar("s", level)
		var b strings.Builder
		b.WriteString("{")
		for k, f := range t.Fields {
			if k > 0 {
				b.WriteString(", ")
			}
			fx, err := h.convert(fmt.Sprintf("%s[%d]", v, k+1), f.Type, level+1)
			if err != nil {
				return "", err
			}
			b.WriteString(sqlString(f.Name) + ": " + fx)
		}
		b.WriteString("}")
		return "CASE WHEN " + isNull + " OR " + x + " = '' THEN NULL ELSE list_transform([string_split(" + x + ", " + sep +
			")], lambda " + v + ": " + b.String() + ")[1] END", nil
	}
	return "CASE WHEN " + isNull + " THEN NULL ELSE " + scalarFromText(h.restore(x), t) + " END", nil
}

// scalarFromText converts text to a scalar column type with Hive's
// leniency: a value that does not parse is NULL.
func scalarFromText(x string, t *hivetype.Type) string {
	switch t.Kind {
	case hivetype.String:
		return x
	case hivetype.Varchar, hivetype.Char:
		if t.Length > 0 {
			return "left(" + x + ", " + strconv.Itoa(t.Length) + ")"
		}
		return x
	case hivetype.Boolean:
		return "CASE lower(" + x + ") WHEN 'true' THEN true WHEN 'false' THEN false END"
	case hivetype.TinyInt, hivetype.SmallInt, hivetype.Int, hivetype.BigInt:
		// DuckDB would round "1.5" and trim " 1"; Hive reads both as NULL.
		return "CASE WHEN regexp_full_match(" + x + ", '[+-]?[0-9]+') THEN TRY_CAST(" + x + " AS " + t.DuckDB() + ") END"
	case hivetype.Binary:
		// Hive decodes binary text as base64 when it is valid base64 (Hive's
		// LazyBinary; unverified for Athena), else takes the bytes as they are.
		return "CASE WHEN regexp_full_match(" + x + ", '([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?') THEN from_base64(" + x + ") ELSE encode(" + x + ") END"
	}
	return "TRY_CAST(" + x + " AS " + t.DuckDB() + ")"
}

// openCSVSelect reads OpenCSVSerde files: DuckDB's CSV reader with the
// table's separator, quote and escape, every column as text, then converted.
func openCSVSelect(t TableSource, files []string) (string, error) {
	var cols, sel strings.Builder
	for i, c := range t.Columns {
		if c.Type.IsComplex() {
			return "", fmt.Errorf("column %s: OpenCSVSerde does not support type %s", c.Name, c.Type.Hive())
		}
		if i > 0 {
			cols.WriteString(", ")
			sel.WriteString(", ")
		}
		name := "c" + strconv.Itoa(i)
		cols.WriteString(sqlString(name) + ": 'VARCHAR'")
		x := "__athenaq_csv." + name
		// OpenCSV reads an empty field as the empty string; for other types
		// that is NULL, like any value that does not parse.
		sel.WriteString(scalarFromText(x, c.Type) + " AS " + sqlIdent(c.Name))
	}
	// nullstr is a sequence no file holds, so that empty fields stay empty
	// strings; null_padding makes missing trailing fields NULL and
	// strict_mode=false ignores extra ones.
	return fmt.Sprintf("SELECT %s FROM read_csv(%s, columns={%s}, delim=%s, quote=%s, escape=%s, header=false, skip=%d, "+
		"auto_detect=false, null_padding=true, strict_mode=false, allow_quoted_nulls=false, nullstr=%s, compression='auto') AS __athenaq_csv",
		sel.String(), fileList(files), cols.String(), sqlString(or(t.Separator, ",")), sqlString(or(t.Quote, `"`)),
		sqlString(or(t.Escape, `\`)), max(0, t.SkipHeaderLines), sqlString(noNullSequence)), nil
}

// noNullSequence is a null string that no CSV field holds.
const noNullSequence = "\U0010FFFF\U0010FFFE"

// jsonSelect reads newline-delimited JSON objects. Keys match column and
// field names case-insensitively, as Hive's JSON SerDes do; nested arrays
// and objects become the declared complex types.
func jsonSelect(t TableSource, files []string) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		expr := jsonConvert(jsonLookup("__athenaq_o", c.Name, 0), c.Type, 1)
		b.WriteString(expr + " AS " + sqlIdent(c.Name))
	}
	fmt.Fprintf(&b, " FROM (SELECT TRY_CAST(json AS MAP(VARCHAR, JSON)) AS __athenaq_o FROM read_json_objects(%s, format='newline_delimited'))",
		fileList(files))
	return b.String()
}

// jsonLookup returns the JSON value under key name of the MAP(VARCHAR,
// JSON) obj, matching the key case-insensitively; the first match wins.
func jsonLookup(obj, name string, depth int) string {
	e := lambdaVar("je", depth)
	return "struct_extract(list_filter(map_entries(" + obj + "), lambda " + e + ": lower(" + e + ".key) = " +
		sqlString(strings.ToLower(name)) + ")[1], 'value')"
}

// jsonConvert converts the JSON value v to the declared type t; values of
// the wrong shape read as NULL.
func jsonConvert(v string, t *hivetype.Type, depth int) string {
	switch t.Kind {
	case hivetype.Array:
		e := lambdaVar("ja", depth)
		return "CASE WHEN json_type(" + v + ") = 'ARRAY' THEN list_transform(CAST(" + v + " AS JSON[]), lambda " + e + ": " +
			jsonConvert(e, t.Elem, depth+1) + ") END"
	case hivetype.Map:
		e, p := lambdaVar("jm", depth), lambdaVar("jp", depth)
		key := scalarFromText(e+".key", t.Key)
		return "CASE WHEN json_type(" + v + ") = 'OBJECT' THEN map_from_entries(list_filter(list_transform(map_entries(CAST(" + v +
			" AS MAP(VARCHAR, JSON))), lambda " + e + ": {'key': " + key + ", 'value': " + jsonConvert(e+".value", t.Elem, depth+1) +
			"}), lambda " + p + ": " + p + ".key IS NOT NULL)) END"
	case hivetype.Struct:
		o := lambdaVar("jo", depth)
		var b strings.Builder
		b.WriteString("{")
		for k, f := range t.Fields {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString(sqlString(f.Name) + ": " + jsonConvert(jsonLookup(o, f.Name, depth), f.Type, depth+1))
		}
		b.WriteString("}")
		return "CASE WHEN json_type(" + v + ") = 'OBJECT' THEN list_transform([CAST(" + v + " AS MAP(VARCHAR, JSON))], lambda " + o +
			": " + b.String() + ")[1] END"
	}
	// Scalars: the JSON text of the value (strings unquoted); JSON null is
	// NULL.
	text := "json_extract_string(" + v + ", '$')"
	switch t.Kind {
	case hivetype.String, hivetype.Varchar, hivetype.Char:
		return scalarFromText(text, t)
	case hivetype.Binary:
		return "encode(" + text + ")"
	case hivetype.TinyInt, hivetype.SmallInt, hivetype.Int, hivetype.BigInt:
		return "TRY_CAST(" + text + " AS " + t.DuckDB() + ")"
	}
	return scalarFromText(text, t)
}

// parquetSelect reads Parquet files by column name, case-insensitively, and
// casts each column to its declared type; columns no file has read as NULL.
func (e *Engine) parquetSelect(ctx context.Context, t TableSource, files []string) (string, error) {
	from := "read_parquet(" + fileList(files) + ", union_by_name=true)"
	have := map[string]string{} // lower-case name -> name in the files
	rows, err := e.db.QueryContext(ctx, "DESCRIBE SELECT * FROM "+from)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var name, typ string
		var null, key, def, extra sql.NullString
		if err := rows.Scan(&name, &typ, &null, &key, &def, &extra); err != nil {
			return "", err
		}
		if _, dup := have[strings.ToLower(name)]; !dup {
			have[strings.ToLower(name)] = name
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		if name, ok := have[strings.ToLower(c.Name)]; ok {
			b.WriteString("TRY_CAST(" + sqlIdent(name) + " AS " + c.Type.DuckDB() + ")")
		} else {
			b.WriteString("CAST(NULL AS " + c.Type.DuckDB() + ")")
		}
		b.WriteString(" AS " + sqlIdent(c.Name))
	}
	b.WriteString(" FROM " + from)
	return b.String(), nil
}
