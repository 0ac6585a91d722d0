package emulator_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/athenaq/athenaq/athenatest"
)

// TestS3CopyObjectFollowsTheDirectives checks CopyObject's
// x-amz-metadata-directive and x-amz-tagging-directive as S3 applies them:
// COPY keeps the source's metadata, content type and tags and ignores the
// request's; REPLACE takes them from the request alone, so that a copy of an
// object onto itself can drop a metadata key (as fsspec's setxattr does).
func TestS3CopyObjectFollowsTheDirectives(t *testing.T) {
	for _, mode := range storageModes(t) {
		t.Run(mode.name, func(t *testing.T) {
			h := newHarness(t, athenatest.WithOptions(mode.opts))
			testCopyObject(t, h)
		})
	}
}

type copyState struct {
	meta        map[string]string
	contentType string
	tags        []string
	body        string
}

func testCopyObject(t *testing.T, h *harness) {
	bucket := aws.String(athenatest.Bucket)
	const body = "0123456789"
	srcMeta := map[string]string{"attr1": "value1", "attr-2": "value2"}
	for _, tc := range []struct {
		name    string
		self    bool // copy onto the source rather than to another key
		in      s3.CopyObjectInput
		source  string // CopySource suffix after bucket/key, such as ?versionId=null
		want    copyState
		status  int
		errCode string
	}{
		{name: "replace onto itself drops a key", self: true,
			in:   s3.CopyObjectInput{MetadataDirective: types.MetadataDirectiveReplace, Metadata: map[string]string{"attr1": "value1", "attr3": "value3"}},
			want: copyState{meta: map[string]string{"attr1": "value1", "attr3": "value3"}, contentType: "binary/octet-stream", tags: []string{"a=1"}}},
		{name: "replace with a content type", self: true,
			in: s3.CopyObjectInput{MetadataDirective: types.MetadataDirectiveReplace, ContentType: aws.String("text/plain"),
				Metadata: map[string]string{"attr4": "value4"}},
			want: copyState{meta: map[string]string{"attr4": "value4"}, contentType: "text/plain", tags: []string{"a=1"}}},
		{name: "replace with no metadata", self: true,
			in:   s3.CopyObjectInput{MetadataDirective: types.MetadataDirectiveReplace},
			want: copyState{meta: map[string]string{}, contentType: "binary/octet-stream", tags: []string{"a=1"}}},
		{name: "copy keeps the source's metadata",
			in:   s3.CopyObjectInput{Metadata: map[string]string{"ignored": "x"}, ContentType: aws.String("text/plain")},
			want: copyState{meta: srcMeta, contentType: "text/csv", tags: []string{"a=1"}}},
		{name: "copy directive spelled out",
			in:   s3.CopyObjectInput{MetadataDirective: types.MetadataDirectiveCopy, TaggingDirective: types.TaggingDirectiveCopy},
			want: copyState{meta: srcMeta, contentType: "text/csv", tags: []string{"a=1"}}},
		{name: "replace tags",
			in:   s3.CopyObjectInput{TaggingDirective: types.TaggingDirectiveReplace, Tagging: aws.String("b=2&c=3")},
			want: copyState{meta: srcMeta, contentType: "text/csv", tags: []string{"b=2", "c=3"}}},
		{name: "replace tags with none",
			in:   s3.CopyObjectInput{TaggingDirective: types.TaggingDirectiveReplace},
			want: copyState{meta: srcMeta, contentType: "text/csv"}},
		{name: "version null of the source", source: "?versionId=null",
			want: copyState{meta: srcMeta, contentType: "text/csv", tags: []string{"a=1"}}},
		{name: "onto itself unchanged", self: true, status: 400, errCode: "InvalidRequest"},
		{name: "unknown metadata directive", in: s3.CopyObjectInput{MetadataDirective: "MOVE"}, status: 400, errCode: "InvalidArgument"},
		{name: "unknown tagging directive", in: s3.CopyObjectInput{TaggingDirective: "MOVE"}, status: 400, errCode: "InvalidArgument"},
		{name: "other version of the source", source: "?versionId=" + strings.Repeat("v", 32), status: 404, errCode: "NoSuchVersion"},
		{name: "malformed version of the source", source: "?versionId=v1", status: 400, errCode: "InvalidArgument"},
		{name: "source etag differs", in: s3.CopyObjectInput{CopySourceIfMatch: aws.String(`"0000"`)}, status: 412, errCode: "PreconditionFailed"},
		{name: "source etag matches none", in: s3.CopyObjectInput{CopySourceIfNoneMatch: aws.String(`"0000"`)},
			want: copyState{meta: srcMeta, contentType: "text/csv", tags: []string{"a=1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "copy/" + strings.ReplaceAll(tc.name, " ", "-")
			_, err := h.s3.PutObject(h.ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String(src), Body: strings.NewReader(body),
				ContentType: aws.String("text/csv"), Metadata: srcMeta, Tagging: aws.String("a=1")})
			if err != nil {
				t.Fatal(err)
			}
			dst := src
			if !tc.self {
				dst += "-copy"
			}
			in := tc.in
			in.Bucket, in.Key, in.CopySource = bucket, aws.String(dst), aws.String(athenatest.Bucket+"/"+src+tc.source)
			out, err := h.s3.CopyObject(h.ctx, &in)
			if tc.status != 0 {
				wantS3Error(t, err, tc.status, tc.errCode)
				if !tc.self {
					_, err := h.s3.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: bucket, Key: aws.String(dst)})
					wantS3Error(t, err, 404, "")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			head, err := h.s3.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: bucket, Key: aws.String(dst)})
			if err != nil {
				t.Fatal(err)
			}
			if aws.ToString(out.CopyObjectResult.ETag) != aws.ToString(head.ETag) || !out.CopyObjectResult.LastModified.Equal(aws.ToTime(head.LastModified)) {
				t.Errorf("CopyObjectResult %s %v, HeadObject %s %v", aws.ToString(out.CopyObjectResult.ETag), out.CopyObjectResult.LastModified,
					aws.ToString(head.ETag), head.LastModified)
			}
			tagsOut, err := h.s3.GetObjectTagging(h.ctx, &s3.GetObjectTaggingInput{Bucket: bucket, Key: aws.String(dst)})
			if err != nil {
				t.Fatal(err)
			}
			var tags []string
			for _, tg := range tagsOut.TagSet {
				tags = append(tags, aws.ToString(tg.Key)+"="+aws.ToString(tg.Value))
			}
			slices.Sort(tags)
			b, err := h.object(athenatest.Bucket, dst)
			if err != nil {
				t.Fatal(err)
			}
			got := copyState{meta: head.Metadata, contentType: aws.ToString(head.ContentType), tags: tags, body: string(b)}
			want := tc.want
			want.body = body
			if !maps.Equal(got.meta, want.meta) || got.contentType != want.contentType || !slices.Equal(got.tags, want.tags) || got.body != want.body {
				t.Errorf("copy = %+v, want %+v", got, want)
			}
		})
	}
}
