package diskstore_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/athenaq/athenaq/emulator/internal/diskstore"
)

func newUploads(t *testing.T, backend gofakes3.Backend) (*diskstore.Uploads, string) {
	t.Helper()
	dir := t.TempDir()
	up, err := diskstore.NewUploads(backend, dir)
	if err != nil {
		t.Fatal(err)
	}
	return up, dir
}

func TestUploadsCompleteIntoBothBackends(t *testing.T) {
	for _, tc := range []struct {
		name    string
		backend func(t *testing.T) gofakes3.Backend
	}{
		{name: "disk", backend: func(t *testing.T) gofakes3.Backend { return open(t, t.TempDir()) }},
		{name: "memory", backend: func(*testing.T) gofakes3.Backend { return s3mem.New() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.backend(t)
			if err := b.CreateBucket("bucket-a"); err != nil {
				t.Fatal(err)
			}
			up, dir := newUploads(t, b)
			id, err := up.CreateMultipartUpload("bucket-a", "big", map[string]string{"Content-Type": "text/plain"})
			if err != nil {
				t.Fatal(err)
			}
			parts := []string{strings.Repeat("a", 100<<10), strings.Repeat("b", 100<<10), "tail"}
			etags := make([]string, len(parts))
			var wg sync.WaitGroup
			for i, p := range parts {
				wg.Go(func() {
					// Part 2 is sent twice; the second one counts.
					if i == 1 {
						if _, err := up.UploadPart("bucket-a", "big", id, i+1, 5, strings.NewReader("first")); err != nil {
							t.Error(err)
						}
					}
					var err error
					etags[i], err = up.UploadPart("bucket-a", "big", id, i+1, int64(len(p)), strings.NewReader(p))
					if err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			list, err := up.ListParts("bucket-a", "big", id, 0, 2)
			if err != nil || len(list.Parts) != 2 || !list.IsTruncated || list.Parts[1].Size != int64(len(parts[1])) {
				t.Errorf("ListParts = %+v, %v", list, err)
			}
			req := &gofakes3.CompleteMultipartUploadRequest{}
			sums := md5.New()
			for i, e := range etags {
				req.Parts = append(req.Parts, gofakes3.CompletedPart{PartNumber: i + 1, ETag: e})
				sum := md5.Sum([]byte(parts[i]))
				sums.Write(sum[:])
			}
			_, etag, err := up.CompleteMultipartUpload("bucket-a", "big", id, req)
			if want := fmt.Sprintf(`"%s-3"`, hex.EncodeToString(sums.Sum(nil))); err != nil || etag != want {
				t.Errorf("Complete = %s, %v; want %s", etag, err, want)
			}
			obj, err := b.GetObject("bucket-a", "big", nil)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			got.ReadFrom(obj.Contents)
			obj.Contents.Close()
			if got.String() != strings.Join(parts, "") || obj.Metadata["Content-Type"] != "text/plain" {
				t.Errorf("object: %d bytes, headers %v", got.Len(), obj.Metadata)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("the parts folder still holds %d entries", len(left))
			}
			if _, err := up.UploadPart("bucket-a", "big", id, 1, 1, strings.NewReader("x")); !gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchUpload) {
				t.Errorf("a part after completion: %v", err)
			}
		})
	}
}

func TestUploadsRefuseBadCompletionsAndFreeAbortedParts(t *testing.T) {
	st := open(t, t.TempDir())
	mustBucket(t, st, "bucket-a")
	up, dir := newUploads(t, st)
	id, err := up.CreateMultipartUpload("bucket-a", "k", nil)
	if err != nil {
		t.Fatal(err)
	}
	e1, _ := up.UploadPart("bucket-a", "k", id, 1, 3, strings.NewReader("one"))
	e2, _ := up.UploadPart("bucket-a", "k", id, 2, 3, strings.NewReader("two"))
	if _, err := up.UploadPart("bucket-a", "k", id, 3, 10, strings.NewReader("short")); !gofakes3.HasErrorCode(err, gofakes3.ErrIncompleteBody) {
		t.Errorf("a short part: %v", err)
	}
	for _, tc := range []struct {
		name  string
		parts []gofakes3.CompletedPart
		code  gofakes3.ErrorCode
	}{
		{name: "out of order", parts: []gofakes3.CompletedPart{{PartNumber: 2, ETag: e2}, {PartNumber: 1, ETag: e1}}, code: gofakes3.ErrInvalidPartOrder},
		{name: "wrong etag", parts: []gofakes3.CompletedPart{{PartNumber: 1, ETag: e2}}, code: gofakes3.ErrInvalidPart},
		{name: "missing part", parts: []gofakes3.CompletedPart{{PartNumber: 1, ETag: e1}, {PartNumber: 3, ETag: e1}}, code: gofakes3.ErrInvalidPart},
		{name: "no parts", code: gofakes3.ErrMalformedXML},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := up.CompleteMultipartUpload("bucket-a", "k", id, &gofakes3.CompleteMultipartUploadRequest{Parts: tc.parts})
			if !gofakes3.HasErrorCode(err, tc.code) {
				t.Errorf("err = %v, want %s", err, tc.code)
			}
		})
	}
	uploads, err := up.ListMultipartUploads("bucket-a", nil, gofakes3.Prefix{}, 10)
	if err != nil || len(uploads.Uploads) != 1 || uploads.Uploads[0].UploadID != id {
		t.Errorf("the upload is not listed after failed completions: %+v, %v", uploads, err)
	}
	if err := up.AbortMultipartUpload("bucket-a", "k", id); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the parts folder still holds %d entries after the abort", len(left))
	}
	if err := up.AbortMultipartUpload("bucket-a", "k", id); !gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchUpload) {
		t.Errorf("a second abort: %v", err)
	}
	if _, err := st.HeadObject("bucket-a", "k"); !gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchKey) {
		t.Errorf("the aborted upload made an object: %v", err)
	}
}

