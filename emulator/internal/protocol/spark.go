package protocol

import "encoding/json"

// This file holds the Athena for Apache Spark operations: sessions and
// calculations (FACTS §2.11). The request shapes follow the service model
// (API 2017-05-18) in its member order; the input and output structs follow
// the conventions of inputs.go and outputs.go.

// Session states, as Athena spells them.
const (
	SessionCreating    = "CREATING"
	SessionCreated     = "CREATED"
	SessionIdle        = "IDLE"
	SessionBusy        = "BUSY"
	SessionTerminating = "TERMINATING"
	SessionTerminated  = "TERMINATED"
	SessionDegraded    = "DEGRADED"
	SessionFailed      = "FAILED"
)

// Calculation states, as Athena spells them: CANCELED with one L, unlike
// the CANCELLED of queries.
const (
	CalculationCreating  = "CREATING"
	CalculationCreated   = "CREATED"
	CalculationQueued    = "QUEUED"
	CalculationRunning   = "RUNNING"
	CalculationCanceling = "CANCELING"
	CalculationCanceled  = "CANCELED"
	CalculationCompleted = "COMPLETED"
	CalculationFailed    = "FAILED"
)

// Shapes of the Spark operations, named as in the model.
var (
	sessionIDShape              = stringShape(1, 256)
	calculationExecutionIDShape = stringShape(1, 36)
	codeBlockShape              = stringShape(0, 68000)
	sessionIdleTimeoutShape     = integerShape(1, 480)
	roleArnShape                = stringShape(20, 2048)
	sessionManagerTokenShape    = stringShape(1, 2048)
	maxSessionsCountShape       = integerShape(1, 100)
	maxCalculationsCountShape   = integerShape(1, 100)
	parametersMapShape          = &shape{kind: kindMap, elem: plainString}

	sessionStateShape = enumShape(SessionCreating, SessionCreated, SessionIdle, SessionBusy,
		SessionTerminating, SessionTerminated, SessionDegraded, SessionFailed)
	calculationStateShape = enumShape(CalculationCreating, CalculationCreated, CalculationQueued, CalculationRunning,
		CalculationCanceling, CalculationCanceled, CalculationCompleted, CalculationFailed)

	engineConfigurationShape = structureShape(
		optional("CoordinatorDpuSize", integerShape(1, 1)),
		optional("MaxConcurrentDpus", integerShape(2, 5000)),
		optional("DefaultExecutorDpuSize", integerShape(1, 1)),
		optional("AdditionalConfigs", parametersMapShape),
		optional("SparkProperties", parametersMapShape),
		optional("Classifications", listShape(structureShape(
			optional("Name", nameStringShape),
			optional("Properties", parametersMapShape),
		), 0, 0)),
	)
	tagListShape = listShape(structureShape(
		optional("Key", stringShape(1, 128)),
		optional("Value", stringShape(0, 256)),
	), 0, 0)
)

