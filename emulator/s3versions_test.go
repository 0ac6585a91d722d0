package emulator_test

import (
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/athenaq/athenaq/athenatest"
)

// TestS3BucketsAreUnversioned checks the S3 API of an unversioned bucket:
// ListObjectVersions lists each object as its one version "null" with
// S3's paging, GetBucketVersioning answers an empty configuration, and
// GetObject and HeadObject accept versionId=null and refuse other versions.
func TestS3BucketsAreUnversioned(t *testing.T) {
	for _, mode := range storageModes(t) {
		t.Run(mode.name, func(t *testing.T) {
			h := newHarness(t, athenatest.WithOptions(mode.opts))
			testListObjectVersions(t, h)
			testObjectVersionID(t, h)
		})
	}
}

// versionEntries lists the versions or a common prefix of a ListObjectVersions
// page, as text.
func versionEntries(t *testing.T, out *s3.ListObjectVersionsOutput) []string {
	t.Helper()
	var got []string
	for _, v := range out.Versions {
		if aws.ToString(v.VersionId) != "null" || !aws.ToBool(v.IsLatest) || v.StorageClass != types.ObjectVersionStorageClassStandard {
			t.Errorf("version %+v: want VersionId null, IsLatest, STANDARD", v)
		}
		got = append(got, aws.ToString(v.Key))
	}
	for _, p := range out.CommonPrefixes {
		got = append(got, aws.ToString(p.Prefix)+" (prefix)")
	}
	if len(out.DeleteMarkers) > 0 {
		t.Errorf("delete markers %+v", out.DeleteMarkers)
	}
	slices.Sort(got)
	return got
}

// wantS3Error fails unless err is an S3 error with the given HTTP status
// and, when code is not empty, the given code.
func wantS3Error(t *testing.T, err error, status int, code string) {
	t.Helper()
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != status {
		t.Fatalf("err = %v, want HTTP %d", err, status)
	}
	var api smithy.APIError
	if code != "" && (!errors.As(err, &api) || api.ErrorCode() != code) {
		t.Fatalf("err = %v, want %s", err, code)
	}
}

