package protocol

import "encoding/json"

// The input structs below are what Decode returns, one per operation, as a
// pointer. Decode has already checked every framework constraint (shapes.go),
// so a string member that the model bounds with a minimum length of 1 is
// empty only when the request left it out. Members where "left out" and an
// explicit value differ, and numbers with a service default, are pointers.

// StartQueryExecutionInput is the request of StartQueryExecution.
type StartQueryExecutionInput struct {
	QueryString string `json:"QueryString"`
	// ClientRequestToken is empty when the request left it out; Decode does
	// not reject that (the service answers "clientRequestToken is null or
	// empty", FACTS §2.1).
	ClientRequestToken       string                    `json:"ClientRequestToken,omitempty"`
	QueryExecutionContext    *QueryExecutionContext    `json:"QueryExecutionContext,omitempty"`
	ResultConfiguration      *ResultConfiguration      `json:"ResultConfiguration,omitempty"`
	WorkGroup                string                    `json:"WorkGroup,omitempty"`
	ExecutionParameters      []string                  `json:"ExecutionParameters,omitempty"`
	ResultReuseConfiguration *ResultReuseConfiguration `json:"ResultReuseConfiguration,omitempty"`
	// EngineConfiguration is any JSON object, accepted for wire compatibility
	// and otherwise ignored (it configures Spark DPUs).
	EngineConfiguration json.RawMessage `json:"EngineConfiguration,omitempty"`
}

// GetQueryExecutionInput is the request of GetQueryExecution.
type GetQueryExecutionInput struct {
	QueryExecutionId string `json:"QueryExecutionId"`
}

// BatchGetQueryExecutionInput is the request of BatchGetQueryExecution.
type BatchGetQueryExecutionInput struct {
	QueryExecutionIds []string `json:"QueryExecutionIds"`
}

// GetQueryResultsInput is the request of GetQueryResults.
type GetQueryResultsInput struct {
	QueryExecutionId string `json:"QueryExecutionId"`
	NextToken        string `json:"NextToken,omitempty"`
	// MaxResults is nil when left out (the service default is 1000). Decode
	// rejects values below 1 and above 100000 only; the service must answer
	// values above 1000 itself, after the id lookup (FACTS §2.4).
	MaxResults *int32 `json:"MaxResults,omitempty"`
	// QueryResultType is "", "DATA_ROWS" or "DATA_MANIFEST".
	QueryResultType string `json:"QueryResultType,omitempty"`
}

// StopQueryExecutionInput is the request of StopQueryExecution.
type StopQueryExecutionInput struct {
	QueryExecutionId string `json:"QueryExecutionId"`
}

// ListQueryExecutionsInput is the request of ListQueryExecutions.
type ListQueryExecutionsInput struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int32 `json:"MaxResults,omitempty"` // 0..50
	WorkGroup  string `json:"WorkGroup,omitempty"`
}

// GetQueryRuntimeStatisticsInput is the request of GetQueryRuntimeStatistics.
type GetQueryRuntimeStatisticsInput struct {
	QueryExecutionId string `json:"QueryExecutionId"`
}

// ListDataCatalogsInput is the request of ListDataCatalogs.
type ListDataCatalogsInput struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int32 `json:"MaxResults,omitempty"` // 2..50
	WorkGroup  string `json:"WorkGroup,omitempty"`
}

// GetDataCatalogInput is the request of GetDataCatalog.
type GetDataCatalogInput struct {
	Name      string `json:"Name"`
	WorkGroup string `json:"WorkGroup,omitempty"`
}

// ListDatabasesInput is the request of ListDatabases.
type ListDatabasesInput struct {
	CatalogName string `json:"CatalogName"`
	NextToken   string `json:"NextToken,omitempty"`
	MaxResults  *int32 `json:"MaxResults,omitempty"` // 1..50
	WorkGroup   string `json:"WorkGroup,omitempty"`
}

// GetDatabaseInput is the request of GetDatabase.
type GetDatabaseInput struct {
	CatalogName  string `json:"CatalogName"`
	DatabaseName string `json:"DatabaseName"`
	WorkGroup    string `json:"WorkGroup,omitempty"`
}