var sparkOperations = map[string]operation{
	"StartSession": {
		input: structureShape(
			optional("Description", descriptionShape),
			required("WorkGroup", workGroupNameShape),
			required("EngineConfiguration", engineConfigurationShape),
			optional("NotebookVersion", nameStringShape),
			optional("SessionIdleTimeoutInMinutes", sessionIdleTimeoutShape),
			optional("ClientRequestToken", idempotencyTokenShape),
			optional("Tags", tagListShape),
			optional("CopyWorkGroupTags", booleanShape),
			optional("ExecutionRole", roleArnShape),
			optional("MonitoringConfiguration", documentAny),
		),
		newInput: func() any { return new(StartSessionInput) },
	},
	"GetSession": {
		input:    structureShape(required("SessionId", sessionIDShape)),
		newInput: func() any { return new(GetSessionInput) },
	},
	"GetSessionStatus": {
		input:    structureShape(required("SessionId", sessionIDShape)),
		newInput: func() any { return new(GetSessionStatusInput) },
	},
	"TerminateSession": {
		input:    structureShape(required("SessionId", sessionIDShape)),
		newInput: func() any { return new(TerminateSessionInput) },
	},
	"ListSessions": {
		input: structureShape(
			required("WorkGroup", workGroupNameShape),
			optional("StateFilter", sessionStateShape),
			optional("MaxResults", maxSessionsCountShape),
			optional("NextToken", sessionManagerTokenShape),
		),
		newInput: func() any { return new(ListSessionsInput) },
	},
	"StartCalculationExecution": {
		input: structureShape(
			required("SessionId", sessionIDShape),
			optional("Description", descriptionShape),
			optional("CalculationConfiguration", structureShape(optional("CodeBlock", codeBlockShape))),
			optional("CodeBlock", codeBlockShape),
			optional("ClientRequestToken", idempotencyTokenShape),
		),
		newInput: func() any { return new(StartCalculationExecutionInput) },
	},
	"GetCalculationExecution": {
		input:    structureShape(required("CalculationExecutionId", calculationExecutionIDShape)),
		newInput: func() any { return new(GetCalculationExecutionInput) },
	},
	"GetCalculationExecutionStatus": {
		input:    structureShape(required("CalculationExecutionId", calculationExecutionIDShape)),
		newInput: func() any { return new(GetCalculationExecutionStatusInput) },
	},
	"GetCalculationExecutionCode": {
		input:    structureShape(required("CalculationExecutionId", calculationExecutionIDShape)),
		newInput: func() any { return new(GetCalculationExecutionCodeInput) },
	},
	"StopCalculationExecution": {
		input:    structureShape(required("CalculationExecutionId", calculationExecutionIDShape)),
		newInput: func() any { return new(StopCalculationExecutionInput) },
	},
	"ListCalculationExecutions": {
		input: structureShape(
			required("SessionId", sessionIDShape),
			optional("StateFilter", calculationStateShape),
			optional("MaxResults", maxCalculationsCountShape),
			optional("NextToken", sessionManagerTokenShape),
		),
		newInput: func() any { return new(ListCalculationExecutionsInput) },
	},
}

// StartSessionInput is the request of StartSession.
type StartSessionInput struct {
	Description         string               `json:"Description,omitempty"`
	WorkGroup           string               `json:"WorkGroup"`
	EngineConfiguration *EngineConfiguration `json:"EngineConfiguration"`
	NotebookVersion     string               `json:"NotebookVersion,omitempty"`
	// SessionIdleTimeoutInMinutes is nil when left out (1..480 otherwise).
	SessionIdleTimeoutInMinutes *int32 `json:"SessionIdleTimeoutInMinutes,omitempty"`
	// ClientRequestToken is optional: SDKs do not fill it in for
	// StartSession.
	ClientRequestToken string `json:"ClientRequestToken,omitempty"`
	Tags               []Tag  `json:"Tags,omitempty"`
	CopyWorkGroupTags  *bool  `json:"CopyWorkGroupTags,omitempty"`
	ExecutionRole      string `json:"ExecutionRole,omitempty"`
	// MonitoringConfiguration is any JSON object, accepted and ignored.
	MonitoringConfiguration json.RawMessage `json:"MonitoringConfiguration,omitempty"`
}

// GetSessionInput is the request of GetSession.
type GetSessionInput struct {
	SessionId string `json:"SessionId"`
}

// GetSessionStatusInput is the request of GetSessionStatus.
type GetSessionStatusInput struct {
	SessionId string `json:"SessionId"`
}

// TerminateSessionInput is the request of TerminateSession.
type TerminateSessionInput struct {
	SessionId string `json:"SessionId"`
}

// ListSessionsInput is the request of ListSessions.
type ListSessionsInput struct {
	WorkGroup   string `json:"WorkGroup"`
	StateFilter string `json:"StateFilter,omitempty"`
	MaxResults  *int32 `json:"MaxResults,omitempty"` // 1..100
	NextToken   string `json:"NextToken,omitempty"`
}

// StartCalculationExecutionInput is the request of
// StartCalculationExecution. CodeBlock and CalculationConfiguration.CodeBlock
// are pointers: a request may send one or the other (FACTS §2.11).
type StartCalculationExecutionInput struct {
	SessionId                string                    `json:"SessionId"`
	Description              string                    `json:"Description,omitempty"`
	CalculationConfiguration *CalculationConfiguration `json:"CalculationConfiguration,omitempty"`
	CodeBlock                *string                   `json:"CodeBlock,omitempty"`
	ClientRequestToken       string                    `json:"ClientRequestToken,omitempty"`
}

// CalculationConfiguration is the deprecated wrapper of a code block.
type CalculationConfiguration struct {
	CodeBlock *string `json:"CodeBlock,omitempty"`
}

// GetCalculationExecutionInput is the request of GetCalculationExecution.
type GetCalculationExecutionInput struct {
	CalculationExecutionId string `json:"CalculationExecutionId"`
}

