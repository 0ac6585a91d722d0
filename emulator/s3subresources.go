package emulator

import (
	"bytes"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/johannesboyne/gofakes3"
)

// taggingMeta is the metadata entry that holds an object's tags, encoded as
// the x-amz-tagging header of PutObject (k1=v1&k2=v2): gofakes3 stores that
// header as it is, so tags given at PutObject and by PutObjectTagging live
// in the same place.
const taggingMeta = "X-Amz-Tagging"

// maxSubresourceBody bounds the body of a ?tagging or ?acl request.
const maxSubresourceBody = 64 << 10

const s3Xmlns = "http://s3.amazonaws.com/doc/2006-03-01/"

// objectSubresource returns the object sub-resource (tagging, acl, ...)
// that r addresses, or "" for the object itself. gofakes3 routes these
// requests as if they were on the object: a PUT would replace the object's
// body with the sub-resource's document.
func objectSubresource(r *http.Request) string {
	if !namesObject(r.URL.Path) {
		return ""
	}
	q := r.URL.Query()
	if q.Has("uploadId") || q.Has("uploads") {
		return ""
	}
	for _, name := range []string{"tagging", "acl", "retention", "legal-hold", "torrent", "restore", "attributes", "select"} {
		if q.Has(name) {
			return name
		}
	}
	return ""
}

// serveObjectSubresource answers a request on an object's sub-resource from
// the embedded backend: tags are stored and returned, ACLs are accepted
// and read as the owner's full control, the others are not implemented.
func (s *Server) serveObjectSubresource(w http.ResponseWriter, r *http.Request, sub string) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	obj, err := s.s3backend.HeadObject(bucket, key)
	if err != nil {
		s3ErrorFrom(w, err, bucket, key)
		return
	}
	switch {
	case sub == "tagging" && r.Method == http.MethodGet:
		tags, _ := url.ParseQuery(obj.Metadata[taggingMeta])
		out := tagging{Xmlns: s3Xmlns}
		keys := make([]string, 0, len(tags))
		for k := range tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out.TagSet = append(out.TagSet, tag{Key: k, Value: tags.Get(k)})
		}
		writeS3XML(w, http.StatusOK, out)
	case sub == "tagging" && (r.Method == http.MethodPut || r.Method == http.MethodDelete):
		enc := ""
		status := http.StatusNoContent
		if r.Method == http.MethodPut {
			var in tagging
			body, err := io.ReadAll(io.LimitReader(r.Body, maxSubresourceBody))
			if err != nil || xml.Unmarshal(body, &in) != nil {
				writeS3Error(w, http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", key)
				return
			}
			if len(in.TagSet) > 10 {
				writeS3Error(w, http.StatusBadRequest, "BadRequest", "Object tags cannot be greater than 10", key)
				return
			}
			v := url.Values{}
			for _, t := range in.TagSet {
				if v.Has(t.Key) {
					writeS3Error(w, http.StatusBadRequest, "InvalidTag", "Cannot provide multiple Tags with the same key", key)
					return
				}
				v.Set(t.Key, t.Value)
			}
			enc, status = v.Encode(), http.StatusOK
		}
		if err := s.rewriteMeta(bucket, key, taggingMeta, enc); err != nil {
			s3ErrorFrom(w, err, bucket, key)
			return
		}
		w.WriteHeader(status)
	case sub == "acl" && r.Method == http.MethodPut:
		// Accepted and not kept: the emulator has no access control.
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxSubresourceBody))
		w.WriteHeader(http.StatusOK)
	case sub == "acl" && r.Method == http.MethodGet:
		owner := aclOwner{ID: "athenaq-emulator", DisplayName: "athenaq"}
		writeS3XML(w, http.StatusOK, accessControlPolicy{Xmlns: s3Xmlns, Owner: owner, Grants: []grant{{
			Grantee:    grantee{XMLNSXsi: "http://www.w3.org/2001/XMLSchema-instance", Type: "CanonicalUser", ID: owner.ID, DisplayName: owner.DisplayName},
			Permission: "FULL_CONTROL",
		}}})
	default:
		writeS3Error(w, http.StatusNotImplemented, "NotImplemented", "A header you provided implies functionality that is not implemented", key)
	}
}

