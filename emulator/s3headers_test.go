package emulator_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/athenaq/athenaq/athenatest"
)

// rawS3 sends an S3 request with the given headers and returns the status
// and the header lines as sent on the wire, names in their own case
// (net/http's client would canonicalise them). The request carries an
// Authorization header (not a valid signature: the emulator checks only
// that credentials are there) unless header sets one; an empty value
// leaves it out.
func rawS3(t *testing.T, endpoint, method, path string, header map[string]string, body string) (int, []string) {
	t.Helper()
	u, err := url.Parse(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var req strings.Builder
	req.WriteString(method + " " + path + " HTTP/1.1\r\nHost: " + u.Host + "\r\nConnection: close\r\n")
	if _, ok := header["Authorization"]; !ok {
		req.WriteString("Authorization: " + fakeAuthorization + "\r\n")
	}
	for k, v := range header {
		if v != "" || k != "Authorization" {
			req.WriteString(k + ": " + v + "\r\n")
		}
	}
	if method == http.MethodPut {
		req.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n")
	}
	req.WriteString("\r\n" + body)
	if _, err := io.WriteString(conn, req.String()); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	statusLine, err := br.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(statusLine)
	if len(f) < 2 {
		t.Fatalf("status line %q", statusLine)
	}
	status, err := strconv.Atoi(f[1])
	if err != nil {
		t.Fatalf("status line %q", statusLine)
	}
	var lines []string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		lines = append(lines, line)
	}
	return status, lines
}

// fakeAuthorization is a Signature Version 4 Authorization header with a
// made-up signature.
const fakeAuthorization = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00"

// headerValue returns the value of the header line named exactly name.
func headerValue(lines []string, name string) (string, bool) {
	for _, l := range lines {
		if k, v, ok := strings.Cut(l, ":"); ok && k == name {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// TestS3UserMetadataNamesAreLowerCase checks that user metadata comes back
// under lower-case names, as S3 sends them, through the SDK and on the wire.
func TestS3UserMetadataNamesAreLowerCase(t *testing.T) {
	h := newHarness(t)
	_, err := h.s3.PutObject(h.ctx, &s3.PutObjectInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String("meta/obj"),
		Body: strings.NewReader("x"), Metadata: map[string]string{"Attr1": "one", "Mixed-Case": "two"}})
	if err != nil {
		t.Fatal(err)
	}
	head, err := h.s3.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String("meta/obj")})
	if err != nil {
		t.Fatal(err)
	}
	if len(head.Metadata) != 2 || head.Metadata["attr1"] != "one" || head.Metadata["mixed-case"] != "two" {
		t.Errorf("HeadObject Metadata = %v, want attr1=one mixed-case=two", head.Metadata)
	}
	for _, method := range []string{http.MethodHead, http.MethodGet} {
		t.Run(method, func(t *testing.T) {
			status, lines := rawS3(t, h.env.Config.Endpoint, method, "/"+athenatest.Bucket+"/meta/obj", nil, "")
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			for name, want := range map[string]string{"x-amz-meta-attr1": "one", "x-amz-meta-mixed-case": "two"} {
				if v, ok := headerValue(lines, name); !ok || v != want {
					t.Errorf("%s = %q, %v; headers %q", name, v, ok, lines)
				}
			}
			for _, l := range lines {
				if strings.HasPrefix(l, "X-Amz-Meta-") {
					t.Errorf("capitalised metadata header %q", l)
				}
			}
		})
	}
}

