package diskstore_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"

	"github.com/athenaq/athenaq/emulator/internal/diskstore"
)

func open(t testing.TB, dir string) *diskstore.Store {
	t.Helper()
	st, err := diskstore.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func mustBucket(t testing.TB, st *diskstore.Store, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := st.CreateBucket(n); err != nil {
			t.Fatal(err)
		}
	}
}

func put(t testing.TB, st *diskstore.Store, bucket, key, body string) {
	t.Helper()
	if _, err := st.PutObject(bucket, key, map[string]string{"Content-Type": "text/plain"}, strings.NewReader(body), int64(len(body)), nil); err != nil {
		t.Fatalf("put %q: %v", key, err)
	}
}

// get reads an object and checks that its hash is the MD5 of its bytes.
func get(t testing.TB, st *diskstore.Store, bucket, key string) (string, error) {
	t.Helper()
	obj, err := st.GetObject(bucket, key, nil)
	if err != nil {
		return "", err
	}
	defer obj.Contents.Close()
	b, err := io.ReadAll(obj.Contents)
	if err != nil {
		t.Fatal(err)
	}
	if sum := md5.Sum(b); !bytes.Equal(obj.Hash, sum[:]) || obj.Size != int64(len(b)) {
		t.Errorf("%s: hash %x size %d, but the bytes have MD5 %x and length %d", key, obj.Hash, obj.Size, sum, len(b))
	}
	return string(b), nil
}

func keys(t testing.TB, st *diskstore.Store, bucket string) []string {
	t.Helper()
	list, err := st.ListBucket(bucket, nil, gofakes3.ListBucketPage{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range list.Contents {
		out = append(out, c.Key)
	}
	return out
}

// files lists the files under dir, relative to it.
func files(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestKeysAreOpaqueStrings(t *testing.T) {
	long := strings.Repeat("s", 300)
	for _, tc := range []struct {
		name string
		keys []string
	}{
		{name: "dot-dot segments", keys: []string{"../b/x", "a/../../b/y", "..", "../../../../etc/passwd"}},
		{name: "dot segments", keys: []string{".", "./x", "x/./y"}},
		{name: "empty segments", keys: []string{"x//y", "//", "/leading", "x/"}},
		{name: "folder and file", keys: []string{"x", "x/", "x/y", "x/y/"}},
		{name: "NUL and percent", keys: []string{"a\x00b", "%00", "a%2Fb", "a%2e%2e/b"}},
		{name: "long segments", keys: []string{long, long + "/" + long + "/x", strings.Repeat("k", 1024)}},
		{name: "separators of other systems", keys: []string{`a\..\..\b`, "c:x", "a\nb"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			st := open(t, dir)
			mustBucket(t, st, "bucket-a", "bucket-b")
			for i, k := range tc.keys {
				put(t, st, "bucket-a", k, "body "+string(rune('0'+i)))
			}
			check := func(st *diskstore.Store) {
				t.Helper()
				want := slices.Clone(tc.keys)
				slices.Sort(want)
				if got := keys(t, st, "bucket-a"); !slices.Equal(got, want) {
					t.Errorf("bucket-a lists %q, want %q", got, want)
				}
				if got := keys(t, st, "bucket-b"); len(got) != 0 {
					t.Errorf("bucket-b lists %q, want nothing", got)
				}
				for i, k := range tc.keys {
					if body, err := get(t, st, "bucket-a", k); err != nil || body != "body "+string(rune('0'+i)) {
						t.Errorf("get %q = %q, %v", k, body, err)
					}
				}
			}
			check(st)
			check(open(t, dir)) // and after a restart
			for _, f := range files(t, dir) {
				if !strings.HasPrefix(f, "bucket-a"+string(filepath.Separator)) && !strings.HasPrefix(f, "bucket-b"+string(filepath.Separator)) {
					t.Errorf("file %s is outside the buckets' folders", f)
				}
			}
		})
	}
}

func TestOverwriteKeepsReadersOnTheOldVersion(t *testing.T) {
	st := open(t, t.TempDir())
	mustBucket(t, st, "bucket-a")
	put(t, st, "bucket-a", "k", "old version")
	obj, err := st.GetObject("bucket-a", "k", nil)
	if err != nil {
		t.Fatal(err)
	}
	put(t, st, "bucket-a", "k", "the new version")
	b, err := io.ReadAll(obj.Contents)
	obj.Contents.Close()
	if err != nil || string(b) != "old version" {
		t.Errorf("an open reader got %q, %v; want the old version whole", b, err)
	}
	if body, _ := get(t, st, "bucket-a", "k"); body != "the new version" {
		t.Errorf("get after the overwrite = %q", body)
	}
}

// failingReader gives n bytes and then an error, as a body cut off by a
// broken connection or a Content-MD5 mismatch.
type failingReader struct {
	n   int
	err error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, r.err
	}
	n := min(len(p), r.n)
	for i := range p[:n] {
		p[i] = 'x'
	}
	r.n -= n
	return n, nil
}

func TestFailedPutLeavesThePreviousVersion(t *testing.T) {
	cut := errors.New("connection reset")
	for _, tc := range []struct {
		name string
		body io.Reader
		size int64
		want error // nil: any error
	}{
		{name: "body cut off", body: &failingReader{n: 1000, err: cut}, size: 5000, want: cut},
		{name: "body shorter than its length", body: strings.NewReader("short"), size: 5000},
		{name: "body longer than its length", body: strings.NewReader("longer than announced"), size: 3},
		{name: "error at the end of the body", body: &failingReader{n: 10, err: cut}, size: 10, want: cut},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			st := open(t, dir)
			mustBucket(t, st, "bucket-a")
			put(t, st, "bucket-a", "k", "v1")
			before := files(t, dir)
			_, err := st.PutObject("bucket-a", "k", nil, tc.body, tc.size, nil)
			if err == nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if body, err := get(t, st, "bucket-a", "k"); err != nil || body != "v1" {
				t.Errorf("get = %q, %v; want v1", body, err)
			}
			if after := files(t, dir); !slices.Equal(before, after) {
				t.Errorf("files %q, want %q as before the put", after, before)
			}
		})
	}
}

