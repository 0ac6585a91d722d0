package clientcore

import (
	"context"
	"errors"
	"net/http/httptrace"
	"sync/atomic"

	"github.com/aws/smithy-go"
)

// SendState tracks whether a request that creates something (a query, a
// session, a calculation) may have reached Athena: its headers were
// written and no answer said that Athena refused it. Only such a request
// can leave an orphan when its context ends before the answer comes.
type SendState struct {
	written atomic.Bool
}

// Watch returns ctx with an HTTP trace that records the request's writing.
func (s *SendState) Watch(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: func() { s.written.Store(true) }})
}

// Settle forgets a written request that Athena answered with a refusal (a
// throttle, a validation error): the refusal proves that it created
// nothing. transient tells the answers that prove nothing (5xx, for one).
func (s *SendState) Settle(err error, transient func(error) bool) {
	var api smithy.APIError
	if err != nil && errors.As(err, &api) && !transient(err) {
		s.written.Store(false)
	}
}

// MayHaveStarted reports whether the request may have created something.
func (s *SendState) MayHaveStarted() bool { return s.written.Load() }
