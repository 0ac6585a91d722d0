package sqltext

// Class is how Athena classifies a statement in QueryExecution (FACTS §7).
type Class struct {
	// StatementType is "DML", "DDL" or "UTILITY"; it is "" when the
	// statement is not one Athena accepts, and the caller rejects it.
	StatementType string
	// Substatement is the SubstatementType, such as "SELECT",
	// "CREATE_TABLE_AS_SELECT" or "SHOW_TABLES".
	Substatement string
	// Kind groups the statements that one handler runs: every ALTER TABLE
	// form is StmtAlterTable and every SHOW is StmtShow, while OPTIMIZE has
	// its own kind although Athena calls it CREATE_TABLE_AS_SELECT.
	Kind StatementKind
	// Target is the object the statement names, when it names one: the
	// table of DESCRIBE, SHOW COLUMNS, SHOW CREATE, SHOW PARTITIONS, SHOW
	// TBLPROPERTIES, ALTER TABLE, MSCK, DROP, CREATE, INSERT INTO, UPDATE,
	// DELETE, MERGE, VACUUM and OPTIMIZE; the database of CREATE/DROP
	// DATABASE and SHOW TABLES IN. Its Parts is nil otherwise.
	Target QualifiedName
}

// OnView returns the class a DESCRIBE or SHOW COLUMNS statement gets when
// its target turns out to be a view: Substatement DESC_VIEW (FACTS §4.4,
// §7). Any other class is returned unchanged. Only the catalog knows whether
// the target is a view, so Classify leaves that choice to the caller.
func (c Class) OnView() Class {
	if c.Substatement == "DESCRIBE_TABLE" || c.Substatement == "SHOW_COLUMNS" {
		c.Substatement = "DESC_VIEW"
	}
	return c
}

// StatementKind tells which handler runs a statement. The zero value,
// StmtUnknown, marks a statement Athena does not accept.
type StatementKind int

// The statement kinds.
const (
	StmtUnknown        StatementKind = iota
	StmtSelect                       // SELECT, WITH, VALUES, TABLE t, (SELECT ...)
	StmtExplain                      // EXPLAIN [ANALYZE] ...
	StmtInsert                       // INSERT INTO
	StmtUpdate                       // UPDATE
	StmtDelete                       // DELETE FROM
	StmtMerge                        // MERGE INTO
	StmtVacuum                       // VACUUM t
	StmtUnload                       // UNLOAD (...) TO '...'
	StmtCreateTableAs                // CREATE TABLE ... AS <query>
	StmtOptimize                     // OPTIMIZE t REWRITE DATA USING BIN_PACK
	StmtCreateTable                  // CREATE [EXTERNAL] TABLE (not CTAS)
	StmtCreateDatabase               // CREATE DATABASE / SCHEMA
	StmtDropDatabase                 // DROP DATABASE / SCHEMA
	StmtCreateView                   // CREATE [OR REPLACE] VIEW
	StmtDropView                     // DROP VIEW
	StmtDropTable                    // DROP TABLE
	StmtAlterTable                   // ALTER TABLE, every form
	StmtMSCKRepair                   // MSCK REPAIR TABLE
	StmtShow                         // SHOW TABLES, DATABASES, COLUMNS, CREATE TABLE/VIEW, ...
	StmtDescribe                     // DESCRIBE / DESC
	StmtPrepare                      // PREPARE name FROM ...
	StmtExecute                      // EXECUTE name [USING ...]
	StmtDeallocate                   // DEALLOCATE PREPARE name
)

