package emulator

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/protocol"
	"github.com/athenaq/athenaq/emulator/internal/spark"
)

// The answers to work group requests that name no work group, measured for
// GetWorkGroup and StartQueryExecution (FACTS §2.8) and assumed for the
// other operations.
const workGroupNotFound = "WorkGroup is not found."

// getWorkGroup answers as FACTS §2.8 measured for primary.
func (s *Server) getWorkGroup(in *protocol.GetWorkGroupInput) (any, *protocol.Error) {
	wg, ok := s.groups.get(in.WorkGroup)
	if !ok {
		return nil, protocol.InvalidRequest("INVALID_INPUT", workGroupNotFound)
	}
	cfg := &protocol.WorkGroupConfiguration{
		AdditionalConfiguration:              wg.Additional,
		EnableMinimumEncryptionConfiguration: wg.MinEncryption,
		EnforceWorkGroupConfiguration:        wg.Enforce,
		EngineVersion:                        wg.engineVersion(true),
		ExecutionRole:                        wg.ExecutionRole,
		PublishCloudWatchMetricsEnabled:      wg.PublishMetrics,
		QuerySchedulingType:                  "DEFAULT",
		RequesterPaysEnabled:                 wg.RequesterPays,
		ResultConfiguration: protocol.ResultConfiguration{
			EncryptionConfiguration: wg.Encryption,
		},
	}
	if wg.BytesScannedCutoffPerQuery > 0 {
		cfg.BytesScannedCutoffPerQuery = protocol.Ptr(wg.BytesScannedCutoffPerQuery)
	}
	if wg.OutputLocation != "" {
		cfg.ResultConfiguration.OutputLocation = protocol.Ptr(wg.OutputLocation)
	}
	if wg.ExpectedOwner != "" {
		cfg.ResultConfiguration.ExpectedBucketOwner = protocol.Ptr(wg.ExpectedOwner)
	}
	if wg.ACL != "" {
		cfg.ResultConfiguration.AclConfiguration = &protocol.AclConfiguration{S3AclOption: wg.ACL}
	}
	if wg.ManagedResults {
		cfg.ManagedQueryResultsConfiguration = &protocol.ManagedQueryResultsConfiguration{Enabled: true}
	}
	return &protocol.GetWorkGroupOutput{WorkGroup: &protocol.WorkGroup{
		Name: wg.Name, State: wg.state(), Description: wg.Description, CreationTime: epoch(wg.Created), Configuration: cfg,
	}}, nil
}

// listWorkGroups answers with summaries, which have no configuration: a
// managed work group looks like any other here (the model's WorkGroupSummary
// has no ManagedQueryResultsConfiguration).
func (s *Server) listWorkGroups(in *protocol.ListWorkGroupsInput) (any, *protocol.Error) {
	groups := s.groups.list()
	all := make([]protocol.WorkGroupSummary, 0, len(groups))
	for _, wg := range groups {
		all = append(all, protocol.WorkGroupSummary{Name: wg.Name, State: wg.state(), Description: wg.Description,
			CreationTime: epoch(wg.Created), EngineVersion: wg.engineVersion(false)})
	}
	page, next, perr := paginate(s.pages, all, in.NextToken, in.MaxResults, 50, "listWorkGroups")
	if perr != nil {
		return nil, perr
	}
	return &protocol.ListWorkGroupsOutput{WorkGroups: page, NextToken: next}, nil
}

// createWorkGroup adds a work group. Athena refuses the name primary with
// "primary workGroup could not be created" (reported by Terraform users);
// the texts of the other refusals are unverified.
func (s *Server) createWorkGroup(in *protocol.CreateWorkGroupInput) (any, *protocol.Error) {
	if in.Name == "primary" {
		return nil, protocol.InvalidRequest("INVALID_INPUT", "primary workGroup could not be created")
	}
	wg := workGroup{WorkGroup: WorkGroup{Name: in.Name}, Created: time.Now(), Tags: slices.Clone(in.Tags)}
	if in.Description != nil {
		wg.Description = *in.Description
	}
	if c := in.Configuration; c != nil {
		if rc := c.ResultConfiguration; rc != nil {
			if rc.OutputLocation != nil {
				wg.OutputLocation = *rc.OutputLocation
			}
			wg.Encryption = rc.EncryptionConfiguration
			if rc.ExpectedBucketOwner != nil {
				wg.ExpectedOwner = *rc.ExpectedBucketOwner
			}
			if rc.AclConfiguration != nil {
				wg.ACL = rc.AclConfiguration.S3AclOption
			}
		}
		if m := c.ManagedQueryResultsConfiguration; m != nil {
			wg.ManagedResults = m.Enabled
		}
		wg.Enforce = deref(c.EnforceWorkGroupConfiguration)
		wg.PublishMetrics = deref(c.PublishCloudWatchMetricsEnabled)
		wg.RequesterPays = deref(c.RequesterPaysEnabled)
		wg.MinEncryption = deref(c.EnableMinimumEncryption)
		wg.BytesScannedCutoffPerQuery = deref(c.BytesScannedCutoffPerQuery)
		wg.Additional = deref(c.AdditionalConfiguration)
		wg.ExecutionRole = deref(c.ExecutionRole)
		if ev := c.EngineVersion; ev != nil {
			wg.Engine = ev.SelectedEngineVersion
		}
	}
	if perr := checkWorkGroup(&wg); perr != nil {
		return nil, perr
	}
	if err := s.groups.create(wg); err != nil {
		if errors.Is(err, errWorkGroupExists) {
			return nil, protocol.InvalidRequest("INVALID_INPUT", "WorkGroup is already created")
		}
		return nil, protocol.Internal("emulator: create work group: " + err.Error())
	}
	return &protocol.CreateWorkGroupOutput{}, nil
}

