package emulator_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

func TestS3GetObjectHonoursRangeAndIfMatch(t *testing.T) {
	h := newHarness(t)
	h.put(athenatest.Bucket, "r/ten", []byte("0123456789"))
	h.put(athenatest.Bucket, "r/empty", nil)
	head, err := h.s3.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String("r/ten")})
	if err != nil {
		t.Fatal(err)
	}
	etag := aws.ToString(head.ETag)
	for _, tc := range []struct {
		name, key, rng, ifMatch string
		head                    bool
		want                    string // body, or "" with status
		status                  int    // 0 for success
	}{
		{name: "range", key: "r/ten", rng: "bytes=2-5", want: "2345"},
		{name: "range and matching etag", key: "r/ten", rng: "bytes=7-9", ifMatch: etag, want: "789"},
		{name: "unquoted etag", key: "r/ten", ifMatch: etag[1 : len(etag)-1], want: "0123456789"},
		{name: "one of a list", key: "r/ten", ifMatch: `"x", ` + etag, want: "0123456789"},
		{name: "star", key: "r/ten", ifMatch: "*", want: "0123456789"},
		{name: "other etag", key: "r/ten", rng: "bytes=2-5", ifMatch: `"0000"`, status: 412},
		{name: "other etag on an empty object", key: "r/empty", ifMatch: `"0000"`, status: 412},
		{name: "head with other etag", key: "r/ten", ifMatch: `"0000"`, head: true, status: 412},
		{name: "head with matching etag", key: "r/ten", ifMatch: etag, head: true},
		{name: "missing object", key: "r/none", ifMatch: `"0000"`, status: 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body []byte
			var err error
			if tc.head {
				_, err = h.s3.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String(tc.key),
					IfMatch: nonEmpty(tc.ifMatch)})
			} else {
				var out *s3.GetObjectOutput
				out, err = h.s3.GetObject(h.ctx, &s3.GetObjectInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String(tc.key),
					Range: nonEmpty(tc.rng), IfMatch: nonEmpty(tc.ifMatch)})
				if err == nil {
					body, err = io.ReadAll(out.Body)
					out.Body.Close()
				}
			}
			if tc.status != 0 {
				var re *awshttp.ResponseError
				if !errors.As(err, &re) || re.HTTPStatusCode() != tc.status {
					t.Fatalf("err = %v, want HTTP %d", err, tc.status)
				}
				var api smithy.APIError
				if tc.status == 412 && !tc.head && (!errors.As(err, &api) || api.ErrorCode() != "PreconditionFailed") {
					t.Errorf("err = %v, want PreconditionFailed", err)
				}
				return
			}
			if err != nil || string(body) != tc.want {
				t.Errorf("got %q, %v; want %q", body, err, tc.want)
			}
		})
	}
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func TestS3CutRateCutsGetObjectBodies(t *testing.T) {
	data := make([]byte, 256<<10)
	_, _ = rand.NewChaCha8([32]byte{1}).Read(data)
	t.Run("every body", func(t *testing.T) {
		h := newHarness(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{S3CutRate: 1, Seed: 5}}))
		h.put(athenatest.Bucket, "cut/obj", data)
		got, err := h.object(athenatest.Bucket, "cut/obj")
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("read %d bytes, err %v; want io.ErrUnexpectedEOF", len(got), err)
		}
		if len(got) >= len(data) || !bytes.Equal(got, data[:len(got)]) {
			t.Errorf("got %d bytes, want a strict prefix of the %d-byte object", len(got), len(data))
		}
		if n := h.env.Server.Stats().S3Cuts; n != 1 {
			t.Errorf("Stats.S3Cuts = %d, want 1", n)
		}
		// Writes, listings, HEADs and errors are not cut.
		h.put(athenatest.Bucket, "cut/other", []byte("x"))
		if _, err := h.s3.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String("cut/obj")}); err != nil {
			t.Error(err)
		}
		if _, err := h.s3.ListObjectsV2(h.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(athenatest.Bucket)}); err != nil {
			t.Error(err)
		}
		if _, err := h.object(athenatest.Bucket, "cut/none"); err == nil {
			t.Error("GET of a missing object succeeded")
		}
		if n := h.env.Server.Stats().S3Cuts; n != 1 {
			t.Errorf("Stats.S3Cuts = %d after other calls, want 1", n)
		}
	})
	t.Run("a fraction", func(t *testing.T) {
		h := newHarness(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{S3CutRate: 0.5, Seed: 9}}))
		h.put(athenatest.Bucket, "cut/obj", data)
		cut := 0
		for range 40 {
			got, err := h.object(athenatest.Bucket, "cut/obj")
			switch {
			case err != nil:
				cut++
			case !bytes.Equal(got, data):
				t.Fatalf("an uncut read returned %d bytes that differ from the object", len(got))
			}
		}
		if cut < 8 || cut > 32 {
			t.Errorf("%d of 40 GETs cut at rate 0.5", cut)
		}
		if n := h.env.Server.Stats().S3Cuts; n != int64(cut) {
			t.Errorf("Stats.S3Cuts = %d, want %d", n, cut)
		}
	})
}

// The stats endpoint shows the cuts too.
func TestS3CutsInStatsEndpoint(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{S3CutRate: 1}}))
	h.put(athenatest.Bucket, "cut/obj", []byte("some bytes"))
	if _, err := h.object(athenatest.Bucket, "cut/obj"); err == nil {
		t.Fatal("GET not cut at rate 1")
	}
	resp, err := http.Get(h.env.Config.Endpoint + "/_emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !bytes.Contains(body, []byte(`"s3Cuts": 1`)) {
		t.Errorf("stats = %s, want s3Cuts 1", body)
	}
}