// rewriteMeta sets one metadata entry (empty for none)
// of an object, keeping its body. The write is conditional on the body read,
// so an object replaced meanwhile is not overwritten with its old body; the
// change is then made again on the new object.
func (s *Server) rewriteMeta(bucket, key, name, value string) error {
	var err error
	for range 3 {
		if err = s.rewriteMetaOnce(bucket, key, name, value); !gofakes3.HasErrorCode(err, gofakes3.ErrPreconditionFailed) {
			return err
		}
	}
	return err
}

func (s *Server) rewriteMetaOnce(bucket, key, name, value string) error {
	obj, err := s.s3backend.GetObject(bucket, key, nil)
	if err != nil {
		return err
	}
	defer obj.Contents.Close()
	meta := make(map[string]string, len(obj.Metadata)+1)
	for k, v := range obj.Metadata {
		meta[k] = v
	}
	// Set even when empty: the in-memory backend merges the old metadata
	// into the new, so a deleted entry would come back.
	meta[name] = value
	etag := hex.EncodeToString(obj.Hash)
	_, err = s.s3backend.PutObject(bucket, key, meta, obj.Contents, obj.Size, &gofakes3.PutConditions{IfMatch: &etag})
	return err
}

type tagging struct {
	XMLName xml.Name `xml:"Tagging"`
	Xmlns   string   `xml:"xmlns,attr,omitempty"`
	TagSet  []tag    `xml:"TagSet>Tag"`
}

type tag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type accessControlPolicy struct {
	XMLName xml.Name `xml:"AccessControlPolicy"`
	Xmlns   string   `xml:"xmlns,attr"`
	Owner   aclOwner `xml:"Owner"`
	Grants  []grant  `xml:"AccessControlList>Grant"`
}

type aclOwner struct {
	ID          string `xml:"ID"`
	DisplayName string `xml:"DisplayName"`
}

type grant struct {
	Grantee    grantee `xml:"Grantee"`
	Permission string  `xml:"Permission"`
}

type grantee struct {
	XMLNSXsi    string `xml:"xmlns:xsi,attr"`
	Type        string `xml:"xsi:type,attr"`
	ID          string `xml:"ID"`
	DisplayName string `xml:"DisplayName"`
}

func writeS3XML(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(v); err != nil {
		writeS3Error(w, http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.", "")
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type s3ErrorBody struct {
	XMLName       xml.Name `xml:"Error"`
	Code          string   `xml:"Code"`
	Message       string   `xml:"Message"`
	Key           string   `xml:"Key,omitempty"`
	VersionID     string   `xml:"VersionId,omitempty"`
	ArgumentName  string   `xml:"ArgumentName,omitempty"`
	ArgumentValue string   `xml:"ArgumentValue,omitempty"`
}

func writeS3Error(w http.ResponseWriter, status int, code, msg, key string) {
	writeS3ErrorBody(w, status, s3ErrorBody{Code: code, Message: msg, Key: key})
}

func writeS3ErrorBody(w http.ResponseWriter, status int, body s3ErrorBody) {
	b, _ := xml.Marshal(body)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(b)
}

// s3ErrorFrom writes the S3 error for a backend error: NoSuchKey and
// NoSuchBucket as S3 sends them, anything else as an internal error.
func s3ErrorFrom(w http.ResponseWriter, err error, bucket, key string) {
	var coded interface{ ErrorCode() gofakes3.ErrorCode }
	code := gofakes3.ErrInternal
	if errors.As(err, &coded) {
		code = coded.ErrorCode()
	}
	switch code {
	case gofakes3.ErrNoSuchKey:
		writeS3Error(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.", key)
	case gofakes3.ErrNoSuchBucket:
		writeS3Error(w, http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist", bucket)
	default:
		writeS3Error(w, http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.", key)
	}
}
