// Package diskstore keeps the emulator's S3 objects in files: a
// gofakes3.Backend whose writes survive a crash whole or not at all, and a
// gofakes3.MultipartBackend that keeps upload parts on disk rather than in
// memory.
//
//	st, err := diskstore.Open(filepath.Join(dataDir, "objects"), logger)
//	up, err := diskstore.NewUploads(st, filepath.Join(dataDir, "tmp", "uploads"))
//	handler := gofakes3.New(struct {
//		*diskstore.Store
//		*diskstore.Uploads
//	}{st, up}).Server()
//
// # Layout
//
// Each bucket is a folder <dir>/<bucket> holding bucket.json (its creation
// time) and up to 256 folders named by two hex digits. An object with key K
// lives in <dir>/<bucket>/<hh>/, where h is the first 32 hex digits of the
// SHA-256 of K and hh its first two:
//
//	<h>.json    the metadata: key, data file name, size, MD5, modification time, headers
//	<h>-<r>     the bytes; r is random, so that a new version never overwrites the old
//
// Keys are never used as file names, so S3's opaque keys all work ("..",
// "x//y", "x/" beside "x", NUL bytes, segments of any length), and no key can
// name a file of another bucket or outside the store.
//
// # Crashes
//
// A PUT writes its bytes to a new data file and fsyncs it, writes the
// metadata to a temporary file in the same folder and fsyncs it, then renames
// the metadata over the old one (the commit), fsyncs the folder, and removes
// the previous data file. A reader that opened the old data file keeps
// reading it. A crash at any point leaves either the old object or the new
// one, never a mix. Open loads every metadata file into an in-memory index
// and removes what a crash can leave behind: data files that no metadata
// names, temporary metadata files, and buckets that were being deleted.
//
// Uploads keeps the parts of multipart uploads as files in a folder of its
// own, which it empties when created (uploads do not survive a restart);
// completing an upload streams the parts into the store, and completing or
// aborting it removes them.
//
// # Earlier layout
//
// Data directories written before this package kept objects under
// <DataDir>/s3/buckets/<bucket>/<key> and their metadata under
// <DataDir>/s3meta (gofakes3's s3afero backend). [Store.ImportAfero] moves
// such objects into the store, recomputing size and MD5 for objects whose
// metadata is missing or stale.
package diskstore
