package catalog

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/hivetype"
)

// parseCreateTable parses a Hive CREATE [EXTERNAL] TABLE after TABLE:
//
//	[IF NOT EXISTS] [db.]name (col type [COMMENT 'c'], ...)
//	[COMMENT 'c']
//	[PARTITIONED BY (col type [COMMENT 'c'], ...)]
//	[CLUSTERED BY (col, ...) INTO n BUCKETS]
//	[ROW FORMAT DELIMITED [FIELDS TERMINATED BY 'c' [ESCAPED BY 'c']]
//	    [COLLECTION ITEMS TERMINATED BY 'c'] [MAP KEYS TERMINATED BY 'c']
//	    [LINES TERMINATED BY 'c'] [NULL DEFINED AS 'c']
//	 | ROW FORMAT SERDE 'class' [WITH SERDEPROPERTIES ('k'='v', ...)]]
//	[STORED AS name | STORED AS INPUTFORMAT 'c' OUTPUTFORMAT 'c']
//	[WITH SERDEPROPERTIES ('k'='v', ...)]
//	LOCATION 's3://bucket/prefix/'
//	[TBLPROPERTIES ('k'='v', ...)]
//
// The clauses come in this order, as in Hive. WITH SERDEPROPERTIES is also
// accepted after STORED AS, where Athena's documentation places it.
// A CTAS or an Iceberg table is routed away before anything is parsed.
func (p *parser) parseCreateTable(external bool) (Statement, error) {
	if kind := p.scanCreateTable(); kind != "" {
		return nil, &NotDDLError{Kind: kind, Keyword: "CREATE"}
	}
	st := &CreateTable{IfNotExists: p.acceptIfNotExists()}
	t := &st.Table
	t.TableType = ExternalTable
	var err error
	if t.Database, t.Name, err = p.qualifiedName(true); err != nil {
		return nil, err
	}
	if t.Columns, err = p.columnList(); err != nil {
		return nil, err
	}
	if p.acceptKw("COMMENT") {
		if t.Comment, err = p.str(); err != nil {
			return nil, err
		}
	}
	if p.acceptKw("PARTITIONED", "BY") {
		if t.PartitionKeys, err = p.columnList(); err != nil {
			return nil, err
		}
	}
	if p.acceptKw("CLUSTERED", "BY") {
		if err := p.clusteredBy(t); err != nil {
			return nil, err
		}
	}

	serde, delims, serdeProps := "", map[string]string{}, map[string]string{}
	var linesTok token
	if p.acceptKw("ROW", "FORMAT") {
		switch {
		case p.acceptKw("DELIMITED"):
			if linesTok, err = p.delimited(delims); err != nil {
				return nil, err
			}
		case p.acceptKw("SERDE"):
			if serde, err = p.str(); err != nil {
				return nil, err
			}
			if p.acceptKw("WITH", "SERDEPROPERTIES") {
				if serdeProps, err = p.properties(); err != nil {
					return nil, err
				}
			}
		default:
			return nil, p.fail(p.peek(), "'DELIMITED', 'SERDE'")
		}
	}
	format := storedAsFormats["TEXTFILE"]
	var storedAsTok token
	if p.acceptKw("STORED", "AS") {
		if p.acceptKw("INPUTFORMAT") {
			if format.input, err = p.str(); err != nil {
				return nil, err
			}
			if err := p.expectKw("OUTPUTFORMAT"); err != nil {
				return nil, err
			}
			if format.output, err = p.str(); err != nil {
				return nil, err
			}
			format.serde = LazySimpleSerDe
		} else {
			storedAsTok = p.peek()
			if storedAsTok.kind != tokWord {
				return nil, p.fail(storedAsTok, "'INPUTFORMAT', <identifier>")
			}
			p.next()
		}
		if p.acceptKw("WITH", "SERDEPROPERTIES") {
			more, err := p.properties()
			if err != nil {
				return nil, err
			}
			for k, v := range more {
				serdeProps[k] = v
			}
		}
	}
	var locTok token
	hasLocation := isKw(p.peek(), "LOCATION")
	if hasLocation {
		p.next()
		locTok = p.peek()
		if t.Location, err = p.str(); err != nil {
			return nil, err
		}
	}
	t.Parameters = map[string]string{}
	if p.acceptKw("TBLPROPERTIES") {
		if t.Parameters, err = p.properties(); err != nil {
			return nil, err
		}
	}
	if err := p.end(); err != nil {
		return nil, err
	}

	// Rejections at StartQueryExecution, in the order Athena applies them
	// (FACTS §1.7: a plain CREATE TABLE without a location reports the
	// location first).
	if !hasLocation {
		return nil, &RejectError{Code: MalformedQuery, Message: "No location was specified for table. An S3 location must be specified"}
	}
	if !external {
		return nil, &RejectError{Code: MalformedQuery, Message: "External keyword required for table type HIVE"}
	}
	if !isS3Location(t.Location) {
		return nil, invalidLocation(locTok, t.Location)
	}

	// Failures of the accepted statement, reported by Hive.
	if storedAsTok.kind == tokWord {
		f, ok := storedAsFormats[strings.ToUpper(storedAsTok.text)]
		if !ok {
			return nil, hiveSemanticError(fmt.Sprintf("Unrecognized file format in STORED AS clause: '%s'", storedAsTok.text))
		}
		format = f
	}
	if v, ok := delims[LineDelim]; ok && v != "\n" {
		return nil, hiveSemanticError(fmt.Sprintf("%d:%d LINES TERMINATED BY only supports newline '\\n' right now. Error encountered near token '%s'",
			linesTok.line, linesTok.col-1, linesTok.text))
	}
	if err := checkColumns(t); err != nil {
		return nil, err
	}

	if serde == "" {
		serde = format.serde
	}
	t.InputFormat, t.OutputFormat, t.SerDeLibrary = format.input, format.output, serde
	// Hive gives every new table serialization.format=1, then applies the
	// SerDe properties and the delimiters (which also set
	// serialization.format to the field delimiter).
	t.SerDeParameters = map[string]string{SerialFormat: "1"}
	for k, v := range serdeProps {
		t.SerDeParameters[k] = v
	}
	for k, v := range delims {
		t.SerDeParameters[k] = v
	}
	if d, ok := delims[FieldDelim]; ok {
		t.SerDeParameters[SerialFormat] = d
	}
	t.Parameters["EXTERNAL"] = "TRUE"
	return st, nil
}