func TestListMultipartUploads(t *testing.T) {
	up, _ := newUploads(t, s3mem.New())
	ids := map[string]gofakes3.UploadID{}
	for _, k := range []string{"a/1", "a/2", "b", "c"} {
		id, err := up.CreateMultipartUpload("bucket-a", k, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids[k] = id
	}
	if _, err := up.CreateMultipartUpload("bucket-b", "other", nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		marker *gofakes3.UploadListMarker
		prefix gofakes3.Prefix
		limit  int64
		want   string
	}{
		{name: "all", limit: 10, want: "a/1 a/2 b c"},
		{name: "limit", limit: 2, want: "a/1 a/2 +"},
		{name: "after a key", marker: &gofakes3.UploadListMarker{Object: "a/2"}, limit: 10, want: "b c"},
		{name: "after an upload", marker: &gofakes3.UploadListMarker{Object: "a/1", UploadID: ids["a/1"]}, limit: 10, want: "a/2 b c"},
		{name: "delimiter", prefix: gofakes3.Prefix{Delimiter: "/", HasDelimiter: true}, limit: 10, want: "a/ b c"},
		{name: "prefix", prefix: gofakes3.Prefix{Prefix: "a/", HasPrefix: true}, limit: 10, want: "a/1 a/2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := up.ListMultipartUploads("bucket-a", tc.marker, tc.prefix, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range res.CommonPrefixes {
				got = append(got, p.Prefix)
			}
			for _, u := range res.Uploads {
				if u.UploadID != ids[u.Key] {
					t.Errorf("%s has upload id %s, want %s", u.Key, u.UploadID, ids[u.Key])
				}
				got = append(got, u.Key)
			}
			if res.IsTruncated {
				got = append(got, "+")
			}
			if s := strings.Join(got, " "); s != tc.want {
				t.Errorf("got %q, want %q", s, tc.want)
			}
		})
	}
}
