package emulator

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// serveS3 hands a request to the S3 side (the embedded gofakes3 or the
// proxy to Options.S3Endpoint). It adds what gofakes3 lacks, If-Match on
// GET and HEAD of an object and encoding-type=url on ListObjects, and the
// injected S3 faults (Faults.S3CutRate).
func (s *Server) serveS3(w http.ResponseWriter, r *http.Request) {
	if s.s3backend != nil && s.serveEmbeddedS3(w, r) {
		return
	}
	object := r.Method == http.MethodGet || r.Method == http.MethodHead
	object = object && namesObject(r.URL.Path)
	if object && r.Method == http.MethodGet && s.opts.Faults.S3CutRate > 0 && plainGet(r) {
		w = &cutWriter{ResponseWriter: w, limits: s.limits, counters: s.counters}
	}
	// An external endpoint answers If-Match itself, and sends S3's headers.
	if object && s.opts.S3Endpoint == "" {
		hw := newObjectHeaderWriter(w, r)
		defer hw.fix()
		w = hw
	}
	if ifMatch := r.Header.Get("If-Match"); object && ifMatch != "" && s.opts.S3Endpoint == "" {
		mw := &matchWriter{ResponseWriter: w, ifMatch: ifMatch, head: r.Method == http.MethodHead}
		s.s3.ServeHTTP(mw, r)
		mw.finish()
		return
	}
	s.s3.ServeHTTP(w, r)
}

// serveEmbeddedS3 answers the requests that the embedded S3 answers
// itself rather than through gofakes3, and reports whether it did: it
// refuses unsigned requests, and answers what gofakes3 lacks or answers
// unlike S3 (see s3copy.go, s3versions.go, s3list.go, s3subresources.go).
func (s *Server) serveEmbeddedS3(w http.ResponseWriter, r *http.Request) bool {
	if !signed(r) {
		refuseAnonymous(w, r)
		return true
	}
	if bucket, ok := encodedListing(r); ok {
		s.listEncodedTo(w, r, bucket)
		return true
	}
	if bucket, ok := versionsListing(r); ok {
		s.listVersions(w, r, bucket)
		return true
	}
	if version, ok := otherVersion(r); ok && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		_, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		writeNoVersion(w, r, key, version)
		return true
	}
	if isCopyObject(r) {
		s.copyObject(w, r)
		return true
	}
	if sub := objectSubresource(r); sub != "" {
		s.serveObjectSubresource(w, r, sub)
		return true
	}
	return false
}

// namesObject reports whether a path-style S3 path names an object
// (/bucket/key) rather than the service or a bucket.
func namesObject(path string) bool {
	_, key, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return key != ""
}

// plainGet reports whether an object GET reads the object's bytes
// (GetObject), not one of its subresources (?acl, ?tagging, ?uploadId...).
func plainGet(r *http.Request) bool {
	for k := range r.URL.Query() {
		switch {
		case k == "versionId", k == "partNumber", k == "x-id",
			strings.HasPrefix(k, "response-"), strings.HasPrefix(strings.ToLower(k), "x-amz-"):
		default:
			return false
		}
	}
	return true
}

// matchWriter applies If-Match to an object GET or HEAD answered by
// gofakes3, which ignores it: when the object's ETag (the answer's ETag
// header) matches none of the listed ones, the answer becomes S3's 412
// PreconditionFailed. Deciding on the answer's own ETag, rather than looking
// the object up first, keeps the check and the bytes served consistent when
// the object is replaced meanwhile.
type matchWriter struct {
	http.ResponseWriter
	ifMatch string
	head    bool
	state   matchState
}

type matchState int

const (
	matchUndecided matchState = iota
	matchPassed
	matchFailed // the 412 is written; gofakes3's answer is dropped
)

