package stdlib

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync"

	"github.com/athenaq/athenaq"
)

// Connector is a driver.Connector whose connections share one
// athenaq.Client: one poller for every query of the pool, and one set of
// API rate limits. The Client is opened at the first Connect, so a Config
// error is returned by the first query or Ping. sql.DB.Close closes the
// Connector (it implements io.Closer), which closes the Client.
//
// A Connector is safe for concurrent use.
type Connector struct {
	cfg    athenaq.Config
	noopTx bool

	mu     sync.Mutex // guards client, closed
	client *athenaq.Client
	closed bool
}

// Option configures a Connector beyond its athenaq.Config.
type Option func(*Connector)

// WithNoopTransactions makes BeginTx succeed with a transaction whose
// Commit and Rollback do nothing, for tools that always begin one. Every
// statement still takes effect on its own, as Athena runs it: Rollback
// undoes nothing. The DSN key tx=noop does the same.
func WithNoopTransactions() Option {
	return func(c *Connector) { c.noopTx = true }
}

// NewConnector returns a Connector for cfg. Every field of cfg is used as
// athenaq.Open uses it, including those a DSN cannot hold (AWS, Logger,
// Tracer, MFATokenProvider).
func NewConnector(cfg athenaq.Config, opts ...Option) *Connector {
	c := &Connector{cfg: cfg}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// OpenDB returns a *sql.DB over NewConnector(cfg, opts...). Close the DB to
// release its Client.
func OpenDB(cfg athenaq.Config, opts ...Option) *sql.DB {
	return sql.OpenDB(NewConnector(cfg, opts...))
}

// Connect returns a connection that shares the Connector's Client, opening
// the Client first if it is the first connection. Connections are cheap:
// they hold no network resource of their own.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	client, err := c.open(ctx)
	if err != nil {
		return nil, err
	}
	return &conn{connector: c, client: client}, nil
}

// Driver returns the driver registered as "athena".
func (c *Connector) Driver() driver.Driver { return &Driver{} }

// Close closes the Client; connections made before fail from then on.
// Queries still running in Athena are left running (see
// athenaq.Client.Close). Close is safe to call more than once.
func (c *Connector) Close() error {
	c.mu.Lock()
	client := c.client
	c.closed = true
	c.client = nil
	c.mu.Unlock()
	if client != nil {
		return client.Close()
	}
	return nil
}

func (c *Connector) open(ctx context.Context) (*athenaq.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, fmt.Errorf("athenaq/stdlib: connect: %w", athenaq.ErrClosed)
	}
	if c.client != nil {
		return c.client, nil
	}
	client, err := athenaq.Open(ctx, c.cfg)
	if err != nil {
		return nil, err
	}
	c.client = client
	return client, nil
}

func (c *Connector) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}
