package emulator

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// The embedded S3's buckets are unversioned, as a new S3 bucket is: every
// object has one version, whose ID is "null". GetBucketVersioning answers
// an empty VersioningConfiguration, PutBucketVersioning that enables
// versioning answers NotImplemented (gofakes3), ListObjectVersions lists
// each object as its one latest version, and the object operations accept
// versionId=null as the object itself.

// versionsListing reports whether r is ListObjectVersions (GET
// /bucket?versions) and returns the bucket.
func versionsListing(r *http.Request) (string, bool) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	return bucket, r.Method == http.MethodGet && bucket != "" && key == "" && r.URL.Query().Has("versions")
}

// otherVersion returns the versionId that an object request asks for when
// it is not "null", the only version an object of an unversioned bucket
// has.
func otherVersion(r *http.Request) (string, bool) {
	q := r.URL.Query()
	if !namesObject(r.URL.Path) || !q.Has("versionId") || q.Get("versionId") == "null" {
		return "", false
	}
	return q.Get("versionId"), true
}

// writeNoVersion answers a request for a version that an unversioned object
// does not have: S3's 404 NoSuchVersion for an ID in S3's form (32 URL-safe
// characters), and 400 InvalidArgument for an empty or malformed one.
func writeNoVersion(w http.ResponseWriter, r *http.Request, key, version string) {
	body := s3ErrorBody{Code: "InvalidArgument", Message: "Invalid version id specified",
		ArgumentName: "versionId", ArgumentValue: version}
	status := http.StatusBadRequest
	switch {
	case version == "":
		body.Message = "Version id cannot be the empty string"
	case wellFormedVersionID(version):
		status = http.StatusNotFound
		body = s3ErrorBody{Code: "NoSuchVersion", Message: "The specified version does not exist.", Key: key, VersionID: version}
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(status)
		return
	}
	writeS3ErrorBody(w, status, body)
}

