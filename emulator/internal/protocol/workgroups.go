package protocol

// This file holds the work group management operations: CreateWorkGroup,
// UpdateWorkGroup and DeleteWorkGroup (API reference; the model's
// WorkGroupConfiguration and WorkGroupConfigurationUpdates). Members the
// emulator does not act on (Spark engine configuration, Identity Center,
// monitoring, S3 Access Grants) are accepted as documents and ignored.

var (
	workGroupDescriptionShape = stringShape(0, 1024)
	workGroupStateShape       = enumShape("ENABLED", "DISABLED")
	// BytesScannedCutoffPerQuery is a Long with a minimum of 10 MB.
	bytesScannedCutoffShape = &shape{kind: kindLong, valMin: 10000000, hasMin: true}
	engineVersionShape      = structureShape(
		optional("SelectedEngineVersion", stringShape(1, 128)),
		optional("EffectiveEngineVersion", stringShape(1, 128)),
	)
	managedEncryptionShape = structureShape(required("KmsKey", stringShape(1, 2048)))

	workGroupConfigurationShape = structureShape(
		optional("ResultConfiguration", resultConfigurationShape),
		optional("ManagedQueryResultsConfiguration", structureShape(
			required("Enabled", booleanShape),
			optional("EncryptionConfiguration", managedEncryptionShape),
		)),
		optional("EnforceWorkGroupConfiguration", booleanShape),
		optional("PublishCloudWatchMetricsEnabled", booleanShape),
		optional("BytesScannedCutoffPerQuery", bytesScannedCutoffShape),
		optional("RequesterPaysEnabled", booleanShape),
		optional("EngineVersion", engineVersionShape),
		optional("AdditionalConfiguration", stringShape(1, 128)),
		optional("ExecutionRole", stringShape(20, 2048)),
		optional("CustomerContentEncryptionConfiguration", documentAny),
		optional("EnableMinimumEncryptionConfiguration", booleanShape),
		optional("IdentityCenterConfiguration", documentAny),
		optional("QueryResultsS3AccessGrantsConfiguration", documentAny),
		optional("MonitoringConfiguration", documentAny),
		optional("EngineConfiguration", documentAny),
	)
	resultConfigurationUpdatesShape = structureShape(
		optional("OutputLocation", plainString),
		optional("RemoveOutputLocation", booleanShape),
		optional("EncryptionConfiguration", structureShape(
			required("EncryptionOption", encryptionOptionShape),
			optional("KmsKey", plainString),
		)),
		optional("RemoveEncryptionConfiguration", booleanShape),
		optional("ExpectedBucketOwner", awsAccountIDShape),
		optional("RemoveExpectedBucketOwner", booleanShape),
		optional("AclConfiguration", structureShape(
			required("S3AclOption", s3AclOptionShape),
		)),
		optional("RemoveAclConfiguration", booleanShape),
	)
	workGroupConfigurationUpdatesShape = structureShape(
		optional("EnforceWorkGroupConfiguration", booleanShape),
		optional("ResultConfigurationUpdates", resultConfigurationUpdatesShape),
		optional("ManagedQueryResultsConfigurationUpdates", structureShape(
			optional("Enabled", booleanShape),
			optional("EncryptionConfiguration", managedEncryptionShape),
			optional("RemoveEncryptionConfiguration", booleanShape),
		)),
		optional("PublishCloudWatchMetricsEnabled", booleanShape),
		optional("BytesScannedCutoffPerQuery", bytesScannedCutoffShape),
		optional("RemoveBytesScannedCutoffPerQuery", booleanShape),
		optional("RequesterPaysEnabled", booleanShape),
		optional("EngineVersion", engineVersionShape),
		optional("RemoveCustomerContentEncryptionConfiguration", booleanShape),
		optional("AdditionalConfiguration", stringShape(1, 128)),
		optional("ExecutionRole", stringShape(20, 2048)),
		optional("CustomerContentEncryptionConfiguration", documentAny),
		optional("EnableMinimumEncryptionConfiguration", booleanShape),
		optional("QueryResultsS3AccessGrantsConfiguration", documentAny),
		optional("MonitoringConfiguration", documentAny),
		optional("EngineConfiguration", documentAny),
	)
)

var workGroupOperations = map[string]operation{
	"CreateWorkGroup": {
		input: structureShape(
			required("Name", workGroupNameShape),
			optional("Configuration", workGroupConfigurationShape),
			optional("Description", workGroupDescriptionShape),
			optional("Tags", tagListShape),
		),
		newInput: func() any { return new(CreateWorkGroupInput) },
	},
	"UpdateWorkGroup": {
		input: structureShape(
			required("WorkGroup", workGroupNameShape),
			optional("Description", workGroupDescriptionShape),
			optional("ConfigurationUpdates", workGroupConfigurationUpdatesShape),
			optional("State", workGroupStateShape),
		),
		newInput: func() any { return new(UpdateWorkGroupInput) },
	},
	"DeleteWorkGroup": {
		input: structureShape(
			required("WorkGroup", workGroupNameShape),
			optional("RecursiveDeleteOption", booleanShape),
		),
		newInput: func() any { return new(DeleteWorkGroupInput) },
	},
}

// CreateWorkGroupInput is the request of CreateWorkGroup.
type CreateWorkGroupInput struct {
	Name          string                       `json:"Name"`
	Configuration *WorkGroupConfigurationInput `json:"Configuration,omitempty"`
	Description   *string                      `json:"Description,omitempty"`
	Tags          []Tag                        `json:"Tags,omitempty"`
}