// TestS3ChecksumsOnlyOnWholeObjectReads checks that the checksum stored
// from a PutObject is sent only on a whole-object GET or HEAD with
// x-amz-checksum-mode: ENABLED, and that request headers of the PutObject
// are not echoed.
func TestS3ChecksumsOnlyOnWholeObjectReads(t *testing.T) {
	h := newHarness(t)
	body := "0123456789abcdefghij"
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc32.ChecksumIEEE([]byte(body)))
	crc := base64.StdEncoding.EncodeToString(sum[:])
	path := "/" + athenatest.Bucket + "/sums/obj"
	status, _ := rawS3(t, h.env.Config.Endpoint, http.MethodPut, path, map[string]string{
		"X-Amz-Date":            time.Now().UTC().Format("20060102T150405Z"),
		"X-Amz-Content-Sha256":  "UNSIGNED-PAYLOAD",
		"X-Amz-Checksum-Crc32":  crc,
		"X-Amz-Meta-Kept":       "yes",
		"X-Amz-Security-Token":  "tok",
		"X-Amz-Decoded-Content": "1",
	}, body)
	if status != 200 {
		t.Fatalf("PUT status %d", status)
	}
	enabled := map[string]string{"x-amz-checksum-mode": "ENABLED"}
	cases := []struct {
		name, method string
		header       map[string]string
		want         bool // whether the checksum is sent
		status       int
	}{
		{"whole get without mode", http.MethodGet, nil, false, 200},
		{"whole get with mode", http.MethodGet, enabled, true, 200},
		{"head without mode", http.MethodHead, nil, false, 200},
		{"head with mode", http.MethodHead, enabled, true, 200},
		{"ranged get with mode", http.MethodGet, map[string]string{"x-amz-checksum-mode": "ENABLED", "Range": "bytes=2-5"}, false, 206},
		{"ranged get without mode", http.MethodGet, map[string]string{"Range": "bytes=2-5"}, false, 206},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, lines := rawS3(t, h.env.Config.Endpoint, c.method, path, c.header, "")
			if status != c.status {
				t.Fatalf("status %d, want %d", status, c.status)
			}
			got := ""
			for _, l := range lines {
				k, v, _ := strings.Cut(l, ":")
				lk := strings.ToLower(k)
				switch {
				case lk == "x-amz-checksum-crc32":
					got = strings.TrimSpace(v)
				case lk == "x-amz-date", lk == "x-amz-content-sha256", lk == "x-amz-security-token",
					lk == "x-amz-decoded-content", lk == "x-amz-checksum-mode":
					t.Errorf("request header echoed: %q", l)
				}
			}
			if c.want && got != crc || !c.want && got != "" {
				t.Errorf("x-amz-checksum-crc32 = %q, want sent %v (%s)", got, c.want, crc)
			}
			if v, ok := headerValue(lines, "x-amz-meta-kept"); !ok || v != "yes" {
				t.Errorf("x-amz-meta-kept = %q, %v", v, ok)
			}
		})
	}
	// The SDK validates checksums it is sent: ranged and whole reads with
	// checksum mode both succeed and return the right bytes.
	for _, rng := range []string{"", "bytes=2-5"} {
		in := &s3.GetObjectInput{Bucket: aws.String(athenatest.Bucket), Key: aws.String("sums/obj"), ChecksumMode: types.ChecksumModeEnabled}
		want := body
		if rng != "" {
			in.Range, want = aws.String(rng), body[2:6]
		}
		out, err := h.s3.GetObject(h.ctx, in)
		if err != nil {
			t.Fatalf("GetObject range %q: %v", rng, err)
		}
		got, err := io.ReadAll(out.Body)
		out.Body.Close()
		if err != nil || !bytes.Equal(got, []byte(want)) {
			t.Errorf("GetObject range %q = %q, %v; want %q", rng, got, err, want)
		}
	}
}

// TestS3PutObjectReplacesMetadata checks that PutObject over an object
// replaces its metadata as a whole, as in S3: the keys the new object lacks
// are gone, in memory as on disk.
func TestS3PutObjectReplacesMetadata(t *testing.T) {
	for _, mode := range storageModes(t) {
		t.Run(mode.name, func(t *testing.T) {
			h := newHarness(t, athenatest.WithOptions(mode.opts))
			bucket, key := aws.String(athenatest.Bucket), aws.String("meta/replaced")
			for _, meta := range []map[string]string{{"a": "1", "b": "2"}, {"b": "3"}, {}} {
				_, err := h.s3.PutObject(h.ctx, &s3.PutObjectInput{Bucket: bucket, Key: key, Body: strings.NewReader("x"), Metadata: meta})
				if err != nil {
					t.Fatal(err)
				}
				head, err := h.s3.HeadObject(h.ctx, &s3.HeadObjectInput{Bucket: bucket, Key: key})
				if err != nil {
					t.Fatal(err)
				}
				if !maps.Equal(head.Metadata, meta) {
					t.Errorf("metadata %v after PutObject with %v", head.Metadata, meta)
				}
			}
		})
	}
}
