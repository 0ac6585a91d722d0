package emulator

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/athenaq/athenaq/emulator/internal/diskstore"
)

// memS3 is the embedded S3's backend without DataDir: objects in memory
// (gofakes3's s3mem) and multipart upload parts in files under the
// temporary directory. It corrects what s3mem does unlike S3 and unlike
// the disk store:
//
//   - s3mem's PutObject keeps the metadata entries of the object it
//     replaces that the new metadata lacks, so no entry could ever be
//     removed; memS3 records the entries each PutObject gives and drops the
//     others when reading;
//   - s3mem lists a common prefix again on the next page when a page ends
//     inside it, and lists modification times with more precision than
//     HeadObject's Last-Modified; memS3 lists as the disk store does.
type memS3 struct {
	*s3mem.Backend
	*diskstore.Uploads
}

// metaKeysEntry is the metadata entry, never served, that lists the entries
// the last PutObject gave.
const metaKeysEntry = "X-Athenaq-Meta-Entries"

// PutObject stores an object with exactly the metadata meta.
func (m *memS3) PutObject(bucket, key string, meta map[string]string, input io.Reader, size int64,
	conditions *gofakes3.PutConditions) (gofakes3.PutObjectResult, error) {
	own := make(map[string]string, len(meta)+2)
	names := make([]string, 0, len(meta)+1)
	for k, v := range meta {
		if k != metaKeysEntry {
			own[k] = v
			names = append(names, k)
		}
	}
	// gofakes3 answers Last-Modified from this entry.
	if _, ok := own["Last-Modified"]; !ok {
		own["Last-Modified"] = time.Now().UTC().Format(http.TimeFormat)
		names = append(names, "Last-Modified")
	}
	slices.Sort(names)
	// Header names hold no comma.
	own[metaKeysEntry] = strings.Join(names, ",")
	return m.Backend.PutObject(bucket, key, own, input, size, conditions)
}

// HeadObject returns an object's metadata and size.
func (m *memS3) HeadObject(bucket, key string) (*gofakes3.Object, error) {
	obj, err := m.Backend.HeadObject(bucket, key)
	return ownMeta(obj, err)
}

// GetObject returns an object, or the range of it that rng asks for.
func (m *memS3) GetObject(bucket, key string, rng *gofakes3.ObjectRangeRequest) (*gofakes3.Object, error) {
	obj, err := m.Backend.GetObject(bucket, key, rng)
	return ownMeta(obj, err)
}

// CopyObject copies an object, with meta as the copy's metadata.
func (m *memS3) CopyObject(srcBucket, srcKey, dstBucket, dstKey string, meta map[string]string) (gofakes3.CopyObjectResult, error) {
	src, err := m.GetObject(srcBucket, srcKey, nil)
	if err != nil {
		return gofakes3.CopyObjectResult{}, err
	}
	defer src.Contents.Close()
	if _, err := m.PutObject(dstBucket, dstKey, meta, src.Contents, src.Size, nil); err != nil {
		return gofakes3.CopyObjectResult{}, err
	}
	return gofakes3.CopyObjectResult{ETag: gofakes3.FormatETag(src.Hash), LastModified: gofakes3.NewContentTime(time.Now())}, nil
}

// ListBucket lists a bucket's objects as diskstore.ListPage does, with
// each object's modification time as HeadObject reports it.
func (m *memS3) ListBucket(name string, prefix *gofakes3.Prefix, page gofakes3.ListBucketPage) (*gofakes3.ObjectList, error) {
	under := gofakes3.Prefix{}
	if prefix != nil && prefix.HasPrefix {
		under = gofakes3.Prefix{Prefix: prefix.Prefix, HasPrefix: true}
	}
	all, err := m.Backend.ListBucket(name, &under, gofakes3.ListBucketPage{})
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(all.Contents))
	byKey := make(map[string]*gofakes3.Content, len(all.Contents))
	for i, c := range all.Contents {
		keys[i], byKey[c.Key] = c.Key, c
	}
	slices.Sort(keys)
	return diskstore.ListPage(keys, prefix, page, func(key string) *gofakes3.Content {
		c := *byKey[key]
		if obj, err := m.HeadObject(name, key); err == nil {
			if t, err := time.Parse(http.TimeFormat, obj.Metadata["Last-Modified"]); err == nil {
				c.LastModified = gofakes3.NewContentTime(t)
			}
		}
		return &c
	}), nil
}

// ownMeta keeps the metadata entries that the object's last PutObject
// gave, in a map of its own (s3mem returns the stored one).
func ownMeta(obj *gofakes3.Object, err error) (*gofakes3.Object, error) {
	if err != nil || obj == nil {
		return obj, err
	}
	meta := make(map[string]string, len(obj.Metadata))
	names, recorded := obj.Metadata[metaKeysEntry]
	if recorded {
		for name := range strings.SplitSeq(names, ",") {
			if v, ok := obj.Metadata[name]; ok {
				meta[name] = v
			}
		}
	} else {
		for k, v := range obj.Metadata {
			meta[k] = v
		}
	}
	out := *obj
	out.Metadata = meta
	return &out, nil
}
