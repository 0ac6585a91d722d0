package protocol

// The output structs below are passed to WriteJSON, as pointers. Their
// fields are declared in alphabetical order because Athena sends members in
// that order (FACTS §1.2). Absent members are omitted, never null:
//
//   - strings and pointers use omitempty: "" and nil are left out;
//   - slices and maps use omitzero: nil is left out, an empty non-nil value
//     is sent as [] or {};
//   - Time members use omitzero: the zero Time is left out;
//   - numbers and booleans that Athena sends even when zero or false
//     (ColumnInfo.Precision, AthenaError.Retryable, ...) have no omit option.

// Ptr returns a pointer to v, for the optional members of the input and
// output structs.
func Ptr[T any](v T) *T {
	return &v
}

// StartQueryExecutionOutput is the response of StartQueryExecution.
type StartQueryExecutionOutput struct {
	QueryExecutionId string `json:"QueryExecutionId,omitempty"`
}

// GetQueryExecutionOutput is the response of GetQueryExecution.
type GetQueryExecutionOutput struct {
	QueryExecution *QueryExecution `json:"QueryExecution,omitempty"`
}

// BatchGetQueryExecutionOutput is the response of BatchGetQueryExecution.
type BatchGetQueryExecutionOutput struct {
	QueryExecutions              []QueryExecution              `json:"QueryExecutions,omitzero"`
	UnprocessedQueryExecutionIds []UnprocessedQueryExecutionId `json:"UnprocessedQueryExecutionIds,omitzero"`
}

// UnprocessedQueryExecutionId is an id that BatchGetQueryExecution could not
// return. The ErrorCode real Athena uses for an unknown id is not known
// (FACTS §2.3).
type UnprocessedQueryExecutionId struct {
	ErrorCode        string `json:"ErrorCode,omitempty"`
	ErrorMessage     string `json:"ErrorMessage,omitempty"`
	QueryExecutionId string `json:"QueryExecutionId,omitempty"`
}

// QueryExecution describes one query (FACTS §2.2).
type QueryExecution struct {
	EngineVersion *EngineVersion `json:"EngineVersion,omitempty"`
	// ExecutionParameters is in the model but its documentation says it is
	// not returned; leave it nil unless that changes.
	ExecutionParameters              []string                          `json:"ExecutionParameters,omitzero"`
	ManagedQueryResultsConfiguration *ManagedQueryResultsConfiguration `json:"ManagedQueryResultsConfiguration,omitempty"`
	Query                            string                            `json:"Query,omitempty"`
	QueryExecutionContext            *QueryExecutionContext            `json:"QueryExecutionContext,omitempty"`
	QueryExecutionId                 string                            `json:"QueryExecutionId,omitempty"`
	ResultConfiguration              *ResultConfiguration              `json:"ResultConfiguration,omitempty"`
	ResultReuseConfiguration         *ResultReuseConfiguration         `json:"ResultReuseConfiguration,omitempty"`
	StatementType                    string                            `json:"StatementType,omitempty"` // DDL, DML or UTILITY
	Statistics                       *QueryExecutionStatistics         `json:"Statistics,omitempty"`
	Status                           *QueryExecutionStatus             `json:"Status,omitempty"`
	SubstatementType                 string                            `json:"SubstatementType,omitempty"`
	WorkGroup                        string                            `json:"WorkGroup,omitempty"`
}

// EngineVersion is the engine of a query or work group. Category ("Presto")
// is sent in work groups only; SDKs do not model it.
type EngineVersion struct {
	Category               string `json:"Category,omitempty"`
	EffectiveEngineVersion string `json:"EffectiveEngineVersion,omitempty"`
	SelectedEngineVersion  string `json:"SelectedEngineVersion,omitempty"`
}