// ListTableMetadataInput is the request of ListTableMetadata.
type ListTableMetadataInput struct {
	CatalogName  string `json:"CatalogName"`
	DatabaseName string `json:"DatabaseName"`
	// Expression is a regular expression over table names; the model allows
	// "" (0..256), which lists every table like an absent one.
	Expression string `json:"Expression,omitempty"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int32 `json:"MaxResults,omitempty"` // 1..50
	WorkGroup  string `json:"WorkGroup,omitempty"`
}

// GetTableMetadataInput is the request of GetTableMetadata.
type GetTableMetadataInput struct {
	CatalogName  string `json:"CatalogName"`
	DatabaseName string `json:"DatabaseName"`
	TableName    string `json:"TableName"`
	WorkGroup    string `json:"WorkGroup,omitempty"`
}

// GetWorkGroupInput is the request of GetWorkGroup.
type GetWorkGroupInput struct {
	WorkGroup string `json:"WorkGroup"`
}

// ListWorkGroupsInput is the request of ListWorkGroups.
type ListWorkGroupsInput struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int32 `json:"MaxResults,omitempty"` // 1..50
}

// ListEngineVersionsInput is the request of ListEngineVersions.
type ListEngineVersionsInput struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int32 `json:"MaxResults,omitempty"` // 1..10
}

// CreatePreparedStatementInput is the request of CreatePreparedStatement.
type CreatePreparedStatementInput struct {
	StatementName  string `json:"StatementName"`
	WorkGroup      string `json:"WorkGroup"`
	QueryStatement string `json:"QueryStatement"`
	Description    string `json:"Description,omitempty"`
}

// GetPreparedStatementInput is the request of GetPreparedStatement.
type GetPreparedStatementInput struct {
	StatementName string `json:"StatementName"`
	WorkGroup     string `json:"WorkGroup"`
}

// ListPreparedStatementsInput is the request of ListPreparedStatements.
type ListPreparedStatementsInput struct {
	WorkGroup  string `json:"WorkGroup"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int32 `json:"MaxResults,omitempty"` // 1..50
}

// DeletePreparedStatementInput is the request of DeletePreparedStatement.
type DeletePreparedStatementInput struct {
	StatementName string `json:"StatementName"`
	WorkGroup     string `json:"WorkGroup"`
}

// UpdatePreparedStatementInput is the request of UpdatePreparedStatement.
type UpdatePreparedStatementInput struct {
	StatementName  string `json:"StatementName"`
	WorkGroup      string `json:"WorkGroup"`
	QueryStatement string `json:"QueryStatement"`
	Description    string `json:"Description,omitempty"`
}

// BatchGetPreparedStatementInput is the request of BatchGetPreparedStatement.
type BatchGetPreparedStatementInput struct {
	PreparedStatementNames []string `json:"PreparedStatementNames"`
	WorkGroup              string   `json:"WorkGroup"`
}

// The structures below appear in requests and are echoed in responses
// (QueryExecution, WorkGroup), so they serve both directions. Their fields are
// in alphabetical order, like every response member.

// QueryExecutionContext is the catalog and database a query runs in. Both
// members are pointers: GetQueryExecution echoes only the members the
// request sent (FACTS §2.1).
type QueryExecutionContext struct {
	Catalog  *string `json:"Catalog,omitempty"`
	Database *string `json:"Database,omitempty"`
}

// ResultConfiguration is where and how query results are written. In a
// request, a nil OutputLocation (left out) and a pointer to "" (sent empty,
// not a valid S3 path) are answered differently by the service.
type ResultConfiguration struct {
	AclConfiguration        *AclConfiguration        `json:"AclConfiguration,omitempty"`
	EncryptionConfiguration *EncryptionConfiguration `json:"EncryptionConfiguration,omitempty"`
	ExpectedBucketOwner     *string                  `json:"ExpectedBucketOwner,omitempty"`
	OutputLocation          *string                  `json:"OutputLocation,omitempty"`
}

// EncryptionConfiguration is the encryption of query results.
type EncryptionConfiguration struct {
	EncryptionOption string `json:"EncryptionOption,omitempty"` // SSE_S3, SSE_KMS or CSE_KMS
	KmsKey           string `json:"KmsKey,omitempty"`
}

// AclConfiguration is the canned ACL set on result objects.
type AclConfiguration struct {
	S3AclOption string `json:"S3AclOption,omitempty"` // BUCKET_OWNER_FULL_CONTROL
}

// ResultReuseConfiguration is the result reuse setting of a query.
type ResultReuseConfiguration struct {
	ResultReuseByAgeConfiguration *ResultReuseByAgeConfiguration `json:"ResultReuseByAgeConfiguration,omitempty"`
}

// ResultReuseByAgeConfiguration enables reuse of results younger than
// MaxAgeInMinutes (nil: the service default, 60). Enabled is always sent.
type ResultReuseByAgeConfiguration struct {
	Enabled         bool   `json:"Enabled"`
	MaxAgeInMinutes *int32 `json:"MaxAgeInMinutes,omitempty"`
}
