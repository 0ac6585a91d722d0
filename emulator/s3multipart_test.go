package emulator_test

import (
	"bytes"
	"crypto/md5"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/athenaq/athenaq/athenatest"
)

// dirBytes is the size of the files under dir.
func dirBytes(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

func TestMultipartUploadsKeepPartsOnDisk(t *testing.T) {
	for _, mode := range storageModes(t) {
		t.Run(mode.name, func(t *testing.T) {
			h := newHarness(t, athenatest.WithOptions(mode.opts))
			upload := func(key string, parts int) (string, [][]byte) {
				out, err := h.s3.CreateMultipartUpload(h.ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String(key)})
				if err != nil {
					t.Fatal(err)
				}
				var bodies [][]byte
				for i := range parts {
					body := bytes.Repeat([]byte{byte('a' + i)}, 5<<20)
					if _, err := h.s3.UploadPart(h.ctx, &s3.UploadPartInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String(key),
						UploadId: out.UploadId, PartNumber: aws.Int32(int32(i + 1)), Body: bytes.NewReader(body)}); err != nil {
						t.Fatal(err)
					}
					bodies = append(bodies, body)
				}
				return aws.ToString(out.UploadId), bodies
			}
			id, bodies := upload("multi/done", 3)
			list, err := h.s3.ListParts(h.ctx, &s3.ListPartsInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String("multi/done"), UploadId: &id})
			if err != nil || len(list.Parts) != 3 {
				t.Fatalf("ListParts: %v", err)
			}
			var done []types.CompletedPart
			for _, p := range list.Parts {
				done = append(done, types.CompletedPart{PartNumber: p.PartNumber, ETag: p.ETag})
			}
			if _, err := h.s3.CompleteMultipartUpload(h.ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(athenatest.Bucket),
				Key: aws.String("multi/done"), UploadId: &id, MultipartUpload: &types.CompletedMultipartUpload{Parts: done}}); err != nil {
				t.Fatal(err)
			}
			got, err := h.object(athenatest.Bucket, "multi/done")
			if want := bytes.Join(bodies, nil); err != nil || md5.Sum(got) != md5.Sum(want) {
				t.Errorf("the completed object: %d bytes, %v; want %d bytes", len(got), err, len(want))
			}

			id, _ = upload("multi/aborted", 2)
			if mode.opts.DataDir != "" {
				tmp := filepath.Join(mode.opts.DataDir, "tmp", "uploads")
				if n := dirBytes(t, tmp); n != 10<<20 {
					t.Errorf("the parts of an upload in progress take %d bytes in %s, want %d", n, tmp, 10<<20)
				}
				defer func() {
					if n := dirBytes(t, tmp); n != 0 {
						t.Errorf("%d bytes left in %s after the abort", n, tmp)
					}
				}()
			}
			if _, err := h.s3.AbortMultipartUpload(h.ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(athenatest.Bucket),
				Key: aws.String("multi/aborted"), UploadId: &id}); err != nil {
				t.Fatal(err)
			}
			uploads, err := h.s3.ListMultipartUploads(h.ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(athenatest.Bucket)})
			if err != nil || len(uploads.Uploads) != 0 {
				t.Errorf("uploads after the abort: %v, %v", uploads.Uploads, err)
			}
			if _, err := h.object(athenatest.Bucket, "multi/aborted"); err == nil {
				t.Error("an aborted upload made an object")
			}
		})
	}
}