// updateWorkGroup applies ConfigurationUpdates, Description and State.
func (s *Server) updateWorkGroup(in *protocol.UpdateWorkGroupInput) (any, *protocol.Error) {
	var perr *protocol.Error
	err := s.groups.update(in.WorkGroup, func(wg *workGroup) error {
		wasSpark := wg.Spark
		if in.Description != nil {
			wg.Description = *in.Description
		}
		switch in.State {
		case "ENABLED":
			wg.Disabled = false
		case "DISABLED":
			wg.Disabled = true
		}
		if u := in.ConfigurationUpdates; u != nil {
			applyConfigurationUpdates(wg, u)
		}
		if perr = checkWorkGroup(wg); perr != nil {
			return errors.New(perr.Message)
		}
		if wg.Spark != wasSpark {
			// Athena has no way to turn a SQL work group into a Spark one
			// or back (unverified text).
			perr = protocol.InvalidRequest("INVALID_INPUT", fmt.Sprintf("The engine of work group %s cannot change between Athena SQL and Apache Spark", wg.Name))
			return errors.New(perr.Message)
		}
		return nil
	})
	switch {
	case perr != nil:
		return nil, perr
	case errors.Is(err, errWorkGroupMissing):
		return nil, protocol.InvalidRequest("INVALID_INPUT", workGroupNotFound)
	case err != nil:
		return nil, protocol.Internal("emulator: update work group: " + err.Error())
	}
	return &protocol.UpdateWorkGroupOutput{}, nil
}

func applyConfigurationUpdates(wg *workGroup, u *protocol.WorkGroupConfigurationUpdates) {
	if rc := u.ResultConfigurationUpdates; rc != nil {
		if deref(rc.RemoveOutputLocation) {
			wg.OutputLocation = ""
		} else if rc.OutputLocation != nil {
			wg.OutputLocation = *rc.OutputLocation
		}
		if deref(rc.RemoveEncryptionConfiguration) {
			wg.Encryption = nil
		} else if rc.EncryptionConfiguration != nil {
			wg.Encryption = rc.EncryptionConfiguration
		}
		if deref(rc.RemoveExpectedBucketOwner) {
			wg.ExpectedOwner = ""
		} else if rc.ExpectedBucketOwner != nil {
			wg.ExpectedOwner = *rc.ExpectedBucketOwner
		}
		if deref(rc.RemoveAclConfiguration) {
			wg.ACL = ""
		} else if rc.AclConfiguration != nil {
			wg.ACL = rc.AclConfiguration.S3AclOption
		}
	}
	if m := u.ManagedQueryResultsConfigurationUpdates; m != nil && m.Enabled != nil {
		wg.ManagedResults = *m.Enabled
	}
	if u.EnforceWorkGroupConfiguration != nil {
		wg.Enforce = *u.EnforceWorkGroupConfiguration
	}
	if u.PublishCloudWatchMetricsEnabled != nil {
		wg.PublishMetrics = *u.PublishCloudWatchMetricsEnabled
	}
	if u.RequesterPaysEnabled != nil {
		wg.RequesterPays = *u.RequesterPaysEnabled
	}
	if u.EnableMinimumEncryption != nil {
		wg.MinEncryption = *u.EnableMinimumEncryption
	}
	if deref(u.RemoveBytesScannedCutoffPerQuery) {
		wg.BytesScannedCutoffPerQuery = 0
	} else if u.BytesScannedCutoffPerQuery != nil {
		wg.BytesScannedCutoffPerQuery = *u.BytesScannedCutoffPerQuery
	}
	if u.AdditionalConfiguration != nil {
		wg.Additional = *u.AdditionalConfiguration
	}
	if u.ExecutionRole != nil {
		wg.ExecutionRole = *u.ExecutionRole
	}
	if ev := u.EngineVersion; ev != nil && ev.SelectedEngineVersion != "" {
		wg.Engine = ev.SelectedEngineVersion
	}
}

