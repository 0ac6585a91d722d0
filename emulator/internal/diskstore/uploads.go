package diskstore

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// Uploads is a gofakes3.MultipartBackend that keeps the parts of multipart
// uploads as files in a folder, and completes an upload by streaming its
// parts into a backend's PutObject: memory use does not grow with the size
// of an upload. Part files are removed when their upload completes or is
// aborted. Uploads do not survive a restart. It is safe for concurrent use.
type Uploads struct {
	backend gofakes3.Backend
	dir     string

	mu      sync.Mutex // guards uploads and their parts
	uploads map[gofakes3.UploadID]*upload
}

var _ gofakes3.MultipartBackend = (*Uploads)(nil)

type upload struct {
	id        gofakes3.UploadID
	bucket    string
	key       string
	meta      map[string]string
	initiated time.Time
	dir       string
	parts     map[int]*part
}

type part struct {
	md5      []byte
	size     int64
	modified time.Time
	file     string
}

func (p *part) etag() string { return gofakes3.FormatETag(p.md5) }

// NewUploads returns an Uploads that completes uploads into backend and
// keeps parts under dir, which it creates, or empties of the parts of an
// earlier run.
func NewUploads(backend gofakes3.Backend, dir string) (*Uploads, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Uploads{backend: backend, dir: dir, uploads: map[gofakes3.UploadID]*upload{}}, nil
}

// CreateMultipartUpload starts an upload and returns its id.
func (u *Uploads) CreateMultipartUpload(bucket, key string, meta map[string]string) (gofakes3.UploadID, error) {
	id := gofakes3.UploadID(randomSuffix() + randomSuffix())
	up := &upload{id: id, bucket: bucket, key: key, meta: copyMeta(meta), initiated: time.Now().UTC(),
		dir: filepath.Join(u.dir, string(id)), parts: map[int]*part{}}
	if err := os.Mkdir(up.dir, 0o755); err != nil {
		return "", err
	}
	u.mu.Lock()
	u.uploads[id] = up
	u.mu.Unlock()
	return id, nil
}

// get finds an upload of bucket/key; the caller holds u.mu.
func (u *Uploads) get(bucket, key string, id gofakes3.UploadID) (*upload, error) {
	up, ok := u.uploads[id]
	if !ok || up.bucket != bucket || up.key != key {
		return nil, gofakes3.ErrNoSuchUpload
	}
	return up, nil
}

// UploadPart stores part number n of an upload, replacing an earlier part
// with that number, and returns its ETag.
func (u *Uploads) UploadPart(bucket, key string, id gofakes3.UploadID, n int, contentLength int64, input io.Reader) (string, error) {
	if n < 1 || n > gofakes3.MaxUploadPartNumber {
		return "", gofakes3.ErrInvalidPart
	}
	u.mu.Lock()
	up, err := u.get(bucket, key, id)
	u.mu.Unlock()
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(up.dir, "part-*")
	if err != nil {
		return "", gofakes3.ErrNoSuchUpload // aborted meanwhile
	}
	// Parts are not synced: an upload does not survive a restart anyway.
	sum, err := copyBody(tmp, input, contentLength)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	p := &part{md5: sum, size: contentLength, modified: time.Now().UTC(), file: filepath.Join(up.dir, strconv.Itoa(n))}
	u.mu.Lock()
	defer u.mu.Unlock()
	if cur, err := u.get(bucket, key, id); err != nil || cur != up {
		os.Remove(tmp.Name())
		return "", gofakes3.ErrNoSuchUpload
	}
	if err := os.Rename(tmp.Name(), p.file); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	up.parts[n] = p
	return p.etag(), nil
}

// CompleteMultipartUpload joins the listed parts, in order, into the object
// and removes the upload. The ETag it returns is S3's for multipart objects:
// the MD5 of the parts' MD5s, a dash and the number of parts.
func (u *Uploads) CompleteMultipartUpload(bucket, key string, id gofakes3.UploadID,
	input *gofakes3.CompleteMultipartUploadRequest) (gofakes3.VersionID, string, error) {
	u.mu.Lock()
	up, err := u.get(bucket, key, id)
	if err != nil {
		u.mu.Unlock()
		return "", "", err
	}
	if len(input.Parts) == 0 {
		u.mu.Unlock()
		return "", "", gofakes3.ErrorMessage(gofakes3.ErrMalformedXML, "The XML you provided was not well-formed or did not validate against our published schema")
	}
	parts := make([]*part, 0, len(input.Parts))
	var size int64
	etags := md5.New()
	for i, in := range input.Parts {
		if i > 0 && in.PartNumber <= input.Parts[i-1].PartNumber {
			u.mu.Unlock()
			return "", "", gofakes3.ErrInvalidPartOrder
		}
		p, ok := up.parts[in.PartNumber]
		if !ok || strings.Trim(in.ETag, `"`) != hex.EncodeToString(p.md5) {
			u.mu.Unlock()
			return "", "", gofakes3.ErrorMessagef(gofakes3.ErrInvalidPart, "part %d was not uploaded, or its ETag is not %s", in.PartNumber, in.ETag)
		}
		parts = append(parts, p)
		size += p.size
		etags.Write(p.md5)
	}
	// From here the upload is no longer listed and takes no parts.
	delete(u.uploads, id)
	u.mu.Unlock()

	meta := copyMeta(up.meta)
	r := &partsReader{parts: parts}
	result, err := u.backend.PutObject(bucket, key, meta, r, size, nil)
	r.close()
	if err != nil {
		// Leave the upload as it was, so that the client may retry.
		u.mu.Lock()
		u.uploads[id] = up
		u.mu.Unlock()
		return "", "", err
	}
	os.RemoveAll(up.dir)
	return result.VersionID, fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(etags.Sum(nil)), len(parts)), nil
}

