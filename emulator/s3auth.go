package emulator

import (
	"net/http"
	"strings"
)

// signed reports whether an S3 request carries credentials: an
// Authorization header (Signature Version 4 or 2), the query parameters of
// a presigned URL (X-Amz-Credential and X-Amz-Signature, or Signature
// Version 2's AWSAccessKeyId), or, for a browser upload (a POST of
// multipart/form-data), its form fields. A CORS preflight (OPTIONS) is
// unsigned by design. The credentials themselves are not checked.
func signed(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return true
	}
	q := r.URL.Query()
	if q.Has("X-Amz-Credential") || q.Has("X-Amz-Signature") || q.Has("AWSAccessKeyId") {
		return true
	}
	switch r.Method {
	case http.MethodOptions:
		return true
	case http.MethodPost:
		return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
	}
	return false
}

// refuseAnonymous answers an unsigned request as S3 answers an anonymous
// one on a private bucket: 403 AccessDenied (with no body for a HEAD).
func refuseAnonymous(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusForbidden)
		return
	}
	writeS3Error(w, http.StatusForbidden, "AccessDenied", "Access Denied", "")
}
