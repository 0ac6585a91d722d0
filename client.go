package athenaq

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"golang.org/x/time/rate"

	"github.com/athenaq/athenaq/internal/clientcore"
	"github.com/athenaq/athenaq/internal/poll"
)

// Client runs Athena queries. It is safe for concurrent use by many
// goroutines; one Client can keep thousands of queries in flight, with their
// status checks batched by one poller. Close it when done.
type Client struct {
	cfg    Config
	api    *athena.Client
	log    *slog.Logger
	limits map[string]*rate.Limiter
	poller *poll.Poller
	slots  chan struct{} // MaxConcurrentQueries; nil when unbounded

	// tracer is Config.Tracer; the others are its optional interfaces,
	// nil when it lacks them (tracer.go).
	tracer     Tracer
	apiTracer  APICallTracer
	pollTracer PollTracer
	readTracer TransportTracer

	s3      *s3.Client   // reads result files (CSV and UNLOAD transports, manifests)
	cache   *resultCache // CacheTTL's index; nil without CacheTTL
	noBatch atomic.Bool  // BatchGetQueryExecution was refused: check statuses one by one
	engines engineCache  // the engine of each work group, for ResultUnload

	mu      sync.Mutex // guards queries, closed, exts, and the Add calls of stops
	queries map[string]*Query
	closed  bool
	exts    map[any]clientcore.Extension // state of sibling packages (spark); closed by Close

	bg     context.Context // parent of the client's own calls; cancelled by Close
	cancel context.CancelFunc
	// stops are the background StopQueryExecution calls (of Wait's ended
	// contexts and of cut-off Starts) and retries of failed queries. Close gives them closeGrace to reach
	// Athena before it cancels stopCtx.
	stops      sync.WaitGroup
	stopCtx    context.Context
	stopCancel context.CancelFunc
}

// closeGrace bounds how long Close waits for stops in flight.
const closeGrace = 10 * time.Second

// Open checks cfg, loads the AWS configuration and returns a Client. It
// makes no Athena call; use Ping-like calls such as WorkGroups to check
// access.
func Open(ctx context.Context, cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if cfg.ResultMode == ResultUnload && registeredUnloadReader() == nil {
		return nil, &ConfigError{Field: "ResultMode", Value: string(cfg.ResultMode),
			Want: `api or csv, or unload with its Parquet reader: import "github.com/athenaq/athenaq/records"`}
	}
	awsCfg, err := loadAWS(ctx, cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, log: cfg.Logger, limits: map[string]*rate.Limiter{}, queries: map[string]*Query{}}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	c.initTracing()
	c.api = athena.NewFromConfig(awsCfg, func(o *athena.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		if cfg.AWS == nil || cfg.AWS.Retryer == nil {
			o.Retryer = transientRetryer()()
		}
		o.HTTPClient = finishBodies{next: inMemoryBodies{next: o.HTTPClient}}
		if c.apiTracer != nil || cfg.Logger != nil {
			o.APIOptions = append(o.APIOptions, c.traceCalls)
		}
	})
	c.s3 = s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		ep := cfg.S3Endpoint
		if ep == "" {
			ep = cfg.Endpoint
		}
		if ep != "" {
			// A custom endpoint (the emulator, MinIO, ...) is addressed
			// path-style: its host names no buckets.
			o.BaseEndpoint, o.UsePathStyle = aws.String(ep), true
		}
	})
	for op, l := range DefaultAPILimits() {
		c.limits[op] = rate.NewLimiter(rate.Limit(l.PerSecond), l.Burst)
	}
	for op, l := range cfg.APILimits {
		c.limits[op] = rate.NewLimiter(rate.Limit(l.PerSecond), l.Burst)
	}
	if cfg.MaxConcurrentQueries > 0 {
		c.slots = make(chan struct{}, cfg.MaxConcurrentQueries)
	}
	if cfg.CacheTTL > 0 {
		c.cache = newResultCache(cfg.CacheTTL, cfg.CacheScan)
	}
	c.bg, c.cancel = context.WithCancel(context.Background())
	c.stopCtx, c.stopCancel = context.WithCancel(context.Background())
	c.poller = poll.New(poll.Options{Min: cfg.PollInterval, Max: cfg.MaxPollInterval, Batch: 50, Fetch: c.fetchStatuses,
		Room: c.statusRoom})
	return c, nil
}

// statusRoom reports whether a status check could go out now without
// waiting for the GetQueryExecution quota: the poller then checks a young
// query at once instead of after PollInterval.
func (c *Client) statusRoom() bool {
	lim := c.limits["GetQueryExecution"]
	return lim == nil || lim.Tokens() >= 1
}

