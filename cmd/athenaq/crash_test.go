package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
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
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"
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
			// Any credentials do; the emulator refuses requests without.
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00")
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

func TestServeCrashDuringCTASLeavesAReadablePrefix(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts athenaq serve")
	}
	dir := t.TempDir()
	srv := serve(t, dir)
	ctx := context.Background()
	if _, err := srv.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("crash")}); err != nil {
		t.Fatal(err)
	}
	const rows = 1_000_000
	ctas := fmt.Sprintf(`CREATE TABLE default.crashed WITH (format = 'TEXTFILE', external_location = 's3://crash/ctas/',
	  bucketed_by = ARRAY['n'], bucket_count = 32)
	AS SELECT n, 'row number ' || CAST(n AS varchar) AS s FROM UNNEST(sequence(1, %d)) AS t(n)`, rows)
	start := func(s *served, sql string) string {
		out, err := s.athena.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(sql),
			ResultConfiguration: &athenatypes.ResultConfiguration{OutputLocation: aws.String("s3://crash/results/")}})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.QueryExecutionId)
	}
	wait := func(s *served, id string) *athenatypes.QueryExecution {
		for {
			out, err := s.athena.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: &id})
			if err != nil {
				t.Fatal(err)
			}
			switch out.QueryExecution.Status.State {
			case athenatypes.QueryExecutionStateSucceeded, athenatypes.QueryExecutionStateFailed, athenatypes.QueryExecutionStateCancelled:
				return out.QueryExecution
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	listPrefix := func(s *served) ([]types.Object, error) {
		out, err := s.s3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("crash"), Prefix: aws.String("ctas/")})
		if err != nil {
			return nil, err
		}
		return out.Contents, nil
	}

	start(srv, ctas)
	// Kill as soon as the first file is in S3: the CTAS has exported its
	// files and is uploading them.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		objs, err := listPrefix(srv)
		if err != nil {
			t.Fatal(err)
		}
		if len(objs) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the CTAS wrote nothing in 2 minutes")
		}
		time.Sleep(2 * time.Millisecond)
	}
	srv.kill(t)

	srv = serve(t, dir)
	objs, err := listPrefix(srv)
	if err != nil {
		t.Fatalf("ListObjectsV2 of the CTAS's prefix after the restart: %v", err)
	}
	t.Logf("killed after the first file of the CTAS; restarted in %v with %d of its 32 files", srv.startup, len(objs))
	for _, o := range objs {
		if sum, etag := getMD5(t, srv.s3, "crash", aws.ToString(o.Key)); sum != etag || etag != strings.Trim(aws.ToString(o.ETag), `"`) {
			t.Errorf("%s: MD5 %s, ETag %s, listed ETag %s", aws.ToString(o.Key), sum, etag, aws.ToString(o.ETag))
		}
	}
	if left := regularFiles(filepath.Join(dir, "tmp")); len(left) != 0 {
		t.Errorf("temporary files left: %q", left)
	}
	if len(objs) > 0 {
		// As Athena: the location must be emptied before a retry.
		qe := wait(srv, start(srv, ctas))
		if reason := aws.ToString(qe.Status.StateChangeReason); qe.Status.State != athenatypes.QueryExecutionStateFailed ||
			!strings.Contains(reason, "HIVE_PATH_ALREADY_EXISTS") {
			t.Fatalf("re-running the CTAS over the files left: %s %s", qe.Status.State, reason)
		}
		var ids []types.ObjectIdentifier
		for _, o := range objs {
			ids = append(ids, types.ObjectIdentifier{Key: o.Key})
		}
		if _, err := srv.s3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String("crash"), Delete: &types.Delete{Objects: ids}}); err != nil {
			t.Fatal(err)
		}
	}
	if qe := wait(srv, start(srv, ctas)); qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("re-running the CTAS: %s %s", qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
	}
	qe := wait(srv, start(srv, "SELECT count(*), sum(n) FROM default.crashed"))
	if qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("reading the table: %s", aws.ToString(qe.Status.StateChangeReason))
	}
	res, err := srv.athena.GetQueryResults(ctx, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{aws.ToString(res.ResultSet.Rows[1].Data[0].VarCharValue), aws.ToString(res.ResultSet.Rows[1].Data[1].VarCharValue)}
	if want := []string{strconv.Itoa(rows), strconv.Itoa(rows * (rows + 1) / 2)}; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("count, sum = %q, want %q", got, want)
	}
}