// GetCalculationExecutionStatusInput is the request of
// GetCalculationExecutionStatus.
type GetCalculationExecutionStatusInput struct {
	CalculationExecutionId string `json:"CalculationExecutionId"`
}

// GetCalculationExecutionCodeInput is the request of
// GetCalculationExecutionCode.
type GetCalculationExecutionCodeInput struct {
	CalculationExecutionId string `json:"CalculationExecutionId"`
}

// StopCalculationExecutionInput is the request of StopCalculationExecution.
type StopCalculationExecutionInput struct {
	CalculationExecutionId string `json:"CalculationExecutionId"`
}

// ListCalculationExecutionsInput is the request of ListCalculationExecutions.
type ListCalculationExecutionsInput struct {
	SessionId   string `json:"SessionId"`
	StateFilter string `json:"StateFilter,omitempty"`
	MaxResults  *int32 `json:"MaxResults,omitempty"` // 1..100
	NextToken   string `json:"NextToken,omitempty"`
}

// EngineConfiguration is the DPU configuration of a session, sent in
// StartSession and echoed by GetSession. Fields are in alphabetical order.
type EngineConfiguration struct {
	AdditionalConfigs      map[string]string `json:"AdditionalConfigs,omitzero"`
	Classifications        []Classification  `json:"Classifications,omitzero"`
	CoordinatorDpuSize     *int32            `json:"CoordinatorDpuSize,omitempty"`
	DefaultExecutorDpuSize *int32            `json:"DefaultExecutorDpuSize,omitempty"`
	MaxConcurrentDpus      *int32            `json:"MaxConcurrentDpus,omitempty"`
	SparkProperties        map[string]string `json:"SparkProperties,omitzero"`
}

// Classification is a named set of Spark configuration properties.
type Classification struct {
	Name       string            `json:"Name,omitempty"`
	Properties map[string]string `json:"Properties,omitzero"`
}

// Tag is a resource tag.
type Tag struct {
	Key   string `json:"Key,omitempty"`
	Value string `json:"Value,omitempty"`
}

// StartSessionOutput is the response of StartSession.
type StartSessionOutput struct {
	SessionId string `json:"SessionId,omitempty"`
	State     string `json:"State,omitempty"`
}

// GetSessionOutput is the response of GetSession. EngineVersion is a plain
// string here ("PySpark engine version 3"), unlike the structure of queries
// and work groups.
type GetSessionOutput struct {
	Description          string                `json:"Description,omitempty"`
	EngineConfiguration  *EngineConfiguration  `json:"EngineConfiguration,omitempty"`
	EngineVersion        string                `json:"EngineVersion,omitempty"`
	NotebookVersion      string                `json:"NotebookVersion,omitempty"`
	SessionConfiguration *SessionConfiguration `json:"SessionConfiguration,omitempty"`
	SessionId            string                `json:"SessionId,omitempty"`
	Statistics           *SessionStatistics    `json:"Statistics,omitempty"`
	Status               *SessionStatus        `json:"Status,omitempty"`
	WorkGroup            string                `json:"WorkGroup,omitempty"`
}

// SessionConfiguration is the configuration of a session: where its
// calculations write and when it times out.
type SessionConfiguration struct {
	EncryptionConfiguration     *EncryptionConfiguration `json:"EncryptionConfiguration,omitempty"`
	ExecutionRole               string                   `json:"ExecutionRole,omitempty"`
	IdleTimeoutSeconds          *int64                   `json:"IdleTimeoutSeconds,omitempty"`
	SessionIdleTimeoutInMinutes *int32                   `json:"SessionIdleTimeoutInMinutes,omitempty"`
	WorkingDirectory            string                   `json:"WorkingDirectory,omitempty"`
}

// SessionStatistics is the DPU time a session has used.
type SessionStatistics struct {
	DpuExecutionInMillis *int64 `json:"DpuExecutionInMillis,omitempty"`
}

// SessionStatus is the state of a session and its dates.
type SessionStatus struct {
	EndDateTime          Time   `json:"EndDateTime,omitzero"`
	IdleSinceDateTime    Time   `json:"IdleSinceDateTime,omitzero"`
	LastModifiedDateTime Time   `json:"LastModifiedDateTime,omitzero"`
	StartDateTime        Time   `json:"StartDateTime,omitzero"`
	State                string `json:"State,omitempty"`
	StateChangeReason    string `json:"StateChangeReason,omitempty"`
}

