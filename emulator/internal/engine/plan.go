package engine

import (
	"context"
	"database/sql"
	"log/slog"

	"github.com/athenaq/athenaq/emulator/internal/trino"
)

// maxRetypeRounds bounds the plans one statement gets: a rewritten decimal
// division can make the expression around it a decimal division or change
// a typeof, which the next round sees.
const maxRetypeRounds = 6

// retype runs the typing pass on body (docs/ARCHITECTURE.md, "Trino types on
// DuckDB"): it binds the statement with json_serialize_plan, which runs
// nothing, and lets trino.Retype rewrite what needs the bound types, round
// after round while it asks for another. Any failure of the pass returns body
// as it came, logged at debug level, so that the pass never breaks a
// statement that runs without it.
func (e *Engine) retype(ctx context.Context, conn *sql.Conn, body string) string {
	if !trino.NeedsRetype(body) {
		return body
	}
	out := body
	for range maxRetypeRounds {
		var plan string
		// optimize := false keeps expressions where the text has them.
		err := conn.QueryRowContext(ctx,
			"SELECT CAST(json_serialize_plan("+sqlString(out)+", optimize := false) AS VARCHAR)").Scan(&plan)
		if err != nil {
			e.log.Debug("engine: typing pass skipped", "err", err)
			return body
		}
		next, again, err := trino.Retype(out, plan, trinoTypeName)
		if err != nil {
			e.log.Debug("engine: typing pass skipped", "err", err)
			return body
		}
		if !again {
			return next
		}
		out = next
	}
	// Rounds left: the text may still hold a typeof on hold.
	e.log.Debug("engine: typing pass did not settle", "rounds", maxRetypeRounds)
	return body
}

// trinoTypeName spells a DuckDB type name as typeof shows it in Trino, the
// spelling Describe gives result columns.
func trinoTypeName(duck string) (string, bool) {
	t, err := parseDuckType(duck)
	if err != nil {
		return "", false
	}
	return trinoType(t), true
}

// discardLogger is the logger of an engine whose Options.Logger is nil.
var discardLogger = slog.New(slog.DiscardHandler)
