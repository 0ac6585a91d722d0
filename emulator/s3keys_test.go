package emulator_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// storageModes are the embedded S3's two backends.
func storageModes(t *testing.T) []struct {
	name string
	opts emulator.Options
} {
	return []struct {
		name string
		opts emulator.Options
	}{
		{name: "memory"},
		{name: "data dir", opts: emulator.Options{DataDir: t.TempDir()}},
	}
}

// listKeys lists a bucket with encoding-type=url, pages of pageSize, and
// decodes the keys, as S3 clients do for keys that XML cannot carry.
func (h *harness) listKeys(bucket, prefix string, pageSize int32) []string {
	h.t.Helper()
	var keys []string
	p := s3.NewListObjectsV2Paginator(h.s3, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix),
		EncodingType: types.EncodingTypeUrl, MaxKeys: aws.Int32(pageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(h.ctx)
		if err != nil {
			h.t.Fatalf("ListObjectsV2 %s: %v", bucket, err)
		}
		for _, o := range page.Contents {
			k, err := url.QueryUnescape(aws.ToString(o.Key))
			if err != nil {
				h.t.Fatalf("key %q: %v", aws.ToString(o.Key), err)
			}
			keys = append(keys, k)
		}
	}
	return keys
}

func TestS3KeysAreOpaqueStrings(t *testing.T) {
	long := strings.Repeat("L", 300)
	keys := []string{
		"../bucket-b/x", "a/../../bucket-b/y", "..", "./x",
		long, long + "/" + long,
		"x//y", "x", "x/", "x/y",
		"nul\x00byte", "%00", "space and+plus",
	}
	for _, mode := range storageModes(t) {
		t.Run(mode.name, func(t *testing.T) {
			h := newHarness(t, athenatest.WithOptions(mode.opts))
			for _, b := range []string{"bucket-a", "bucket-b"} {
				if _, err := h.s3.CreateBucket(h.ctx, &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
					t.Fatal(err)
				}
			}
			for i, k := range keys {
				h.put("bucket-a", k, []byte(fmt.Sprint("body ", i)))
			}
			for i, k := range keys {
				out, err := h.s3.GetObject(h.ctx, &s3.GetObjectInput{Bucket: aws.String("bucket-a"), Key: aws.String(k)})
				if err != nil {
					t.Errorf("GetObject %q: %v", k, err)
					continue
				}
				var body bytes.Buffer
				body.ReadFrom(out.Body)
				out.Body.Close()
				sum := md5.Sum(body.Bytes())
				if body.String() != fmt.Sprint("body ", i) || aws.ToString(out.ETag) != `"`+hex.EncodeToString(sum[:])+`"` {
					t.Errorf("GetObject %q = %q, ETag %s", k, body.String(), aws.ToString(out.ETag))
				}
			}
			want := slices.Sorted(slices.Values(keys))
			for _, size := range []int32{1000, 3} {
				if got := h.listKeys("bucket-a", "", size); !slices.Equal(got, want) {
					t.Errorf("pages of %d list %q, want %q", size, got, want)
				}
			}
			// A plain listing (no encoding) works too; XML has no NUL.
			out, err := h.s3.ListObjectsV2(h.ctx, &s3.ListObjectsV2Input{Bucket: aws.String("bucket-a")})
			if err != nil || len(out.Contents) != len(keys) {
				t.Errorf("ListObjectsV2 without encoding: %v", err)
			}
			if got := h.listKeys("bucket-b", "", 1000); len(got) != 0 {
				t.Errorf("bucket-b lists %q; keys of bucket-a crossed over", got)
			}
			del, err := h.s3.ListObjectsV2(h.ctx, &s3.ListObjectsV2Input{Bucket: aws.String("bucket-a"), Prefix: aws.String("x/"),
				Delimiter: aws.String("/"), EncodingType: types.EncodingTypeUrl})
			if err != nil {
				t.Fatal(err)
			}
			var entries []string
			for _, o := range del.Contents {
				entries = append(entries, aws.ToString(o.Key))
			}
			for _, p := range del.CommonPrefixes {
				entries = append(entries, "prefix "+aws.ToString(p.Prefix))
			}
			if got := strings.Join(entries, ", "); got != "x%2F, x%2Fy, prefix x%2F%2F" {
				t.Errorf("prefix x/ with delimiter /: %s", got)
			}
		})
	}
}

func TestUnloadToADotDotLocationStaysInItsBucket(t *testing.T) {
	for _, mode := range storageModes(t) {
		t.Run(mode.name, func(t *testing.T) {
			h := newHarness(t, athenatest.WithOptions(mode.opts))
			if _, err := h.s3.CreateBucket(h.ctx, &s3.CreateBucketInput{Bucket: aws.String("other")}); err != nil {
				t.Fatal(err)
			}
			h.run("UNLOAD (SELECT 1 AS n) TO 's3://" + athenatest.Bucket + "/../other/' WITH (format = 'JSON')")
			if got := h.listKeys("other", "", 1000); len(got) != 0 {
				t.Errorf("bucket other holds %q", got)
			}
			got := h.listKeys(athenatest.Bucket, "../other/", 1000)
			if len(got) != 1 {
				t.Fatalf("%s lists %q under ../other/, want the one file", athenatest.Bucket, got)
			}
			if _, err := h.object(athenatest.Bucket, got[0]); err != nil {
				t.Error(err)
			}
			h.run("CREATE EXTERNAL TABLE dotdot (n int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://" +
				athenatest.Bucket + "/../other/'")
			if rows := joinRows(h.query("SELECT n FROM dotdot")); rows != "1" {
				t.Errorf("the table over ../other/ reads %q", rows)
			}
		})
	}
}

func TestTablesReadObjectsWhateverTheirKeys(t *testing.T) {
	h := newHarness(t)
	// The table cache names its local copies after the object's extension:
	// one that no file name can carry must not stop the query.
	for i, k := range []string{"nul.c\x00sv", strings.Repeat("n", 300) + ".csv", "ext." + strings.Repeat("e", 300)} {
		h.put(athenatest.Bucket, "odd/"+k, []byte(fmt.Sprint(i+1, "\n")))
	}
	h.run("CREATE EXTERNAL TABLE odd (n int) LOCATION 's3://" + athenatest.Bucket + "/odd/'")
	if got := joinRows(h.query("SELECT count(*), sum(n) FROM odd")); got != "3|6" {
		t.Errorf("count, sum = %q, want 3|6", got)
	}
}
