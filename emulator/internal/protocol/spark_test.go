package protocol

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeSparkInputs(t *testing.T) {
	token32 := strings.Repeat("t", 32)
	tests := []struct {
		name string
		op   string
		body string
		want any
	}{
		{"StartSession with every member", "StartSession",
			`{"Description":"d","WorkGroup":"spark","EngineConfiguration":{"CoordinatorDpuSize":1,"MaxConcurrentDpus":20,` +
				`"DefaultExecutorDpuSize":1,"AdditionalConfigs":{"a":"1"},"SparkProperties":{"spark.x":"y","gone":null},` +
				`"Classifications":[{"Name":"c","Properties":{"k":"v"}}]},"NotebookVersion":"Athena notebook version 1",` +
				`"SessionIdleTimeoutInMinutes":480,"ClientRequestToken":"` + token32 + `","Tags":[{"Key":"k","Value":"v"}],` +
				`"CopyWorkGroupTags":true,"ExecutionRole":"arn:aws:iam::123456789012:role/r","MonitoringConfiguration":{"S3LoggingConfiguration":{}}}`,
			&StartSessionInput{
				Description: "d", WorkGroup: "spark",
				EngineConfiguration: &EngineConfiguration{
					CoordinatorDpuSize: Ptr(int32(1)), MaxConcurrentDpus: Ptr(int32(20)), DefaultExecutorDpuSize: Ptr(int32(1)),
					AdditionalConfigs: map[string]string{"a": "1"}, SparkProperties: map[string]string{"spark.x": "y"},
					Classifications: []Classification{{Name: "c", Properties: map[string]string{"k": "v"}}},
				},
				NotebookVersion: "Athena notebook version 1", SessionIdleTimeoutInMinutes: Ptr(int32(480)),
				ClientRequestToken: token32, Tags: []Tag{{Key: "k", Value: "v"}}, CopyWorkGroupTags: Ptr(true),
				ExecutionRole:           "arn:aws:iam::123456789012:role/r",
				MonitoringConfiguration: json.RawMessage(`{"S3LoggingConfiguration":{}}`),
			}},
		{"StartCalculationExecution with the deprecated configuration", "StartCalculationExecution",
			`{"SessionId":"s","CalculationConfiguration":{"CodeBlock":""}}`,
			&StartCalculationExecutionInput{SessionId: "s", CalculationConfiguration: &CalculationConfiguration{CodeBlock: Ptr("")}}},
		{"ListSessions", "ListSessions", `{"WorkGroup":"spark","StateFilter":"IDLE","MaxResults":1,"NextToken":"t"}`,
			&ListSessionsInput{WorkGroup: "spark", StateFilter: "IDLE", MaxResults: Ptr(int32(1)), NextToken: "t"}},
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

func TestDecodeSparkErrors(t *testing.T) {
	runDecodeErrors(t, []decodeErrorCase{
		{"string for a map", "StartSession", `{"WorkGroup":"spark","EngineConfiguration":{"SparkProperties":"x"}}`, serialization("Expected null")},
		{"list for a map", "StartSession", `{"WorkGroup":"spark","EngineConfiguration":{"SparkProperties":[]}}`,
			serialization("Start of list found where not expected")},
		{"number in a map", "StartSession", `{"WorkGroup":"spark","EngineConfiguration":{"AdditionalConfigs":{"a":1}}}`,
			serialization("NUMBER_VALUE can not be converted to a String")},
		{"empty description", "StartCalculationExecution", `{"SessionId":"s","CalculationConfiguration":{"CodeBlock":""},"Description":""}`,
			invalidInput("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length greater than or equal to 1")},
	})
}