// scanCreateTable looks ahead, without consuming, for what makes a CREATE
// TABLE belong elsewhere: "CTAS" when an AS (other than STORED AS) appears
// outside parentheses, "ICEBERG" when the properties say
// 'table_type'='ICEBERG'. It stops at the AS, so the query of a CTAS is
// never lexed here.
func (p *parser) scanCreateTable() string {
	depth, iceberg := 0, false
	for k := 0; ; k++ {
		t := p.peekAt(k)
		switch {
		case t.kind == tokEOF:
			if iceberg {
				return "ICEBERG"
			}
			return ""
		case isPunct(t, "("):
			depth++
		case isPunct(t, ")"):
			depth--
		case depth == 0 && isKw(t, "AS") && (k == 0 || !isKw(p.peekAt(k-1), "STORED") && !isKw(p.peekAt(k-1), "DEFINED")):
			return "CTAS"
		case (t.kind == tokString || t.kind == tokDString) && strings.EqualFold(t.val, "table_type") &&
			isPunct(p.peekAt(k+1), "="):
			v := p.peekAt(k + 2)
			iceberg = iceberg || (v.kind == tokString || v.kind == tokDString) && strings.EqualFold(v.val, "iceberg")
		}
	}
}

// columnList reads (name type [COMMENT 'c'], ...).
func (p *parser) columnList() ([]Column, error) {
	if err := p.expectPunct("("); err != nil {
		return nil, err
	}
	var cols []Column
	for {
		var c Column
		var err error
		if c.Name, err = p.ident(true); err != nil {
			return nil, err
		}
		if c.Type, err = p.columnType(); err != nil {
			return nil, err
		}
		if p.acceptKw("COMMENT") {
			if c.Comment, err = p.str(); err != nil {
				return nil, err
			}
		}
		cols = append(cols, c)
		if p.acceptPunct(")") {
			return cols, nil
		}
		if !isPunct(p.peek(), ",") {
			return nil, p.fail(p.peek(), "',', ')', 'COMMENT'")
		}
		p.next()
	}
}