// WorkGroupConfigurationInput is the configuration sent to CreateWorkGroup.
// Unlike the WorkGroupConfiguration of responses, its booleans are pointers:
// absent means the default.
type WorkGroupConfigurationInput struct {
	ResultConfiguration              *ResultConfiguration                   `json:"ResultConfiguration,omitempty"`
	ManagedQueryResultsConfiguration *ManagedQueryResultsConfigurationInput `json:"ManagedQueryResultsConfiguration,omitempty"`
	EnforceWorkGroupConfiguration    *bool                                  `json:"EnforceWorkGroupConfiguration,omitempty"`
	PublishCloudWatchMetricsEnabled  *bool                                  `json:"PublishCloudWatchMetricsEnabled,omitempty"`
	BytesScannedCutoffPerQuery       *int64                                 `json:"BytesScannedCutoffPerQuery,omitempty"`
	RequesterPaysEnabled             *bool                                  `json:"RequesterPaysEnabled,omitempty"`
	EngineVersion                    *EngineVersion                         `json:"EngineVersion,omitempty"`
	AdditionalConfiguration          *string                                `json:"AdditionalConfiguration,omitempty"`
	ExecutionRole                    *string                                `json:"ExecutionRole,omitempty"`
	EnableMinimumEncryption          *bool                                  `json:"EnableMinimumEncryptionConfiguration,omitempty"`
}

// ManagedQueryResultsConfigurationInput turns managed query results on or
// off in CreateWorkGroup.
type ManagedQueryResultsConfigurationInput struct {
	Enabled bool `json:"Enabled"`
}

// UpdateWorkGroupInput is the request of UpdateWorkGroup.
type UpdateWorkGroupInput struct {
	WorkGroup            string                         `json:"WorkGroup"`
	Description          *string                        `json:"Description,omitempty"`
	ConfigurationUpdates *WorkGroupConfigurationUpdates `json:"ConfigurationUpdates,omitempty"`
	State                string                         `json:"State,omitempty"`
}

// WorkGroupConfigurationUpdates are the changes of UpdateWorkGroup; absent
// members leave the setting as it is.
type WorkGroupConfigurationUpdates struct {
	EnforceWorkGroupConfiguration           *bool                                    `json:"EnforceWorkGroupConfiguration,omitempty"`
	ResultConfigurationUpdates              *ResultConfigurationUpdates              `json:"ResultConfigurationUpdates,omitempty"`
	ManagedQueryResultsConfigurationUpdates *ManagedQueryResultsConfigurationUpdates `json:"ManagedQueryResultsConfigurationUpdates,omitempty"`
	PublishCloudWatchMetricsEnabled         *bool                                    `json:"PublishCloudWatchMetricsEnabled,omitempty"`
	BytesScannedCutoffPerQuery              *int64                                   `json:"BytesScannedCutoffPerQuery,omitempty"`
	RemoveBytesScannedCutoffPerQuery        *bool                                    `json:"RemoveBytesScannedCutoffPerQuery,omitempty"`
	RequesterPaysEnabled                    *bool                                    `json:"RequesterPaysEnabled,omitempty"`
	EngineVersion                           *EngineVersion                           `json:"EngineVersion,omitempty"`
	AdditionalConfiguration                 *string                                  `json:"AdditionalConfiguration,omitempty"`
	ExecutionRole                           *string                                  `json:"ExecutionRole,omitempty"`
	EnableMinimumEncryption                 *bool                                    `json:"EnableMinimumEncryptionConfiguration,omitempty"`
}

// ResultConfigurationUpdates change a work group's result configuration:
// a member sets its setting, a Remove member clears it.
type ResultConfigurationUpdates struct {
	OutputLocation                *string                  `json:"OutputLocation,omitempty"`
	RemoveOutputLocation          *bool                    `json:"RemoveOutputLocation,omitempty"`
	EncryptionConfiguration       *EncryptionConfiguration `json:"EncryptionConfiguration,omitempty"`
	RemoveEncryptionConfiguration *bool                    `json:"RemoveEncryptionConfiguration,omitempty"`
	ExpectedBucketOwner           *string                  `json:"ExpectedBucketOwner,omitempty"`
	RemoveExpectedBucketOwner     *bool                    `json:"RemoveExpectedBucketOwner,omitempty"`
	AclConfiguration              *AclConfiguration        `json:"AclConfiguration,omitempty"`
	RemoveAclConfiguration        *bool                    `json:"RemoveAclConfiguration,omitempty"`
}

// ManagedQueryResultsConfigurationUpdates turn managed query results on or
// off in UpdateWorkGroup.
type ManagedQueryResultsConfigurationUpdates struct {
	Enabled *bool `json:"Enabled,omitempty"`
}

// DeleteWorkGroupInput is the request of DeleteWorkGroup.
type DeleteWorkGroupInput struct {
	WorkGroup             string `json:"WorkGroup"`
	RecursiveDeleteOption *bool  `json:"RecursiveDeleteOption,omitempty"`
}

// CreateWorkGroupOutput is the response of CreateWorkGroup: {}.
type CreateWorkGroupOutput struct{}

// UpdateWorkGroupOutput is the response of UpdateWorkGroup: {}.
type UpdateWorkGroupOutput struct{}

// DeleteWorkGroupOutput is the response of DeleteWorkGroup: {}.
type DeleteWorkGroupOutput struct{}