func wellFormedVersionID(v string) bool {
	if len(v) != 32 {
		return false
	}
	for _, c := range v {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// listVersions answers ListObjectVersions for an unversioned bucket from
// the embedded backend: the objects that ListObjects would list, each as
// its one version "null", latest, with S3's paging by key-marker.
func (s *Server) listVersions(w http.ResponseWriter, r *http.Request, bucket string) {
	q := r.URL.Query()
	if ok, err := s.s3backend.BucketExists(bucket); err != nil || !ok {
		s3ErrorFrom(w, gofakes3.BucketNotFound(bucket), bucket, "")
		return
	}
	res := listVersionsResult{Xmlns: s3Xmlns, Name: bucket, MaxKeys: gofakes3.DefaultMaxBucketKeys}
	if v := q.Get("max-keys"); q.Has("max-keys") {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeS3ErrorBody(w, http.StatusBadRequest, s3ErrorBody{Code: "InvalidArgument",
				Message: "Provided max-keys not an integer or within integer range", ArgumentName: "max-keys", ArgumentValue: v})
			return
		}
		res.MaxKeys = min(n, gofakes3.MaxBucketKeys)
	}
	encode := func(s string) string { return s }
	switch et := q.Get("encoding-type"); {
	case et == "url":
		encode, res.EncodingType = enc, et
	case q.Has("encoding-type"):
		writeS3ErrorBody(w, http.StatusBadRequest, s3ErrorBody{Code: "InvalidArgument", Message: "Invalid Encoding Method specified in Request",
			ArgumentName: "encoding-type", ArgumentValue: et})
		return
	}
	keyMarker, versionMarker := q.Get("key-marker"), q.Get("version-id-marker")
	switch {
	case q.Has("version-id-marker") && versionMarker == "":
		writeS3ErrorBody(w, http.StatusBadRequest, s3ErrorBody{Code: "InvalidArgument", Message: "A version-id marker cannot be empty.",
			ArgumentName: "version-id-marker"})
		return
	case versionMarker != "" && keyMarker == "":
		writeS3ErrorBody(w, http.StatusBadRequest, s3ErrorBody{Code: "InvalidArgument",
			Message: "A version-id marker cannot be specified without a key marker.", ArgumentName: "version-id-marker", ArgumentValue: versionMarker})
		return
	case versionMarker != "" && versionMarker != "null" && !wellFormedVersionID(versionMarker):
		writeS3ErrorBody(w, http.StatusBadRequest, s3ErrorBody{Code: "InvalidArgument", Message: "Invalid version id specified",
			ArgumentName: "version-id-marker", ArgumentValue: versionMarker})
		return
	}
	prefix := gofakes3.Prefix{Prefix: q.Get("prefix"), Delimiter: q.Get("delimiter")}
	prefix.HasPrefix, prefix.HasDelimiter = prefix.Prefix != "", prefix.Delimiter != ""
	res.Prefix, res.Delimiter = encode(prefix.Prefix), encode(prefix.Delimiter)
	res.KeyMarker, res.VersionIDMarker = encode(keyMarker), versionMarker
	if res.MaxKeys > 0 {
		// With one version per key, the versions after (key-marker,
		// version-id-marker) are those of the keys after key-marker.
		page := gofakes3.ListBucketPage{Marker: keyMarker, HasMarker: keyMarker != "", MaxKeys: res.MaxKeys}
		list, err := s.s3backend.ListBucket(bucket, &prefix, page)
		if err != nil {
			s3ErrorFrom(w, err, bucket, "")
			return
		}
		owner := &aclOwner{ID: "athenaq-emulator", DisplayName: "athenaq"}
		last, lastIsPrefix := "", false
		for _, c := range list.Contents {
			res.Versions = append(res.Versions, objectVersion{Key: encode(c.Key), VersionID: "null", IsLatest: true,
				LastModified: gofakes3.NewContentTime(c.LastModified.Truncate(time.Second)), ETag: c.ETag, Size: c.Size,
				Owner: owner, StorageClass: "STANDARD"})
			if c.Key > last {
				last, lastIsPrefix = c.Key, false
			}
		}
		for _, p := range list.CommonPrefixes {
			res.CommonPrefixes = append(res.CommonPrefixes, listPrefix{Prefix: encode(p.Prefix)})
			if p.Prefix > last {
				last, lastIsPrefix = p.Prefix, true
			}
		}
		if list.IsTruncated && last != "" {
			res.IsTruncated = true
			res.NextKeyMarker = encode(last)
			if !lastIsPrefix {
				res.NextVersionIDMarker = "null"
			}
		}
	}
	writeS3XML(w, http.StatusOK, res)
}

// listVersionsResult is S3's ListVersionsResult.
type listVersionsResult struct {
	XMLName             xml.Name        `xml:"ListVersionsResult"`
	Xmlns               string          `xml:"xmlns,attr"`
	Name                string          `xml:"Name"`
	Prefix              string          `xml:"Prefix"`
	KeyMarker           string          `xml:"KeyMarker"`
	VersionIDMarker     string          `xml:"VersionIdMarker"`
	NextKeyMarker       string          `xml:"NextKeyMarker,omitempty"`
	NextVersionIDMarker string          `xml:"NextVersionIdMarker,omitempty"`
	MaxKeys             int64           `xml:"MaxKeys"`
	Delimiter           string          `xml:"Delimiter,omitempty"`
	EncodingType        string          `xml:"EncodingType,omitempty"`
	IsTruncated         bool            `xml:"IsTruncated"`
	Versions            []objectVersion `xml:"Version"`
	CommonPrefixes      []listPrefix    `xml:"CommonPrefixes"`
}

type objectVersion struct {
	Key          string               `xml:"Key"`
	VersionID    string               `xml:"VersionId"`
	IsLatest     bool                 `xml:"IsLatest"`
	LastModified gofakes3.ContentTime `xml:"LastModified"`
	ETag         string               `xml:"ETag"`
	Size         int64                `xml:"Size"`
	Owner        *aclOwner            `xml:"Owner"`
	StorageClass string               `xml:"StorageClass"`
}