// Classify returns the StatementType, SubstatementType and kind Athena
// gives sql, following FACTS §7: leading comments are skipped and comments
// between keywords count as whitespace, keywords glued to what follows
// (SELECT(1), VALUES(1), EXPLAIN(TYPE IO)) classify like the spaced form,
// and leading parentheses are allowed before a query. A statement Athena's
// grammar refuses, or that cannot be tokenized, gets the zero Class.
//
// Choices where FACTS is unverified: UNLOAD is DML/UNLOAD; SHOW VIEWS is
// UTILITY/SHOW_VIEWS; EXECUTE is DML/EXECUTE (it runs a query and its result
// can be reused like a SELECT's, FACTS §2.1); PREPARE and DEALLOCATE PREPARE
// are DDL/PREPARE and DDL/DEALLOCATE (Trino treats both as data definition);
// ALTER TABLE t PARTITION (...) SET LOCATION is ALTER_TABLE_SET_LOCATION,
// ... PARTITION (...) RENAME TO PARTITION (...) is
// ALTER_TABLE_RENAME_PARTITION and UNSET TBLPROPERTIES is
// ALTER_TABLE_PROPERTIES; CREATE PROTECTED MULTI DIALECT VIEW is
// CREATE_VIEW. USE is not an Athena statement and stays unknown.
//
// Forms that FACTS §1.7 lists as rejected at start classify as unknown:
// CREATE OR REPLACE TABLE, ALTER TABLE IF EXISTS, ADD COLUMN (singular),
// RENAME COLUMN, DROP COLUMNS (plural), REPLACE COLUMN (singular), SHOW
// SESSION and SHOW STATS. Rejections that depend on quoting (a double-quoted
// name in DESCRIBE, ...) are left to the caller, which finds Target.Quoted.
func Classify(sql string) Class {
	toks, err := Tokenize(sql)
	if err != nil {
		return Class{}
	}
	return ClassifyTokens(toks)
}

// ClassifyTokens is Classify over the tokens of a statement, as Tokenize or
// TokenizeHive returns them. Under TokenizeHive a double-quoted name is a
// String, so it names no Target.
func ClassifyTokens(toks []Token) Class {
	c := newCursor(toks)
	paren := false
	for c.acceptOp("(") {
		paren = true
	}
	switch c.word(0) {
	case "SELECT", "WITH", "VALUES", "TABLE":
		return Class{StatementType: "DML", Substatement: "SELECT", Kind: StmtSelect}
	}
	if paren {
		return Class{}
	}
	verb := c.word(0)
	c.i++
	switch verb {
	case "EXPLAIN":
		return Class{StatementType: "DML", Substatement: "EXPLAIN", Kind: StmtExplain}
	case "INSERT":
		if !c.accept("INTO") {
			return Class{}
		}
		return withTarget(c, Class{StatementType: "DML", Substatement: "INSERT", Kind: StmtInsert})
	case "UPDATE":
		return withTarget(c, Class{StatementType: "DML", Substatement: "UPDATE", Kind: StmtUpdate})
	case "DELETE":
		c.accept("FROM")
		return withTarget(c, Class{StatementType: "DML", Substatement: "DELETE", Kind: StmtDelete})
	case "MERGE":
		c.accept("INTO")
		return withTarget(c, Class{StatementType: "DML", Substatement: "MERGE", Kind: StmtMerge})
	case "VACUUM":
		return withTarget(c, Class{StatementType: "DML", Substatement: "VACUUM_TABLE", Kind: StmtVacuum})
	case "UNLOAD":
		return Class{StatementType: "DML", Substatement: "UNLOAD", Kind: StmtUnload}
	case "OPTIMIZE":
		return withTarget(c, Class{StatementType: "DDL", Substatement: "CREATE_TABLE_AS_SELECT", Kind: StmtOptimize})
	case "CREATE":
		return classifyCreate(c)
	case "DROP":
		return classifyDrop(c)
	case "ALTER":
		return classifyAlter(c)
	case "MSCK":
		if !c.accept("REPAIR", "TABLE") {
			return Class{}
		}
		return withTarget(c, Class{StatementType: "DDL", Substatement: "MSCK_REPAIR", Kind: StmtMSCKRepair})
	case "SHOW":
		return classifyShow(c)
	case "DESCRIBE", "DESC":
		// Hive's DESCRIBE EXTENDED / FORMATTED t.
		if (c.word(0) == "EXTENDED" || c.word(0) == "FORMATTED") && c.peek(1).IsName() {
			c.i++
		}
		return withTarget(c, Class{StatementType: "UTILITY", Substatement: "DESCRIBE_TABLE", Kind: StmtDescribe})
	case "PREPARE":
		return Class{StatementType: "DDL", Substatement: "PREPARE", Kind: StmtPrepare}
	case "EXECUTE":
		return Class{StatementType: "DML", Substatement: "EXECUTE", Kind: StmtExecute}
	case "DEALLOCATE":
		if !c.accept("PREPARE") {
			return Class{}
		}
		return Class{StatementType: "DDL", Substatement: "DEALLOCATE", Kind: StmtDeallocate}
	}
	return Class{}
}

