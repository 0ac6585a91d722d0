package diskstore

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// Store is a gofakes3.Backend over a folder (see the package comment for
// the layout). It is safe for concurrent use; one process at a time may
// open a folder.
type Store struct {
	dir string
	log *slog.Logger

	mu      sync.RWMutex // guards buckets, their indexes, and every commit
	buckets map[string]*bucket
}

var _ gofakes3.Backend = (*Store)(nil)

// Open opens the store in dir, creating the folder if needed, loads its
// index and removes what an interrupted write or bucket deletion left
// behind. Unreadable metadata files are logged to log (which may be nil)
// and removed with their objects.
func Open(dir string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	s := &Store{dir: dir, log: log, buckets: map[string]*bucket{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, trashPrefix) {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return nil, err
			}
			continue
		}
		if !e.IsDir() || gofakes3.ValidateBucketName(name) != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, name, bucketFile)); errors.Is(err, os.ErrNotExist) {
			// CreateBucket writes bucket.json before it answers: this
			// folder is a creation that a crash interrupted.
			removeLogged(log, filepath.Join(dir, name))
			continue
		}
		b, err := s.loadBucket(name)
		if err != nil {
			return nil, fmt.Errorf("bucket %s: %w", name, err)
		}
		s.buckets[name] = b
	}
	return s, nil
}

// object is one stored object: its index entry and its metadata file.
type object struct {
	Key      string            `json:"key"`
	File     string            `json:"file"` // the data file, in the metadata's folder
	Size     int64             `json:"size"`
	MD5      string            `json:"md5"` // hex
	Modified time.Time         `json:"modified"`
	Meta     map[string]string `json:"meta,omitempty"` // the headers gofakes3 answers with
}

func (o *object) hash() []byte {
	h, _ := hex.DecodeString(o.MD5)
	return h
}

// bucket is one bucket's index.
type bucket struct {
	name    string
	dir     string
	created time.Time
	objects map[string]*object
	keys    []string // the keys of objects, sorted
}

const (
	bucketFile  = "bucket.json"
	trashPrefix = ".trash-"
	metaSuffix  = ".json"
	tmpInfix    = ".tmp-"
)

// keyHash names an object's files: 32 hex digits of the SHA-256 of its key.
func keyHash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

// folder returns the folder of key's files in b.
func (b *bucket) folder(h string) string { return filepath.Join(b.dir, h[:2]) }

func randomSuffix() string {
	var r [8]byte
	_, _ = rand.Read(r[:])
	return hex.EncodeToString(r[:])
}

// loadBucket reads a bucket's metadata files into its index and removes the
// files no metadata names.
func (s *Store) loadBucket(name string) (*bucket, error) {
	b := &bucket{name: name, dir: filepath.Join(s.dir, name), objects: map[string]*object{}}
	if raw, err := os.ReadFile(filepath.Join(b.dir, bucketFile)); err == nil {
		var info struct {
			Created time.Time `json:"created"`
		}
		if json.Unmarshal(raw, &info) == nil {
			b.created = info.Created
		}
	}
	if b.created.IsZero() {
		if fi, err := os.Stat(b.dir); err == nil {
			b.created = fi.ModTime()
		}
	}
	subs, err := os.ReadDir(b.dir)
	if err != nil {
		return nil, err
	}
	for _, sub := range subs {
		if !sub.IsDir() {
			if n := sub.Name(); n != bucketFile {
				removeLogged(s.log, filepath.Join(b.dir, n))
			}
			continue
		}
		if err := s.loadFolder(b, filepath.Join(b.dir, sub.Name())); err != nil {
			return nil, err
		}
	}
	for k := range b.objects {
		b.keys = append(b.keys, k)
	}
	sort.Strings(b.keys)
	return b, nil
}

// loadFolder indexes the objects of one hash folder.
func (s *Store) loadFolder(b *bucket, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	sizes := map[string]int64{}
	var metas []string
	for _, e := range entries {
		n := e.Name()
		switch {
		case strings.HasSuffix(n, metaSuffix) && !strings.Contains(n, tmpInfix):
			metas = append(metas, n)
		case e.Type().IsRegular():
			if fi, err := e.Info(); err == nil {
				sizes[n] = fi.Size()
			}
		}
	}
	used := map[string]bool{}
	for _, n := range metas {
		path := filepath.Join(dir, n)
		o, err := readMeta(path)
		if err == nil && strings.TrimSuffix(n, metaSuffix) != keyHash(o.Key) {
			err = errors.New("the key does not match the file name")
		}
		if err == nil {
			if size, ok := sizes[o.File]; !ok || size != o.Size {
				err = fmt.Errorf("data file %s is missing or not %d bytes", o.File, o.Size)
			}
		}
		if err != nil {
			// Commits fsync the metadata before renaming it into place,
			// so this is damage from outside; the object cannot be served.
			s.log.Warn("diskstore: dropping an unreadable object", "bucket", b.name, "file", path, "err", err)
			removeLogged(s.log, path)
			continue
		}
		used[o.File] = true
		b.objects[o.Key] = o
	}
	for _, e := range entries {
		n := e.Name()
		if used[n] || slices.Contains(metas, n) {
			continue
		}
		// A data file no metadata names (a write that never committed, or
		// the previous version of an overwritten object), or a temporary
		// metadata file.
		removeLogged(s.log, filepath.Join(dir, n))
	}
	return nil
}

