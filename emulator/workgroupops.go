package emulator

import (
	"github.com/athenaq/athenaq/emulator/internal/protocol"
	"github.com/athenaq/athenaq/emulator/internal/spark"
)

var engineV3 = protocol.EngineVersion{SelectedEngineVersion: "AUTO", EffectiveEngineVersion: "Athena engine version 3"}

// sparkEngine is the engine of Spark work groups; whether Athena sends a
// Category for them is unverified, so none is sent.
var sparkEngine = protocol.EngineVersion{SelectedEngineVersion: spark.EngineVersion, EffectiveEngineVersion: spark.EngineVersion}

// getWorkGroup answers as FACTS §2.8 measured for primary.
func (s *Server) getWorkGroup(in *protocol.GetWorkGroupInput) (any, *protocol.Error) {
	wg, ok := s.groups.get(in.WorkGroup)
	if !ok {
		return nil, protocol.InvalidRequest("INVALID_INPUT", "WorkGroup is not found.")
	}
	ev := engineV3
	ev.Category = "Presto"
	if wg.Spark {
		ev = sparkEngine
	}
	cfg := &protocol.WorkGroupConfiguration{
		EnforceWorkGroupConfiguration: wg.Enforce,
		EngineVersion:                 &ev,
		QuerySchedulingType:           "DEFAULT",
	}
	if wg.OutputLocation != "" {
		cfg.ResultConfiguration.OutputLocation = protocol.Ptr(wg.OutputLocation)
	}
	if wg.ManagedResults {
		cfg.ManagedQueryResultsConfiguration = &protocol.ManagedQueryResultsConfiguration{Enabled: true}
	}
	return &protocol.GetWorkGroupOutput{WorkGroup: &protocol.WorkGroup{
		Name: wg.Name, State: "ENABLED", Description: wg.Description, CreationTime: epoch(wg.created), Configuration: cfg,
	}}, nil
}

// listWorkGroups answers with summaries, which have no configuration: a
// managed work group looks like any other here (the model's WorkGroupSummary
// has no ManagedQueryResultsConfiguration).
func (s *Server) listWorkGroups(in *protocol.ListWorkGroupsInput) (any, *protocol.Error) {
	all := make([]protocol.WorkGroupSummary, 0, len(s.groups.names))
	for _, name := range s.groups.names {
		wg, _ := s.groups.get(name)
		ev := engineV3
		if wg.Spark {
			ev = sparkEngine
		}
		all = append(all, protocol.WorkGroupSummary{Name: wg.Name, State: "ENABLED", Description: wg.Description,
			CreationTime: epoch(wg.created), EngineVersion: &ev})
	}
	page, next, perr := paginate(s.pages, all, in.NextToken, in.MaxResults, 50, "listWorkGroups")
	if perr != nil {
		return nil, perr
	}
	return &protocol.ListWorkGroupsOutput{WorkGroups: page, NextToken: next}, nil
}