// QueryExecutionStatistics is QueryExecution.Statistics. Every number is a
// pointer so that 0 can be sent and a member can be absent (for example
// QueryPlanningTimeInMillis for statements answered without the planner).
type QueryExecutionStatistics struct {
	DataManifestLocation             string                  `json:"DataManifestLocation,omitempty"`
	DataScannedInBytes               *int64                  `json:"DataScannedInBytes,omitempty"`
	EngineExecutionTimeInMillis      *int64                  `json:"EngineExecutionTimeInMillis,omitempty"`
	QueryPlanningTimeInMillis        *int64                  `json:"QueryPlanningTimeInMillis,omitempty"`
	QueryQueueTimeInMillis           *int64                  `json:"QueryQueueTimeInMillis,omitempty"`
	ResultReuseInformation           *ResultReuseInformation `json:"ResultReuseInformation,omitempty"`
	ServicePreProcessingTimeInMillis *int64                  `json:"ServicePreProcessingTimeInMillis,omitempty"`
	ServiceProcessingTimeInMillis    *int64                  `json:"ServiceProcessingTimeInMillis,omitempty"`
	TotalExecutionTimeInMillis       *int64                  `json:"TotalExecutionTimeInMillis,omitempty"`
}

// ResultReuseInformation tells whether a query reused an earlier result.
type ResultReuseInformation struct {
	ReusedPreviousResult bool `json:"ReusedPreviousResult"`
}

// QueryExecutionStatus is QueryExecution.Status.
type QueryExecutionStatus struct {
	AthenaError        *AthenaError `json:"AthenaError,omitempty"`
	CompletionDateTime Time         `json:"CompletionDateTime,omitzero"`
	State              string       `json:"State,omitempty"` // QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED
	StateChangeReason  string       `json:"StateChangeReason,omitempty"`
	SubmissionDateTime Time         `json:"SubmissionDateTime,omitzero"`
}

// AthenaError is the error of a FAILED query. ErrorCategory is 1 (system),
// 2 (user) or 3 (other); ErrorType (0..9999) and Retryable are always sent.
type AthenaError struct {
	ErrorCategory int32  `json:"ErrorCategory,omitempty"`
	ErrorMessage  string `json:"ErrorMessage,omitempty"`
	ErrorType     int32  `json:"ErrorType"`
	Retryable     bool   `json:"Retryable"`
}

// GetQueryResultsOutput is the response of GetQueryResults. UpdateCount is a
// pointer because 0 is sent for SELECT pages while some statements leave it
// out (FACTS §2.4).
type GetQueryResultsOutput struct {
	NextToken   string     `json:"NextToken,omitempty"`
	ResultSet   *ResultSet `json:"ResultSet,omitempty"`
	UpdateCount *int64     `json:"UpdateCount,omitempty"`
}

// ResultSet is one page of results. A nil Rows is left out; an empty non-nil
// Rows is sent as [].
type ResultSet struct {
	ResultSetMetadata *ResultSetMetadata `json:"ResultSetMetadata,omitempty"`
	Rows              []Row              `json:"Rows,omitzero"`
}

// ResultSetMetadata holds the column descriptions of a result.
type ResultSetMetadata struct {
	ColumnInfo []ColumnInfo `json:"ColumnInfo,omitzero"`
}

// ColumnInfo describes one result column. All ten members are always sent,
// empty SchemaName and TableName and zero Precision and Scale included.
type ColumnInfo struct {
	CaseSensitive bool   `json:"CaseSensitive"`
	CatalogName   string `json:"CatalogName"` // always "hive"
	Label         string `json:"Label"`
	Name          string `json:"Name"`
	Nullable      string `json:"Nullable"` // always "UNKNOWN"
	Precision     int32  `json:"Precision"`
	Scale         int32  `json:"Scale"`
	SchemaName    string `json:"SchemaName"`
	TableName     string `json:"TableName"`
	Type          string `json:"Type"`
}

// Row is one result row.
type Row struct {
	Data []Datum `json:"Data,omitzero"`
}

// Datum is one value; a nil VarCharValue is SQL NULL and is sent as {}.
type Datum struct {
	VarCharValue *string `json:"VarCharValue,omitempty"`
}

// StopQueryExecutionOutput is the response of StopQueryExecution: {}.
type StopQueryExecutionOutput struct{}

