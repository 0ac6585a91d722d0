// Package results writes and reads the objects that Athena leaves in S3 for
// a query: the CSV body of a SELECT, the .txt body of a UTILITY statement and
// the protobuf .metadata companion (FACTS §4), byte for byte
// as real Athena writes them.
//
// A SELECT result is written row by row and read back a page at a time:
//
//	w := results.NewCSVWriter(obj)
//	w.WriteHeader([]string{"i", "s"})
//	w.WriteRow([]*string{&one, nil}) // "1",\n
//	err := w.Flush()
//
//	r := results.NewCSVReader(body)
//	for {
//		rec, err := r.Read() // nil entries are NULL
//		if err == io.EOF {
//			break
//		}
//		...
//	}
//	token := start + r.Offset() // resume here on the next page
//
// # CSV
//
// Athena quotes every non-NULL field, the header included, doubles embedded
// quotes, writes NULL as an empty unquoted field and ends every line, the last
// one included, with LF (FACTS §4.2). [CSVWriter] and [AppendHeader] produce
// exactly that; [CSVReader] reads it back without losing the difference
// between NULL and the empty string, which encoding/csv cannot do. DuckDB's
// COPY ... (FORMAT csv, HEADER false, FORCE_QUOTE *) with NULL written as the
// empty string produces the same format, so the reader accepts it as well.
//
// # Text results
//
// UTILITY statements (SHOW, DESCRIBE, EXPLAIN) store their rows as plain text
// (FACTS §4.3): [WriteText] joins fields with TAB and rows with LF, and
// [TextRows] splits a body back into the single-datum rows that
// GetQueryResults returns. [PadHive] lays out a Hive DESCRIBE or SHOW
// COLUMNS row (FACTS §4.4).
//
// # Metadata companions
//
// [Metadata] is the .metadata object written beside a body (FACTS §4.5): the
// query id, the update type and count, and the result columns, encoded as
// protobuf without a protobuf dependency. [EngineQueryID] makes the
// Trino-style engine query ids that the companion carries for
// engine-planned statements.
package results
