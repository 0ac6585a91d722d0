package athenaq

// The engines that Athena runs queries on, as work groups select them
// (EngineVersion.SelectedEngineVersion) and as Status.EngineVersion reports
// the one that ran a query.
const (
	// EngineV3 is Athena's Trino-based engine, the default. Its results
	// carry Trino type names and Trino's value text.
	EngineV3 = "Athena engine version 3"

	// EngineDuckDB is Athena's DuckDB engine. Its queries are DuckDB SQL,
	// and their results carry DuckDB type names ("HUGEINT",
	// "STRUCT(id INTEGER, note VARCHAR)") and DuckDB's value text, which
	// Rows decode with athenatype.NewDuckDBDecoder (see "DuckDB values" in
	// package athenatype for the Go types). UNLOAD is not DuckDB SQL, so
	// ResultUnload reads a DuckDB work group's results through the API.
	EngineDuckDB = "DuckDB"
)