// ListQueryExecutionsOutput is the response of ListQueryExecutions.
type ListQueryExecutionsOutput struct {
	NextToken         string   `json:"NextToken,omitempty"`
	QueryExecutionIds []string `json:"QueryExecutionIds,omitzero"`
}

// GetQueryRuntimeStatisticsOutput is the response of
// GetQueryRuntimeStatistics.
type GetQueryRuntimeStatisticsOutput struct {
	QueryRuntimeStatistics *QueryRuntimeStatistics `json:"QueryRuntimeStatistics,omitempty"`
}

// QueryRuntimeStatistics holds the timeline, row counts and stages of a
// query. An emulator may send the Timeline only (FACTS §2.9).
type QueryRuntimeStatistics struct {
	OutputStage *QueryStage                     `json:"OutputStage,omitempty"`
	Rows        *QueryRuntimeStatisticsRows     `json:"Rows,omitempty"`
	Timeline    *QueryRuntimeStatisticsTimeline `json:"Timeline,omitempty"`
}

// QueryRuntimeStatisticsTimeline holds the timings of a query, in
// milliseconds.
type QueryRuntimeStatisticsTimeline struct {
	EngineExecutionTimeInMillis      *int64 `json:"EngineExecutionTimeInMillis,omitempty"`
	QueryPlanningTimeInMillis        *int64 `json:"QueryPlanningTimeInMillis,omitempty"`
	QueryQueueTimeInMillis           *int64 `json:"QueryQueueTimeInMillis,omitempty"`
	ServicePreProcessingTimeInMillis *int64 `json:"ServicePreProcessingTimeInMillis,omitempty"`
	ServiceProcessingTimeInMillis    *int64 `json:"ServiceProcessingTimeInMillis,omitempty"`
	TotalExecutionTimeInMillis       *int64 `json:"TotalExecutionTimeInMillis,omitempty"`
}

// QueryRuntimeStatisticsRows holds the rows and bytes a query read and
// returned.
type QueryRuntimeStatisticsRows struct {
	InputBytes  *int64 `json:"InputBytes,omitempty"`
	InputRows   *int64 `json:"InputRows,omitempty"`
	OutputBytes *int64 `json:"OutputBytes,omitempty"`
	OutputRows  *int64 `json:"OutputRows,omitempty"`
}

// QueryStage holds the statistics of one stage of a query plan.
type QueryStage struct {
	ExecutionTime  *int64              `json:"ExecutionTime,omitempty"`
	InputBytes     *int64              `json:"InputBytes,omitempty"`
	InputRows      *int64              `json:"InputRows,omitempty"`
	OutputBytes    *int64              `json:"OutputBytes,omitempty"`
	OutputRows     *int64              `json:"OutputRows,omitempty"`
	QueryStagePlan *QueryStagePlanNode `json:"QueryStagePlan,omitempty"`
	StageId        *int64              `json:"StageId,omitempty"`
	State          string              `json:"State,omitempty"`
	SubStages      []QueryStage        `json:"SubStages,omitzero"`
}

// QueryStagePlanNode is one node of a stage plan.
type QueryStagePlanNode struct {
	Children      []QueryStagePlanNode `json:"Children,omitzero"`
	Identifier    string               `json:"Identifier,omitempty"`
	Name          string               `json:"Name,omitempty"`
	RemoteSources []string             `json:"RemoteSources,omitzero"`
}

// ListDataCatalogsOutput is the response of ListDataCatalogs.
type ListDataCatalogsOutput struct {
	DataCatalogsSummary []DataCatalogSummary `json:"DataCatalogsSummary,omitzero"`
	NextToken           string               `json:"NextToken,omitempty"`
}

// DataCatalogSummary is one entry of ListDataCatalogs.
type DataCatalogSummary struct {
	CatalogName    string `json:"CatalogName,omitempty"`
	ConnectionType string `json:"ConnectionType,omitempty"`
	Error          string `json:"Error,omitempty"`
	Status         string `json:"Status,omitempty"`
	Type           string `json:"Type,omitempty"` // LAMBDA, GLUE, HIVE or FEDERATED
}

// GetDataCatalogOutput is the response of GetDataCatalog.
type GetDataCatalogOutput struct {
	DataCatalog *DataCatalog `json:"DataCatalog,omitempty"`
}