func TestOpenSweepsWhatACrashLeft(t *testing.T) {
	dir := t.TempDir()
	st := open(t, dir)
	mustBucket(t, st, "bucket-a", "gone")
	put(t, st, "bucket-a", "k", "committed")
	put(t, st, "gone", "k", "x")
	clean := files(t, dir)
	var folder string
	for _, f := range clean {
		if strings.HasSuffix(f, ".json") && strings.HasPrefix(f, "bucket-a"+string(filepath.Separator)) && !strings.HasSuffix(f, "bucket.json") {
			folder = filepath.Join(dir, filepath.Dir(f))
		}
	}
	// What a crash can leave: a data file written but never committed, a
	// temporary metadata file, a bucket folder that a deletion had renamed,
	// and a bucket folder whose creation did not finish.
	for name, body := range map[string]string{
		filepath.Join(folder, "0123456789abcdef0123456789abcdef-feedfacefeedface"): "uncommitted bytes",
		filepath.Join(folder, "0123456789abcdef0123456789abcdef.json.tmp-1"):       `{"key":`,
	} {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Rename(filepath.Join(dir, "gone"), filepath.Join(dir, ".trash-1")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "half-created"), 0o755); err != nil {
		t.Fatal(err)
	}
	st = open(t, dir)
	if body, err := get(t, st, "bucket-a", "k"); err != nil || body != "committed" {
		t.Errorf("get = %q, %v", body, err)
	}
	var want []string
	for _, f := range clean {
		if !strings.HasPrefix(f, "gone"+string(filepath.Separator)) {
			want = append(want, f)
		}
	}
	if got := files(t, dir); !slices.Equal(got, want) {
		t.Errorf("files after Open: %q, want %q", got, want)
	}
	if ok, _ := st.BucketExists("half-created"); ok {
		t.Error("a bucket folder without bucket.json is listed as a bucket")
	}
}