// columnType reads a column type up to the ",", ")" or COMMENT that ends it
// and returns its Hive spelling. Hive and Trino spellings are both accepted
// (array<struct<a:int>>, array(row(a integer))). Struct field names are
// lowercased, as Hive stores them (unverified for Athena).
func (p *parser) columnType() (string, error) {
	start := p.peek()
	var parts []string
	depth := 0
	for {
		t := p.peek()
		if t.kind == tokEOF || depth == 0 && (isPunct(t, ",") || isPunct(t, ")") || isKw(t, "COMMENT")) {
			break
		}
		if t.kind == tokPunct {
			switch t.text {
			case "<", "(":
				depth++
			case ">", ")":
				depth--
			}
		}
		parts = append(parts, t.text)
		p.next()
	}
	if len(parts) == 0 {
		return "", p.fail(start, "<type>")
	}
	text := strings.Join(parts, " ")
	typ, err := hivetype.Parse(text)
	if err != nil {
		return "", p.badType(start, text)
	}
	hive := strings.ToLower(typ.Hive())
	// The type is stored and printed in Hive spelling, which must read back
	// as itself (a field name such as `a b` cannot be spelled there).
	if again, err := hivetype.Parse(hive); err != nil || strings.ToLower(again.Hive()) != hive {
		return "", p.badType(start, text)
	}
	return hive, nil
}

func (p *parser) badType(t token, text string) error {
	if p.err != nil {
		return p.err
	}
	return &RejectError{Code: MalformedQuery, Message: fmt.Sprintf("line %d:%d: Unknown type '%s'", t.line, t.col, text)}
}

// clusteredBy reads (col, ...) INTO n BUCKETS after CLUSTERED BY.
func (p *parser) clusteredBy(t *Table) error {
	if err := p.expectPunct("("); err != nil {
		return err
	}
	for {
		name, err := p.ident(true)
		if err != nil {
			return err
		}
		t.BucketColumns = append(t.BucketColumns, name)
		if p.acceptPunct(")") {
			break
		}
		if err := p.expectPunct(","); err != nil {
			return err
		}
	}
	if err := p.expectKw("INTO"); err != nil {
		return err
	}
	n := p.peek()
	v, err := strconv.Atoi(n.text)
	if n.kind != tokWord || err != nil || v < 1 || v > 1<<20 {
		return p.fail(n, "<integer>")
	}
	p.next()
	t.NumBuckets = v
	return p.expectKw("BUCKETS")
}

// delimited reads the clauses of ROW FORMAT DELIMITED into delims and
// returns the LINES TERMINATED BY value token, for Hive's error about it.
func (p *parser) delimited(delims map[string]string) (token, error) {
	var lines token
	clause := func(key string, kws ...string) error {
		if !p.acceptKw(kws...) {
			return nil
		}
		if key == LineDelim {
			lines = p.peek()
		}
		v, err := p.str()
		if err != nil {
			return err
		}
		delims[key] = v
		return nil
	}
	steps := []struct {
		key string
		kws []string
	}{
		{FieldDelim, []string{"FIELDS", "TERMINATED", "BY"}},
		{EscapeDelim, []string{"ESCAPED", "BY"}},
		{CollectionDelim, []string{"COLLECTION", "ITEMS", "TERMINATED", "BY"}},
		{MapKeyDelim, []string{"MAP", "KEYS", "TERMINATED", "BY"}},
		{LineDelim, []string{"LINES", "TERMINATED", "BY"}},
		{NullFormat, []string{"NULL", "DEFINED", "AS"}},
	}
	for _, s := range steps {
		if s.key == EscapeDelim {
			if _, ok := delims[FieldDelim]; !ok {
				continue // ESCAPED BY belongs to FIELDS TERMINATED BY
			}
		}
		if err := clause(s.key, s.kws...); err != nil {
			return lines, err
		}
	}
	return lines, nil
}

// checkColumns applies Hive's checks on column names: no duplicates among
// the columns, and no partition column repeating a column.
func checkColumns(t *Table) error {
	seen := map[string]bool{}
	for _, c := range t.Columns {
		if seen[c.Name] {
			return hiveSemanticError("[Error 10036]: Duplicate column name: " + c.Name)
		}
		seen[c.Name] = true
	}
	parts := map[string]bool{}
	for _, c := range t.PartitionKeys {
		if seen[c.Name] || parts[c.Name] {
			return hiveSemanticError("[Error 10035]: Column repeated in partitioning columns")
		}
		parts[c.Name] = true
	}
	return nil
}

// hiveSemanticError is a Hive compile-time failure of an accepted statement.
// Hive's texts; Athena's category and type for them are unverified (2/1006,
// like the measured DDLTask failures).
func hiveSemanticError(msg string) *athena.QueryError {
	return &athena.QueryError{Message: "FAILED: SemanticException " + msg, Category: 2, Type: 1006}
}