// DataCatalog describes a data catalog.
type DataCatalog struct {
	ConnectionType string            `json:"ConnectionType,omitempty"`
	Description    string            `json:"Description,omitempty"`
	Error          string            `json:"Error,omitempty"`
	Name           string            `json:"Name"`
	Parameters     map[string]string `json:"Parameters,omitzero"`
	Status         string            `json:"Status,omitempty"`
	Type           string            `json:"Type"`
}

// ListDatabasesOutput is the response of ListDatabases.
type ListDatabasesOutput struct {
	DatabaseList []Database `json:"DatabaseList,omitzero"`
	NextToken    string     `json:"NextToken,omitempty"`
}

// GetDatabaseOutput is the response of GetDatabase.
type GetDatabaseOutput struct {
	Database *Database `json:"Database,omitempty"`
}

// Database describes a database of a catalog.
type Database struct {
	Description string            `json:"Description,omitempty"`
	Name        string            `json:"Name"`
	Parameters  map[string]string `json:"Parameters,omitzero"`
}

// ListTableMetadataOutput is the response of ListTableMetadata.
type ListTableMetadataOutput struct {
	NextToken         string          `json:"NextToken,omitempty"`
	TableMetadataList []TableMetadata `json:"TableMetadataList,omitzero"`
}

// GetTableMetadataOutput is the response of GetTableMetadata.
type GetTableMetadataOutput struct {
	TableMetadata *TableMetadata `json:"TableMetadata,omitempty"`
}

// TableMetadata describes a table or view. TableType is EXTERNAL_TABLE or
// VIRTUAL_VIEW.
type TableMetadata struct {
	Columns        []Column          `json:"Columns,omitzero"`
	CreateTime     Time              `json:"CreateTime,omitzero"`
	LastAccessTime Time              `json:"LastAccessTime,omitzero"`
	Name           string            `json:"Name"`
	Parameters     map[string]string `json:"Parameters,omitzero"`
	PartitionKeys  []Column          `json:"PartitionKeys,omitzero"`
	TableType      string            `json:"TableType,omitempty"`
}

// Column is a table column, with its type in Hive spelling.
type Column struct {
	Comment string `json:"Comment,omitempty"`
	Name    string `json:"Name"`
	Type    string `json:"Type,omitempty"`
}

// GetWorkGroupOutput is the response of GetWorkGroup.
type GetWorkGroupOutput struct {
	WorkGroup *WorkGroup `json:"WorkGroup,omitempty"`
}

// WorkGroup describes a work group as GetWorkGroup sends it (FACTS §2.8).
// Description is left out when empty.
type WorkGroup struct {
	Configuration *WorkGroupConfiguration `json:"Configuration,omitempty"`
	CreationTime  Time                    `json:"CreationTime,omitzero"`
	Description   string                  `json:"Description,omitempty"`
	Name          string                  `json:"Name"`
	State         string                  `json:"State,omitempty"` // ENABLED or DISABLED
}

// ManagedQueryResultsConfiguration says that Athena stores the results of a
// work group (in GetWorkGroup) or of a query (in GetQueryExecution) itself,
// with no S3 output location. Absent when the results go to S3.
type ManagedQueryResultsConfiguration struct {
	Enabled bool `json:"Enabled"`
}

// WorkGroupConfiguration is the configuration of a work group. The booleans
// are always sent (clients index EnforceWorkGroupConfiguration directly), and
// ResultConfiguration is always sent, as {} when it has no output location.
type WorkGroupConfiguration struct {
	AdditionalConfiguration              string                            `json:"AdditionalConfiguration,omitempty"`
	BytesScannedCutoffPerQuery           *int64                            `json:"BytesScannedCutoffPerQuery,omitempty"`
	EnableMinimumEncryptionConfiguration bool                              `json:"EnableMinimumEncryptionConfiguration"`
	EnforceWorkGroupConfiguration        bool                              `json:"EnforceWorkGroupConfiguration"`
	EngineVersion                        *EngineVersion                    `json:"EngineVersion,omitempty"`
	ExecutionRole                        string                            `json:"ExecutionRole,omitempty"`
	ManagedQueryResultsConfiguration     *ManagedQueryResultsConfiguration `json:"ManagedQueryResultsConfiguration,omitempty"`
	PublishCloudWatchMetricsEnabled      bool                              `json:"PublishCloudWatchMetricsEnabled"`
	QuerySchedulingType                  string                            `json:"QuerySchedulingType,omitempty"` // "DEFAULT" on the wire; SDKs drop it
	RequesterPaysEnabled                 bool                              `json:"RequesterPaysEnabled"`
	ResultConfiguration                  ResultConfiguration               `json:"ResultConfiguration"`
}

