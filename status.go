package athenaq

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

// State is a query's state as Athena names it.
type State string

// The states of a query. A query may go back from RUNNING to QUEUED after a
// transient error; only SUCCEEDED, FAILED and CANCELLED are final.
const (
	StateQueued    State = "QUEUED"
	StateRunning   State = "RUNNING"
	StateSucceeded State = "SUCCEEDED"
	StateFailed    State = "FAILED"
	StateCancelled State = "CANCELLED"
)

// Terminal reports whether s is final.
func (s State) Terminal() bool {
	return s == StateSucceeded || s == StateFailed || s == StateCancelled
}

// Status is everything Athena reports about a query execution.
type Status struct {
	QueryID          string
	Query            string
	State            State
	StateReason      string
	StatementType    string // DML, DDL or UTILITY
	SubstatementType string // SELECT, CREATE_TABLE, SHOW_TABLES, ...
	WorkGroup        string
	Catalog          string
	Database         string
	// OutputLocation is the full path of the result object.
	OutputLocation string
	// ManifestLocation is the data manifest of CTAS, INSERT and UNLOAD.
	ManifestLocation string
	// EngineVersion is the engine that ran the query, Athena's
	// EffectiveEngineVersion: EngineV3, EngineDuckDB, or empty when Athena
	// does not say (older responses). Rows decode the result by it.
	EngineVersion string
	Submitted     time.Time
	Completed     time.Time // zero until the query is final
	Statistics    Statistics
	// ReusedPreviousResult reports that Athena answered from an earlier
	// query's result (ResultReuse).
	ReusedPreviousResult bool
	// Error is set for FAILED queries.
	Error *AthenaError
	// ResultReuseMaxAge echoes the request's result reuse setting.
	ResultReuseMaxAge time.Duration
	// UpdateCount is the number of rows that an INSERT, CTAS, UPDATE,
	// DELETE or MERGE wrote, as Client.Exec reads it from the result;
	// HasUpdateCount reports that Athena sent one. Both are zero in the
	// statuses that Wait and the poller report.
	UpdateCount    int64
	HasUpdateCount bool
}

// Statistics are a query's timings and the bytes it scanned.
type Statistics struct {
	DataScannedBytes  int64
	EngineExecution   time.Duration
	QueryQueue        time.Duration
	QueryPlanning     time.Duration
	ServicePreprocess time.Duration
	ServiceProcessing time.Duration
	TotalExecution    time.Duration
	DPUCount          float64
	HasQueryPlanning  bool // Athena omits planning time for statements it answers without the planner
}

// AthenaError is the failure Athena reports for a FAILED query.
type AthenaError struct {
	Category  int32
	Type      int32
	Retryable bool
	Message   string
}

func ms(v *int64) time.Duration { return time.Duration(aws.ToInt64(v)) * time.Millisecond }

// statusFrom converts the SDK's QueryExecution.
func statusFrom(qe *types.QueryExecution) Status {
	st := Status{
		QueryID:          aws.ToString(qe.QueryExecutionId),
		Query:            aws.ToString(qe.Query),
		StatementType:    string(qe.StatementType),
		SubstatementType: aws.ToString(qe.SubstatementType),
		WorkGroup:        aws.ToString(qe.WorkGroup),
	}
	if c := qe.QueryExecutionContext; c != nil {
		st.Catalog, st.Database = aws.ToString(c.Catalog), aws.ToString(c.Database)
	}
	if rc := qe.ResultConfiguration; rc != nil {
		st.OutputLocation = aws.ToString(rc.OutputLocation)
	}
	if ev := qe.EngineVersion; ev != nil {
		st.EngineVersion = aws.ToString(ev.EffectiveEngineVersion)
	}
	if rr := qe.ResultReuseConfiguration; rr != nil && rr.ResultReuseByAgeConfiguration != nil && rr.ResultReuseByAgeConfiguration.Enabled {
		st.ResultReuseMaxAge = time.Duration(aws.ToInt32(rr.ResultReuseByAgeConfiguration.MaxAgeInMinutes)) * time.Minute
	}
	if s := qe.Status; s != nil {
		st.State = State(s.State)
		st.StateReason = aws.ToString(s.StateChangeReason)
		st.Submitted = aws.ToTime(s.SubmissionDateTime)
		st.Completed = aws.ToTime(s.CompletionDateTime)
		if ae := s.AthenaError; ae != nil {
			st.Error = &AthenaError{Category: aws.ToInt32(ae.ErrorCategory), Type: aws.ToInt32(ae.ErrorType),
				Retryable: ae.Retryable, Message: aws.ToString(ae.ErrorMessage)}
		}
	}
	if s := qe.Statistics; s != nil {
		st.ManifestLocation = aws.ToString(s.DataManifestLocation)
		st.Statistics = Statistics{
			DataScannedBytes:  aws.ToInt64(s.DataScannedInBytes),
			EngineExecution:   ms(s.EngineExecutionTimeInMillis),
			QueryQueue:        ms(s.QueryQueueTimeInMillis),
			QueryPlanning:     ms(s.QueryPlanningTimeInMillis),
			HasQueryPlanning:  s.QueryPlanningTimeInMillis != nil,
			ServicePreprocess: ms(s.ServicePreProcessingTimeInMillis),
			ServiceProcessing: ms(s.ServiceProcessingTimeInMillis),
			TotalExecution:    ms(s.TotalExecutionTimeInMillis),
			DPUCount:          aws.ToFloat64(s.DpuCount),
		}
		if ri := s.ResultReuseInformation; ri != nil {
			st.ReusedPreviousResult = ri.ReusedPreviousResult
		}
	}
	return st
}

// err returns the QueryError of a FAILED or CANCELLED status, or nil.
func (st Status) err() error {
	switch st.State {
	case StateFailed:
		e := &QueryError{QueryID: st.QueryID, State: st.State, Message: st.StateReason}
		if st.Error != nil {
			e.ErrorCategory, e.ErrorType, e.Retryable = st.Error.Category, st.Error.Type, st.Error.Retryable
			if e.Message == "" {
				e.Message = st.Error.Message
			}
		}
		return e
	case StateCancelled:
		return &QueryError{QueryID: st.QueryID, State: st.State, Message: st.StateReason}
	}
	return nil
}
