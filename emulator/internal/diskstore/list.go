package diskstore

import (
	"sort"
	"strings"

	"github.com/johannesboyne/gofakes3"
)

// ListBucket lists a bucket's objects in key order, as S3's ListObjects
// does: keys that start with the prefix, keys that hold the delimiter after
// the prefix rolled up into common prefixes, at most page.MaxKeys entries
// (no limit when 0) after page.Marker.
func (s *Store) ListBucket(name string, prefix *gofakes3.Prefix, page gofakes3.ListBucketPage) (*gofakes3.ObjectList, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.buckets[name]
	if !ok {
		return nil, gofakes3.BucketNotFound(name)
	}
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
	keys := b.keys[sort.SearchStrings(b.keys, p):]
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
			o := b.objects[key]
			out.Add(&gofakes3.Content{Key: key, LastModified: gofakes3.NewContentTime(o.Modified), ETag: gofakes3.FormatETag(o.hash()), Size: o.Size})
		}
		out.NextMarker = entry
	}
	if !out.IsTruncated {
		out.NextMarker = ""
	}
	return out, nil
}