// loadAWS builds the AWS configuration: cfg.AWS, or the default chain with
// Region and Profile; dummy static credentials for a custom endpoint when
// the chain has none; and STS AssumeRole on top when RoleARN is set.
func loadAWS(ctx context.Context, cfg Config) (aws.Config, error) {
	var awsCfg aws.Config
	if cfg.AWS != nil {
		awsCfg = cfg.AWS.Copy()
		if cfg.Region != "" {
			awsCfg.Region = cfg.Region
		}
	} else {
		var opts []func(*config.LoadOptions) error
		if cfg.Region != "" {
			opts = append(opts, config.WithRegion(cfg.Region))
		}
		if cfg.Profile != "" {
			opts = append(opts, config.WithSharedConfigProfile(cfg.Profile))
		}
		if cfg.Endpoint != "" {
			// A custom endpoint is local or private: never ask the EC2
			// instance metadata service for credentials on its behalf.
			opts = append(opts, config.WithEC2IMDSClientEnableState(imds.ClientDisabled))
		}
		var err error
		if awsCfg, err = config.LoadDefaultConfig(ctx, opts...); err != nil {
			return awsCfg, fmt.Errorf("athenaq: load AWS configuration: %w", err)
		}
	}
	if awsCfg.Region == "" {
		if cfg.Endpoint == "" {
			return awsCfg, &ConfigError{Field: "Region", Value: "", Want: "an AWS Region (or one in the AWS configuration)"}
		}
		awsCfg.Region = "us-east-1"
	}
	if cfg.Endpoint != "" && !hasCredentials(ctx, awsCfg) {
		// A local endpoint (the emulator) accepts any signature.
		awsCfg.Credentials = credentials.NewStaticCredentialsProvider("athenaq", "athenaq", "")
	}
	if cfg.RoleARN != "" {
		stsClient := sts.NewFromConfig(awsCfg)
		provider := stscreds.NewAssumeRoleProvider(stsClient, cfg.RoleARN, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = cfg.RoleSessionName
			if cfg.ExternalID != "" {
				o.ExternalID = aws.String(cfg.ExternalID)
			}
			if cfg.RoleDuration > 0 {
				o.Duration = cfg.RoleDuration
			}
			if cfg.MFASerial != "" {
				o.SerialNumber = aws.String(cfg.MFASerial)
				o.TokenProvider = cfg.MFATokenProvider
			}
		})
		// The cache refreshes the role's credentials before they expire.
		awsCfg.Credentials = aws.NewCredentialsCache(provider, func(o *aws.CredentialsCacheOptions) {
			o.ExpiryWindow = time.Minute
			o.ExpiryWindowJitterFrac = 0.5
		})
	}
	return awsCfg, nil
}

func hasCredentials(ctx context.Context, awsCfg aws.Config) bool {
	if awsCfg.Credentials == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	_, err := awsCfg.Credentials.Retrieve(ctx)
	return err == nil
}

// transientRetryer lets the SDK retry connection errors and 5xx answers a
// few times, but not throttling: the client retries throttles itself, within
// the caller's context and without the SDK's retry quota, which runs dry in
// a throttling storm.
func transientRetryer() func() aws.Retryer {
	return func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 4
			o.RateLimiter = ratelimit.None
			o.Retryables = []retry.IsErrorRetryable{
				retry.NoRetryCanceledError{},
				retry.RetryableError{},
				retry.RetryableConnectionError{},
				retry.RetryableHTTPStatusCode{Codes: retry.DefaultRetryableHTTPStatusCodes},
				retry.RetryableErrorCode{Codes: retry.DefaultRetryableErrorCodes},
			}
		})
	}
}

// Close stops the poller and waits for every goroutine the client started,
// including those of the spark package's sessions and calculations. Stops
// in flight (of Wait calls whose context ended, and of cut-off Starts) get
// up to 10 seconds to reach Athena first. Queries, sessions and
// calculations in flight keep running in Athena; their Wait calls return
// ErrClosed.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	pending := make([]*Query, 0, len(c.queries))
	for _, q := range c.queries {
		pending = append(pending, q)
	}
	c.mu.Unlock()
	stopped := make(chan struct{})
	go func() {
		c.stops.Wait()
		close(stopped)
	}()
	t := time.NewTimer(closeGrace)
	select {
	case <-stopped:
	case <-t.C:
		c.log.Warn("athenaq: Close gave up on stops still in flight", "after", closeGrace)
	}
	t.Stop()
	c.stopCancel()
	<-stopped
	c.cancel()
	c.poller.Close()
	for _, q := range pending {
		q.finish(Status{}, ErrClosed)
	}
	// c.closed keeps exts from changing now.
	for _, e := range c.exts {
		e.Close()
	}
	return nil
}

