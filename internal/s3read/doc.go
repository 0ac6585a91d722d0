// Package s3read reads one S3 object with ordered, parallel ranged GETs and
// hands it out as an io.ReadCloser. The client reads large query results
// through it: the CSV file at <OutputLocation><id>.csv and the files of an
// UNLOAD.
//
//	bucket, key, err := s3read.ParseURI("s3://bucket/results/" + id + ".csv")
//	if err != nil {
//		return err
//	}
//	r, err := s3read.Open(ctx, s3Client, bucket, key, s3read.Options{})
//	if err != nil {
//		return err // a missing object fails here
//	}
//	defer r.Close()
//	_, err = io.Copy(dst, r) // the object's bytes, in order
//
// # Parts and the window
//
// Open asks HeadObject for the object's size and ETag, then splits the
// object into parts of Options.PartSize bytes; an object of at most one part
// takes a single GET, and an empty object none. Up to Options.Concurrency
// parts download at once, each with one GET carrying Range: bytes=a-b. Read
// hands the parts out in order. At most Options.Window parts are held at any
// time, downloading or downloaded and waiting to be read, so a Reader holds
// at most Window*PartSize bytes whatever the object's size; a part's buffer
// is recycled as soon as Read has handed it out.
//
// # Failures
//
// Every GET carries If-Match with the ETag that Open saw: if the object is
// replaced during the read, S3 answers 412 and Read fails with ErrChanged
// rather than mixing two versions. A GET whose body breaks part-way (a cut
// connection, a short body) or that gets a 5xx or a throttle is retried
// after a backoff with full jitter, asking only for the bytes the part still
// lacks, so no byte is ever delivered twice. After Options.MaxRetries retries
// of one part, or at once for a refusal (403, 404, 412...), the Reader fails:
// the other downloads are cancelled and Read returns a *PartError naming the
// object, the part's byte range and the cause.
//
// # Contexts and Close
//
// The context given to Open bounds the whole read: when it ends, the
// downloads stop and Read returns the context's error. Close cancels the
// downloads and waits for every goroutine of the Reader to end; it must be
// called, also after io.EOF.
package s3read
