package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// The tests below kill a real `athenaq serve --data-dir` with SIGKILL at
// the worst moments and check what a restarted server answers.

// served is a running `athenaq serve` process.
type served struct {
	cmd     *exec.Cmd
	url     string
	startup time.Duration // from exec to listening
	s3      *s3.Client
	athena  *athena.Client
}

// serve starts the binary on a free port over dataDir and waits until it
// listens. The test's cleanup kills it.
func serve(t *testing.T, dataDir string) *served {
	t.Helper()
	cmd := exec.Command(plainBinary(t), "serve", "--addr", "127.0.0.1:0", "--data-dir", dataDir)
	cmd.Env = cleanEnv(t)
	var errOut syncBuffer
	cmd.Stderr = &errOut
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, url, ok := strings.Cut(sc.Text(), "listening on "); ok {
				found <- url
			}
		}
		close(found)
	}()
	var url string
	select {
	case u, ok := <-found:
		if !ok {
			cmd.Wait()
			t.Fatalf("athenaq serve ended before listening: %s", errOut.String())
		}
		url = u
	case <-time.After(2 * time.Minute):
		t.Fatalf("athenaq serve did not listen within 2 minutes: %s", errOut.String())
	}
	s := &served{cmd: cmd, url: url, startup: time.Since(began)}
	creds := credentials.NewStaticCredentialsProvider("test", "test", "")
	s.s3 = s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(url), UsePathStyle: true, Credentials: creds})
	s.athena = athena.New(athena.Options{Region: "us-east-1", BaseEndpoint: aws.String(url), Credentials: creds})
	return s
}

// kill ends the server with SIGKILL, as a crash or the OOM killer would.
func (s *served) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	s.cmd.Wait()
}

// patterned is a deterministic stream of n pseudo-random bytes; it calls
// at(k) once the k-th byte has been read, for the k given.
type patterned struct {
	rng  *rand.ChaCha8
	left int64
	read int64
	k    int64
	at   func()
}

func newPatterned(seed byte, n int64) *patterned {
	return &patterned{rng: rand.NewChaCha8([32]byte{seed}), left: n, k: -1}
}

func (p *patterned) Read(b []byte) (int, error) {
	if p.left == 0 {
		if p.at != nil && p.k == p.read {
			p.at()
			p.at = nil
		}
		return 0, io.EOF
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	if p.at != nil && p.k > p.read && p.read+int64(len(b)) > p.k {
		b = b[:p.k-p.read]
	}
	p.rng.Read(b)
	p.left -= int64(len(b))
	p.read += int64(len(b))
	if p.at != nil && p.read == p.k && p.left > 0 {
		p.at()
		p.at = nil
	}
	return len(b), nil
}

func md5Of(r io.Reader) string {
	h := md5.New()
	io.Copy(h, r)
	return hex.EncodeToString(h.Sum(nil))
}

// getMD5 reads an object and returns the MD5 of its bytes and its ETag.
func getMD5(t *testing.T, c *s3.Client, bucket, key string) (sum, etag string) {
	t.Helper()
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("GetObject %s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	return md5Of(out.Body), strings.Trim(aws.ToString(out.ETag), `"`)
}

// regularFiles lists the files under dir.
func regularFiles(dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// crashSize is the size of the large objects of the crash tests, in MiB:
// ATHENAQ_CRASH_MB, or 64.
func crashSize(t *testing.T, env string, def int64) int64 {
	if v := os.Getenv(env); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			t.Fatalf("%s=%q: want a number of MiB", env, v)
		}
		return n << 20
	}
	return def << 20
}

func TestServeCrashDuringOverwriteLeavesAWholeObject(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts athenaq serve")
	}
	size := crashSize(t, "ATHENAQ_CRASH_MB", 64)
	dir := t.TempDir()
	srv := serve(t, dir)
	ctx := context.Background()
	if _, err := srv.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("crash")}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("crash"), Key: aws.String("big"),
		Body: bytes.NewReader([]byte("version 1"))}); err != nil {
		t.Fatal(err)
	}
	v1 := md5Of(strings.NewReader("version 1"))
	v2 := md5Of(newPatterned(2, size))
	top := t // the servers live until the end of the test, not of a subtest
	for _, tc := range []struct {
		name   string
		killAt float64 // fraction of the new version's bytes sent
	}{
		{name: "a third sent", killAt: 0.33},
		{name: "nearly all sent", killAt: 0.99},
		{name: "all sent", killAt: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := newPatterned(2, size)
			body.k = int64(float64(size) * tc.killAt)
			killed := make(chan struct{})
			body.at = func() {
				srv.cmd.Process.Kill()
				close(killed)
			}
			req, err := http.NewRequest(http.MethodPut, srv.url+"/crash/big", body)
			if err != nil {
				t.Fatal(err)
			}
			req.ContentLength = size
			res, err := http.DefaultClient.Do(req)
			var answer []byte
			if err == nil {
				answer, _ = io.ReadAll(res.Body)
				res.Body.Close()
			}
			select {
			case <-killed:
			default:
				srv.kill(t)
				t.Fatalf("the PUT ended before the server was killed: %v %s", err, answer)
			}
			srv.cmd.Wait()
			acked := err == nil && res.StatusCode == http.StatusOK

			srv = serve(top, dir)
			t.Logf("killed with %.0f%% of %d MiB sent (acknowledged: %v); restarted in %v", tc.killAt*100, size>>20, acked, srv.startup)
			sum, etag := getMD5(t, srv.s3, "crash", "big")
			switch {
			case sum != etag:
				t.Errorf("GET answers bytes with MD5 %s under ETag %s", sum, etag)
			case acked && sum != v2:
				t.Errorf("an acknowledged overwrite was lost: MD5 %s", sum)
			case sum != v1 && sum != v2:
				t.Errorf("GET answers a mix: MD5 %s is neither version", sum)
			case tc.killAt < 1 && sum != v1:
				t.Errorf("GET answers the new version, but its upload was cut")
			}
			list, err := srv.s3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("crash")})
			if err != nil || len(list.Contents) != 1 || strings.Trim(aws.ToString(list.Contents[0].ETag), `"`) != etag {
				t.Errorf("ListObjectsV2 after the restart: %v", err)
			}
			if left := regularFiles(filepath.Join(dir, "tmp")); len(left) != 0 {
				t.Errorf("temporary files left: %q", left)
			}
			// bucket.json, and the object's metadata and data files.
			if got := regularFiles(filepath.Join(dir, "objects")); len(got) != 3 {
				t.Errorf("the store holds %d files, want 3 (no partial data): %q", len(got), got)
			}
		})
	}
}