// goStop runs fn in a goroutine that the client owns, with a context that
// allows for StopQueryExecution's quota queue and that Close cancels after
// its grace: the stops, and the retries of Config.RetryFailedQueries. It
// reports false, and runs nothing, once Close has begun.
func (c *Client) goStop(fn func(ctx context.Context)) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	// Add under c.mu, which Close takes to set closed before it waits:
	// no Add can race the Wait.
	c.stops.Add(1)
	go func() {
		defer c.stops.Done()
		ctx, cancel := context.WithTimeout(c.stopCtx, stopQueueTimeout)
		defer cancel()
		fn(ctx)
	}()
	return true
}

// call runs one Athena API call: it waits for the operation's token bucket
// and retries throttling (ThrottlingException, and TooManyRequestsException
// for the concurrent-query limit) with full-jitter backoff until ctx ends.
func (c *Client) call(ctx context.Context, op string, fn func(ctx context.Context) error) error {
	lim := c.limits[op]
	var state *callState
	if c.apiTracer != nil {
		// The requests of the call's retries are numbered together
		// (traceAttempt).
		state = &callState{}
		ctx = context.WithValue(ctx, callStateKey{}, state)
	}
	backoff := 100 * time.Millisecond
	for {
		if lim != nil {
			var begun time.Time
			if state != nil {
				begun = time.Now()
			}
			err := lim.Wait(ctx)
			if state != nil {
				state.quotaWait.Store(int64(time.Since(begun)))
			}
			if err != nil {
				if ctx.Err() == nil {
					// The limiter knows ahead that the deadline comes first.
					return fmt.Errorf("%w: the client's %s quota has no room before the deadline", context.DeadlineExceeded, op)
				}
				return ctx.Err()
			}
		}
		err := fn(ctx)
		if err == nil {
			return nil
		}
		maxBackoff, throttled := throttleClass(err)
		if !throttled {
			return err
		}
		sleep := time.Duration(rand.Int64N(int64(backoff) + 1))
		c.log.Debug("athenaq: throttled, retrying", "op", op, "sleep", sleep, "err", err)
		t := time.NewTimer(sleep)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("athenaq: %s throttled until the context ended: %w (last answer: %w)", op, ctx.Err(), err)
		case <-t.C:
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

// throttleClass reports whether err is a throttle and the longest backoff
// for it: API rate throttles clear quickly, the concurrent-query limit
// clears only when queries finish.
func throttleClass(err error) (time.Duration, bool) {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return 0, false
	}
	switch api.ErrorCode() {
	case "ThrottlingException", "Throttling", "RequestLimitExceeded", "SlowDown":
		return 5 * time.Second, true
	case "TooManyRequestsException":
		return 20 * time.Second, true
	}
	return 0, false
}

// transientStatusError reports whether err may clear if the call is
// retried: throttles, 5xx answers, expired credentials (which the
// credential cache refreshes), connection errors and timeouts. Refusals
// such as AccessDeniedException, ValidationException and
// InvalidRequestException are permanent.
func transientStatusError(err error) bool {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return true // no answer from Athena: a connection error or a timeout
	}
	if _, throttled := throttleClass(err); throttled {
		return true
	}
	var hs interface{ HTTPStatusCode() int }
	if errors.As(err, &hs) && hs.HTTPStatusCode() >= 500 || api.ErrorFault() == smithy.FaultServer {
		return true
	}
	switch api.ErrorCode() {
	case "ExpiredToken", "ExpiredTokenException", "RequestExpired", "RequestTimeout", "RequestTimeoutException",
		"InternalFailure", "InternalServerException", "ServiceUnavailable", "ServiceUnavailableException":
		return true
	}
	return false
}

// startUnsettled reports whether an answer to StartQueryExecution leaves
// open that Athena started the query (clientcore.SendState): a 5xx or no
// answer does, while a throttle, like any other refusal, proves that it
// did not.
func startUnsettled(err error) bool {
	_, throttled := throttleClass(err)
	return !throttled && transientStatusError(err)
}

// errorCode returns the API error code of err, or "".
func errorCode(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return ""
}

// contextErr makes errors.Is(err, ctx.Err()) hold once ctx has ended: an
// err that already matches the context's error is kept, so that what
// happened before the end (a throttling storm, say) stays in the message;
// any other gives way to the context's error.
func contextErr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return cerr
	}
	return err
}

// track registers q under id for polling and for Close.
func (c *Client) track(id string, q *Query) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	c.queries[id] = q
	return nil
}

func (c *Client) untrack(id string) {
	c.mu.Lock()
	delete(c.queries, id)
	c.mu.Unlock()
}

func (c *Client) lookup(id string) *Query {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.queries[id]
}

// Config returns the client's configuration with defaults filled in.
func (c *Client) Config() Config { return c.cfg }