// WriteHeader decides on the first status; it drops later ones, such as
// gofakes3's 500 after a client went away in the middle of a body.
func (w *matchWriter) WriteHeader(code int) {
	if w.state != matchUndecided {
		return
	}
	if (code == http.StatusOK || code == http.StatusPartialContent) && !etagMatches(w.ifMatch, w.Header().Get("ETag")) {
		w.preconditionFailed()
		return
	}
	w.state = matchPassed
	w.ResponseWriter.WriteHeader(code)
}

func (w *matchWriter) Write(p []byte) (int, error) {
	if w.state == matchUndecided {
		w.WriteHeader(http.StatusOK)
	}
	if w.state == matchFailed {
		return len(p), nil
	}
	return w.ResponseWriter.Write(p)
}

// finish decides an answer that wrote no body and no status (a HEAD, or the
// GET of an empty object), which net/http would send as a 200.
func (w *matchWriter) finish() {
	if w.state == matchUndecided {
		w.WriteHeader(http.StatusOK)
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (w *matchWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// preconditionFailedBody is S3's answer to a GET whose If-Match fails.
const preconditionFailedBody = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
	`<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-Match</Condition></Error>`

func (w *matchWriter) preconditionFailed() {
	w.state = matchFailed
	h := w.Header()
	for k := range h {
		if k != "X-Amz-Request-Id" && k != "X-Amz-Id-2" {
			delete(h, k)
		}
	}
	h.Set("Content-Type", "application/xml")
	if w.head {
		w.ResponseWriter.WriteHeader(http.StatusPreconditionFailed)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(preconditionFailedBody)))
	w.ResponseWriter.WriteHeader(http.StatusPreconditionFailed)
	_, _ = w.ResponseWriter.Write([]byte(preconditionFailedBody))
}

// etagMatches reports whether an If-Match header value ("*" or a
// comma-separated list of entity tags, quoted or not) matches etag.
func etagMatches(ifMatch, etag string) bool {
	etag = strings.Trim(etag, `"`)
	for _, c := range strings.Split(ifMatch, ",") {
		c = strings.TrimSpace(c)
		if c == "*" || strings.Trim(c, `"`) == etag {
			return true
		}
	}
	return false
}

// errS3Cut is what gofakes3 sees when it writes past an injected cut.
var errS3Cut = errors.New("emulator: injected S3 body cut")

// cutWriter injects Faults.S3CutRate into a GetObject answer: for a 200 or
// 206 with a body, it rolls the dice once and, if the roll says so, passes
// only a random prefix of the body (possibly none of it) and drops the rest.
// net/http then closes the connection, since the body is shorter than its
// Content-Length, and the client sees the body end early with an error, as
// when a connection breaks.
type cutWriter struct {
	http.ResponseWriter
	limits   *limits
	counters *counters
	decided  bool
	left     int64 // bytes to pass before the cut; -1 for no cut
	cut      bool
}

// WriteHeader decides on the first status whether to cut the body; it
// drops later statuses, such as gofakes3's 500 after the cut.
func (w *cutWriter) WriteHeader(code int) {
	if w.decided {
		return
	}
	w.decided, w.left = true, -1
	n, err := strconv.ParseInt(w.Header().Get("Content-Length"), 10, 64)
	if (code == http.StatusOK || code == http.StatusPartialContent) && err == nil && n > 0 {
		if at, ok := w.limits.cutPoint(n); ok {
			w.left = at
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *cutWriter) Write(p []byte) (int, error) {
	if w.cut {
		return 0, errS3Cut
	}
	if !w.decided {
		w.WriteHeader(http.StatusOK)
	}
	if w.left < 0 || int64(len(p)) <= w.left {
		n, err := w.ResponseWriter.Write(p)
		if w.left >= 0 {
			w.left -= int64(n)
		}
		return n, err
	}
	n, err := w.ResponseWriter.Write(p[:w.left])
	w.cut = true
	w.counters.cutS3()
	if err == nil {
		err = errS3Cut
	}
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *cutWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
