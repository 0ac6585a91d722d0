package protocol

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// invalidInput is the body of an INVALID_INPUT InvalidRequestException.
func invalidInput(msg string) string {
	b, _ := json.Marshal(msg)
	return `{"__type":"InvalidRequestException","AthenaErrorCode":"INVALID_INPUT","ErrorCode":"INVALID_INPUT","Message":` + string(b) + `}`
}

// serialization is the body of a SerializationException with a message.
func serialization(msg string) string {
	return `{"__type":"SerializationException","Message":"` + msg + `"}`
}

const noMessage = `{"__type":"SerializationException"}`

type decodeErrorCase struct {
	name string
	op   string
	body string
	want string // the exact error body
}

func runDecodeErrors(t *testing.T, tests []decodeErrorCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, perr := Decode(tt.op, []byte(tt.body))
			if perr == nil {
				t.Fatalf("Decode(%s, %s) = %+v, want error %s", tt.op, tt.body, in, tt.want)
			}
			if in != nil {
				t.Errorf("input %+v returned with an error", in)
			}
			rec := recordError(t, perr)
			if rec.Code != 400 {
				t.Errorf("status = %d, want 400", rec.Code)
			}
			if got := rec.Body.String(); got != tt.want {
				t.Errorf("body =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestDecodeRejectsBodiesThatAreNotJSONObjects(t *testing.T) {
	runDecodeErrors(t, []decodeErrorCase{
		{"empty body", "ListWorkGroups", ``, noMessage},
		{"whitespace only", "ListWorkGroups", " \n", noMessage},
		{"unclosed object", "ListWorkGroups", `{`, noMessage},
		{"null", "ListWorkGroups", `null`, noMessage},
		{"string", "ListWorkGroups", `"x"`, noMessage},
		{"number", "ListWorkGroups", `1`, noMessage},
		{"boolean", "ListWorkGroups", `true`, noMessage},
		{"trailing comma", "GetQueryExecution", `{"QueryExecutionId":"a",}`, noMessage},
		{"trailing data", "ListWorkGroups", `{}x`, noMessage},
		{"two objects", "ListWorkGroups", `{}{}`, noMessage},
		{"syntax error after a type error", "GetQueryResults", `{"MaxResults":"x",`, noMessage},
		{"array", "ListWorkGroups", `[]`, serialization("Start of list found where not expected")},
		{"array of objects", "GetQueryExecution", `[{"QueryExecutionId":"a"}]`, serialization("Start of list found where not expected")},
	})
}

func TestDecodeReportsTypeMismatches(t *testing.T) {
	const (
		toInteger = " can not be converted to an Integer"
		toString  = " can not be converted to a String"
		toBoolean = " can not be converted to a Boolean"
	)
	runDecodeErrors(t, []decodeErrorCase{
		{"string for integer", "GetQueryResults", `{"QueryExecutionId":"a","MaxResults":"10"}`, serialization("STRING_VALUE" + toInteger)},
		{"true for integer", "GetQueryResults", `{"QueryExecutionId":"a","MaxResults":true}`, serialization("TRUE_VALUE" + toInteger)},
		{"false for integer", "ListWorkGroups", `{"MaxResults":false}`, serialization("FALSE_VALUE" + toInteger)},
		{"array for integer", "ListWorkGroups", `{"MaxResults":[1]}`, serialization("Start of list found where not expected")},
		{"object for integer", "ListWorkGroups", `{"MaxResults":{}}`, serialization("Start of structure or map found where not expected.")},
		{"number for string", "GetQueryExecution", `{"QueryExecutionId":1}`, serialization("NUMBER_VALUE" + toString)},
		{"true for string", "GetQueryExecution", `{"QueryExecutionId":true}`, serialization("TRUE_VALUE" + toString)},
		{"false for string", "GetWorkGroup", `{"WorkGroup":false}`, serialization("FALSE_VALUE" + toString)},
		{"array for string", "GetQueryExecution", `{"QueryExecutionId":["a"]}`, serialization("Start of list found where not expected")},
		{"object for string", "GetQueryExecution", `{"QueryExecutionId":{}}`, serialization("Start of structure or map found where not expected.")},
		{"number inside a string list", "StartQueryExecution", `{"QueryString":"SELECT ?","ExecutionParameters":[1]}`, serialization("NUMBER_VALUE" + toString)},
		{"string for list", "StartQueryExecution", `{"QueryString":"SELECT 1","ExecutionParameters":"x"}`, serialization("Expected list or null")},
		{"object for list", "BatchGetQueryExecution", `{"QueryExecutionIds":{}}`, serialization("Expected list or null")},
		{"string for structure", "StartQueryExecution", `{"QueryString":"SELECT 1","QueryExecutionContext":"x"}`, serialization("Expected null")},
		{"number for structure", "StartQueryExecution", `{"QueryString":"SELECT 1","ResultConfiguration":5}`, serialization("Expected null")},
		{"array for structure", "StartQueryExecution", `{"QueryString":"SELECT 1","QueryExecutionContext":[]}`, serialization("Start of list found where not expected")},
		{"nested string member", "StartQueryExecution", `{"QueryString":"SELECT 1","QueryExecutionContext":{"Database":7}}`, serialization("NUMBER_VALUE" + toString)},
		{"string for boolean", "StartQueryExecution", `{"QueryString":"SELECT 1","ResultReuseConfiguration":{"ResultReuseByAgeConfiguration":{"Enabled":"true"}}}`, serialization("STRING_VALUE" + toBoolean)},
		{"number for boolean", "StartQueryExecution", `{"QueryString":"SELECT 1","ResultReuseConfiguration":{"ResultReuseByAgeConfiguration":{"Enabled":1}}}`, serialization("NUMBER_VALUE" + toBoolean)},
		{"string for document", "StartQueryExecution", `{"QueryString":"SELECT 1","EngineConfiguration":"x"}`, serialization("Expected null")},
		{"a type error wins over a missing required member", "GetQueryResults", `{"MaxResults":"x"}`, serialization("STRING_VALUE" + toInteger)},
		{"the first type error in document order wins", "GetQueryResults", `{"MaxResults":"x","QueryExecutionId":1}`, serialization("STRING_VALUE" + toInteger)},
		{"a bad duplicate member is checked", "GetQueryExecution", `{"QueryExecutionId":"a","QueryExecutionId":1}`, serialization("NUMBER_VALUE" + toString)},
		{"integer out of range", "ListWorkGroups", `{"MaxResults":3000000000}`, serialization("Numeric value (3000000000) out of range of int (-2147483648 - 2147483647)")},
		{"huge exponent", "ListWorkGroups", `{"MaxResults":1e400}`, serialization("Numeric value (1e400) out of range of int (-2147483648 - 2147483647)")},
	})
}

// prefix1 starts a message with one violation.
const prefix1 = "1 validation error detected: "

func TestDecodeReportsFrameworkValidationErrors(t *testing.T) {
	longToken := strings.Repeat("t", 129)
	ids51 := `["` + strings.Repeat(`a","`, 50) + `a"]`
	runDecodeErrors(t, []decodeErrorCase{
		{"missing required member", "GetQueryExecution", `{}`,
			invalidInput(prefix1 + "Value null at 'queryExecutionId' failed to satisfy constraint: Member must not be null")},
		{"null required member", "GetQueryExecution", `{"QueryExecutionId":null}`,
			invalidInput(prefix1 + "Value null at 'queryExecutionId' failed to satisfy constraint: Member must not be null")},
		{"member names are case-sensitive", "GetQueryExecution", `{"queryExecutionId":"a"}`,
			invalidInput(prefix1 + "Value null at 'queryExecutionId' failed to satisfy constraint: Member must not be null")},
		{"missing query string", "StartQueryExecution", `{"ClientRequestToken":"` + strings.Repeat("t", 32) + `"}`,
			invalidInput(prefix1 + "Value null at 'queryString' failed to satisfy constraint: Member must not be null")},
		{"missing work group", "GetWorkGroup", `{}`,
			invalidInput(prefix1 + "Value null at 'workGroup' failed to satisfy constraint: Member must not be null")},
		{"empty query string", "StartQueryExecution", `{"QueryString":""}`,
			invalidInput(prefix1 + "Value at 'queryString' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"empty token", "StartQueryExecution", `{"QueryString":"SELECT 1","ClientRequestToken":""}`,
			invalidInput(prefix1 + "Value at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32")},
		{"short token", "StartQueryExecution", `{"QueryString":"SELECT 1","ClientRequestToken":"abc"}`,
			invalidInput(prefix1 + "Value at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32")},
		{"short token counts characters, not bytes", "StartQueryExecution", `{"QueryString":"SELECT 1","ClientRequestToken":"` + strings.Repeat("あ", 20) + `"}`,
			invalidInput(prefix1 + "Value at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32")},
		{"129 character token", "StartQueryExecution", `{"QueryString":"SELECT 1","ClientRequestToken":"` + longToken + `"}`,
			invalidInput(prefix1 + "Value at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 128")},
		{"token over 128 bytes", "StartQueryExecution", `{"QueryString":"SELECT 1","ClientRequestToken":"` + strings.Repeat("あ", 50) + `"}`,
			invalidInput("clientRequestToken exceeds maximum allowed length 128")},
		{"token over 128 bytes loses to a framework error", "StartQueryExecution", `{"QueryString":"","ClientRequestToken":"` + strings.Repeat("あ", 50) + `"}`,
			invalidInput(prefix1 + "Value at 'queryString' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"two violations in model order", "GetQueryResults", `{"MaxResults":0,"QueryExecutionId":"a","NextToken":""}`,
			invalidInput("2 validation errors detected: " +
				"Value at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				"Value at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"four violations in model order", "GetQueryResults", `{"QueryResultType":"CSV","MaxResults":0,"NextToken":""}`,
			invalidInput("4 validation errors detected: " +
				"Value null at 'queryExecutionId' failed to satisfy constraint: Member must not be null; " +
				"Value at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				"Value at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
				"Value at 'queryResultType' failed to satisfy constraint: Member must satisfy enum value set: [DATA_MANIFEST, DATA_ROWS]")},
		{"GetQueryResults MaxResults over 100000", "GetQueryResults", `{"QueryExecutionId":"a","MaxResults":100001}`,
			invalidInput(prefix1 + "Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100000")},
		{"fraction truncated before the range check", "GetQueryResults", `{"QueryExecutionId":"a","MaxResults":0.9}`,
			invalidInput(prefix1 + "Value at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"next token over 1024", "GetQueryResults", `{"QueryExecutionId":"a","NextToken":"` + strings.Repeat("n", 1025) + `"}`,
			invalidInput(prefix1 + "Value at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1024")},
		{"query execution id over 128", "GetQueryExecution", `{"QueryExecutionId":"` + strings.Repeat("q", 129) + `"}`,
			invalidInput(prefix1 + "Value at 'queryExecutionId' failed to satisfy constraint: Member must have length less than or equal to 128")},
		{"blank query execution id", "StopQueryExecution", `{"QueryExecutionId":" "}`,
			invalidInput(prefix1 + `Value at 'queryExecutionId' failed to satisfy constraint: Member must satisfy regular expression pattern: \S+`)},
		{"ListWorkGroups MaxResults 0", "ListWorkGroups", `{"MaxResults":0}`,
			invalidInput(prefix1 + "Value at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"ListWorkGroups MaxResults 51", "ListWorkGroups", `{"MaxResults":51}`,
			invalidInput(prefix1 + "Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50")},
		{"ListWorkGroups nextToken before maxResults", "ListWorkGroups", `{"MaxResults":51,"NextToken":""}`,
			invalidInput("2 validation errors detected: " +
				"Value at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				"Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50")},
		{"ListQueryExecutions MaxResults 51", "ListQueryExecutions", `{"MaxResults":51}`,
			invalidInput(prefix1 + "Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50")},
		{"ListQueryExecutions MaxResults -1", "ListQueryExecutions", `{"MaxResults":-1}`,
			invalidInput(prefix1 + "Value at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0")},
		{"ListDataCatalogs MaxResults 1", "ListDataCatalogs", `{"MaxResults":1}`,
			invalidInput(prefix1 + "Value at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 2")},
		{"ListDatabases MaxResults 51", "ListDatabases", `{"CatalogName":"AwsDataCatalog","MaxResults":51}`,
			invalidInput(prefix1 + "Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50")},
		{"ListTableMetadata MaxResults 0", "ListTableMetadata", `{"CatalogName":"c","DatabaseName":"d","MaxResults":0}`,
			invalidInput(prefix1 + "Value at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"ListTableMetadata expression over 256", "ListTableMetadata", `{"CatalogName":"c","DatabaseName":"d","Expression":"` + strings.Repeat("e", 257) + `"}`,
			invalidInput(prefix1 + "Value at 'expression' failed to satisfy constraint: Member must have length less than or equal to 256")},
		{"work group pattern", "StartQueryExecution", `{"QueryString":"SELECT 1","WorkGroup":"bad name"}`,
			invalidInput(prefix1 + "Value at 'workGroup' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9._-]{1,128}")},
		{"empty work group", "GetWorkGroup", `{"WorkGroup":""}`,
			invalidInput(prefix1 + "Value at 'workGroup' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9._-]{1,128}")},
		{"129 character work group", "ListQueryExecutions", `{"WorkGroup":"` + strings.Repeat("w", 129) + `"}`,
			invalidInput(prefix1 + "Value at 'workGroup' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9._-]{1,128}")},
		{"empty id list", "BatchGetQueryExecution", `{"QueryExecutionIds":[]}`,
			invalidInput(prefix1 + "Value at 'queryExecutionIds' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"51 ids", "BatchGetQueryExecution", `{"QueryExecutionIds":` + ids51 + `}`,
			invalidInput(prefix1 + "Value at 'queryExecutionIds' failed to satisfy constraint: Member must have length less than or equal to 50")},
		{"missing id list", "BatchGetQueryExecution", `{}`,
			invalidInput(prefix1 + "Value null at 'queryExecutionIds' failed to satisfy constraint: Member must not be null")},
		{"bad id inside the list", "BatchGetQueryExecution", `{"QueryExecutionIds":["a",""]}`,
			invalidInput("2 validation errors detected: " +
				`Value at 'queryExecutionIds.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: \S+; ` +
				"Value at 'queryExecutionIds.2.member' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"empty database", "StartQueryExecution", `{"QueryString":"SELECT 1","QueryExecutionContext":{"Database":""}}`,
			invalidInput(prefix1 + "Value at 'queryExecutionContext.database' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"256 character database", "StartQueryExecution", `{"QueryString":"SELECT 1","QueryExecutionContext":{"Database":"` + strings.Repeat("d", 256) + `"}}`,
			invalidInput(prefix1 + "Value at 'queryExecutionContext.database' failed to satisfy constraint: Member must have length less than or equal to 255")},
		{"257 character catalog", "StartQueryExecution", `{"QueryString":"SELECT 1","QueryExecutionContext":{"Catalog":"` + strings.Repeat("c", 257) + `"}}`,
			invalidInput(prefix1 + "Value at 'queryExecutionContext.catalog' failed to satisfy constraint: Member must have length less than or equal to 256")},
		{"catalog with a control character", "GetDataCatalog", `{"Name":"a\u0001"}`,
			invalidInput(prefix1 + `Value at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*`)},
		{"encryption option required", "StartQueryExecution", `{"QueryString":"SELECT 1","ResultConfiguration":{"EncryptionConfiguration":{}}}`,
			invalidInput(prefix1 + "Value null at 'resultConfiguration.encryptionConfiguration.encryptionOption' failed to satisfy constraint: Member must not be null")},
		{"encryption option enum", "StartQueryExecution", `{"QueryString":"SELECT 1","ResultConfiguration":{"EncryptionConfiguration":{"EncryptionOption":"AES"}}}`,
			invalidInput(prefix1 + "Value at 'resultConfiguration.encryptionConfiguration.encryptionOption' failed to satisfy constraint: Member must satisfy enum value set: [SSE_S3, SSE_KMS, CSE_KMS]")},
		{"ACL option enum", "StartQueryExecution", `{"QueryString":"SELECT 1","ResultConfiguration":{"AclConfiguration":{"S3AclOption":"PRIVATE"}}}`,
			invalidInput(prefix1 + "Value at 'resultConfiguration.aclConfiguration.s3AclOption' failed to satisfy constraint: Member must satisfy enum value set: [BUCKET_OWNER_FULL_CONTROL]")},
		{"expected bucket owner", "StartQueryExecution", `{"QueryString":"SELECT 1","ResultConfiguration":{"ExpectedBucketOwner":"12345"}}`,
			invalidInput(prefix1 + "Value at 'resultConfiguration.expectedBucketOwner' failed to satisfy constraint: Member must have length greater than or equal to 12")},
		{"result reuse needs Enabled", "StartQueryExecution", `{"QueryString":"SELECT 1","ResultReuseConfiguration":{"ResultReuseByAgeConfiguration":{"MaxAgeInMinutes":5}}}`,
			invalidInput(prefix1 + "Value null at 'resultReuseConfiguration.resultReuseByAgeConfiguration.enabled' failed to satisfy constraint: Member must not be null")},
		{"result reuse age over a week", "StartQueryExecution", `{"QueryString":"SELECT 1","ResultReuseConfiguration":{"ResultReuseByAgeConfiguration":{"Enabled":true,"MaxAgeInMinutes":10081}}}`,
			invalidInput(prefix1 + "Value at 'resultReuseConfiguration.resultReuseByAgeConfiguration.maxAgeInMinutes' failed to satisfy constraint: Member must have value less than or equal to 10080")},
		{"empty execution parameters", "StartQueryExecution", `{"QueryString":"SELECT 1","ExecutionParameters":[]}`,
			invalidInput(prefix1 + "Value at 'executionParameters' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"empty execution parameter", "StartQueryExecution", `{"QueryString":"SELECT ?","ExecutionParameters":[""]}`,
			invalidInput(prefix1 + "Value at 'executionParameters.1.member' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"violations across nesting in model order", "StartQueryExecution", `{"WorkGroup":"a b","QueryExecutionContext":{"Catalog":"","Database":""},"ClientRequestToken":"x"}`,
			invalidInput("5 validation errors detected: " +
				"Value null at 'queryString' failed to satisfy constraint: Member must not be null; " +
				"Value at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32; " +
				"Value at 'queryExecutionContext.database' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				"Value at 'queryExecutionContext.catalog' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				"Value at 'workGroup' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9._-]{1,128}")},
		{"GetDatabase needs both names", "GetDatabase", `{}`,
			invalidInput("2 validation errors detected: " +
				"Value null at 'catalogName' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'databaseName' failed to satisfy constraint: Member must not be null")},
		{"GetTableMetadata table name length", "GetTableMetadata", `{"CatalogName":"c","DatabaseName":"d","TableName":"` + strings.Repeat("t", 129) + `"}`,
			invalidInput(prefix1 + "Value at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 128")},
		{"statement name needs two characters", "GetPreparedStatement", `{"StatementName":"a","WorkGroup":"primary"}`,
			invalidInput(prefix1 + "Value at 'statementName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z_][a-zA-Z0-9_@:]{1,256}")},
		{"CreatePreparedStatement required members", "CreatePreparedStatement", `{"Description":""}`,
			invalidInput("4 validation errors detected: " +
				"Value null at 'statementName' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'workGroup' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'queryStatement' failed to satisfy constraint: Member must not be null; " +
				"Value at 'description' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"ListPreparedStatements MaxResults 51", "ListPreparedStatements", `{"WorkGroup":"primary","MaxResults":51}`,
			invalidInput(prefix1 + "Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50")},
		{"BatchGetPreparedStatement bad name", "BatchGetPreparedStatement", `{"WorkGroup":"primary","PreparedStatementNames":["ok_name","1x"]}`,
			invalidInput(prefix1 + "Value at 'preparedStatementNames.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z_][a-zA-Z0-9_@:]{1,256}")},
	})
}

func TestDecodeUnknownOperation(t *testing.T) {
	runDecodeErrors(t, []decodeErrorCase{
		{"unknown", "CreateNotebook", `{}`, `{"__type":"UnknownOperationException"}`},
		{"empty", "", `{}`, `{"__type":"UnknownOperationException"}`},
	})
}

func TestDecodeReturnsTypedInputs(t *testing.T) {
	token32 := strings.Repeat("t", 32)
	token128 := strings.Repeat("t", 128)
	tests := []struct {
		name string
		op   string
		body string
		want any
	}{
		{
			name: "full StartQueryExecution",
			op:   "StartQueryExecution",
			body: `{"QueryString":"SELECT ?","ClientRequestToken":"` + token32 + `",
				"QueryExecutionContext":{"Catalog":"AwsDataCatalog","Database":"db"},
				"ResultConfiguration":{"OutputLocation":"s3://b/p/","EncryptionConfiguration":{"EncryptionOption":"SSE_KMS","KmsKey":"k"},
					"ExpectedBucketOwner":"123456789012","AclConfiguration":{"S3AclOption":"BUCKET_OWNER_FULL_CONTROL"}},
				"WorkGroup":"wg.1_x-y","ExecutionParameters":["'a'","1"],
				"ResultReuseConfiguration":{"ResultReuseByAgeConfiguration":{"Enabled":true,"MaxAgeInMinutes":60}},
				"EngineConfiguration":{"MaxConcurrentDpus":"not checked","X":[null,1]}}`,
			want: &StartQueryExecutionInput{
				QueryString:           "SELECT ?",
				ClientRequestToken:    token32,
				QueryExecutionContext: &QueryExecutionContext{Catalog: Ptr("AwsDataCatalog"), Database: Ptr("db")},
				ResultConfiguration: &ResultConfiguration{
					OutputLocation:          Ptr("s3://b/p/"),
					EncryptionConfiguration: &EncryptionConfiguration{EncryptionOption: "SSE_KMS", KmsKey: "k"},
					ExpectedBucketOwner:     Ptr("123456789012"),
					AclConfiguration:        &AclConfiguration{S3AclOption: "BUCKET_OWNER_FULL_CONTROL"},
				},
				WorkGroup:           "wg.1_x-y",
				ExecutionParameters: []string{"'a'", "1"},
				ResultReuseConfiguration: &ResultReuseConfiguration{
					ResultReuseByAgeConfiguration: &ResultReuseByAgeConfiguration{Enabled: true, MaxAgeInMinutes: Ptr[int32](60)},
				},
				EngineConfiguration: json.RawMessage(`{"MaxConcurrentDpus":"not checked","X":[null,1]}`),
			},
		},
		{
			name: "omitted context members stay nil",
			op:   "StartQueryExecution",
			body: `{"QueryString":"SELECT 1","QueryExecutionContext":{"Database":"db"},"ResultConfiguration":{}}`,
			want: &StartQueryExecutionInput{
				QueryString:           "SELECT 1",
				QueryExecutionContext: &QueryExecutionContext{Database: Ptr("db")},
				ResultConfiguration:   &ResultConfiguration{},
			},
		},
		{
			name: "an empty output location is kept apart from none",
			op:   "StartQueryExecution",
			body: `{"QueryString":"SELECT 1","ResultConfiguration":{"OutputLocation":""}}`,
			want: &StartQueryExecutionInput{QueryString: "SELECT 1", ResultConfiguration: &ResultConfiguration{OutputLocation: Ptr("")}},
		},
		{
			name: "missing token is left to the service",
			op:   "StartQueryExecution",
			body: `{"QueryString":"SELECT 1"}`,
			want: &StartQueryExecutionInput{QueryString: "SELECT 1"},
		},
		{
			name: "128 character token",
			op:   "StartQueryExecution",
			body: `{"QueryString":"SELECT 1","ClientRequestToken":"` + token128 + `"}`,
			want: &StartQueryExecutionInput{QueryString: "SELECT 1", ClientRequestToken: token128},
		},
		{
			name: "null members and null list elements are absent",
			op:   "StartQueryExecution",
			body: `{"QueryString":"SELECT ?","WorkGroup":null,"QueryExecutionContext":null,"ExecutionParameters":[null,"x"]}`,
			want: &StartQueryExecutionInput{QueryString: "SELECT ?", ExecutionParameters: []string{"x"}},
		},
		{
			name: "unknown members are ignored whatever their type",
			op:   "GetQueryExecution",
			body: `{"QueryExecutionId":"a","Foo":[1,{"b":null}],"queryExecutionId":5}`,
			want: &GetQueryExecutionInput{QueryExecutionId: "a"},
		},
		{
			name: "fractional integer is truncated",
			op:   "GetQueryResults",
			body: `{"QueryExecutionId":"a","MaxResults":1.5}`,
			want: &GetQueryResultsInput{QueryExecutionId: "a", MaxResults: Ptr[int32](1)},
		},
		{
			name: "exponent integer",
			op:   "GetQueryResults",
			body: `{"QueryExecutionId":"a","MaxResults":1E2,"NextToken":"tok","QueryResultType":"DATA_ROWS"}`,
			want: &GetQueryResultsInput{QueryExecutionId: "a", MaxResults: Ptr[int32](100), NextToken: "tok", QueryResultType: "DATA_ROWS"},
		},
		{
			name: "MaxResults above 1000 is left to the service",
			op:   "GetQueryResults",
			body: `{"QueryExecutionId":"a","MaxResults":100000}`,
			want: &GetQueryResultsInput{QueryExecutionId: "a", MaxResults: Ptr[int32](100000)},
		},
		{
			name: "last duplicate wins",
			op:   "GetQueryExecution",
			body: `{"QueryExecutionId":"a","QueryExecutionId":"b"}`,
			want: &GetQueryExecutionInput{QueryExecutionId: "b"},
		},
		{
			name: "ListQueryExecutions MaxResults 0 is allowed",
			op:   "ListQueryExecutions",
			body: `{"MaxResults":0,"WorkGroup":"primary"}`,
			want: &ListQueryExecutionsInput{MaxResults: Ptr[int32](0), WorkGroup: "primary"},
		},
		{
			name: "empty ListWorkGroups",
			op:   "ListWorkGroups",
			body: ` {} `,
			want: &ListWorkGroupsInput{},
		},
		{
			name: "BatchGetQueryExecution",
			op:   "BatchGetQueryExecution",
			body: `{"QueryExecutionIds":["a","b"]}`,
			want: &BatchGetQueryExecutionInput{QueryExecutionIds: []string{"a", "b"}},
		},
		{
			name: "ListTableMetadata with an empty expression",
			op:   "ListTableMetadata",
			body: `{"CatalogName":"AwsDataCatalog","DatabaseName":"db","Expression":"","MaxResults":50}`,
			want: &ListTableMetadataInput{CatalogName: "AwsDataCatalog", DatabaseName: "db", MaxResults: Ptr[int32](50)},
		},
		{
			name: "GetTableMetadata",
			op:   "GetTableMetadata",
			body: `{"CatalogName":"AwsDataCatalog","DatabaseName":"db","TableName":"t","WorkGroup":"primary"}`,
			want: &GetTableMetadataInput{CatalogName: "AwsDataCatalog", DatabaseName: "db", TableName: "t", WorkGroup: "primary"},
		},
		{
			name: "UpdatePreparedStatement",
			op:   "UpdatePreparedStatement",
			body: `{"StatementName":"my_stmt@1:x","WorkGroup":"primary","QueryStatement":"SELECT ?","Description":"d"}`,
			want: &UpdatePreparedStatementInput{StatementName: "my_stmt@1:x", WorkGroup: "primary", QueryStatement: "SELECT ?", Description: "d"},
		},
		{
			name: "BatchGetPreparedStatement with no names",
			op:   "BatchGetPreparedStatement",
			body: `{"PreparedStatementNames":[],"WorkGroup":"primary"}`,
			want: &BatchGetPreparedStatementInput{PreparedStatementNames: []string{}, WorkGroup: "primary"},
		},
		{
			name: "characters outside the BMP count once",
			op:   "GetDataCatalog",
			body: `{"Name":"` + strings.Repeat("😀", 256) + `"}`,
			want: &GetDataCatalogInput{Name: strings.Repeat("😀", 256)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, perr := Decode(tt.op, []byte(tt.body))
			if perr != nil {
				t.Fatalf("Decode: %s", perr.Body())
			}
			if !reflect.DeepEqual(got, tt.want) {
				gb, _ := json.Marshal(got)
				wb, _ := json.Marshal(tt.want)
				t.Errorf("got  %s\nwant %s", gb, wb)
			}
		})
	}
}

func TestDecodeReturnsTheInputTypeOfEveryOperation(t *testing.T) {
	for _, op := range Operations {
		in, perr := Decode(op, []byte(`{}`))
		if perr != nil {
			// Operations with required members: the error is a validation error.
			if perr.Code != CodeInvalidInput {
				t.Errorf("%s: %s", op, perr.Body())
			}
			continue
		}
		name := reflect.TypeOf(in).Elem().Name()
		if name != op+"Input" {
			t.Errorf("%s: got %s", op, name)
		}
	}
}

func TestRoute(t *testing.T) {
	tests := []struct {
		target string
		op     string
		ok     bool
	}{
		{"AmazonAthena.GetQueryExecution", "GetQueryExecution", true},
		{"AmazonAthena.StartQueryExecution", "StartQueryExecution", true},
		{"AmazonAthena.ListWorkGroups", "ListWorkGroups", true},
		{"ListWorkGroups", "", false},
		{"", "", false},
		{"AmazonAthena.", "", false},
		{"AmazonAthena.getQueryExecution", "", false},
		{"amazonathena.GetQueryExecution", "", false},
		{"AmazonAthena.NoSuchOperation", "", false},
		{"AmazonAthena.GetQueryExecution ", "", false},
		{"Athena.GetQueryExecution", "", false},
	}
	for _, tt := range tests {
		op, ok := Route(tt.target)
		if op != tt.op || ok != tt.ok {
			t.Errorf("Route(%q) = %q, %v; want %q, %v", tt.target, op, ok, tt.op, tt.ok)
		}
	}
}

func TestOperationsAreSortedAndRoutable(t *testing.T) {
	if len(Operations) != 36 {
		t.Errorf("len(Operations) = %d, want 36", len(Operations))
	}
	for i, op := range Operations {
		if i > 0 && Operations[i-1] >= op {
			t.Errorf("Operations not sorted at %q", op)
		}
		if got, ok := Route("AmazonAthena." + op); !ok || got != op {
			t.Errorf("Route(%s) = %q, %v", op, got, ok)
		}
	}
}

func BenchmarkDecodeStartQueryExecution(b *testing.B) {
	body := []byte(`{"QueryString":"SELECT * FROM t WHERE x = ?","ClientRequestToken":"` + strings.Repeat("t", 36) +
		`","QueryExecutionContext":{"Database":"db","Catalog":"AwsDataCatalog"},"ResultConfiguration":{"OutputLocation":"s3://b/p/"},` +
		`"WorkGroup":"primary","ExecutionParameters":["1"]}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, perr := Decode("StartQueryExecution", body); perr != nil {
			b.Fatal(perr)
		}
	}
}