func testListObjectVersions(t *testing.T, h *harness) {
	bucket := aws.String(athenatest.Bucket)
	for _, k := range []string{"ver/a", "ver/b/1", "ver/b/2", "ver/b/3/x", "ver/c", "ver/d", "vex/e"} {
		h.put(athenatest.Bucket, k, []byte("data of "+k))
	}
	for _, tc := range []struct {
		name      string
		in        s3.ListObjectVersionsInput
		pages     [][]string // entries of each page
		status    int
		errorCode string
	}{
		{name: "prefix", in: s3.ListObjectVersionsInput{Prefix: aws.String("ver/b/")},
			pages: [][]string{{"ver/b/1", "ver/b/2", "ver/b/3/x"}}},
		{name: "one key", in: s3.ListObjectVersionsInput{Prefix: aws.String("ver/a")}, pages: [][]string{{"ver/a"}}},
		{name: "delimiter", in: s3.ListObjectVersionsInput{Prefix: aws.String("ver/"), Delimiter: aws.String("/")},
			pages: [][]string{{"ver/a", "ver/b/ (prefix)", "ver/c", "ver/d"}}},
		{name: "pages of one with a delimiter", in: s3.ListObjectVersionsInput{Prefix: aws.String("ver/"), Delimiter: aws.String("/"), MaxKeys: aws.Int32(1)},
			pages: [][]string{{"ver/a"}, {"ver/b/ (prefix)"}, {"ver/c"}, {"ver/d"}}},
		{name: "pages of two", in: s3.ListObjectVersionsInput{Prefix: aws.String("ve"), MaxKeys: aws.Int32(2)},
			pages: [][]string{{"ver/a", "ver/b/1"}, {"ver/b/2", "ver/b/3/x"}, {"ver/c", "ver/d"}, {"vex/e"}}},
		{name: "key marker", in: s3.ListObjectVersionsInput{Prefix: aws.String("ver/"), KeyMarker: aws.String("ver/b/2")},
			pages: [][]string{{"ver/b/3/x", "ver/c", "ver/d"}}},
		{name: "key marker and version null", in: s3.ListObjectVersionsInput{Prefix: aws.String("ver/"), KeyMarker: aws.String("ver/c"),
			VersionIdMarker: aws.String("null")}, pages: [][]string{{"ver/d"}}},
		{name: "no match", in: s3.ListObjectVersionsInput{Prefix: aws.String("none/")}, pages: [][]string{nil}},
		{name: "version marker without key marker", in: s3.ListObjectVersionsInput{VersionIdMarker: aws.String("null")},
			status: 400, errorCode: "InvalidArgument"},
		{name: "missing bucket", in: s3.ListObjectVersionsInput{Bucket: aws.String("no-such-bucket")}, status: 404, errorCode: "NoSuchBucket"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if in.Bucket == nil {
				in.Bucket = bucket
			}
			var pages [][]string
			for {
				out, err := h.s3.ListObjectVersions(h.ctx, &in)
				if tc.status != 0 {
					wantS3Error(t, err, tc.status, tc.errorCode)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				pages = append(pages, versionEntries(t, out))
				if !aws.ToBool(out.IsTruncated) {
					break
				}
				if len(pages) > 10 {
					t.Fatalf("pages %v go on", pages)
				}
				in.KeyMarker, in.VersionIdMarker = out.NextKeyMarker, out.NextVersionIdMarker
			}
			if !slices.EqualFunc(pages, tc.pages, slices.Equal) {
				t.Errorf("pages = %q, want %q", pages, tc.pages)
			}
		})
	}

	// The versions carry what ListObjectsV2 and HeadObject report, with
	// modification times in whole seconds, as S3 keeps them.
	t.Run("same as ListObjectsV2 and HeadObject", func(t *testing.T) {
		vers, err := h.s3.ListObjectVersions(h.ctx, &s3.ListObjectVersionsInput{Bucket: bucket, Prefix: aws.String("ver/")})
		if err != nil {
			t.Fatal(err)
		}
		objs, err := h.s3.ListObjectsV2(h.ctx, &s3.ListObjectsV2Input{Bucket: bucket, Prefix: aws.String("ver/")})
		if err != nil {
			t.Fatal(err)
		}
		if len(vers.Versions) != len(objs.Contents) || len(objs.Contents) != 6 {
			t.Fatalf("%d versions, %d objects; want 6", len(vers.Versions), len(objs.Contents))
		}
		for i, v := range vers.Versions {
			o := objs.Contents[i]
			head, err := h.s3.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: bucket, Key: v.Key})
			if err != nil {
				t.Fatal(err)
			}
			lm := aws.ToTime(v.LastModified)
			if aws.ToString(v.Key) != aws.ToString(o.Key) || aws.ToString(v.ETag) != aws.ToString(o.ETag) || aws.ToString(v.ETag) != aws.ToString(head.ETag) ||
				aws.ToInt64(v.Size) != aws.ToInt64(o.Size) || aws.ToInt64(v.Size) != aws.ToInt64(head.ContentLength) ||
				!lm.Equal(aws.ToTime(o.LastModified)) || !lm.Equal(aws.ToTime(head.LastModified)) || !lm.Equal(lm.Truncate(time.Second)) {
				t.Errorf("version %s %s %d %v; object %s %s %d %v; head %s %d %v", aws.ToString(v.Key), aws.ToString(v.ETag), aws.ToInt64(v.Size), lm,
					aws.ToString(o.Key), aws.ToString(o.ETag), aws.ToInt64(o.Size), o.LastModified,
					aws.ToString(head.ETag), aws.ToInt64(head.ContentLength), head.LastModified)
			}
		}
	})

	t.Run("GetBucketVersioning", func(t *testing.T) {
		out, err := h.s3.GetBucketVersioning(h.ctx, &s3.GetBucketVersioningInput{Bucket: bucket})
		if err != nil {
			t.Fatal(err)
		}
		if out.Status != "" || out.MFADelete != "" {
			t.Errorf("versioning %q, MFA delete %q; want neither", out.Status, out.MFADelete)
		}
	})
}

func testObjectVersionID(t *testing.T, h *harness) {
	bucket := aws.String(athenatest.Bucket)
	h.put(athenatest.Bucket, "vid/obj", []byte("body"))
	for _, tc := range []struct {
		name, version string
		status        int
		errorCode     string // for GetObject; HeadObject has no body
	}{
		{name: "null", version: "null"},
		{name: "well formed", version: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH", status: 404, errorCode: "NoSuchVersion"},
		{name: "malformed", version: "v1", status: 400, errorCode: "InvalidArgument"},
		{name: "empty", version: "", status: 400, errorCode: "InvalidArgument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			get, err := h.s3.GetObject(h.ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String("vid/obj"), VersionId: aws.String(tc.version)})
			if tc.status != 0 {
				wantS3Error(t, err, tc.status, tc.errorCode)
			} else {
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(get.Body)
				get.Body.Close()
				if err != nil || string(b) != "body" {
					t.Errorf("GetObject = %q, %v", b, err)
				}
			}
			_, err = h.s3.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: bucket, Key: aws.String("vid/obj"), VersionId: aws.String(tc.version)})
			if tc.status != 0 {
				wantS3Error(t, err, tc.status, "")
			} else if err != nil {
				t.Fatal(err)
			}
		})
	}
	// Enabling versioning is not supported: it would not be kept.
	_, err := h.s3.PutBucketVersioning(h.ctx, &s3.PutBucketVersioningInput{Bucket: bucket,
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
	wantS3Error(t, err, 501, "NotImplemented")
}