// withTarget reads an optional IF [NOT] EXISTS and a dotted name at the
// cursor into cl.Target.
func withTarget(c *cursor, cl Class) Class {
	if !c.accept("IF", "EXISTS") {
		c.accept("IF", "NOT", "EXISTS")
	}
	if q, ok := c.name(); ok {
		cl.Target = q
	}
	return cl
}

func classifyCreate(c *cursor) Class {
	if c.accept("OR", "REPLACE") {
		// Athena accepts OR REPLACE only before a view; CREATE OR REPLACE
		// TABLE fails with "mismatched input 'TABLE'. Expecting:
		// 'MATERIALIZED', 'MULTI', 'PROTECTED', 'VIEW'" (FACTS §1.7).
		c.accept("PROTECTED")
		c.accept("MULTI", "DIALECT")
		if c.accept("VIEW") {
			return withTarget(c, Class{StatementType: "DDL", Substatement: "CREATE_VIEW", Kind: StmtCreateView})
		}
		return Class{}
	}
	switch {
	case c.accept("DATABASE"), c.accept("SCHEMA"):
		return withTarget(c, Class{StatementType: "DDL", Substatement: "CREATE_DATABASE", Kind: StmtCreateDatabase})
	case c.accept("VIEW"), c.accept("PROTECTED", "MULTI", "DIALECT", "VIEW"), c.accept("MULTI", "DIALECT", "VIEW"):
		return withTarget(c, Class{StatementType: "DDL", Substatement: "CREATE_VIEW", Kind: StmtCreateView})
	case c.accept("TABLE"), c.accept("EXTERNAL", "TABLE"):
		cl := withTarget(c, Class{StatementType: "DDL", Substatement: "CREATE_TABLE", Kind: StmtCreateTable})
		if hasQueryAS(c) {
			cl.Substatement, cl.Kind = "CREATE_TABLE_AS_SELECT", StmtCreateTableAs
		}
		return cl
	}
	return Class{}
}

// hasQueryAS reports whether the rest of a CREATE TABLE holds an AS outside
// parentheses that is not Hive's STORED AS or NULL DEFINED AS: that AS
// starts the query of a CTAS, whatever follows it (SELECT, WITH, VALUES,
// TABLE or a parenthesis, FACTS §7).
func hasQueryAS(c *cursor) bool {
	depth := 0
	for k := c.i; k < len(c.toks); k++ {
		t := c.toks[k]
		switch {
		case t.IsOp("(") || t.IsOp("["):
			depth++
		case t.IsOp(")") || t.IsOp("]"):
			depth--
		case depth == 0 && t.IsWord("AS"):
			if k == 0 || !c.toks[k-1].IsWord("STORED") && !c.toks[k-1].IsWord("DEFINED") {
				return true
			}
		}
	}
	return false
}

func classifyDrop(c *cursor) Class {
	switch {
	case c.accept("DATABASE"), c.accept("SCHEMA"):
		return withTarget(c, Class{StatementType: "DDL", Substatement: "DROP_DATABASE", Kind: StmtDropDatabase})
	case c.accept("VIEW"):
		return withTarget(c, Class{StatementType: "DDL", Substatement: "DROP_VIEW", Kind: StmtDropView})
	case c.accept("TABLE"):
		return withTarget(c, Class{StatementType: "DDL", Substatement: "DROP_TABLE", Kind: StmtDropTable})
	}
	return Class{}
}

