package athenaq

import (
	"context"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq/internal/clientcore"
)

// The spark package reaches a Client's limiter, retries, SDK clients and
// owned goroutines through internal/clientcore, so that none of them is
// exported (docs/ARCHITECTURE.md, "The bridge to sibling packages").
func init() {
	clientcore.Of = func(client any) clientcore.Core {
		c, ok := client.(*Client)
		if !ok || c == nil {
			return nil
		}
		return clientCore{c}
	}
}

// clientCore is a Client seen as a clientcore.Core.
type clientCore struct{ c *Client }

func (k clientCore) Call(ctx context.Context, op string, fn func(ctx context.Context) error) error {
	return k.c.call(ctx, op, fn)
}

func (k clientCore) Athena() *athena.Client   { return k.c.api }
func (k clientCore) S3() *s3.Client           { return k.c.s3 }
func (k clientCore) Logger() *slog.Logger     { return k.c.log }
func (k clientCore) Transient(err error) bool { return transientStatusError(err) }

func (k clientCore) Room(op string) bool {
	lim := k.c.limits[op]
	return lim == nil || lim.Tokens() >= 1
}

func (k clientCore) Go(fn func(ctx context.Context)) bool { return k.c.goStop(fn) }

func (k clientCore) Extension(key any, create func() clientcore.Extension) (clientcore.Extension, error) {
	c := k.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, ErrClosed
	}
	if e, ok := c.exts[key]; ok {
		return e, nil
	}
	if c.exts == nil {
		c.exts = map[any]clientcore.Extension{}
	}
	e := create()
	c.exts[key] = e
	return e, nil
}
