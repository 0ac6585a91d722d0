package emulator_test

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// TestS3SubresourcesKeepTheBody checks that PutObjectTagging and
// PutObjectAcl leave the object's body alone, that tags are stored and read
// back, and that ACLs are accepted, with objects in memory and on disk.
func TestS3SubresourcesKeepTheBody(t *testing.T) {
	backends := []struct {
		name string
		opts []athenatest.Option
	}{
		{"memory", nil},
		{"disk", []athenatest.Option{athenatest.WithOptions(emulator.Options{DataDir: t.TempDir()})}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { testSubresources(t, newHarness(t, b.opts...)) })
	}
}

func testSubresources(t *testing.T, h *harness) {
	bucket := aws.String(athenatest.Bucket)
	body := func(key string) string {
		t.Helper()
		out, err := h.s3.GetObject(h.ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String(key)})
		if err != nil {
			t.Fatalf("GetObject %s: %v", key, err)
		}
		defer out.Body.Close()
		b, err := io.ReadAll(out.Body)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tags := func(key string) []string {
		t.Helper()
		out, err := h.s3.GetObjectTagging(h.ctx, &s3.GetObjectTaggingInput{Bucket: bucket, Key: aws.String(key)})
		if err != nil {
			t.Fatalf("GetObjectTagging %s: %v", key, err)
		}
		var got []string
		for _, tg := range out.TagSet {
			got = append(got, aws.ToString(tg.Key)+"="+aws.ToString(tg.Value))
		}
		slices.Sort(got)
		return got
	}
	h.put(athenatest.Bucket, "sub/obj", []byte("the body"))
	if _, err := h.s3.PutObject(h.ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String("sub/tagged"),
		Body: strings.NewReader("tagged body"), Tagging: aws.String("x=1&y=two%20words")}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name     string
		do       func() error
		key      string
		wantTags []string
	}{
		{"no tags yet", func() error { return nil }, "sub/obj", nil},
		{"tags given at PutObject", func() error { return nil }, "sub/tagged", []string{"x=1", "y=two words"}},
		{"put tagging", func() error {
			_, err := h.s3.PutObjectTagging(h.ctx, &s3.PutObjectTaggingInput{Bucket: bucket, Key: aws.String("sub/obj"),
				Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("b"), Value: aws.String("")}}}})
			return err
		}, "sub/obj", []string{"a=1", "b="}},
		{"put acl", func() error {
			_, err := h.s3.PutObjectAcl(h.ctx, &s3.PutObjectAclInput{Bucket: bucket, Key: aws.String("sub/obj"), ACL: types.ObjectCannedACLPrivate})
			return err
		}, "sub/obj", []string{"a=1", "b="}},
		{"get acl", func() error {
			out, err := h.s3.GetObjectAcl(h.ctx, &s3.GetObjectAclInput{Bucket: bucket, Key: aws.String("sub/obj")})
			if err == nil && (len(out.Grants) != 1 || out.Grants[0].Permission != types.PermissionFullControl) {
				err = errors.New("grants are not the owner's full control")
			}
			return err
		}, "sub/obj", []string{"a=1", "b="}},
		{"replace tagging", func() error {
			_, err := h.s3.PutObjectTagging(h.ctx, &s3.PutObjectTaggingInput{Bucket: bucket, Key: aws.String("sub/tagged"),
				Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("z"), Value: aws.String("26")}}}})
			return err
		}, "sub/tagged", []string{"z=26"}},
		{"delete tagging", func() error {
			_, err := h.s3.DeleteObjectTagging(h.ctx, &s3.DeleteObjectTaggingInput{Bucket: bucket, Key: aws.String("sub/obj")})
			return err
		}, "sub/obj", nil},
	}
	wantBody := map[string]string{"sub/obj": "the body", "sub/tagged": "tagged body"}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			if got := tags(st.key); !slices.Equal(got, st.wantTags) {
				t.Errorf("tags of %s = %q, want %q", st.key, got, st.wantTags)
			}
			for key, want := range wantBody {
				if got := body(key); got != want {
					t.Errorf("body of %s = %q, want %q", key, got, want)
				}
			}
		})
	}
	t.Run("missing key", func(t *testing.T) {
		_, err := h.s3.GetObjectTagging(h.ctx, &s3.GetObjectTaggingInput{Bucket: bucket, Key: aws.String("sub/missing")})
		var nsk *types.NoSuchKey
		var api interface{ ErrorCode() string }
		if err == nil || !errors.As(err, &nsk) && !(errors.As(err, &api) && api.ErrorCode() == "NoSuchKey") {
			t.Errorf("GetObjectTagging of a missing key: %v, want NoSuchKey", err)
		}
		_, err = h.s3.PutObjectTagging(h.ctx, &s3.PutObjectTaggingInput{Bucket: bucket, Key: aws.String("sub/missing"),
			Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}}}})
		if err == nil || !errors.As(err, &api) || api.ErrorCode() != "NoSuchKey" {
			t.Errorf("PutObjectTagging of a missing key: %v, want NoSuchKey", err)
		}
		if _, err := h.s3.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: bucket, Key: aws.String("sub/missing")}); err == nil {
			t.Errorf("PutObjectTagging of a missing key created it")
		}
	})
}