func TestUnreadableMetadataDropsOnlyItsObject(t *testing.T) {
	dir := t.TempDir()
	st := open(t, dir)
	mustBucket(t, st, "bucket-a")
	put(t, st, "bucket-a", "bad", "x")
	put(t, st, "bucket-a", "good", "y")
	var metas []string
	for _, f := range files(t, dir) {
		if strings.HasSuffix(f, ".json") && !strings.HasSuffix(f, "bucket.json") {
			metas = append(metas, filepath.Join(dir, f))
		}
	}
	for _, m := range metas {
		raw, _ := os.ReadFile(m)
		if strings.Contains(string(raw), `"key":"bad"`) {
			if err := os.WriteFile(m, raw[:len(raw)/2], 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	st = open(t, dir)
	if got := keys(t, st, "bucket-a"); !slices.Equal(got, []string{"good"}) {
		t.Errorf("keys = %q, want only good", got)
	}
}

func TestListPagesLikeS3(t *testing.T) {
	st := open(t, t.TempDir())
	mustBucket(t, st, "bucket-a")
	for _, k := range []string{"a", "b/1", "b/2", "b/3", "c", "d/x/1", "d/y", "e"} {
		put(t, st, "bucket-a", k, k)
	}
	for _, tc := range []struct {
		name      string
		prefix    gofakes3.Prefix
		pageSize  int64
		wantPages []string // per page: entries joined by " " (prefixes end with the delimiter)
	}{
		{name: "all", wantPages: []string{"a b/1 b/2 b/3 c d/x/1 d/y e"}},
		{name: "pages of 3", pageSize: 3, wantPages: []string{"a b/1 b/2", "b/3 c d/x/1", "d/y e"}},
		{name: "delimiter", prefix: gofakes3.Prefix{Delimiter: "/", HasDelimiter: true}, pageSize: 2,
			wantPages: []string{"a b/", "c d/", "e"}},
		{name: "prefix and delimiter", prefix: gofakes3.Prefix{Prefix: "d/", HasPrefix: true, Delimiter: "/", HasDelimiter: true},
			pageSize: 1, wantPages: []string{"d/x/", "d/y"}},
		{name: "prefix", prefix: gofakes3.Prefix{Prefix: "b/", HasPrefix: true}, pageSize: 2, wantPages: []string{"b/1 b/2", "b/3"}},
		{name: "no match", prefix: gofakes3.Prefix{Prefix: "z", HasPrefix: true}, wantPages: []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			page := gofakes3.ListBucketPage{MaxKeys: tc.pageSize}
			for range 10 {
				list, err := st.ListBucket("bucket-a", &tc.prefix, page)
				if err != nil {
					t.Fatal(err)
				}
				var entries []string
				for _, c := range list.Contents {
					entries = append(entries, c.Key)
				}
				for _, p := range list.CommonPrefixes {
					entries = append(entries, p.Prefix)
				}
				slices.Sort(entries)
				got = append(got, strings.Join(entries, " "))
				if !list.IsTruncated {
					break
				}
				page.Marker, page.HasMarker = list.NextMarker, true
			}
			if !slices.Equal(got, tc.wantPages) {
				t.Errorf("pages %q, want %q", got, tc.wantPages)
			}
		})
	}
}

func TestConcurrentOverwritesLeaveOneWholeVersion(t *testing.T) {
	dir := t.TempDir()
	st := open(t, dir)
	mustBucket(t, st, "bucket-a")
	bodies := make([]string, 8)
	for i := range bodies {
		bodies[i] = strings.Repeat(string(rune('a'+i)), 64<<10)
	}
	var wg sync.WaitGroup
	for _, b := range bodies {
		wg.Go(func() {
			for range 5 {
				put(t, st, "bucket-a", "k", b)
				if _, err := get(t, st, "bucket-a", "k"); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	got, err := get(t, open(t, dir), "bucket-a", "k")
	if err != nil || !slices.Contains(bodies, got) {
		t.Errorf("after concurrent overwrites: %d bytes, %v; want one whole version", len(got), err)
	}
	if n := len(files(t, dir)); n != 3 { // bucket.json, metadata, data
		t.Errorf("%d files left, want 3: %q", n, files(t, dir))
	}
}

func TestPutConditionsAreCheckedAtTheCommit(t *testing.T) {
	st := open(t, t.TempDir())
	mustBucket(t, st, "bucket-a")
	star := "*"
	if _, err := st.PutObject("bucket-a", "k", nil, strings.NewReader("1"), 1, &gofakes3.PutConditions{IfNoneMatch: &star}); err != nil {
		t.Fatal(err)
	}
	_, err := st.PutObject("bucket-a", "k", nil, strings.NewReader("2"), 1, &gofakes3.PutConditions{IfNoneMatch: &star})
	if !gofakes3.HasErrorCode(err, gofakes3.ErrPreconditionFailed) {
		t.Errorf("second If-None-Match put: %v, want PreconditionFailed", err)
	}
	sum := md5.Sum([]byte("1"))
	etag := hex.EncodeToString(sum[:])
	if _, err := st.PutObject("bucket-a", "k", nil, strings.NewReader("3"), 1, &gofakes3.PutConditions{IfMatch: &etag}); err != nil {
		t.Errorf("If-Match with the current ETag: %v", err)
	}
	if body, _ := get(t, st, "bucket-a", "k"); body != "3" {
		t.Errorf("body = %q, want 3", body)
	}
}

func TestBucketDeletion(t *testing.T) {
	dir := t.TempDir()
	st := open(t, dir)
	mustBucket(t, st, "bucket-a", "bucket-b")
	put(t, st, "bucket-a", "k", "x")
	if err := st.DeleteBucket("bucket-a"); !gofakes3.HasErrorCode(err, gofakes3.ErrBucketNotEmpty) {
		t.Errorf("DeleteBucket of a non-empty bucket: %v", err)
	}
	if err := st.DeleteBucket("bucket-b"); err != nil {
		t.Fatal(err)
	}
	if err := st.ForceDeleteBucket("bucket-a"); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteBucket("bucket-a"); !gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchBucket) {
		t.Errorf("DeleteBucket of a deleted bucket: %v", err)
	}
	if f := files(t, dir); len(f) != 0 {
		t.Errorf("files left: %q", f)
	}
	if _, err := st.PutObject("bucket-a", "k", nil, strings.NewReader("x"), 1, nil); !gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchBucket) {
		t.Errorf("put into a deleted bucket: %v", err)
	}
}

func TestDeleteAndRange(t *testing.T) {
	st := open(t, t.TempDir())
	mustBucket(t, st, "bucket-a")
	put(t, st, "bucket-a", "k", "0123456789")
	obj, err := st.GetObject("bucket-a", "k", &gofakes3.ObjectRangeRequest{Start: 2, End: 5})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(obj.Contents)
	obj.Contents.Close()
	if string(b) != "2345" || obj.Range == nil || obj.Range.Length != 4 {
		t.Errorf("range 2-5 = %q, %+v", b, obj.Range)
	}
	res, err := st.DeleteMulti("bucket-a", "k", "missing")
	if err != nil || len(res.Deleted) != 2 || len(res.Error) != 0 {
		t.Errorf("DeleteMulti = %+v, %v", res, err)
	}
	if _, err := st.GetObject("bucket-a", "k", nil); !gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchKey) {
		t.Errorf("get after delete: %v", err)
	}
}

// FuzzKeys stores objects under arbitrary keys: each must read and list
// back exactly, and every file must stay inside its bucket's folder.
func FuzzKeys(f *testing.F) {
	for _, k := range []string{"x", "x/", "../bucket-b/x", "a//b", "\x00", "%00", ".", "..", "/", strings.Repeat("z", 300), "a/./b/../c"} {
		f.Add(k, "v")
	}
	f.Fuzz(func(t *testing.T, key, body string) {
		dir := t.TempDir()
		st := open(t, dir)
		mustBucket(t, st, "bucket-a", "bucket-b")
		put(t, st, "bucket-a", key, body)
		put(t, st, "bucket-a", key+"/", "folder")
		if got, err := get(t, st, "bucket-a", key); err != nil || got != body {
			t.Errorf("get %q = %q, %v", key, got, err)
		}
		want := []string{key, key + "/"}
		if got := keys(t, st, "bucket-a"); !slices.Equal(got, want) {
			t.Errorf("list = %q, want %q", got, want)
		}
		if got := keys(t, st, "bucket-b"); len(got) != 0 {
			t.Errorf("bucket-b lists %q", got)
		}
		for _, f := range files(t, dir) {
			if !strings.HasPrefix(f, "bucket-a"+string(filepath.Separator)) && !strings.HasPrefix(f, "bucket-b"+string(filepath.Separator)) {
				t.Errorf("file %s is outside the buckets' folders", f)
			}
		}
	})
}