// vmHWM reads the peak resident set of pid, in KiB.
func vmHWM(t *testing.T, pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	t.Skip("no VmHWM in /proc/PID/status")
	return 0
}

// uploadParts uploads size bytes of patterned(seed) as parts of partSize,
// four at a time, and returns the completed parts.
func uploadParts(ctx context.Context, c *s3.Client, key, id string, seed byte, size, partSize int64) ([]types.CompletedPart, error) {
	src := newPatterned(seed, size)
	n := int((size + partSize - 1) / partSize)
	parts := make([]types.CompletedPart, n)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i := range n {
		// Parts are generated in order; each goroutine uploads its own.
		buf := make([]byte, min(partSize, size-int64(i)*partSize))
		io.ReadFull(src, buf)
		g.Go(func() error {
			out, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String("big"), Key: aws.String(key), UploadId: &id,
				PartNumber: aws.Int32(int32(i + 1)), Body: bytes.NewReader(buf)})
			if err != nil {
				return err
			}
			parts[i] = types.CompletedPart{PartNumber: aws.Int32(int32(i + 1)), ETag: out.ETag}
			return nil
		})
	}
	return parts, g.Wait()
}

// TestServeMultipartUploadInBoundedMemory uploads ATHENAQ_MULTIPART_MB
// (default 100) MiB in 8 MiB parts and reports the server's peak RSS; the
// parts go to disk, so the peak must not grow with the upload.
func TestServeMultipartUploadInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 100 MiB to athenaq serve")
	}
	size := crashSize(t, "ATHENAQ_MULTIPART_MB", 100)
	const partSize = 8 << 20
	dir := t.TempDir()
	srv := serve(t, dir)
	ctx := context.Background()
	if _, err := srv.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("big")}); err != nil {
		t.Fatal(err)
	}
	pid := srv.cmd.Process.Pid
	base := vmHWM(t, pid)
	peak := watchPeakRSS(pid)

	began := time.Now()
	up, err := srv.s3.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("big"), Key: aws.String("object")})
	if err != nil {
		t.Fatal(err)
	}
	parts, err := uploadParts(ctx, srv.s3, "object", aws.ToString(up.UploadId), 7, size, partSize)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.s3.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String("big"), Key: aws.String("object"),
		UploadId: up.UploadId, MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(began)
	sum, etag := getMD5(t, srv.s3, "big", "object")
	if want := md5Of(newPatterned(7, size)); sum != want || etag != want {
		t.Errorf("the object has MD5 %s and ETag %s, want %s", sum, etag, want)
	}

	// Abandoned uploads: four of a quarter of the size each, aborted.
	var ids []*string
	for i := range 4 {
		key := fmt.Sprint("abandoned-", i)
		up, err := srv.s3.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("big"), Key: aws.String(key)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := uploadParts(ctx, srv.s3, key, aws.ToString(up.UploadId), byte(i), size/4, partSize); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, up.UploadId)
	}
	uploads := filepath.Join(dir, "tmp", "uploads")
	var held int64
	for _, f := range regularFiles(uploads) {
		if fi, err := os.Stat(f); err == nil {
			held += fi.Size()
		}
	}
	if held < size-4*partSize {
		t.Errorf("the abandoned uploads hold %d bytes on disk, want about %d", held, size)
	}
	for i, id := range ids {
		if _, err := srv.s3.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String("big"),
			Key: aws.String(fmt.Sprint("abandoned-", i)), UploadId: id}); err != nil {
			t.Fatal(err)
		}
	}
	if left := regularFiles(uploads); len(left) != 0 {
		t.Errorf("%d part files left after the aborts", len(left))
	}
	peakKiB := peak()
	t.Logf("%d MiB multipart upload in %v: server peak RSS %d MiB (%d MiB at start), %d MiB of abandoned parts freed on abort",
		size>>20, took.Round(time.Millisecond), peakKiB>>10, base>>10, held>>20)
	if grew := (peakKiB - base) << 10; grew > 128<<20 {
		t.Errorf("the server's peak RSS grew by %d MiB during the upload, want under 128 MiB", grew>>20)
	}
}
