package protocol

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func TestWriteJSONBodies(t *testing.T) {
	created := NewTime(time.UnixMilli(1700000000123))
	submitted := NewTime(time.UnixMilli(1764025983123))
	completed := NewTime(time.UnixMilli(1764025983461))
	tests := []struct {
		name string
		v    any
		want string
	}{
		{
			name: "primary work group as measured",
			v: &GetWorkGroupOutput{WorkGroup: &WorkGroup{
				Configuration: &WorkGroupConfiguration{
					EngineVersion:       &EngineVersion{Category: "Presto", EffectiveEngineVersion: "Athena engine version 3", SelectedEngineVersion: "AUTO"},
					QuerySchedulingType: "DEFAULT",
				},
				CreationTime: created,
				Name:         "primary",
				State:        "ENABLED",
			}},
			want: `{"WorkGroup":{"Configuration":{"EnableMinimumEncryptionConfiguration":false,"EnforceWorkGroupConfiguration":false,` +
				`"EngineVersion":{"Category":"Presto","EffectiveEngineVersion":"Athena engine version 3","SelectedEngineVersion":"AUTO"},` +
				`"PublishCloudWatchMetricsEnabled":false,"QuerySchedulingType":"DEFAULT","RequesterPaysEnabled":false,` +
				`"ResultConfiguration":{}},"CreationTime":1.700000000123E9,"Name":"primary","State":"ENABLED"}}`,
		},
		{
			name: "work group with an output location",
			v: &GetWorkGroupOutput{WorkGroup: &WorkGroup{
				Configuration: &WorkGroupConfiguration{ResultConfiguration: ResultConfiguration{OutputLocation: Ptr("s3://b/p/")}},
				Name:          "wg",
			}},
			want: `{"WorkGroup":{"Configuration":{"EnableMinimumEncryptionConfiguration":false,"EnforceWorkGroupConfiguration":false,` +
				`"PublishCloudWatchMetricsEnabled":false,"RequesterPaysEnabled":false,"ResultConfiguration":{"OutputLocation":"s3://b/p/"}},"Name":"wg"}}`,
		},
		{
			name: "ListWorkGroups sends an empty description and no token",
			v: &ListWorkGroupsOutput{WorkGroups: []WorkGroupSummary{{
				CreationTime:  created,
				EngineVersion: &EngineVersion{EffectiveEngineVersion: "Athena engine version 3", SelectedEngineVersion: "AUTO"},
				Name:          "primary",
				State:         "ENABLED",
			}}},
			want: `{"WorkGroups":[{"CreationTime":1.700000000123E9,"Description":"",` +
				`"EngineVersion":{"EffectiveEngineVersion":"Athena engine version 3","SelectedEngineVersion":"AUTO"},"Name":"primary","State":"ENABLED"}]}`,
		},
		{
			name: "start query execution",
			v:    &StartQueryExecutionOutput{QueryExecutionId: "4c4b5e3a-0b7c-4b8e-9a55-6f8f4bb3c1d2"},
			want: `{"QueryExecutionId":"4c4b5e3a-0b7c-4b8e-9a55-6f8f4bb3c1d2"}`,
		},
		{
			name: "succeeded query with an omitted catalog",
			v: &GetQueryExecutionOutput{QueryExecution: &QueryExecution{
				EngineVersion:         &EngineVersion{EffectiveEngineVersion: "Athena engine version 3", SelectedEngineVersion: "AUTO"},
				Query:                 "SELECT '<a>' && 1",
				QueryExecutionContext: &QueryExecutionContext{Database: Ptr("Db")},
				QueryExecutionId:      "id",
				ResultConfiguration:   &ResultConfiguration{OutputLocation: Ptr("s3://b/id.csv")},
				ResultReuseConfiguration: &ResultReuseConfiguration{
					ResultReuseByAgeConfiguration: &ResultReuseByAgeConfiguration{Enabled: false},
				},
				StatementType: "DML",
				Statistics: &QueryExecutionStatistics{
					DataScannedInBytes:               Ptr[int64](0),
					EngineExecutionTimeInMillis:      Ptr[int64](120),
					QueryQueueTimeInMillis:           Ptr[int64](47),
					ResultReuseInformation:           &ResultReuseInformation{},
					ServicePreProcessingTimeInMillis: Ptr[int64](30),
					ServiceProcessingTimeInMillis:    Ptr[int64](20),
					TotalExecutionTimeInMillis:       Ptr[int64](217),
				},
				Status:           &QueryExecutionStatus{CompletionDateTime: completed, State: "SUCCEEDED", SubmissionDateTime: submitted},
				SubstatementType: "SELECT",
				WorkGroup:        "primary",
			}},
			want: `{"QueryExecution":{"EngineVersion":{"EffectiveEngineVersion":"Athena engine version 3","SelectedEngineVersion":"AUTO"},` +
				`"Query":"SELECT '<a>' && 1","QueryExecutionContext":{"Database":"Db"},"QueryExecutionId":"id",` +
				`"ResultConfiguration":{"OutputLocation":"s3://b/id.csv"},"ResultReuseConfiguration":{"ResultReuseByAgeConfiguration":{"Enabled":false}},` +
				`"StatementType":"DML","Statistics":{"DataScannedInBytes":0,"EngineExecutionTimeInMillis":120,"QueryQueueTimeInMillis":47,` +
				`"ResultReuseInformation":{"ReusedPreviousResult":false},"ServicePreProcessingTimeInMillis":30,"ServiceProcessingTimeInMillis":20,` +
				`"TotalExecutionTimeInMillis":217},"Status":{"CompletionDateTime":1.764025983461E9,"State":"SUCCEEDED",` +
				`"SubmissionDateTime":1.764025983123E9},"SubstatementType":"SELECT","WorkGroup":"primary"}}`,
		},
		{
			name: "failed query",
			v: &QueryExecutionStatus{
				AthenaError:       &AthenaError{ErrorCategory: 2, ErrorMessage: "DIVISION_BY_ZERO: Division by zero", ErrorType: 1001},
				State:             "FAILED",
				StateChangeReason: "DIVISION_BY_ZERO: Division by zero",
			},
			want: `{"AthenaError":{"ErrorCategory":2,"ErrorMessage":"DIVISION_BY_ZERO: Division by zero","ErrorType":1001,"Retryable":false},` +
				`"State":"FAILED","StateChangeReason":"DIVISION_BY_ZERO: Division by zero"}`,
		},
		{
			name: "results page with header, null and empty string",
			v: &GetQueryResultsOutput{
				NextToken: "tok",
				ResultSet: &ResultSet{
					ResultSetMetadata: &ResultSetMetadata{ColumnInfo: []ColumnInfo{
						{CatalogName: "hive", Name: "_col0", Label: "_col0", Type: "integer", Precision: 10, Nullable: "UNKNOWN"},
						{CatalogName: "hive", Name: "s", Label: "s", Type: "varchar", Precision: 2147483647, Nullable: "UNKNOWN", CaseSensitive: true},
					}},
					Rows: []Row{
						{Data: []Datum{{VarCharValue: Ptr("_col0")}, {VarCharValue: Ptr("s")}}},
						{Data: []Datum{{}, {VarCharValue: Ptr("")}}},
					},
				},
				UpdateCount: Ptr[int64](0),
			},
			want: `{"NextToken":"tok","ResultSet":{"ResultSetMetadata":{"ColumnInfo":[` +
				`{"CaseSensitive":false,"CatalogName":"hive","Label":"_col0","Name":"_col0","Nullable":"UNKNOWN","Precision":10,"Scale":0,"SchemaName":"","TableName":"","Type":"integer"},` +
				`{"CaseSensitive":true,"CatalogName":"hive","Label":"s","Name":"s","Nullable":"UNKNOWN","Precision":2147483647,"Scale":0,"SchemaName":"","TableName":"","Type":"varchar"}]},` +
				`"Rows":[{"Data":[{"VarCharValue":"_col0"},{"VarCharValue":"s"}]},{"Data":[{},{"VarCharValue":""}]}]},"UpdateCount":0}`,
		},
		{
			name: "empty rows are sent, nil metadata is not",
			v:    &GetQueryResultsOutput{ResultSet: &ResultSet{Rows: []Row{}}},
			want: `{"ResultSet":{"Rows":[]}}`,
		},
		{
			name: "nil rows are omitted",
			v:    &GetQueryResultsOutput{ResultSet: &ResultSet{}},
			want: `{"ResultSet":{}}`,
		},
		{
			name: "stop query execution",
			v:    &StopQueryExecutionOutput{},
			want: `{}`,
		},
		{
			name: "nil value",
			v:    nil,
			want: `{}`,
		},
		{
			name: "nil pointer",
			v:    (*GetQueryExecutionOutput)(nil),
			want: `{}`,
		},
		{
			name: "batch get with an unprocessed id",
			v: &BatchGetQueryExecutionOutput{
				QueryExecutions:              []QueryExecution{},
				UnprocessedQueryExecutionIds: []UnprocessedQueryExecutionId{{ErrorCode: "INVALID_INPUT", ErrorMessage: "QueryExecution x was not found", QueryExecutionId: "x"}},
			},
			want: `{"QueryExecutions":[],"UnprocessedQueryExecutionIds":[{"ErrorCode":"INVALID_INPUT","ErrorMessage":"QueryExecution x was not found","QueryExecutionId":"x"}]}`,
		},
		{
			name: "list query executions without more pages",
			v:    &ListQueryExecutionsOutput{QueryExecutionIds: []string{"a", "b"}},
			want: `{"QueryExecutionIds":["a","b"]}`,
		},
		{
			name: "table metadata",
			v: &GetTableMetadataOutput{TableMetadata: &TableMetadata{
				Columns:       []Column{{Name: "n", Type: "int"}, {Name: "s", Type: "string", Comment: "c"}},
				CreateTime:    created,
				Name:          "t",
				Parameters:    map[string]string{"EXTERNAL": "TRUE", "location": "s3://b/t/"},
				PartitionKeys: []Column{},
				TableType:     "EXTERNAL_TABLE",
			}},
			want: `{"TableMetadata":{"Columns":[{"Name":"n","Type":"int"},{"Comment":"c","Name":"s","Type":"string"}],` +
				`"CreateTime":1.700000000123E9,"Name":"t","Parameters":{"EXTERNAL":"TRUE","location":"s3://b/t/"},"PartitionKeys":[],"TableType":"EXTERNAL_TABLE"}}`,
		},
		{
			name: "data catalogs",
			v:    &ListDataCatalogsOutput{DataCatalogsSummary: []DataCatalogSummary{{CatalogName: "AwsDataCatalog", Type: "GLUE"}}},
			want: `{"DataCatalogsSummary":[{"CatalogName":"AwsDataCatalog","Type":"GLUE"}]}`,
		},
		{
			name: "database",
			v:    &GetDatabaseOutput{Database: &Database{Name: "default"}},
			want: `{"Database":{"Name":"default"}}`,
		},
		{
			name: "prepared statement",
			v: &GetPreparedStatementOutput{PreparedStatement: &PreparedStatement{
				LastModifiedTime: created, QueryStatement: "SELECT ?", StatementName: "s1", WorkGroupName: "primary",
			}},
			want: `{"PreparedStatement":{"LastModifiedTime":1.700000000123E9,"QueryStatement":"SELECT ?","StatementName":"s1","WorkGroupName":"primary"}}`,
		},
		{
			name: "runtime statistics timeline",
			v: &GetQueryRuntimeStatisticsOutput{QueryRuntimeStatistics: &QueryRuntimeStatistics{
				Timeline: &QueryRuntimeStatisticsTimeline{QueryQueueTimeInMillis: Ptr[int64](0), TotalExecutionTimeInMillis: Ptr[int64](5)},
			}},
			want: `{"QueryRuntimeStatistics":{"Timeline":{"QueryQueueTimeInMillis":0,"TotalExecutionTimeInMillis":5}}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			WriteJSON(rec, tt.v)
			if rec.Code != 200 {
				t.Errorf("status = %d", rec.Code)
			}
			if got := rec.Body.String(); got != tt.want {
				t.Errorf("body =\n%s\nwant\n%s", got, tt.want)
			}
			if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(rec.Body.Len()) {
				t.Errorf("Content-Length = %s, body is %d bytes", got, rec.Body.Len())
			}
			checkHeaders(t, rec)
		})
	}
}

func TestStartQueryExecutionBodyIs59Bytes(t *testing.T) {
	rec := httptest.NewRecorder()
	WriteJSON(rec, &StartQueryExecutionOutput{QueryExecutionId: NewRequestID()})
	if rec.Body.Len() != 59 {
		t.Errorf("body %s is %d bytes, want 59", rec.Body, rec.Body.Len())
	}
}

func TestWriteJSONAnswersUnencodableValuesWithAnInternalError(t *testing.T) {
	rec := httptest.NewRecorder()
	WriteJSON(rec, map[string]any{"f": func() {}})
	if rec.Code != 500 {
		t.Errorf("status = %d", rec.Code)
	}
	if got, want := rec.Body.String(), `{"__type":"InternalServerException","Message":"failed to encode the response"}`; got != want {
		t.Errorf("body = %s, want %s", got, want)
	}
}

func TestNewRequestIDIsARandomUUIDv4(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewRequestID()
		if !uuidV4.MatchString(id) {
			t.Fatalf("%q is not a lowercase UUID v4", id)
		}
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
	}
}
