package diskstore_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3/backend/s3afero"
	"github.com/spf13/afero"
)

// TestImportAferoMovesEveryObject writes a data directory as earlier
// versions of the emulator did (gofakes3's s3afero backend), damages it as
// a crash of that backend could, and moves it into a store.
func TestImportAferoMovesEveryObject(t *testing.T) {
	root := t.TempDir()
	data, meta := filepath.Join(root, "s3"), filepath.Join(root, "s3meta")
	for _, d := range []string{data, meta} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	fs, _ := s3afero.NewBasePathFs(afero.NewOsFs(), data, 0)
	metaFs, _ := s3afero.NewBasePathFs(afero.NewOsFs(), meta, 0)
	old, err := s3afero.MultiBucket(fs, s3afero.MultiWithMetaFs(metaFs))
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{
		"tables/t/part-0.csv": "1,a\n",
		"results/q.csv":       `"x"` + "\n",
		"no-metadata/x.bin":   "written, then the process died before the metadata",
		"stale/x":             "replaced in place after its metadata was written",
	}
	if err := old.CreateBucket("old-bucket"); err != nil {
		t.Fatal(err)
	}
	for k, v := range bodies {
		if _, err := old.PutObject("old-bucket", k, map[string]string{"Content-Type": "text/csv"}, strings.NewReader(v), int64(len(v)), nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.CreateBucket("empty-bucket"); err != nil {
		t.Fatal(err)
	}
	// The crash cases: metadata that never reached the disk, and a file
	// truncated and rewritten in place without its metadata.
	metas, _ := filepath.Glob(filepath.Join(meta, "old-bucket", "no-metadata_x.bin-*"))
	if len(metas) != 1 {
		t.Fatalf("metadata files of no-metadata/x.bin: %q", metas)
	}
	if err := os.Remove(metas[0]); err != nil {
		t.Fatal(err)
	}
	bodies["stale/x"] = "torn"
	if err := os.WriteFile(filepath.Join(data, "buckets", "old-bucket", "stale", "x"), []byte("torn"), 0o644); err != nil {
		t.Fatal(err)
	}

	st := open(t, filepath.Join(root, "objects"))
	n, err := st.ImportAfero(data, meta)
	if err != nil || n != len(bodies) {
		t.Fatalf("ImportAfero = %d, %v; want %d objects", n, err, len(bodies))
	}
	for _, d := range []string{data, meta} {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("%s is still there: %v", d, err)
		}
	}
	st = open(t, filepath.Join(root, "objects"))
	want := slices.Sorted(func(yield func(string) bool) {
		for k := range bodies {
			if !yield(k) {
				return
			}
		}
	})
	if got := keys(t, st, "old-bucket"); !slices.Equal(got, want) {
		t.Errorf("keys %q, want %q", got, want)
	}
	for k, v := range bodies {
		if got, err := get(t, st, "old-bucket", k); err != nil || got != v { // get checks the MD5
			t.Errorf("%s = %q, %v; want %q", k, got, err, v)
		}
	}
	head, err := st.HeadObject("old-bucket", "results/q.csv")
	if err != nil || head.Metadata["Content-Type"] != "text/csv" || head.Metadata["Last-Modified"] == "" {
		t.Errorf("headers of an imported object: %v, %v", head, err)
	}
	if ok, _ := st.BucketExists("empty-bucket"); !ok {
		t.Error("the empty bucket was not imported")
	}
}
