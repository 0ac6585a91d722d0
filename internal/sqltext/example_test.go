package sqltext_test

import (
	"fmt"

	"github.com/athenaq/athenaq/internal/sqltext"
)

func Example() {
	query, err := sqltext.Normalize("  SELECT ?, 1.5 + count(*) AS n, a FROM db.t ;  ")
	if err != nil {
		panic(err)
	}
	c := sqltext.Classify(query)
	fmt.Println(c.StatementType, c.Substatement)

	bound, err := sqltext.BindParameters(query, []string{"it's"})
	if err != nil {
		panic(err)
	}
	fmt.Println(bound)
	fmt.Println(sqltext.DoubleLiterals(sqltext.NameUnnamedColumns(bound)))
	fmt.Println(sqltext.TableRefs(bound)[0].Parts)
	// Output:
	// DML SELECT
	// SELECT 'it''s', 1.5 + count(*) AS n, a FROM db.t
	// SELECT 'it''s' AS "__unnamed_0", CAST(1.5 AS DOUBLE) + count(*) AS n, a FROM db.t
	// [db t]
}

func ExampleNormalize() {
	for _, q := range []string{"SELECT 1;;", "-- only", "SELECT 1; SELECT 2", ";"} {
		n, err := sqltext.Normalize(q)
		fmt.Printf("%q %v\n", n, err)
	}
	// Output:
	// "SELECT 1" <nil>
	// "" line 1:8: mismatched input '<EOF>'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>
	// "" Only one sql statement is allowed. Got: SELECT 1; SELECT 2
	// "" Empty sql statement: ;
}

func ExampleTokenize() {
	toks, _ := sqltext.Tokenize(`SELECT"a""b"FROM t`)
	for _, t := range toks {
		fmt.Printf("%s %q %d:%d\n", t.Kind, t.Text, t.Line, t.Col)
	}
	// Output:
	// Keyword "SELECT" 1:1
	// QuotedIdent "\"a\"\"b\"" 1:7
	// Keyword "FROM" 1:13
	// Whitespace " " 1:17
	// Ident "t" 1:18
}
