package emulator

import (
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// isCopyObject reports whether r is a CopyObject request (a PUT on an
// object with x-amz-copy-source, not UploadPartCopy).
func isCopyObject(r *http.Request) bool {
	return r.Method == http.MethodPut && r.Header.Get("X-Amz-Copy-Source") != "" &&
		namesObject(r.URL.Path) && !r.URL.Query().Has("uploadId")
}

// copyMetaHeaders are the stored headers, besides user metadata
// (x-amz-meta-*), that S3 counts as an object's metadata: CopyObject copies
// them from the source with the COPY metadata directive and takes them from
// the request with REPLACE.
var copyMetaHeaders = []string{"Content-Type", "Content-Disposition", "Content-Encoding", "Content-Language",
	"Cache-Control", "Expires"}

// copyRequestHeaders are the stored headers that a copy takes from its
// request whatever the directive: they describe how the copy is stored.
var copyRequestHeaders = []string{"X-Amz-Storage-Class", "X-Amz-Website-Redirect-Location",
	"X-Amz-Server-Side-Encryption", "X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"}

// copyObject answers CopyObject from the embedded backend. gofakes3 merges
// the source's metadata into the request's whatever the
// x-amz-metadata-directive, so REPLACE could not drop a key, and keeps the
// request's own headers (X-Amz-Date, ...) as the copy's metadata. Here, as in
// S3, COPY (the default) keeps the source's metadata and tags and ignores
// the request's, and REPLACE takes the metadata (x-amz-meta-*, Content-Type
// and the other content headers) from the request only;
// x-amz-tagging-directive does the same for tags.
func (s *Server) copyObject(w http.ResponseWriter, r *http.Request) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(key) > gofakes3.KeySizeLimit {
		writeS3Error(w, http.StatusBadRequest, "KeyTooLongError", "Your key is too long", key)
		return
	}
	if ok, err := s.s3backend.BucketExists(bucket); err != nil || !ok {
		s3ErrorFrom(w, gofakes3.BucketNotFound(bucket), bucket, key)
		return
	}
	srcBucket, srcKey, version, ok := parseCopySource(r.Header.Get("X-Amz-Copy-Source"))
	if !ok {
		writeS3Error(w, http.StatusBadRequest, "InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey", key)
		return
	}
	metaDirective, ok := copyDirective(r, "X-Amz-Metadata-Directive")
	if !ok {
		writeS3Error(w, http.StatusBadRequest, "InvalidArgument", "Unknown metadata directive.", key)
		return
	}
	tagDirective, ok := copyDirective(r, "X-Amz-Tagging-Directive")
	if !ok {
		writeS3Error(w, http.StatusBadRequest, "InvalidArgument", "Unknown tagging directive.", key)
		return
	}
	if version != nil && *version != "null" {
		writeNoVersion(w, r, srcKey, *version)
		return
	}
	src, err := s.s3backend.GetObject(srcBucket, srcKey, nil)
	if err != nil {
		s3ErrorFrom(w, err, srcBucket, srcKey)
		return
	}
	defer src.Contents.Close()
	if !copySourceMatches(r, src) {
		writeS3Error(w, http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", "")
		return
	}

	meta := map[string]string{}
	from := src.Metadata
	if metaDirective == "REPLACE" {
		from = flatHeader(r.Header)
	}
	for k, v := range from {
		if strings.HasPrefix(k, "X-Amz-Meta-") {
			meta[k] = v
		}
	}
	for _, k := range copyMetaHeaders {
		if v, ok := from[k]; ok {
			meta[k] = v
		}
	}
	if _, ok := meta["Content-Type"]; !ok && metaDirective == "REPLACE" {
		meta["Content-Type"] = "binary/octet-stream"
	}
	// The body is the source's, and so are its checksums.
	for k, v := range src.Metadata {
		if strings.HasPrefix(k, "X-Amz-Checksum-") {
			meta[k] = v
		}
	}
	changed := metaDirective == "REPLACE"
	for _, k := range copyRequestHeaders {
		if v := r.Header.Get(k); v != "" {
			meta[k], changed = v, true
		}
	}
	if srcBucket == bucket && srcKey == key && !changed {
		writeS3Error(w, http.StatusBadRequest, "InvalidRequest", "This copy request is illegal because it is trying to copy an object to itself "+
			"without changing the object's metadata, storage class, website redirect location or encryption attributes.", "")
		return
	}
	tags := src.Metadata[taggingMeta]
	if tagDirective == "REPLACE" {
		tags = r.Header.Get(taggingMeta)
	}
	if tags != "" {
		meta[taggingMeta] = tags
	}
	now := time.Now().UTC()
	meta["Last-Modified"] = now.Format(http.TimeFormat)
	if _, err := s.s3backend.PutObject(bucket, key, meta, src.Contents, src.Size, nil); err != nil {
		s3ErrorFrom(w, err, bucket, key)
		return
	}
	// The store may stamp its own time: answer the one it kept.
	if obj, err := s.s3backend.HeadObject(bucket, key); err == nil {
		if t, err := time.Parse(http.TimeFormat, obj.Metadata["Last-Modified"]); err == nil {
			now = t
		}
	}
	writeS3XML(w, http.StatusOK, copyObjectResult{Xmlns: s3Xmlns, ETag: `"` + hex.EncodeToString(src.Hash) + `"`,
		LastModified: gofakes3.NewContentTime(now.Truncate(time.Second))})
}

type copyObjectResult struct {
	XMLName      struct{}             `xml:"CopyObjectResult"`
	Xmlns        string               `xml:"xmlns,attr"`
	LastModified gofakes3.ContentTime `xml:"LastModified"`
	ETag         string               `xml:"ETag"`
}

// parseCopySource splits an x-amz-copy-source value, bucket/key with an
// optional leading slash and ?versionId=, the key URL-encoded.
func parseCopySource(v string) (bucket, key string, version *string, ok bool) {
	path, query, hasQuery := strings.Cut(strings.TrimPrefix(v, "/"), "?")
	if hasQuery {
		q, err := url.ParseQuery(query)
		if err != nil {
			return "", "", nil, false
		}
		if q.Has("versionId") {
			version = ptr(q.Get("versionId"))
		}
	}
	path, err := url.PathUnescape(path)
	if err != nil {
		return "", "", nil, false
	}
	// A client may have encoded the whole value, slash included.
	bucket, key, ok = strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if !ok || bucket == "" || key == "" {
		return "", "", nil, false
	}
	return bucket, key, version, true
}

// copyDirective reads a COPY or REPLACE directive header, COPY when absent.
func copyDirective(r *http.Request, name string) (string, bool) {
	switch v := r.Header.Get(name); v {
	case "", "COPY":
		return "COPY", true
	case "REPLACE":
		return v, true
	default:
		return "", false
	}
}

// copySourceMatches applies the x-amz-copy-source-if-* conditions to the
// source object.
func copySourceMatches(r *http.Request, src *gofakes3.Object) bool {
	etag := hex.EncodeToString(src.Hash)
	if v := r.Header.Get("X-Amz-Copy-Source-If-Match"); v != "" && !etagMatches(v, etag) {
		return false
	}
	if v := r.Header.Get("X-Amz-Copy-Source-If-None-Match"); v != "" && etagMatches(v, etag) {
		return false
	}
	modified, err := time.Parse(http.TimeFormat, src.Metadata["Last-Modified"])
	if err != nil {
		return true
	}
	if t, err := http.ParseTime(r.Header.Get("X-Amz-Copy-Source-If-Unmodified-Since")); err == nil && modified.After(t) {
		return false
	}
	if t, err := http.ParseTime(r.Header.Get("X-Amz-Copy-Source-If-Modified-Since")); err == nil && !modified.After(t) {
		return false
	}
	return true
}

// flatHeader keeps the first value of each header, under its canonical
// name, as gofakes3 stores them.
func flatHeader(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		if len(v) > 0 {
			out[http.CanonicalHeaderKey(k)] = v[0]
		}
	}
	return out
}
