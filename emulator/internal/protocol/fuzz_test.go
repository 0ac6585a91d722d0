package protocol

import (
	"encoding/json"
	"hash/fnv"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzDecode checks that Decode never panics and always returns exactly one
// of an input or an *Error whose body is valid JSON. Each body is decoded
// under the fuzzed operation name and under a known operation picked from
// that name, so that both routing misses and every input shape are covered.
// Seeds live in the f.Add calls below and in testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	seeds := []struct{ op, body string }{
		{"StartQueryExecution", `{"QueryString":"SELECT 1","ClientRequestToken":"` + strings.Repeat("a", 32) + `","QueryExecutionContext":{"Database":"d","Catalog":"c"},"ResultConfiguration":{"OutputLocation":"s3://b/","EncryptionConfiguration":{"EncryptionOption":"SSE_S3"},"AclConfiguration":{"S3AclOption":"BUCKET_OWNER_FULL_CONTROL"},"ExpectedBucketOwner":"123456789012"},"WorkGroup":"primary","ExecutionParameters":["1",null],"ResultReuseConfiguration":{"ResultReuseByAgeConfiguration":{"Enabled":true,"MaxAgeInMinutes":1.5}},"EngineConfiguration":{"a":[1,{}]}}`},
		{"GetQueryResults", `{"QueryExecutionId":"a","NextToken":"t","MaxResults":1000,"QueryResultType":"DATA_ROWS"}`},
		{"GetQueryResults", `{"MaxResults":"x"}`},
		{"GetQueryResults", `{"MaxResults":1e400}`},
		{"BatchGetQueryExecution", `{"QueryExecutionIds":["a",null,"",1]}`},
		{"ListWorkGroups", `{"MaxResults":51,"NextToken":""}`},
		{"ListTableMetadata", `{"CatalogName":"c","DatabaseName":"d","Expression":".*"}`},
		{"BatchGetPreparedStatement", `{"PreparedStatementNames":["s1"],"WorkGroup":"primary"}`},
		{"GetDataCatalog", `{"Name":"\ud800\u0001"}`},
		{"StartSession", `{"WorkGroup":"spark","EngineConfiguration":{"MaxConcurrentDpus":2,"SparkProperties":{"a":"b","c":null},"Classifications":[{"Name":"n","Properties":{"k":"v"}}]},"SessionIdleTimeoutInMinutes":20,"Tags":[{"Key":"k","Value":"v"}],"MonitoringConfiguration":{"x":[1]}}`},
		{"StartSession", `{"WorkGroup":"spark","EngineConfiguration":{"AdditionalConfigs":"x","SparkProperties":[1]}}`},
		{"StartCalculationExecution", `{"SessionId":"s","CodeBlock":"%%sql\nSELECT 1","CalculationConfiguration":{"CodeBlock":null}}`},
		{"ListCalculationExecutions", `{"SessionId":"s","StateFilter":"CANCELED","MaxResults":100,"NextToken":"t"}`},
		{"ListWorkGroups", ``},
		{"ListWorkGroups", `[]`},
		{"ListWorkGroups", `null`},
		{"ListWorkGroups", `{"a":1,}`},
		{"AmazonAthena.ListWorkGroups", `{}`},
		{"", `{"QueryString":{"QueryString":[[[]]]}}`},
	}
	for _, s := range seeds {
		f.Add(s.op, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		checkDecode(t, op, body)
		h := fnv.New32a()
		h.Write([]byte(op))
		checkDecode(t, Operations[h.Sum32()%uint32(len(Operations))], body)
	})
}

func checkDecode(t *testing.T, op string, body []byte) {
	in, perr := Decode(op, body)
	if (in == nil) == (perr == nil) {
		t.Fatalf("Decode(%q, %q) = %v, %v: want exactly one non-nil", op, body, in, perr)
	}
	if perr != nil {
		b := perr.Body()
		if !json.Valid(b) {
			t.Fatalf("Decode(%q, %q): error body is not JSON: %s", op, body, b)
		}
		rec := httptest.NewRecorder()
		WriteError(rec, perr)
		if rec.Code != 400 || rec.Body.String() != string(b) {
			t.Fatalf("Decode(%q, %q): WriteError wrote %d %s", op, body, rec.Code, rec.Body)
		}
		return
	}
	if _, err := json.Marshal(in); err != nil {
		t.Fatalf("Decode(%q, %q): input does not encode: %v", op, body, err)
	}
}