// deleteWorkGroup removes a work group. Its prepared statements go with it
// when RecursiveDeleteOption is set; without it, a work group that has some
// is refused, as Athena refuses one with named queries (the text is
// unverified). Its queries stay readable by id.
func (s *Server) deleteWorkGroup(in *protocol.DeleteWorkGroupInput) (any, *protocol.Error) {
	if in.WorkGroup == "primary" {
		// Athena's text for this refusal is unverified.
		return nil, protocol.InvalidRequest("INVALID_INPUT", "primary workGroup could not be deleted")
	}
	if _, ok := s.groups.get(in.WorkGroup); !ok {
		return nil, protocol.InvalidRequest("INVALID_INPUT", workGroupNotFound)
	}
	if !deref(in.RecursiveDeleteOption) && len(s.prepared.names(in.WorkGroup)) > 0 {
		return nil, protocol.InvalidRequest("INVALID_INPUT",
			fmt.Sprintf("WorkGroup %s is not empty: it has prepared statements. Set RecursiveDeleteOption to delete them with it.", in.WorkGroup))
	}
	if err := s.groups.remove(in.WorkGroup); err != nil {
		if errors.Is(err, errWorkGroupMissing) {
			return nil, protocol.InvalidRequest("INVALID_INPUT", workGroupNotFound)
		}
		return nil, protocol.Internal("emulator: delete work group: " + err.Error())
	}
	s.prepared.dropGroup(in.WorkGroup)
	return &protocol.DeleteWorkGroupOutput{}, nil
}

// checkWorkGroup checks a work group built from a request.
func checkWorkGroup(wg *workGroup) *protocol.Error {
	if wg.OutputLocation != "" && wg.ManagedResults {
		return protocol.InvalidRequest("INVALID_INPUT",
			"ResultConfiguration.OutputLocation cannot be set when ManagedQueryResultsConfiguration is enabled")
	}
	if wg.OutputLocation != "" {
		if _, err := objstore.ParseURI(wg.OutputLocation); err != nil {
			return protocol.InvalidRequest("INVALID_INPUT", "outputLocation is not a valid S3 path.")
		}
	}
	if wg.Engine != "" && !slices.Contains(EngineVersions(), wg.Engine) {
		// The text is unverified.
		return protocol.InvalidRequest("INVALID_INPUT", fmt.Sprintf("The engine version %q is not valid: want one of %q", wg.Engine, EngineVersions()))
	}
	if err := wg.normalize(); err != nil {
		return protocol.InvalidRequest("INVALID_INPUT", err.Error())
	}
	return nil
}

// state is the work group's State.
func (wg *workGroup) state() string {
	if wg.Disabled {
		return "DISABLED"
	}
	return "ENABLED"
}

// engineVersion is the work group's EngineVersion; full adds the Category
// that GetWorkGroup sends for SQL work groups (whether Athena sends one for
// Spark work groups is unverified, so none is sent).
func (wg *workGroup) engineVersion(full bool) *protocol.EngineVersion {
	ev := &protocol.EngineVersion{SelectedEngineVersion: wg.Engine, EffectiveEngineVersion: effectiveEngine(wg.Engine)}
	// Whether Athena sends a Category for DuckDB work groups, and which, is
	// a GAP: none is sent.
	if full && wg.Engine != spark.EngineVersion && wg.Engine != engineDuckDB {
		ev.Category = "Presto"
	}
	return ev
}

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// listEngineVersions answers ListEngineVersions: the SQL engines a work
// group may select. Athena lists AUTO (which picks engine version 3; it
// never picks DuckDB) beside the engines themselves; whether the DuckDB
// entry carries an EffectiveEngineVersion is unverified, and it does here.
// Spark's engine is not listed: ListEngineVersions is about SQL engines.
func (s *Server) listEngineVersions(in *protocol.ListEngineVersionsInput) (any, *protocol.Error) {
	var all []protocol.EngineVersion
	for _, e := range []string{engineAuto, engineSQLv3, engineDuckDB} {
		all = append(all, protocol.EngineVersion{SelectedEngineVersion: e, EffectiveEngineVersion: effectiveEngine(e)})
	}
	page, next, perr := paginate(s.pages, all, in.NextToken, in.MaxResults, 10, "listEngineVersions")
	if perr != nil {
		return nil, perr
	}
	return &protocol.ListEngineVersionsOutput{EngineVersions: page, NextToken: next}, nil
}
