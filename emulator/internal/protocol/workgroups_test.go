package protocol

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestDecodeWorkGroupOperations(t *testing.T) {
	tests := []struct {
		name string
		op   string
		body string
		want any
	}{
		{
			name: "CreateWorkGroup with a configuration",
			op:   "CreateWorkGroup",
			body: `{"Name":"wg","Description":"d","Tags":[{"Key":"k","Value":"v"}],"Configuration":{
				"ResultConfiguration":{"OutputLocation":"s3://b/p/"},"EnforceWorkGroupConfiguration":true,
				"BytesScannedCutoffPerQuery":10000000000,"RequesterPaysEnabled":false,
				"EngineVersion":{"SelectedEngineVersion":"AUTO"},"ManagedQueryResultsConfiguration":{"Enabled":false},
				"IdentityCenterConfiguration":{"anything":[1]}}}`,
			want: &CreateWorkGroupInput{Name: "wg", Description: Ptr("d"), Tags: []Tag{{Key: "k", Value: "v"}},
				Configuration: &WorkGroupConfigurationInput{
					ResultConfiguration: &ResultConfiguration{OutputLocation: Ptr("s3://b/p/")}, EnforceWorkGroupConfiguration: Ptr(true),
					BytesScannedCutoffPerQuery: Ptr(int64(10000000000)), RequesterPaysEnabled: Ptr(false),
					EngineVersion: &EngineVersion{SelectedEngineVersion: "AUTO"}, ManagedQueryResultsConfiguration: &ManagedQueryResultsConfigurationInput{},
				}},
		},
		{
			name: "UpdateWorkGroup",
			op:   "UpdateWorkGroup",
			body: `{"WorkGroup":"wg","State":"DISABLED","ConfigurationUpdates":{"ResultConfigurationUpdates":{"RemoveOutputLocation":true},
				"RemoveBytesScannedCutoffPerQuery":true,"ManagedQueryResultsConfigurationUpdates":{"Enabled":true}}}`,
			want: &UpdateWorkGroupInput{WorkGroup: "wg", State: "DISABLED", ConfigurationUpdates: &WorkGroupConfigurationUpdates{
				ResultConfigurationUpdates:              &ResultConfigurationUpdates{RemoveOutputLocation: Ptr(true)},
				RemoveBytesScannedCutoffPerQuery:        Ptr(true),
				ManagedQueryResultsConfigurationUpdates: &ManagedQueryResultsConfigurationUpdates{Enabled: Ptr(true)},
			}},
		},
		{
			name: "DeleteWorkGroup",
			op:   "DeleteWorkGroup",
			body: `{"WorkGroup":"wg","RecursiveDeleteOption":true}`,
			want: &DeleteWorkGroupInput{WorkGroup: "wg", RecursiveDeleteOption: Ptr(true)},
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

func TestDecodeWorkGroupOperationErrors(t *testing.T) {
	runDecodeErrors(t, []decodeErrorCase{
		{"no name", "CreateWorkGroup", `{}`, invalidInput("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null")},
		{"cutoff below 10 MB", "CreateWorkGroup", `{"Name":"a","Configuration":{"BytesScannedCutoffPerQuery":9999999}}`,
			invalidInput("1 validation error detected: Value at 'configuration.bytesScannedCutoffPerQuery' failed to satisfy constraint: Member must have value greater than or equal to 10000000")},
		{"cutoff as a string", "CreateWorkGroup", `{"Name":"a","Configuration":{"BytesScannedCutoffPerQuery":"big"}}`,
			serialization("STRING_VALUE can not be converted to a Long")},
		{"cutoff beyond a Long", "CreateWorkGroup", `{"Name":"a","Configuration":{"BytesScannedCutoffPerQuery":1e19}}`,
			serialization("Numeric value (1e19) out of range of long (-9223372036854775808 - 9223372036854775807)")},
		{"unknown state", "UpdateWorkGroup", `{"WorkGroup":"a","State":"PAUSED"}`,
			invalidInput("1 validation error detected: Value at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]")},
		{"recursive option as a string", "DeleteWorkGroup", `{"WorkGroup":"a","RecursiveDeleteOption":"yes"}`,
			serialization("STRING_VALUE can not be converted to a Boolean")},
	})
}