// partsReader reads part files one after the other, holding one open.
type partsReader struct {
	parts []*part
	f     *os.File
}

func (r *partsReader) Read(b []byte) (int, error) {
	for {
		if r.f == nil {
			if len(r.parts) == 0 {
				return 0, io.EOF
			}
			f, err := os.Open(r.parts[0].file)
			if err != nil {
				return 0, err
			}
			r.f, r.parts = f, r.parts[1:]
		}
		n, err := r.f.Read(b)
		if err == io.EOF {
			r.f.Close()
			r.f = nil
			if n == 0 {
				continue
			}
			err = nil
		}
		return n, err
	}
}

func (r *partsReader) close() {
	if r.f != nil {
		r.f.Close()
	}
}

// AbortMultipartUpload removes an upload and its parts.
func (u *Uploads) AbortMultipartUpload(bucket, key string, id gofakes3.UploadID) error {
	u.mu.Lock()
	up, err := u.get(bucket, key, id)
	if err == nil {
		delete(u.uploads, id)
	}
	u.mu.Unlock()
	if err != nil {
		return err
	}
	return os.RemoveAll(up.dir)
}

// ListParts lists an upload's parts after part number marker, at most
// limit of them.
func (u *Uploads) ListParts(bucket, key string, id gofakes3.UploadID, marker int, limit int64) (*gofakes3.ListMultipartUploadPartsResult, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	up, err := u.get(bucket, key, id)
	if err != nil {
		return nil, err
	}
	out := &gofakes3.ListMultipartUploadPartsResult{Bucket: bucket, Key: key, UploadID: id, PartNumberMarker: marker,
		MaxParts: limit, StorageClass: "STANDARD"}
	numbers := make([]int, 0, len(up.parts))
	for n := range up.parts {
		if n > marker {
			numbers = append(numbers, n)
		}
	}
	slices.Sort(numbers)
	for _, n := range numbers {
		if limit > 0 && int64(len(out.Parts)) == limit {
			out.IsTruncated = true
			break
		}
		p := up.parts[n]
		out.Parts = append(out.Parts, gofakes3.ListMultipartUploadPartItem{PartNumber: n, ETag: p.etag(), Size: p.size,
			LastModified: gofakes3.NewContentTime(p.modified)})
		out.NextPartNumberMarker = n
	}
	return out, nil
}

// ListMultipartUploads lists a bucket's uploads in progress, by key and
// then by initiation, after marker; keys that hold the prefix's delimiter
// after the prefix are rolled up into common prefixes.
func (u *Uploads) ListMultipartUploads(bucket string, marker *gofakes3.UploadListMarker, prefix gofakes3.Prefix,
	limit int64) (*gofakes3.ListMultipartUploadsResult, error) {
	u.mu.Lock()
	var ups []*upload
	for _, up := range u.uploads {
		if up.bucket == bucket {
			ups = append(ups, up)
		}
	}
	u.mu.Unlock()
	sort.Slice(ups, func(i, j int) bool {
		a, b := ups[i], ups[j]
		if a.key != b.key {
			return a.key < b.key
		}
		if !a.initiated.Equal(b.initiated) {
			return a.initiated.Before(b.initiated)
		}
		return a.id < b.id
	})
	out := &gofakes3.ListMultipartUploadsResult{Bucket: bucket, MaxUploads: limit, Prefix: prefix.Prefix, Delimiter: prefix.Delimiter}
	if marker != nil {
		out.KeyMarker, out.UploadIDMarker = marker.Object, marker.UploadID
		start := len(ups)
		for i, up := range ups {
			if up.key > marker.Object {
				start = i
				break
			}
			if up.key == marker.Object && marker.UploadID != "" && up.id == marker.UploadID {
				start = i + 1
				break
			}
		}
		ups = ups[start:]
	}
	var n int64
	seen := map[string]bool{}
	for _, up := range ups {
		if !strings.HasPrefix(up.key, prefix.Prefix) {
			continue
		}
		common := ""
		if prefix.HasDelimiter && prefix.Delimiter != "" {
			if i := strings.Index(up.key[len(prefix.Prefix):], prefix.Delimiter); i >= 0 {
				common = up.key[:len(prefix.Prefix)+i+len(prefix.Delimiter)]
			}
		}
		if common != "" && seen[common] {
			continue
		}
		if limit > 0 && n == limit {
			out.IsTruncated = true
			break
		}
		n++
		if common != "" {
			seen[common] = true
			out.CommonPrefixes = append(out.CommonPrefixes, gofakes3.CommonPrefix{Prefix: common})
			continue
		}
		out.Uploads = append(out.Uploads, gofakes3.ListMultipartUploadItem{Key: up.key, UploadID: up.id, StorageClass: "STANDARD",
			Initiated: gofakes3.NewContentTime(up.initiated)})
		out.NextKeyMarker, out.NextUploadIDMarker = up.key, up.id
	}
	if !out.IsTruncated {
		out.NextKeyMarker, out.NextUploadIDMarker = "", ""
	}
	return out, nil
}
