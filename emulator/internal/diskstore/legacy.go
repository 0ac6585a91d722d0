package diskstore

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/fnv"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// ImportAfero moves the objects of a data directory written by gofakes3's
// s3afero backend into the store: each bucket folder under
// <dataDir>/buckets and each file in it, with its metadata from metaDir. It
// keeps the headers and modification time, and recomputes the size and MD5
// when the metadata is missing or does not match the file (an interrupted
// write of that backend). Objects whose key is already in the store are
// replaced. It removes dataDir and metaDir once every object is moved, so an
// interrupted import resumes at the next Open. It returns the number of
// objects moved.
func (s *Store) ImportAfero(dataDir, metaDir string) (int, error) {
	root := filepath.Join(dataDir, "buckets")
	buckets, err := os.ReadDir(root)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return 0, err
	}
	n := 0
	for _, e := range buckets {
		name := e.Name()
		if !e.IsDir() || gofakes3.ValidateBucketName(name) != nil {
			continue
		}
		if err := s.CreateBucket(name); err != nil && !gofakes3.HasErrorCode(err, gofakes3.ErrBucketAlreadyExists) {
			return n, err
		}
		bdir := filepath.Join(root, name)
		err := filepath.WalkDir(bdir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			rel, err := filepath.Rel(bdir, path)
			if err != nil {
				return err
			}
			if err := s.importFile(name, filepath.ToSlash(rel), path, metaDir); err != nil {
				return err
			}
			n++
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	if err := os.RemoveAll(dataDir); err != nil {
		return n, err
	}
	return n, os.RemoveAll(metaDir)
}

// aferoMeta is the metadata file of gofakes3's s3afero backend.
type aferoMeta struct {
	ModTime time.Time
	Size    int64
	Hash    []byte
	Meta    map[string]string
}

// aferoMetaPath is where s3afero keeps the metadata of bucket/key.
func aferoMetaPath(metaDir, bucket, key string) string {
	h := fnv.New128a()
	h.Write([]byte(key))
	flat := strings.NewReplacer("/", "_", `\`, "_").Replace(key)
	return filepath.Join(metaDir, bucket, flat+"-"+hex.EncodeToString(h.Sum(nil)))
}

// importFile moves one s3afero object into the store: link (or copy) the
// file to a new data file, commit it, then remove the old file and its
// metadata.
func (s *Store) importFile(bucketName, key, path, metaDir string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	metaPath := aferoMetaPath(metaDir, bucketName, key)
	var m aferoMeta
	if raw, err := os.ReadFile(metaPath); err == nil {
		if json.Unmarshal(raw, &m) != nil {
			m = aferoMeta{}
		}
	}
	s.mu.RLock()
	b := s.buckets[bucketName]
	s.mu.RUnlock()
	h := keyHash(key)
	dir := b.folder(h)
	if err := ensureDir(dir); err != nil {
		return err
	}
	o := &object{Key: key, File: h + "-" + randomSuffix(), Size: fi.Size()}
	data := filepath.Join(dir, o.File)
	if err := os.Link(path, data); err != nil {
		if err := copyFile(data, path); err != nil {
			os.Remove(data)
			return err
		}
	}
	// s3afero trusted its metadata while size and modification time
	// matched the file; otherwise (or without metadata) it is recomputed.
	if len(m.Hash) == md5.Size && m.Size == fi.Size() && m.ModTime.Sub(fi.ModTime()).Abs() < time.Second {
		o.MD5 = hex.EncodeToString(m.Hash)
	} else {
		sum, err := fileMD5(data)
		if err != nil {
			os.Remove(data)
			return err
		}
		o.MD5 = hex.EncodeToString(sum)
	}
	meta := m.Meta
	if meta == nil {
		meta = map[string]string{"Content-Type": "binary/octet-stream"}
	}
	if err := s.commit(b, o, meta, fi.ModTime(), nil); err != nil {
		return err
	}
	if err := os.Remove(path); err != nil {
		return err
	}
	if err := os.Remove(metaPath); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func fileMD5(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// lastModified is the Last-Modified header for t.
func lastModified(t time.Time) string { return t.UTC().Format(http.TimeFormat) }
