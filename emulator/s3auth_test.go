package emulator_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq/athenatest"
)

// TestS3RefusesUnsignedRequests checks that the embedded S3 answers a
// request without credentials as S3 answers an anonymous request for a
// private object, 403 AccessDenied, and serves requests with any
// credentials: signed, presigned (Signature Version 4 or 2).
func TestS3RefusesUnsignedRequests(t *testing.T) {
	h := newHarness(t)
	h.put(athenatest.Bucket, "auth/obj", []byte("secret"))
	base := h.env.Config.Endpoint + "/" + athenatest.Bucket
	presigned, err := s3.NewPresignClient(h.s3).PresignGetObject(h.ctx, &s3.GetObjectInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String("auth/obj")})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, method, url string
		header            map[string]string
		status            int
		body              string // a substring of the answer
	}{
		{name: "unsigned get", method: http.MethodGet, url: base + "/auth/obj", status: 403, body: "<Code>AccessDenied</Code>"},
		{name: "unsigned head", method: http.MethodHead, url: base + "/auth/obj", status: 403},
		{name: "unsigned put", method: http.MethodPut, url: base + "/auth/new", status: 403, body: "<Code>AccessDenied</Code>"},
		{name: "unsigned list", method: http.MethodGet, url: base + "?list-type=2", status: 403, body: "<Code>AccessDenied</Code>"},
		{name: "unsigned delete", method: http.MethodDelete, url: base + "/auth/obj", status: 403, body: "<Code>AccessDenied</Code>"},
		{name: "unsigned bucket listing", method: http.MethodGet, url: h.env.Config.Endpoint + "/", status: 403, body: "<Code>AccessDenied</Code>"},
		{name: "authorization header", method: http.MethodGet, url: base + "/auth/obj", header: map[string]string{"Authorization": fakeAuthorization},
			status: 200, body: "secret"},
		{name: "presigned", method: http.MethodGet, url: presigned.URL, status: 200, body: "secret"},
		{name: "presigned signature version 2", method: http.MethodGet, url: base + "/auth/obj?AWSAccessKeyId=any&Expires=4102444800&Signature=x",
			status: 200, body: "secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(h.ctx, tc.method, tc.url, strings.NewReader(""))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(res.Body)
			res.Body.Close()
			if err != nil || res.StatusCode != tc.status || !strings.Contains(string(b), tc.body) {
				t.Errorf("%d %q, %v; want %d with %q", res.StatusCode, b, err, tc.status, tc.body)
			}
		})
	}
	// The refused PUT and DELETE did nothing.
	if _, err := h.s3.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String("auth/new")}); err == nil {
		t.Error("an unsigned PUT created auth/new")
	}
	if b, err := h.object(athenatest.Bucket, "auth/obj"); err != nil || string(b) != "secret" {
		t.Errorf("auth/obj = %q, %v after an unsigned DELETE", b, err)
	}

	// An SDK client with anonymous credentials sends no signature.
	anon := s3.New(s3.Options{Region: h.env.Config.Region, BaseEndpoint: aws.String(h.env.Config.Endpoint), UsePathStyle: true,
		Credentials: aws.AnonymousCredentials{}})
	_, err = anon.GetObject(h.ctx, &s3.GetObjectInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String("auth/obj")})
	wantS3Error(t, err, 403, "AccessDenied")
	_, err = anon.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String("auth/obj")})
	wantS3Error(t, err, 403, "")
}
