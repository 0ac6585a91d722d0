// Package trino rewrites Athena's SQL dialect (Trino) into DuckDB SQL for
// the emulator's engine.
//
//	duck, err := trino.Rewrite("SELECT regexp_replace(s, 'a(b)', 'x$1') FROM t")
//	// duck: SELECT regexp_replace(s, 'a(b)', 'x\1', 'g') FROM t
//
// # Rewriting
//
// Rewrite works on tokens (sqltext.Tokenize), not on a full parse tree: it
// follows parentheses, brackets and function calls, and rewrites the
// constructs whose Trino meaning differs from DuckDB's: function names and
// arguments, lambdas, type syntax inside CAST and TRY_CAST, EXTRACT fields,
// LISTAGG ... WITHIN GROUP, TABLESAMPLE, UNNEST of rows and of several
// arrays, AT TIME ZONE, and division inside TRY. Identifiers and string
// literals pass through unchanged; a statement that needs nothing comes back
// byte for byte. Constructs that the emulator cannot run return an
// *UnsupportedError, which the emulator reports as NOT_SUPPORTED.
//
// # Macros
//
// Many Trino functions become DuckDB macros whose names start with trino_.
// Setup returns the statements that define them; run them on every new
// connection, as the engine does with its other session settings. The
// macros are temporary, so they live with the connection and shadow nothing:
// the rewriter calls them by their own names.
package trino
