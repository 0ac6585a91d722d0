// Package unload reads the result of an Athena UNLOAD to Parquet: the data
// manifest, then the Parquet files it lists, in manifest order, as a stream
// of Arrow records.
//
// It is the reading side of athenaq's UNLOAD transport. The client wraps a
// SELECT in
//
//	UNLOAD (<select>) TO '<OutputLocation>unload/<query id>/'
//	WITH (format = 'PARQUET', compression = 'SNAPPY')
//
// waits for it, and opens the manifest that the query's statistics name
// (Status.ManifestLocation, FACTS §4.7):
//
//	r, err := unload.Open(ctx, s3Client, st.ManifestLocation, unload.Options{})
//	if err != nil {
//		return err
//	}
//	defer r.Close()
//	for r.Next() {
//		rec := r.RecordBatch() // valid until the next call of Next
//		for i := range int(rec.NumRows()) {
//			v, err := unload.Value(rec.Column(0), i) // the API transport's Go value
//			...
//		}
//	}
//	return r.Err()
//
// # Reading
//
// Open reads the manifest, starts downloading the files in the background
// (Options.Concurrency at once, in manifest order) and returns once the
// first file has arrived, so that Schema is known. Each file is fetched
// whole into memory, as Parquet's footer comes last; Athena's UNLOAD files
// are tens of MB at most. At most Concurrency+1 files are held: the one
// being read and those fetched ahead of it. Next decodes the current file's
// row groups in records of at most Options.BatchSize rows and moves on to
// the next file when it is consumed; files without rows are skipped, and
// every file must have the first file's schema. Errors name the file (or
// the manifest) and wrap their cause: a missing file wraps S3's NoSuchKey.
// Open's context governs the whole read: when it ends, Next returns false
// and Err reports the context's error; Close stops the downloads and waits
// for them.
//
// A manifest that lists no file gives a Reader without columns or records:
// UNLOAD of no rows may write no file, and then nothing tells the columns.
// (The emulator writes one file without rows, whose schema the Reader
// takes.)
//
// # Values
//
// Value converts one element of a record's column to the Go value that the
// API transport gives for the same Athena value (the table of the athenatype package).
// What UNLOAD gives differs from the API transport in these ways, the
// transport's documented limitations:
//
//   - Column names are lowercased (Hive's rule): "SELECT 1 AS MixedCase"
//     gives column mixedcase, where the API transport keeps MixedCase.
//   - Rows come file by file in manifest order. Athena writes the files in
//     parallel, so an ORDER BY holds within each file but not across them.
//   - Types that Hive tables cannot hold fail the UNLOAD query itself
//     (NOT_SUPPORTED): json, time, timestamp with time zone, both intervals,
//     uuid and rows without field names (ipaddress too, unverified: the
//     emulator has no such type). CAST them to varchar.
//   - Timestamps keep the precision the file has (Athena writes
//     milliseconds; the emulator's DuckDB microseconds).
//   - varbinary inside arrays, maps and rows is []byte, where the API
//     transport can only give Athena's Java object text ("[B@1f2e3d").
//   - Maps are sorted by key, as Athena prints them; Parquet keeps the
//     writer's order.
package unload
