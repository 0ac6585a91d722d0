// Package clientcore lets the packages beside athenaq (spark) use the
// machinery of an *athenaq.Client — its per-operation rate limits and
// throttle retries, its AWS clients, its owned goroutines and its Close —
// without making any of it part of athenaq's public surface.
//
// Package athenaq sets Of when it is initialised; a package that imports
// athenaq can then reach a Client's Core:
//
//	core := clientcore.Of(client) // nil for a nil client
//	err := core.Call(ctx, "GetSessionStatus", func(ctx context.Context) error { ... })
//
// The package holds no state of its own and no copy of the machinery: every
// method is the Client's.
package clientcore

import (
	"context"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Core is the part of an *athenaq.Client that sibling packages use.
type Core interface {
	// Call runs one Athena API call: it waits for the operation's token
	// bucket and retries throttling with backoff until ctx ends. op must be
	// one of the operations athenaq's Config.APILimits accepts.
	Call(ctx context.Context, op string, fn func(ctx context.Context) error) error
	// Athena and S3 are the client's SDK clients.
	Athena() *athena.Client
	S3() *s3.Client
	// Logger is the client's logger (never nil).
	Logger() *slog.Logger
	// Room reports whether a call of op could go out now without waiting
	// for its token bucket.
	Room(op string) bool
	// Transient reports whether a failed status call may succeed if
	// retried (throttles, 5xx answers, expired credentials, connection
	// errors), as opposed to a refusal.
	Transient(err error) bool
	// Go runs fn in a goroutine that the client owns, for work that must
	// reach Athena although its caller has gone (stopping a calculation,
	// terminating a half-made session). fn's context allows for the
	// operation's quota queue; Close gives such goroutines a grace period,
	// then cancels it and waits for them. Go reports false, and runs
	// nothing, once Close has begun.
	Go(fn func(ctx context.Context)) bool
	// Extension returns the value kept under key, made by create on first
	// use. Close closes every extension after the client's own background
	// work has stopped. Once Close has begun it returns athenaq.ErrClosed.
	Extension(key any, create func() Extension) (Extension, error)
}

// Extension is state that a sibling package keeps per Client, such as a
// poller of its own. Close stops its goroutines and waits for them.
type Extension interface {
	Close()
}

// Of returns the Core of client, an *athenaq.Client, or nil when client is
// not one (or is nil). Package athenaq sets it in its init.
var Of func(client any) Core