// GetSessionStatusOutput is the response of GetSessionStatus.
type GetSessionStatusOutput struct {
	SessionId string         `json:"SessionId,omitempty"`
	Status    *SessionStatus `json:"Status,omitempty"`
}

// TerminateSessionOutput is the response of TerminateSession.
type TerminateSessionOutput struct {
	State string `json:"State,omitempty"`
}

// ListSessionsOutput is the response of ListSessions.
type ListSessionsOutput struct {
	NextToken string           `json:"NextToken,omitempty"`
	Sessions  []SessionSummary `json:"Sessions,omitzero"`
}

// SessionSummary is one entry of ListSessions.
type SessionSummary struct {
	Description     string         `json:"Description,omitempty"`
	EngineVersion   *EngineVersion `json:"EngineVersion,omitempty"`
	NotebookVersion string         `json:"NotebookVersion,omitempty"`
	SessionId       string         `json:"SessionId,omitempty"`
	Status          *SessionStatus `json:"Status,omitempty"`
}

// StartCalculationExecutionOutput is the response of
// StartCalculationExecution.
type StartCalculationExecutionOutput struct {
	CalculationExecutionId string `json:"CalculationExecutionId,omitempty"`
	State                  string `json:"State,omitempty"`
}

// GetCalculationExecutionOutput is the response of GetCalculationExecution.
type GetCalculationExecutionOutput struct {
	CalculationExecutionId string                 `json:"CalculationExecutionId,omitempty"`
	Description            string                 `json:"Description,omitempty"`
	Result                 *CalculationResult     `json:"Result,omitempty"`
	SessionId              string                 `json:"SessionId,omitempty"`
	Statistics             *CalculationStatistics `json:"Statistics,omitempty"`
	Status                 *CalculationStatus     `json:"Status,omitempty"`
	WorkingDirectory       string                 `json:"WorkingDirectory,omitempty"`
}

// CalculationResult points to the S3 objects a calculation wrote.
// ResultS3Uri is a folder; ResultType is MIME-like (FACTS §2.11).
type CalculationResult struct {
	ResultS3Uri   string `json:"ResultS3Uri,omitempty"`
	ResultType    string `json:"ResultType,omitempty"`
	StdErrorS3Uri string `json:"StdErrorS3Uri,omitempty"`
	StdOutS3Uri   string `json:"StdOutS3Uri,omitempty"`
}

// CalculationStatistics is the DPU time and progress of a calculation.
type CalculationStatistics struct {
	DpuExecutionInMillis *int64 `json:"DpuExecutionInMillis,omitempty"`
	Progress             string `json:"Progress,omitempty"`
}

// CalculationStatus is the state of a calculation and its dates.
type CalculationStatus struct {
	CompletionDateTime Time   `json:"CompletionDateTime,omitzero"`
	State              string `json:"State,omitempty"`
	StateChangeReason  string `json:"StateChangeReason,omitempty"`
	SubmissionDateTime Time   `json:"SubmissionDateTime,omitzero"`
}

// GetCalculationExecutionStatusOutput is the response of
// GetCalculationExecutionStatus.
type GetCalculationExecutionStatusOutput struct {
	Statistics *CalculationStatistics `json:"Statistics,omitempty"`
	Status     *CalculationStatus     `json:"Status,omitempty"`
}

// GetCalculationExecutionCodeOutput is the response of
// GetCalculationExecutionCode. CodeBlock is a pointer so that an empty code
// block is sent as "".
type GetCalculationExecutionCodeOutput struct {
	CodeBlock *string `json:"CodeBlock,omitempty"`
}

// StopCalculationExecutionOutput is the response of StopCalculationExecution.
type StopCalculationExecutionOutput struct {
	State string `json:"State,omitempty"`
}

// ListCalculationExecutionsOutput is the response of
// ListCalculationExecutions.
type ListCalculationExecutionsOutput struct {
	Calculations []CalculationSummary `json:"Calculations,omitzero"`
	NextToken    string               `json:"NextToken,omitempty"`
}

// CalculationSummary is one entry of ListCalculationExecutions.
type CalculationSummary struct {
	CalculationExecutionId string             `json:"CalculationExecutionId,omitempty"`
	Description            string             `json:"Description,omitempty"`
	Status                 *CalculationStatus `json:"Status,omitempty"`
}
