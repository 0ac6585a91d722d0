package catalog

// Statement is a parsed catalog statement: one of *CreateDatabase,
// *DropDatabase, *CreateTable, *DropTable, *CreateView, *DropView,
// *ShowDatabases, *ShowTables, *ShowViews, *ShowColumns, *Describe,
// *ShowCreateTable, *ShowCreateView, *ShowTblProperties, *AddPartitions,
// *DropPartitions, *MSCKRepair and *ShowPartitions.
//
// Database fields are "" when the statement names no database; the caller
// fills in the query's context database.
type Statement interface {
	// StatementType is Athena's StatementType: "DDL" or "UTILITY" (FACTS §7).
	StatementType() string
	// SubstatementType is Athena's SubstatementType, e.g. "CREATE_TABLE" or
	// "SHOW_TABLES". DESCRIBE and SHOW COLUMNS report "DESC_VIEW" on a view,
	// which only the caller can tell.
	SubstatementType() string
}

// CreateDatabase is CREATE DATABASE|SCHEMA [IF NOT EXISTS] name [COMMENT 'c']
// [LOCATION 's3://...'] [WITH DBPROPERTIES ('k'='v', ...)].
type CreateDatabase struct {
	Name        string
	IfNotExists bool
	Comment     string
	Location    string
	Properties  map[string]string
}

// DropDatabase is DROP DATABASE|SCHEMA [IF EXISTS] name [RESTRICT|CASCADE].
type DropDatabase struct {
	Name     string
	IfExists bool
	Cascade  bool
}

// CreateTable is a Hive CREATE EXTERNAL TABLE. Table is filled as Glue stores
// it, except for CreateTime and transient_lastDdlTime, which the Catalog adds.
type CreateTable struct {
	Table       Table
	IfNotExists bool
}

// DropTable is DROP TABLE [IF EXISTS] [db.]name.
type DropTable struct {
	Database string
	Name     string
	IfExists bool
}

// CreateView is CREATE [OR REPLACE] VIEW [db.]name [COMMENT 'c'] AS query.
// Query is the query text exactly as written, from its first token to its
// last.
type CreateView struct {
	Database  string
	Name      string
	OrReplace bool
	Comment   string
	Query     string
}

// DropView is DROP VIEW [IF EXISTS] [db.]name.
type DropView struct {
	Database string
	Name     string
	IfExists bool
}

// ShowDatabases is SHOW DATABASES|SCHEMAS [[LIKE] 'pattern']. Pattern is ""
// when absent.
type ShowDatabases struct {
	Pattern string
}

// ShowTables is SHOW TABLES [IN|FROM db] [[LIKE] 'pattern'].
type ShowTables struct {
	Database string
	Pattern  string
}

// ShowViews is SHOW VIEWS [IN|FROM db] [LIKE 'pattern'].
type ShowViews struct {
	Database string
	Pattern  string
}

// ShowColumns is SHOW COLUMNS (FROM|IN) [db.]table [(FROM|IN) db].
type ShowColumns struct {
	Database string
	Table    string
}

// Describe is DESCRIBE|DESC [EXTENDED|FORMATTED] [db.]table [column].
type Describe struct {
	Database string
	Table    string
	Column   string // "" for the whole table
	// Detail is "EXTENDED" or "FORMATTED" when given; DescribeDetailRows lays
	// out each form.
	Detail string
}

// ShowCreateTable is SHOW CREATE TABLE [db.]table.
type ShowCreateTable struct {
	Database string
	Table    string
}

// ShowCreateView is SHOW CREATE VIEW [db.]view.
type ShowCreateView struct {
	Database string
	Name     string
}

// ShowTblProperties is SHOW TBLPROPERTIES [db.]table [('property')].
type ShowTblProperties struct {
	Database string
	Table    string
	Property string // "" for all properties
}

// StatementType reports "DDL".
func (*CreateDatabase) StatementType() string { return "DDL" }

// StatementType reports "DDL".
func (*DropDatabase) StatementType() string { return "DDL" }

// StatementType reports "DDL".
func (*CreateTable) StatementType() string { return "DDL" }

// StatementType reports "DDL".
func (*DropTable) StatementType() string { return "DDL" }

// StatementType reports "DDL".
func (*CreateView) StatementType() string { return "DDL" }

// StatementType reports "DDL".
func (*DropView) StatementType() string { return "DDL" }

// StatementType reports "UTILITY".
func (*ShowDatabases) StatementType() string { return "UTILITY" }

// StatementType reports "UTILITY".
func (*ShowTables) StatementType() string { return "UTILITY" }

// StatementType reports "UTILITY".
func (*ShowViews) StatementType() string { return "UTILITY" }

// StatementType reports "UTILITY".
func (*ShowColumns) StatementType() string { return "UTILITY" }

// StatementType reports "UTILITY".
func (*Describe) StatementType() string { return "UTILITY" }

// StatementType reports "UTILITY".
func (*ShowCreateTable) StatementType() string { return "UTILITY" }

// StatementType reports "UTILITY".
func (*ShowCreateView) StatementType() string { return "UTILITY" }

// StatementType reports "UTILITY".
func (*ShowTblProperties) StatementType() string { return "UTILITY" }

// SubstatementType reports "CREATE_DATABASE".
func (*CreateDatabase) SubstatementType() string { return "CREATE_DATABASE" }

// SubstatementType reports "DROP_DATABASE".
func (*DropDatabase) SubstatementType() string { return "DROP_DATABASE" }

// SubstatementType reports "CREATE_TABLE".
func (*CreateTable) SubstatementType() string { return "CREATE_TABLE" }

// SubstatementType reports "DROP_TABLE".
func (*DropTable) SubstatementType() string { return "DROP_TABLE" }

// SubstatementType reports "CREATE_VIEW".
func (*CreateView) SubstatementType() string { return "CREATE_VIEW" }

// SubstatementType reports "DROP_VIEW".
func (*DropView) SubstatementType() string { return "DROP_VIEW" }

// SubstatementType reports "SHOW_DATABASES".
func (*ShowDatabases) SubstatementType() string { return "SHOW_DATABASES" }

// SubstatementType reports "SHOW_TABLES".
func (*ShowTables) SubstatementType() string { return "SHOW_TABLES" }

// SubstatementType reports "SHOW_VIEWS" (unverified; FACTS §7).
func (*ShowViews) SubstatementType() string { return "SHOW_VIEWS" }

// SubstatementType reports "SHOW_COLUMNS" ("DESC_VIEW" on a view).
func (*ShowColumns) SubstatementType() string { return "SHOW_COLUMNS" }

// SubstatementType reports "DESCRIBE_TABLE" ("DESC_VIEW" on a view).
func (*Describe) SubstatementType() string { return "DESCRIBE_TABLE" }

// SubstatementType reports "SHOW_CREATE_TABLE".
func (*ShowCreateTable) SubstatementType() string { return "SHOW_CREATE_TABLE" }

// SubstatementType reports "SHOW_CREATE_VIEW".
func (*ShowCreateView) SubstatementType() string { return "SHOW_CREATE_VIEW" }

// SubstatementType reports "SHOW_TABLE_PROPERTIES".
func (*ShowTblProperties) SubstatementType() string { return "SHOW_TABLE_PROPERTIES" }
