package emulator

import (
	"net/http"
	"strings"
)

// objectHeaderWriter corrects the headers of an object GET or HEAD answered
// by gofakes3, which stores every X-Amz-* header of the PutObject request
// and sends them all back:
//
//   - user metadata names are sent in lower case (x-amz-meta-attr1), as S3
//     does, so that clients which keep the header's spelling read "attr1";
//   - full-object checksums (x-amz-checksum-*) are sent only on a
//     whole-object read that asked for them with x-amz-checksum-mode:
//     ENABLED (S3's GetObject documentation); a ranged or part read must
//     not carry the whole object's checksum, which clients would check
//     against the part;
//   - the request's own headers (X-Amz-Date, X-Amz-Content-Sha256,
//     X-Amz-Decoded-Content-Length, ...) are dropped: S3 answers with only
//     the x-amz-* headers of the object's response.
type objectHeaderWriter struct {
	http.ResponseWriter
	checksums bool // whether the read may carry the stored checksums
	done      bool
}

// newObjectHeaderWriter wraps w for the object GET or HEAD r.
func newObjectHeaderWriter(w http.ResponseWriter, r *http.Request) *objectHeaderWriter {
	whole := r.Header.Get("Range") == "" && r.URL.Query().Get("partNumber") == ""
	enabled := strings.EqualFold(r.Header.Get("X-Amz-Checksum-Mode"), "ENABLED")
	return &objectHeaderWriter{ResponseWriter: w, checksums: whole && enabled}
}

// objectResponseHeaders are the x-amz-* headers (lower case) that S3 sends
// on an object GET or HEAD, besides user metadata and checksums.
var objectResponseHeaders = map[string]bool{
	"x-amz-delete-marker":                             true,
	"x-amz-expiration":                                true,
	"x-amz-id-2":                                      true,
	"x-amz-missing-meta":                              true,
	"x-amz-mp-parts-count":                            true,
	"x-amz-object-lock-legal-hold":                    true,
	"x-amz-object-lock-mode":                          true,
	"x-amz-object-lock-retain-until-date":             true,
	"x-amz-replication-status":                        true,
	"x-amz-request-charged":                           true,
	"x-amz-request-id":                                true,
	"x-amz-restore":                                   true,
	"x-amz-server-side-encryption":                    true,
	"x-amz-server-side-encryption-aws-kms-key-id":     true,
	"x-amz-server-side-encryption-bucket-key-enabled": true,
	"x-amz-server-side-encryption-customer-algorithm": true,
	"x-amz-server-side-encryption-customer-key-md5":   true,
	"x-amz-storage-class":                             true,
	"x-amz-tagging-count":                             true,
	"x-amz-version-id":                                true,
	"x-amz-website-redirect-location":                 true,
}

func (w *objectHeaderWriter) fix() {
	if w.done {
		return
	}
	w.done = true
	h := w.ResponseWriter.Header()
	for k, v := range h {
		lk := strings.ToLower(k)
		if !strings.HasPrefix(lk, "x-amz-") {
			continue
		}
		switch {
		case strings.HasPrefix(lk, "x-amz-meta-"):
			if k != lk {
				delete(h, k)
				// Set directly, not with Header.Set, which would
				// capitalise the name again.
				h[lk] = v
			}
		case strings.HasPrefix(lk, "x-amz-checksum-"):
			if !w.checksums || lk == "x-amz-checksum-mode" {
				delete(h, k)
			}
		case !objectResponseHeaders[lk]:
			delete(h, k)
		}
	}
}

func (w *objectHeaderWriter) WriteHeader(code int) {
	w.fix()
	w.ResponseWriter.WriteHeader(code)
}

func (w *objectHeaderWriter) Write(p []byte) (int, error) {
	w.fix()
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *objectHeaderWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