func classifyAlter(c *cursor) Class {
	if !c.accept("TABLE") || c.word(0) == "IF" {
		return Class{}
	}
	cl := withTarget(c, Class{StatementType: "DDL", Kind: StmtAlterTable})
	if cl.Target.Parts == nil {
		return Class{}
	}
	sub := ""
	switch {
	case c.accept("ADD", "COLUMNS"):
		sub = "ALTER_TABLE_ADD_COLUMN"
	case c.accept("ADD", "PARTITION"), c.accept("ADD", "IF", "NOT", "EXISTS", "PARTITION"):
		sub = "ALTER_TABLE_ADD_PARTITION"
	case c.accept("REPLACE", "COLUMNS"):
		sub = "ALTER_TABLE_REPLACE_COLUMN"
	case c.accept("CHANGE"):
		sub = "ALTER_TABLE_CHANGE_COLUMN"
	case c.accept("DROP", "COLUMN"):
		sub = "ALTER_TABLE_DROP_COLUMN"
	case c.accept("DROP", "PARTITION"), c.accept("DROP", "IF", "EXISTS", "PARTITION"):
		sub = "ALTER_TABLE_DROP_PARTITION"
	case c.accept("RENAME", "TO"):
		sub = "ALTER_TABLE_RENAME"
	case c.accept("SET", "TBLPROPERTIES"), c.accept("UNSET", "TBLPROPERTIES"):
		sub = "ALTER_TABLE_PROPERTIES"
	case c.accept("SET", "LOCATION"):
		sub = "ALTER_TABLE_SET_LOCATION"
	case c.accept("PARTITION"):
		if !c.skipGroup() {
			return Class{}
		}
		switch {
		case c.accept("SET", "LOCATION"):
			sub = "ALTER_TABLE_SET_LOCATION"
		case c.accept("RENAME", "TO", "PARTITION"):
			sub = "ALTER_TABLE_RENAME_PARTITION"
		}
	}
	if sub == "" {
		return Class{}
	}
	cl.Substatement = sub
	return cl
}

func classifyShow(c *cursor) Class {
	cl := Class{StatementType: "UTILITY", Kind: StmtShow}
	switch {
	case c.accept("TABLES"):
		cl.Substatement = "SHOW_TABLES"
		if c.accept("IN") || c.accept("FROM") {
			return withTarget(c, cl)
		}
	case c.accept("DATABASES"), c.accept("SCHEMAS"):
		cl.Substatement = "SHOW_DATABASES"
	case c.accept("COLUMNS"):
		cl.Substatement = "SHOW_COLUMNS"
		if !c.accept("FROM") && !c.accept("IN") {
			return Class{}
		}
		cl = withTarget(c, cl)
		// SHOW COLUMNS FROM t FROM db names the table t in db.
		if (c.accept("FROM") || c.accept("IN")) && len(cl.Target.Parts) == 1 {
			if db, ok := c.name(); ok {
				cl.Target.Parts = append(db.Parts, cl.Target.Parts...)
				cl.Target.Quoted = cl.Target.Quoted || db.Quoted
			}
		}
		return cl
	case c.accept("CREATE", "TABLE"):
		return withTarget(c, Class{StatementType: "UTILITY", Substatement: "SHOW_CREATE_TABLE", Kind: StmtShow})
	case c.accept("CREATE", "VIEW"):
		return withTarget(c, Class{StatementType: "UTILITY", Substatement: "SHOW_CREATE_VIEW", Kind: StmtShow})
	case c.accept("PARTITIONS"):
		return withTarget(c, Class{StatementType: "UTILITY", Substatement: "SHOW_PARTITIONS", Kind: StmtShow})
	case c.accept("TBLPROPERTIES"):
		return withTarget(c, Class{StatementType: "UTILITY", Substatement: "SHOW_TABLE_PROPERTIES", Kind: StmtShow})
	case c.accept("VIEWS"):
		cl.Substatement = "SHOW_VIEWS"
		if c.accept("IN") || c.accept("FROM") {
			return withTarget(c, cl)
		}
	case c.accept("FUNCTIONS"):
		cl.Substatement = "SHOW_FUNCTIONS"
	default:
		return Class{}
	}
	return cl
}
