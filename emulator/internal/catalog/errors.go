package catalog

import (
	"errors"
	"fmt"

	"github.com/athenaq/athenaq/internal/uuid"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// Athena error codes of rejections at StartQueryExecution (FACTS §1.4, §1.7).
const (
	MalformedQuery      = "MALFORMED_QUERY"
	InvalidInput        = "INVALID_INPUT"
	DataCatalogNotFound = "DATACATALOG_NOT_FOUND"
)

// RejectError is a statement that Athena refuses at StartQueryExecution: the
// call fails with 400 InvalidRequestException, AthenaErrorCode Code and
// Message, and no query execution is created (FACTS §1.7).
//
// Errors that Athena reports as a FAILED query instead are returned as
// *athena.QueryError.
type RejectError struct {
	Code    string // MALFORMED_QUERY, INVALID_INPUT or DATACATALOG_NOT_FOUND
	Message string
}

// Error returns the message, prefixed by the code.
func (e *RejectError) Error() string { return e.Code + ": " + e.Message }

// ErrNotDDL is matched (with errors.Is) by the *NotDDLError that Parse
// returns for statements that this package does not handle.
var ErrNotDDL = errors.New("catalog: not a catalog statement")

// NotDDLError is returned by Parse for a statement that belongs to another
// part of the emulator: queries, CTAS, INSERT, ALTER TABLE, MSCK, Iceberg
// tables and the SHOW statements that need data (SHOW PARTITIONS, SHOW
// FUNCTIONS). Kind says which, so that the caller can route it.
type NotDDLError struct {
	// Kind is one of "QUERY" (anything that does not start with CREATE, DROP,
	// SHOW, DESCRIBE or DESC, such as SELECT, WITH, VALUES, EXPLAIN, INSERT,
	// UNLOAD, ALTER, MSCK), "CTAS", "ICEBERG" (a CREATE TABLE of an Iceberg
	// table), "SHOW" or "OTHER" (another CREATE or DROP).
	Kind string
	// Keyword is the statement's first keyword, upper-cased.
	Keyword string
}

// Error describes the statement kind.
func (e *NotDDLError) Error() string {
	return fmt.Sprintf("catalog: %s statement (%s) is not a catalog statement", e.Keyword, e.Kind)
}

// Is makes errors.Is(err, ErrNotDDL) true.
func (e *NotDDLError) Is(target error) bool { return target == ErrNotDDL }

// EntityNotFoundError returns the rejection that DESCRIBE and SHOW COLUMNS
// get at StartQueryExecution for a missing table or database (FACTS §1.7).
// One later measurement logged MALFORMED_QUERY; INVALID_INPUT is the more
// frequent code.
func EntityNotFoundError() *RejectError {
	return &RejectError{
		Code: InvalidInput,
		Message: "Entity Not Found (Service: AmazonDataCatalog; Status Code: 400; Error Code: " +
			"EntityNotFoundException; Request ID: " + newUUID() + "; Proxy: null)",
	}
}

// CatalogNotFoundError returns the rejection of a three-part name whose
// catalog is not AwsDataCatalog (FACTS §1.7).
func CatalogNotFoundError(catalog string) *RejectError {
	return &RejectError{Code: DataCatalogNotFound, Message: fmt.Sprintf("Catalog '%s' does not exist", catalog)}
}

// Hive DDL failure texts. Athena reports them as FAILED queries whose
// StateChangeReason starts with "FAILED: " (FACTS §2.2).
const ddlTaskPrefix = "FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. "

// TableNotFoundError is Hive's failure for a missing table in DROP TABLE
// (measured) and other Hive-path statements (SHOW CREATE TABLE, SHOW
// TBLPROPERTIES). Category and type 2/1301 come from a measured SHOW
// TBLPROPERTIES on a missing table; ErrorMessage is taken to equal the reason
// (unverified).
func TableNotFoundError(db, table string) *athena.QueryError {
	return &athena.QueryError{
		Message:  fmt.Sprintf("FAILED: SemanticException [Error 10001]: Table not found %s.%s", db, table),
		Category: 2, Type: 1301,
	}
}

// DatabaseNotFoundError is Hive's failure for a missing database (DROP
// DATABASE, CREATE TABLE in it, SHOW TABLES IN it). The text is Hive's;
// category and type 2/1301 are assumed like a missing table (unverified).
func DatabaseNotFoundError(db string) *athena.QueryError {
	return &athena.QueryError{
		Message:  "FAILED: SemanticException [Error 10072]: Database does not exist: " + db,
		Category: 2, Type: 1301,
	}
}

// TableExistsError is Hive's failure for CREATE TABLE on an existing name
// (measured, 2/1006).
func TableExistsError(table string) *athena.QueryError {
	return ddlTaskError(fmt.Sprintf("AlreadyExistsException(message:Table %s already exists)", table),
		fmt.Sprintf("Table %s already exists.", table))
}

// DatabaseExistsError is Hive's failure for CREATE DATABASE on an existing
// name. The text follows the measured table case (unverified).
func DatabaseExistsError(db string) *athena.QueryError {
	return ddlTaskError(fmt.Sprintf("AlreadyExistsException(message:Database %s already exists)", db),
		fmt.Sprintf("Database %s already exists.", db))
}

// DatabaseNotEmptyError is Hive's failure for DROP DATABASE without CASCADE
// on a database that holds tables (Hive's text; Athena's category and type
// unverified, taken as the DDLTask 2/1006).
func DatabaseNotEmptyError(db string) *athena.QueryError {
	return ddlTaskError(fmt.Sprintf("InvalidOperationException(message:Database %s is not empty. One or more tables exist.)", db),
		fmt.Sprintf("Database %s is not empty. One or more tables exist.", db))
}

func ddlTaskError(inner, message string) *athena.QueryError {
	return &athena.QueryError{Message: ddlTaskPrefix + inner, Category: 2, Type: 1006, ErrorMessage: message}
}

// viewQualified is how Trino names a view in its errors.
func viewQualified(db, name string) string { return "awsdatacatalog." + db + "." + name }

// View statements run on Trino, so their failures are Trino semantic errors
// pointing at the statement (line 1:1). The texts are Trino's (unverified on
// Athena).
func viewNotFoundError(db, name string) *athena.QueryError {
	return athena.NewQueryError("TABLE_NOT_FOUND", fmt.Sprintf("line 1:1: View '%s' does not exist", viewQualified(db, name)))
}

func viewIsTableError(db, name string) *athena.QueryError {
	q := viewQualified(db, name)
	return athena.NewQueryError("GENERIC_USER_ERROR", fmt.Sprintf(
		"line 1:1: View '%s' does not exist, but a table with that name exists. Did you mean DROP TABLE %s?", q, q))
}

func viewExistsError(db, name string, isView bool) *athena.QueryError {
	what := "Table"
	if isView {
		what = "View"
	}
	return athena.NewQueryError("TABLE_ALREADY_EXISTS", fmt.Sprintf("line 1:1: %s already exists: '%s'", what, viewQualified(db, name)))
}

func schemaNotFoundError(db string) *athena.QueryError {
	return athena.NewQueryError("SCHEMA_NOT_FOUND", fmt.Sprintf("line 1:1: Schema '%s' does not exist", db))
}

// newUUID returns a random version 4 UUID for the request ids that Glue
// errors quote.
func newUUID() string { return uuid.NewV4() }

// dropViewAsTableError is Hive's failure for DROP TABLE on a view
// (unverified on Athena).
func dropViewAsTableError() *athena.QueryError {
	return &athena.QueryError{Message: "FAILED: SemanticException [Error 10137]: Cannot drop a view with DROP TABLE", Category: 2, Type: 1006}
}

// dropDefaultError is Hive's failure for DROP DATABASE default (unverified
// on Athena).
func dropDefaultError() *athena.QueryError {
	return ddlTaskError("InvalidOperationException(message:Can not drop default database)", "Can not drop default database.")
}