// ListEngineVersionsOutput is the response of ListEngineVersions.
type ListEngineVersionsOutput struct {
	EngineVersions []EngineVersion `json:"EngineVersions,omitzero"`
	NextToken      string          `json:"NextToken,omitempty"`
}

// ListWorkGroupsOutput is the response of ListWorkGroups. Leave NextToken
// empty on the last page: the key must then be absent, never "".
type ListWorkGroupsOutput struct {
	NextToken  string             `json:"NextToken,omitempty"`
	WorkGroups []WorkGroupSummary `json:"WorkGroups,omitzero"`
}

// WorkGroupSummary is one entry of ListWorkGroups. Unlike WorkGroup, it
// always sends Description, "" included.
type WorkGroupSummary struct {
	CreationTime  Time           `json:"CreationTime,omitzero"`
	Description   string         `json:"Description"`
	EngineVersion *EngineVersion `json:"EngineVersion,omitempty"`
	Name          string         `json:"Name"`
	State         string         `json:"State,omitempty"`
}

// CreatePreparedStatementOutput is the response of CreatePreparedStatement: {}.
type CreatePreparedStatementOutput struct{}

// UpdatePreparedStatementOutput is the response of UpdatePreparedStatement: {}.
type UpdatePreparedStatementOutput struct{}

// DeletePreparedStatementOutput is the response of DeletePreparedStatement: {}.
type DeletePreparedStatementOutput struct{}

// GetPreparedStatementOutput is the response of GetPreparedStatement.
type GetPreparedStatementOutput struct {
	PreparedStatement *PreparedStatement `json:"PreparedStatement,omitempty"`
}

// PreparedStatement describes a prepared statement.
type PreparedStatement struct {
	Description      string `json:"Description,omitempty"`
	LastModifiedTime Time   `json:"LastModifiedTime,omitzero"`
	QueryStatement   string `json:"QueryStatement,omitempty"`
	StatementName    string `json:"StatementName,omitempty"`
	WorkGroupName    string `json:"WorkGroupName,omitempty"`
}

// ListPreparedStatementsOutput is the response of ListPreparedStatements.
type ListPreparedStatementsOutput struct {
	NextToken          string                     `json:"NextToken,omitempty"`
	PreparedStatements []PreparedStatementSummary `json:"PreparedStatements,omitzero"`
}

// PreparedStatementSummary is one entry of ListPreparedStatements.
type PreparedStatementSummary struct {
	LastModifiedTime Time   `json:"LastModifiedTime,omitzero"`
	StatementName    string `json:"StatementName,omitempty"`
}

// BatchGetPreparedStatementOutput is the response of
// BatchGetPreparedStatement.
type BatchGetPreparedStatementOutput struct {
	PreparedStatements                []PreparedStatement                `json:"PreparedStatements,omitzero"`
	UnprocessedPreparedStatementNames []UnprocessedPreparedStatementName `json:"UnprocessedPreparedStatementNames,omitzero"`
}

// UnprocessedPreparedStatementName is a name BatchGetPreparedStatement could
// not return. ErrorCode is INVALID_INPUT, STATEMENT_NOT_FOUND or UNAUTHORIZED.
type UnprocessedPreparedStatementName struct {
	ErrorCode     string `json:"ErrorCode,omitempty"`
	ErrorMessage  string `json:"ErrorMessage,omitempty"`
	StatementName string `json:"StatementName,omitempty"`
}
