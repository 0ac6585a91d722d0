package diskstore

import (
	"sort"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// ListBucket lists a bucket's objects in key order, as S3's ListObjects
// does (see [ListPage]).
func (s *Store) ListBucket(name string, prefix *gofakes3.Prefix, page gofakes3.ListBucketPage) (*gofakes3.ObjectList, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.buckets[name]
	if !ok {
		return nil, gofakes3.BucketNotFound(name)
	}
	return ListPage(b.keys, prefix, page, func(key string) *gofakes3.Content {
		o := b.objects[key]
		return &gofakes3.Content{Key: key, LastModified: gofakes3.NewContentTime(o.Modified), ETag: gofakes3.FormatETag(o.hash()), Size: o.Size}
	}), nil
}

// ListPage makes one page of an S3 listing from keys, sorted: the keys that
// start with the prefix, those that hold the delimiter after the prefix
// rolled up into common prefixes, at most page.MaxKeys entries (no limit
// when 0) after page.Marker (a key or a common prefix). content describes a
// listed key; its LastModified is truncated to whole seconds, as S3 lists
// it and as HeadObject's Last-Modified header carries it.
func ListPage(keys []string, prefix *gofakes3.Prefix, page gofakes3.ListBucketPage,
	content func(key string) *gofakes3.Content) *gofakes3.ObjectList {
	var p, delim string
	if prefix != nil {
		if prefix.HasPrefix {
			p = prefix.Prefix
		}
		if prefix.HasDelimiter {
			delim = prefix.Delimiter
		}
	}
	out := gofakes3.NewObjectList()
	keys = keys[sort.SearchStrings(keys, p):]
	skip := "" // keys with this prefix were rolled into a listed common prefix
	if page.HasMarker || page.Marker != "" {
		keys = keys[sort.Search(len(keys), func(i int) bool { return keys[i] > page.Marker }):]
		if delim != "" && strings.HasPrefix(page.Marker, p) && strings.HasSuffix(page.Marker, delim) &&
			strings.Contains(page.Marker[len(p):], delim) {
			skip = page.Marker
		}
	}
	var n int64
	for _, key := range keys {
		if !strings.HasPrefix(key, p) {
			break // keys are sorted: none further can match
		}
		if skip != "" && strings.HasPrefix(key, skip) {
			continue
		}
		entry := key
		common := false
		if delim != "" {
			if i := strings.Index(key[len(p):], delim); i >= 0 {
				entry, common = key[:len(p)+i+len(delim)], true
			}
		}
		if page.MaxKeys > 0 && n == page.MaxKeys {
			out.IsTruncated = true
			break
		}
		n++
		if common {
			out.AddPrefix(entry)
			skip = entry
		} else {
			c := content(key)
			c.LastModified = gofakes3.NewContentTime(c.LastModified.Truncate(time.Second))
			out.Add(c)
		}
		out.NextMarker = entry
	}
	if !out.IsTruncated {
		out.NextMarker = ""
	}
	return out
}
