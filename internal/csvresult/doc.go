// Package csvresult decodes the CSV file Athena writes for a SELECT,
// <OutputLocation><QueryExecutionId>.csv, for the client's CSV result
// transport. It keeps NULL apart from the empty string, which
// encoding/csv cannot, and reads without allocating per record.
//
//	r := csvresult.NewReader(body) // body: the S3 object's stream
//	labels, err := r.Header()
//	if err != nil {
//		return err
//	}
//	decoders := ... // one athenatype.Decoder per column, from ColumnInfo
//	for {
//		rec, err := r.Next()
//		if err == io.EOF {
//			break
//		}
//		if err != nil {
//			return err // a *csvresult.SyntaxError names the byte offset and line
//		}
//		for i, field := range rec {
//			if field == nil {
//				row[i] = nil // NULL
//				continue
//			}
//			if row[i], err = decoders[i].DecodeBytes(field); err != nil {
//				return err
//			}
//		}
//	}
//
// # Format
//
// The file is UTF-8 text (FACTS §4.2). The first line holds the column
// labels; a result without rows is that line alone. Every non-NULL value,
// numbers and labels included, is enclosed in '"', with '"' doubled
// inside; NULL is an empty field without quotes, so ,, is NULL and ,"", is
// the empty string. Fields are separated by ',' and every line, the last
// included, ends with '\n'. Newlines, carriage returns, tabs and commas
// inside a value stay as they are, inside its quotes. The text of each
// value is what GetQueryResults returns as VarCharValue (FACTS §5), which
// athenatype's Decoder reads.
//
// # Strictness
//
// Athena writes exactly one spelling of each table, and the Reader accepts
// only that spelling, so that a damaged or truncated file is reported, not
// misread. These are *SyntaxError values naming the byte offset and line
// of the fault and what was expected there:
//
//   - text outside quotes (a"b, 1, a space before a quote), and so a '"'
//     inside an unquoted field;
//   - anything but ',' or '\n' after a closing quote, '\r' of CRLF line
//     ends included;
//   - the end of input inside quotes, or after a record without its final
//     '\n' (Athena always writes one, so its absence means a cut file);
//   - a record with more or fewer fields than the header, a NULL label,
//     and an empty input (every result file has a header).
//
// A file cut exactly after a '\n' cannot be told from a whole one; compare
// Offset with the object's size to be sure.
//
// # Memory
//
// The Reader reads through its own buffer, which starts at 4 KiB and grows
// to DefaultBufferSize bytes while the input fills it. Fields are slices of
// that buffer, valid until the next call of Next;
// fields with doubled quotes are unescaped into a second reused buffer. A
// record longer than the buffer grows it, without a limit: one huge value
// or an unterminated quote in a huge file takes that much memory.
package csvresult
