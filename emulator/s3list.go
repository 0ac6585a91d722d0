package emulator

import (
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/johannesboyne/gofakes3"
)

// encodedListing reports whether r is a ListObjects (V1 or V2) request with
// encoding-type=url, which gofakes3 ignores. S3 keys may hold characters
// that XML 1.0 cannot carry, such as NUL; S3 clients list them with this
// parameter and decode the keys themselves.
func encodedListing(r *http.Request) (bucket string, ok bool) {
	if r.Method != http.MethodGet {
		return "", false
	}
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	q := r.URL.Query()
	if bucket == "" || key != "" || q.Get("encoding-type") != "url" {
		return "", false
	}
	for k := range q {
		switch k {
		case "list-type", "prefix", "delimiter", "max-keys", "marker", "continuation-token", "start-after",
			"encoding-type", "fetch-owner", "x-id":
		default:
			return "", false // a subresource (?versions, ?uploads, ?location...)
		}
	}
	return bucket, true
}

// listEncodedTo answers a ListObjects or ListObjectsV2 request with
// encoding-type=url from the embedded backend, with every key, prefix,
// delimiter and marker URL-encoded as S3 does. Requests it cannot answer
// (a missing bucket, a bad parameter) go to gofakes3 for its error.
func (s *Server) listEncodedTo(w http.ResponseWriter, r *http.Request, bucket string) {
	q := r.URL.Query()
	if ok, err := s.s3backend.BucketExists(bucket); err != nil || !ok {
		s.s3.ServeHTTP(w, r)
		return
	}
	page := gofakes3.ListBucketPage{MaxKeys: gofakes3.DefaultMaxBucketKeys}
	if v := q.Get("max-keys"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			s.s3.ServeHTTP(w, r)
			return
		}
		page.MaxKeys = min(n, gofakes3.MaxBucketKeys)
	}
	v2 := q.Get("list-type") == "2"
	switch {
	case !v2:
		page.Marker = q.Get("marker")
	case q.Has("continuation-token"):
		tok, err := base64.URLEncoding.DecodeString(q.Get("continuation-token"))
		if err != nil {
			s.s3.ServeHTTP(w, r)
			return
		}
		page.Marker = string(tok)
	default:
		page.Marker = q.Get("start-after")
	}
	page.HasMarker = page.Marker != ""
	prefix := gofakes3.Prefix{Prefix: q.Get("prefix"), Delimiter: q.Get("delimiter")}
	prefix.HasPrefix, prefix.HasDelimiter = prefix.Prefix != "", prefix.Delimiter != ""
	res := listBucketResult{Xmlns: "http://s3.amazonaws.com/doc/2006-03-01/", Name: bucket, EncodingType: "url",
		Prefix: enc(prefix.Prefix), Delimiter: enc(prefix.Delimiter), MaxKeys: page.MaxKeys}
	if page.MaxKeys > 0 {
		list, err := s.s3backend.ListBucket(bucket, &prefix, page)
		if err != nil {
			s.s3.ServeHTTP(w, r)
			return
		}
		res.IsTruncated = list.IsTruncated
		for _, c := range list.Contents {
			res.Contents = append(res.Contents, listEntry{Key: enc(c.Key), LastModified: c.LastModified, ETag: c.ETag, Size: c.Size,
				StorageClass: "STANDARD"})
		}
		for _, p := range list.CommonPrefixes {
			res.CommonPrefixes = append(res.CommonPrefixes, listPrefix{Prefix: enc(p.Prefix)})
		}
		if list.IsTruncated && list.NextMarker != "" {
			if v2 {
				res.NextContinuationToken = base64.URLEncoding.EncodeToString([]byte(list.NextMarker))
			} else if prefix.HasDelimiter {
				res.NextMarker = enc(list.NextMarker)
			}
		}
	}
	if v2 {
		res.KeyCount = ptr(int64(len(res.Contents) + len(res.CommonPrefixes)))
		res.ContinuationToken = q.Get("continuation-token")
		res.StartAfter = enc(q.Get("start-after"))
	} else {
		res.Marker = ptr(enc(page.Marker))
	}
	w.Header().Set("Content-Type", "application/xml")
	_, _ = w.Write([]byte(xml.Header))
	_ = xml.NewEncoder(w).Encode(res)
}

func enc(s string) string { return url.QueryEscape(s) }

// listBucketResult is S3's ListBucketResult, for both versions of
// ListObjects.
type listBucketResult struct {
	XMLName               xml.Name     `xml:"ListBucketResult"`
	Xmlns                 string       `xml:"xmlns,attr"`
	Name                  string       `xml:"Name"`
	Prefix                string       `xml:"Prefix"`
	Delimiter             string       `xml:"Delimiter,omitempty"`
	MaxKeys               int64        `xml:"MaxKeys"`
	EncodingType          string       `xml:"EncodingType"`
	IsTruncated           bool         `xml:"IsTruncated"`
	Marker                *string      `xml:"Marker"`
	NextMarker            string       `xml:"NextMarker,omitempty"`
	KeyCount              *int64       `xml:"KeyCount"`
	ContinuationToken     string       `xml:"ContinuationToken,omitempty"`
	NextContinuationToken string       `xml:"NextContinuationToken,omitempty"`
	StartAfter            string       `xml:"StartAfter,omitempty"`
	Contents              []listEntry  `xml:"Contents"`
	CommonPrefixes        []listPrefix `xml:"CommonPrefixes"`
}

type listEntry struct {
	Key          string               `xml:"Key"`
	LastModified gofakes3.ContentTime `xml:"LastModified"`
	ETag         string               `xml:"ETag"`
	Size         int64                `xml:"Size"`
	StorageClass string               `xml:"StorageClass"`
}

type listPrefix struct {
	Prefix string `xml:"Prefix"`
}
