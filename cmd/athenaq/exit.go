package main

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/aws/smithy-go"
	"github.com/spf13/cobra"

	"github.com/athenaq/athenaq"
)

// The exit statuses; rootLong documents them.
const (
	exitOK          = 0
	exitQuery       = 1
	exitUsage       = 2
	exitAWS         = 3
	exitOther       = 4
	exitInterrupted = 130
)

// errInterrupted is the cause of the command's context when the user
// pressed Ctrl-C.
var errInterrupted = errors.New("interrupted")

// errTimeout ends a query that outlived --timeout; it counts as a query
// that did not succeed.
var errTimeout = errors.New("the query ran longer than --timeout and was stopped")

// usageError is a bad command line or setting: it names what was wrong and
// the fix.
type usageError struct {
	msg string
	cmd string // the command path, for the --help hint
}

func (e *usageError) Error() string {
	if e.cmd == "" {
		return e.msg
	}
	return fmt.Sprintf("%s\nRun '%s --help' for usage and examples.", e.msg, e.cmd)
}

func usageErrorf(cmd *cobra.Command, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), cmd: cmd.CommandPath()}
}

// exitCode classifies err into one of the exit statuses.
func exitCode(err error) int {
	var (
		ue  *usageError
		ce  *athenaq.ConfigError
		qe  *athenaq.QueryError
		api smithy.APIError
		ne  net.Error
		oe  *net.OpError
		op  *smithy.OperationError
	)
	switch {
	case errors.Is(err, errInterrupted):
		return exitInterrupted
	case errors.As(err, &ue), errors.As(err, &ce):
		return exitUsage
	case errors.As(err, &qe), errors.Is(err, errTimeout):
		return exitQuery
	case errors.As(err, &api):
		if api.ErrorCode() == "InvalidRequestException" || api.ErrorCode() == "MetadataException" {
			return exitQuery
		}
		return exitAWS
	case errors.As(err, &op), errors.As(err, &oe), errors.As(err, &ne):
		// An SDK call that failed without an answer from Athena: the
		// network, or credentials that could not be had.
		return exitAWS
	}
	return exitOther
}

// errorText is what the user is told of err: Athena's own words for the
// errors it answered, rather than the SDK's chain of wrappers.
func errorText(err error) string {
	var (
		ire *types.InvalidRequestException
		api smithy.APIError
		op  *smithy.OperationError
	)
	switch {
	case errors.As(err, &ire):
		return fmt.Sprintf("Athena refused the statement: %s: %s", aws.ToString(ire.AthenaErrorCode), aws.ToString(ire.Message))
	case errors.As(err, &api) && errors.As(err, &op):
		return fmt.Sprintf("%s: %s: %s", op.Operation(), api.ErrorCode(), api.ErrorMessage())
	case strings.Contains(err.Error(), "get credentials:"):
		// The SDK has no type for this; its text is stable across versions.
		return "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, give --profile, or log in with aws sso login (" +
			strings.TrimPrefix(err.Error(), "athenaq: ") + ")"
	}
	return strings.TrimPrefix(err.Error(), "athenaq: ")
}