func readMeta(path string) (*object, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	o := &object{}
	if err := json.Unmarshal(raw, o); err != nil {
		return nil, err
	}
	if o.File == "" || strings.ContainsAny(o.File, `/\`) || o.File == "." || o.File == ".." || len(o.MD5) != 32 || o.Size < 0 {
		return nil, errors.New("malformed metadata")
	}
	return o, nil
}

func removeLogged(log *slog.Logger, path string) {
	if err := os.RemoveAll(path); err != nil {
		log.Warn("diskstore: remove", "path", path, "err", err)
	}
}

// ListBuckets lists the buckets in name order.
func (s *Store) ListBuckets() ([]gofakes3.BucketInfo, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]gofakes3.BucketInfo, 0, len(s.buckets))
	for _, b := range s.buckets {
		out = append(out, gofakes3.BucketInfo{Name: b.name, CreationDate: gofakes3.NewContentTime(b.created)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// CreateBucket creates a bucket; an existing one gives
// ErrBucketAlreadyExists.
func (s *Store) CreateBucket(name string) error {
	if err := gofakes3.ValidateBucketName(name); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.buckets[name]; ok {
		return gofakes3.ResourceError(gofakes3.ErrBucketAlreadyExists, name)
	}
	b := &bucket{name: name, dir: filepath.Join(s.dir, name), created: time.Now().UTC(), objects: map[string]*object{}}
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		return err
	}
	info, _ := json.Marshal(map[string]time.Time{"created": b.created})
	if err := writeFileSync(filepath.Join(b.dir, bucketFile), info); err != nil {
		return err
	}
	if err := syncDir(s.dir); err != nil {
		return err
	}
	s.buckets[name] = b
	return nil
}

// BucketExists reports whether the bucket exists.
func (s *Store) BucketExists(name string) (bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.buckets[name]
	return ok, nil
}

// DeleteBucket deletes an empty bucket.
func (s *Store) DeleteBucket(name string) error { return s.deleteBucket(name, false) }

// ForceDeleteBucket deletes a bucket and every object in it.
func (s *Store) ForceDeleteBucket(name string) error { return s.deleteBucket(name, true) }

func (s *Store) deleteBucket(name string, force bool) error {
	s.mu.Lock()
	b, ok := s.buckets[name]
	if !ok {
		s.mu.Unlock()
		return gofakes3.BucketNotFound(name)
	}
	if !force && len(b.objects) > 0 {
		s.mu.Unlock()
		return gofakes3.ResourceError(gofakes3.ErrBucketNotEmpty, name)
	}
	// Renaming first makes the deletion atomic: Open removes the trash of
	// a deletion that a crash interrupted.
	trash := filepath.Join(s.dir, trashPrefix+randomSuffix())
	if err := os.Rename(b.dir, trash); err != nil {
		s.mu.Unlock()
		return err
	}
	delete(s.buckets, name)
	s.mu.Unlock()
	return os.RemoveAll(trash)
}

// HeadObject returns an object's metadata with empty contents.
func (s *Store) HeadObject(bucketName, key string) (*gofakes3.Object, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, err := s.lookup(bucketName, key)
	if err != nil {
		return nil, err
	}
	return &gofakes3.Object{Name: key, Metadata: copyMeta(o.Meta), Size: o.Size, Hash: o.hash(), Contents: io.NopCloser(strings.NewReader(""))}, nil
}

// GetObject returns an object, or the range of it that rng asks for. The
// contents stay those of the version found, even if the object is replaced
// or deleted while they are read.
func (s *Store) GetObject(bucketName, key string, rng *gofakes3.ObjectRangeRequest) (*gofakes3.Object, error) {
	s.mu.RLock()
	o, err := s.lookup(bucketName, key)
	if err != nil {
		s.mu.RUnlock()
		return nil, err
	}
	// Open under the lock: a commit removes the previous data file under
	// the write lock, and an open file stays readable after its removal.
	f, err := os.Open(filepath.Join(s.buckets[bucketName].folder(keyHash(key)), o.File))
	s.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	r, err := rng.Range(o.Size)
	if err != nil {
		f.Close()
		return nil, err
	}
	var body io.ReadCloser = f
	if r != nil {
		if _, err := f.Seek(r.Start, io.SeekStart); err != nil {
			f.Close()
			return nil, err
		}
		body = struct {
			io.Reader
			io.Closer
		}{io.LimitReader(f, r.Length), f}
	}
	return &gofakes3.Object{Name: key, Metadata: copyMeta(o.Meta), Size: o.Size, Hash: o.hash(), Range: r, Contents: body}, nil
}

// lookup finds an object; the caller holds s.mu.
func (s *Store) lookup(bucketName, key string) (*object, error) {
	b, ok := s.buckets[bucketName]
	if !ok {
		return nil, gofakes3.BucketNotFound(bucketName)
	}
	o, ok := b.objects[key]
	if !ok {
		return nil, gofakes3.KeyNotFound(key)
	}
	return o, nil
}

func copyMeta(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// PutObject stores size bytes from input under key, replacing any earlier
// version atomically (see the package comment). The bytes are read before
// any lock is taken, so slow uploads do not hold up other requests. meta is
// kept as the object's headers, with Last-Modified set to the time of the
// commit. conditions, if not nil, are checked at the commit.
func (s *Store) PutObject(bucketName, key string, meta map[string]string, input io.Reader, size int64,
	conditions *gofakes3.PutConditions) (gofakes3.PutObjectResult, error) {
	var result gofakes3.PutObjectResult
	s.mu.RLock()
	b, ok := s.buckets[bucketName]
	var err error
	if ok && conditions != nil {
		// Fail early; the check is repeated at the commit.
		err = checkConditions(b, key, conditions)
	}
	s.mu.RUnlock()
	if !ok {
		return result, gofakes3.BucketNotFound(bucketName)
	}
	if err != nil {
		return result, err
	}
	h := keyHash(key)
	dir := b.folder(h)
	if err := ensureDir(dir); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			// The bucket was deleted meanwhile.
			return result, gofakes3.BucketNotFound(bucketName)
		}
		return result, err
	}
	o := &object{Key: key, File: h + "-" + randomSuffix(), Size: size}
	data := filepath.Join(dir, o.File)
	sum, err := writeData(data, input, size)
	if err != nil {
		os.Remove(data)
		return result, err
	}
	o.MD5 = hex.EncodeToString(sum)
	return result, s.commit(b, o, meta, time.Now(), conditions)
}

// writeData writes exactly size bytes from r to a new file and fsyncs it,
// returning their MD5.
func writeData(path string, r io.Reader, size int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sum, err := copyBody(f, r, size)
	if err != nil {
		return nil, err
	}
	if err := f.Sync(); err != nil {
		return nil, err
	}
	return sum, f.Close()
}

// copyBody copies exactly size bytes from r to w and returns their MD5. A
// body shorter or longer than size gives ErrIncompleteBody; r's own error
// (such as a Content-MD5 mismatch, which gofakes3 reports at the end of the
// body) is returned as is.
func copyBody(w io.Writer, r io.Reader, size int64) ([]byte, error) {
	h := md5.New()
	n, err := io.CopyN(io.MultiWriter(w, h), r, size)
	if err != nil && err != io.EOF {
		return nil, err
	}
	if n < size {
		return nil, gofakes3.ErrIncompleteBody
	}
	// Read to the end: a hashing reader checks Content-MD5 there.
	var extra [1]byte
	switch _, err := io.ReadFull(r, extra[:]); err {
	case io.EOF:
		return h.Sum(nil), nil
	case nil:
		return nil, gofakes3.ErrIncompleteBody
	default:
		return nil, err
	}
}

// commit makes o (whose data file is written and synced) the current
// version of its key, modified at the given time: it writes the metadata
// next to the data, renames it over the previous metadata, updates the index
// and removes the previous data file. On failure the data file is removed
// and the previous version stays.
func (s *Store) commit(b *bucket, o *object, meta map[string]string, modified time.Time, conditions *gofakes3.PutConditions) (err error) {
	h := keyHash(o.Key)
	dir := b.folder(h)
	data := filepath.Join(dir, o.File)
	tmp := filepath.Join(dir, h+metaSuffix+tmpInfix+randomSuffix())
	defer func() {
		if err != nil {
			os.Remove(data)
			os.Remove(tmp)
		}
	}()
	o.Modified = modified.UTC()
	o.Meta = copyMeta(meta)
	// gofakes3 answers Last-Modified from this header.
	o.Meta["Last-Modified"] = lastModified(o.Modified)
	raw, err := json.Marshal(o)
	if err != nil {
		return err
	}
	if err := writeFileSync(tmp, raw); err != nil {
		return err
	}
	s.mu.Lock()
	if s.buckets[b.name] != b {
		s.mu.Unlock()
		return gofakes3.BucketNotFound(b.name)
	}
	if conditions != nil {
		if err := checkConditions(b, o.Key, conditions); err != nil {
			s.mu.Unlock()
			return err
		}
	}
	if err := os.Rename(tmp, filepath.Join(dir, h+metaSuffix)); err != nil {
		s.mu.Unlock()
		return err
	}
	old := b.objects[o.Key]
	b.put(o)
	if old != nil && old.File != o.File {
		removeLogged(s.log, filepath.Join(dir, old.File))
	}
	s.mu.Unlock()
	return syncDir(dir)
}

func checkConditions(b *bucket, key string, c *gofakes3.PutConditions) error {
	info := &gofakes3.ConditionalObjectInfo{}
	if o, ok := b.objects[key]; ok {
		info.Exists, info.Hash = true, o.hash()
	}
	return gofakes3.CheckPutConditions(c, info)
}

// put adds or replaces o in the index.
func (b *bucket) put(o *object) {
	if _, ok := b.objects[o.Key]; !ok {
		i, _ := slices.BinarySearch(b.keys, o.Key)
		b.keys = slices.Insert(b.keys, i, o.Key)
	}
	b.objects[o.Key] = o
}

// remove drops key from the index.
func (b *bucket) remove(key string) {
	if _, ok := b.objects[key]; !ok {
		return
	}
	delete(b.objects, key)
	if i, ok := slices.BinarySearch(b.keys, key); ok {
		b.keys = slices.Delete(b.keys, i, i+1)
	}
}

// CopyObject copies an object, with meta as the copy's headers.
func (s *Store) CopyObject(srcBucket, srcKey, dstBucket, dstKey string, meta map[string]string) (gofakes3.CopyObjectResult, error) {
	src, err := s.GetObject(srcBucket, srcKey, nil)
	if err != nil {
		return gofakes3.CopyObjectResult{}, err
	}
	defer src.Contents.Close()
	if _, err := s.PutObject(dstBucket, dstKey, meta, src.Contents, src.Size, nil); err != nil {
		return gofakes3.CopyObjectResult{}, err
	}
	return gofakes3.CopyObjectResult{ETag: gofakes3.FormatETag(src.Hash), LastModified: gofakes3.NewContentTime(time.Now())}, nil
}

// DeleteObject deletes an object; a missing object is not an error.
func (s *Store) DeleteObject(bucketName, key string) (gofakes3.ObjectDeleteResult, error) {
	s.mu.Lock()
	b, ok := s.buckets[bucketName]
	if !ok {
		s.mu.Unlock()
		return gofakes3.ObjectDeleteResult{}, gofakes3.BucketNotFound(bucketName)
	}
	dir, err := s.deleteLocked(b, key)
	s.mu.Unlock()
	if err == nil && dir != "" {
		err = syncDir(dir)
	}
	return gofakes3.ObjectDeleteResult{}, err
}

// deleteLocked removes key's metadata (the commit) and then its data; it
// returns the folder to sync, or "" if there was no such object.
func (s *Store) deleteLocked(b *bucket, key string) (string, error) {
	o, ok := b.objects[key]
	if !ok {
		return "", nil
	}
	h := keyHash(key)
	dir := b.folder(h)
	if err := os.Remove(filepath.Join(dir, h+metaSuffix)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	b.remove(key)
	removeLogged(s.log, filepath.Join(dir, o.File))
	return dir, nil
}

// DeleteMulti deletes several objects, reporting each.
func (s *Store) DeleteMulti(bucketName string, keys ...string) (gofakes3.MultiDeleteResult, error) {
	var result gofakes3.MultiDeleteResult
	s.mu.Lock()
	b, ok := s.buckets[bucketName]
	if !ok {
		s.mu.Unlock()
		return result, gofakes3.BucketNotFound(bucketName)
	}
	dirs := map[string]bool{}
	for _, key := range keys {
		dir, err := s.deleteLocked(b, key)
		if err != nil {
			result.Error = append(result.Error, gofakes3.ErrorResult{Code: gofakes3.ErrInternal, Message: gofakes3.ErrInternal.Message(), Key: key})
			continue
		}
		if dir != "" {
			dirs[dir] = true
		}
		result.Deleted = append(result.Deleted, gofakes3.ObjectID{Key: key})
	}
	s.mu.Unlock()
	for dir := range dirs {
		if err := syncDir(dir); err != nil {
			return result, err
		}
	}
	return result, nil
}

// writeFileSync writes a new file (replacing none) and fsyncs it.
func writeFileSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ensureDir creates a hash folder in an existing bucket folder, syncing the
// bucket folder the first time so that the new folder survives a power loss.
func ensureDir(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	return syncDir(filepath.Dir(dir))
}

// syncDir fsyncs a folder, making the renames and creations in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
