package emulator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/emulator/internal/diskstore"
	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/emulator/internal/spark"
)

// Server is a local Athena: an http.Handler that answers the Athena JSON API
// for requests with an X-Amz-Target of AmazonAthena.* and the S3 API for all
// others, on one address. Create it with New, then either call Start or
// mount it in an http.Server of your own. Close releases everything.
type Server struct {
	opts      Options
	log       *slog.Logger
	store     objstore.Store
	managed   objstore.Store // managed query results; nil when no work group has them
	s3        http.Handler
	s3backend gofakes3.Backend // the embedded S3's backend; nil with S3Endpoint
	catalog   *catalog.Catalog
	engine    *engine.Engine
	// duck is the DuckDB-dialect engine of DuckDB work groups (duckdb.go),
	// opened by their first query; nil until then.
	duckMu    sync.Mutex
	duck      *engine.Engine // guarded by duckMu
	queries   *queryStore
	groups    *workGroups
	prepared  *preparedStore
	limits    *limits
	counters  *counters
	tables    *tableCache
	history   *historyLog // the query history file; nil without DataDir
	spark     *spark.Service
	sparkRels sparkRelations // the relations of spark.read, per session
	pages     *pageTokens    // signs the NextToken of every paginated answer
	dirLock   *dataDirLock   // the hold on DataDir; nil without one
	tmpDir    string
	ownTmp    bool

	ctx    context.Context // cancelled by Close; parent of every query
	cancel context.CancelFunc
	wg     sync.WaitGroup // query goroutines and the HTTP server

	mu       sync.Mutex // guards httpSrv, url, closed, fresh
	httpSrv  *http.Server
	url      string
	closed   bool
	fresh    map[net.Conn]bool // accepted connections that have sent no request yet
	runSlots chan struct{}     // bounds queries executing in DuckDB at once
}

// New builds a Server from opts. It does not listen: call Start, or serve it
// as an http.Handler. With DataDir, the server holds the folder until Close:
// a second server on the same folder gets a *DataDirInUseError.
func New(opts Options) (*Server, error) {
	var lock *dataDirLock
	if opts.DataDir != "" {
		var err error
		if lock, err = lockDataDir(opts.DataDir); err != nil {
			return nil, err
		}
	}
	s, err := newServer(opts)
	if err != nil {
		lock.release()
		return nil, err
	}
	s.dirLock = lock
	return s, nil
}

// newServer builds the Server of New once DataDir is locked.
func newServer(opts Options) (*Server, error) {
	s := &Server{opts: opts, counters: newCounters(), limits: newLimits(opts)}
	s.log = opts.Logger
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if opts.DataDir != "" {
		s.tmpDir = filepath.Join(opts.DataDir, "tmp")
		if err := cleanTmp(s.tmpDir); err != nil {
			return nil, fmt.Errorf("emulator: clean %s: %w", s.tmpDir, err)
		}
	} else {
		if s.tmpDir, err = os.MkdirTemp("", "athenaq-emulator-"); err != nil {
			return nil, fmt.Errorf("emulator: %w", err)
		}
		s.ownTmp = true
	}
	// The engine reads and writes only under tmpDir (table files, results,
	// exports, spill files), spelled absolute as DuckDB's confinement wants.
	if abs, err := filepath.Abs(s.tmpDir); err == nil {
		s.tmpDir = abs
	}
	if err := s.openStorage(); err != nil {
		s.cleanupTmp()
		return nil, err
	}
	if s.pages, err = newPageTokens(opts.DataDir); err != nil {
		s.cleanupTmp()
		return nil, err
	}
	catPath := ""
	if opts.DataDir != "" {
		catPath = filepath.Join(opts.DataDir, "catalog.json")
	}
	if s.catalog, err = catalog.Open(catPath); err != nil {
		s.cleanupTmp()
		return nil, fmt.Errorf("emulator: open catalog: %w", err)
	}
	if s.engine, err = engine.Open(s.engineOptions()); err != nil {
		s.cleanupTmp()
		return nil, fmt.Errorf("emulator: open engine: %w", err)
	}
	if s.groups, err = newWorkGroups(opts); err != nil {
		s.engine.Close()
		s.cleanupTmp()
		return nil, err
	}
	slots := opts.MaxRunningQueries
	if slots <= 0 {
		slots = 16
	}
	s.runSlots = make(chan struct{}, slots)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.queries = newQueryStore()
	s.prepared = newPreparedStore()
	s.tables = newTableCache(filepath.Join(s.tmpDir, tableCacheDir))
	s.openSpark()
	// The managed result store is always open: CreateWorkGroup and
	// UpdateWorkGroup can turn managed query results on at any time.
	if err := s.openManagedStore(); err != nil {
		s.Close()
		return nil, fmt.Errorf("emulator: managed result store: %w", err)
	}
	s.wg.Add(1)
	go s.sweepManaged()
	if err := s.restoreCatalog(s.ctx); err != nil {
		s.Close()
		return nil, err
	}
	// The tables now read their files from the cache; what they do not
	// read are copies of objects replaced or deleted in an earlier run.
	s.tables.prune(s.log)
	if opts.DataDir != "" {
		if err := s.openHistory(time.Now()); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// engineOptions are the options of the server's engines: they read and
// write only under tmpDir (table files, results, exports, spill files),
// spelled absolute as DuckDB's confinement wants.
func (s *Server) engineOptions() engine.Options {
	return engine.Options{Threads: s.opts.Threads, Logger: s.log, TempDir: filepath.Join(s.tmpDir, "engine"), Dirs: []string{s.tmpDir},
		MemoryLimit: s.opts.MemoryLimit, MaxTempSize: s.opts.MaxTempSize}
}

// openStorage sets up the S3 side: the embedded gofakes3 (in memory, or on
// disk under DataDir) or a proxy to an external endpoint.
func (s *Server) openStorage() error {
	if s.opts.S3Endpoint != "" {
		target, err := url.Parse(s.opts.S3Endpoint)
		if err != nil || target.Scheme == "" || target.Host == "" {
			return fmt.Errorf("emulator: Options.S3Endpoint %q: want a URL like http://127.0.0.1:7070", s.opts.S3Endpoint)
		}
		region, key, secret := s.opts.S3Region, s.opts.S3AccessKeyID, s.opts.S3SecretAccessKey
		if region == "" {
			region = "us-east-1"
		}
		if key == "" {
			key, secret = "test", "test"
		}
		client := s3.New(s3.Options{
			Region: region, BaseEndpoint: aws.String(s.opts.S3Endpoint), UsePathStyle: true,
			Credentials: credentials.NewStaticCredentialsProvider(key, secret, ""),
		})
		s.store = objstore.NewS3(client)
		// Keep the Host header so that signatures made for the emulator's
		// address still verify at the external endpoint.
		s.s3 = &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = r.In.Host
		}}
		return nil
	}
	var backend gofakes3.Backend
	uploads := filepath.Join(s.tmpDir, "uploads")
	if s.opts.DataDir != "" {
		st, err := openDiskStore(s.opts.DataDir, s.log)
		if err != nil {
			return fmt.Errorf("emulator: S3 store: %w", err)
		}
		up, err := diskstore.NewUploads(st, uploads)
		if err != nil {
			return fmt.Errorf("emulator: S3 uploads: %w", err)
		}
		backend = &diskS3{st, up}
	} else {
		mem := &memS3{Backend: s3mem.New()}
		// Completed uploads go through memS3's PutObject.
		up, err := diskstore.NewUploads(mem, uploads)
		if err != nil {
			return fmt.Errorf("emulator: S3 uploads: %w", err)
		}
		mem.Uploads = up
		backend = mem
	}
	s.s3backend = backend
	s.store = objstore.NewBackend(backend)
	// Buckets are unversioned in memory as on disk (see s3versions.go).
	s.s3 = gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog()), gofakes3.WithoutVersioning()).Server()
	return nil
}

// diskS3 is the embedded S3's backend with DataDir: objects in files under
// DataDir/objects, multipart upload parts in files under the temporary
// directory. memS3 (s3memory.go) keeps the objects in memory.
type diskS3 struct {
	*diskstore.Store
	*diskstore.Uploads
}

// openDiskStore opens the object store under dataDir/objects, moving in
// the objects of the layout that earlier versions kept under dataDir/s3 and
// dataDir/s3meta.
func openDiskStore(dataDir string, log *slog.Logger) (*diskstore.Store, error) {
	st, err := diskstore.Open(filepath.Join(dataDir, "objects"), log)
	if err != nil {
		return nil, err
	}
	legacy := filepath.Join(dataDir, "s3")
	if _, err := os.Stat(legacy); err == nil {
		n, err := st.ImportAfero(legacy, filepath.Join(dataDir, "s3meta"))
		if err != nil {
			return nil, fmt.Errorf("move the objects of %s: %w", legacy, err)
		}
		log.Info("emulator: moved objects into the new layout", "from", legacy, "objects", n)
	}
	return st, nil
}

// cleanTmp creates the temporary directory of a DataDir, or empties it of
// what an earlier run left (a crash leaves export files, query results,
// uploads and the engine's spill files). Only the complete files of the
// table cache stay; partial downloads go.
func cleanTmp(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == tableCacheDir && e.IsDir() {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	partial, err := filepath.Glob(filepath.Join(dir, tableCacheDir, partialPrefix+"*"))
	if err != nil {
		return err
	}
	for _, p := range partial {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}

// Start listens on addr (for example "127.0.0.1:4566", or ":0" for any free
// port) and serves in the background until Close.
func (s *Server) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("emulator: listen: %w", err)
	}
	s.mu.Lock()
	if s.closed || s.httpSrv != nil {
		s.mu.Unlock()
		ln.Close()
		return errors.New("emulator: Start called on a started or closed server")
	}
	s.fresh = map[net.Conn]bool{}
	s.httpSrv = &http.Server{Handler: s, ReadHeaderTimeout: 30 * time.Second, ConnState: s.trackConn}
	s.url = "http://" + ln.Addr().String()
	srv := s.httpSrv
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("emulator: serve", "err", err)
		}
	}()
	return nil
}

// trackConn remembers connections that have not sent a request: Shutdown
// would wait for them for seconds, so Close closes them first.
func (s *Server) trackConn(c net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if state == http.StateNew {
		s.fresh[c] = true
	} else {
		delete(s.fresh, c)
	}
}

// URL returns the base URL of a started server ("http://127.0.0.1:PORT"), or
// "" before Start.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// ServeHTTP routes a request: X-Amz-Target AmazonAthena.* to the Athena API,
// GET /_emulator/stats to the statistics, anything else to S3.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	switch {
	case strings.HasPrefix(target, "AmazonAthena"):
		s.serveAthena(w, r)
	case r.URL.Path == "/_emulator/stats":
		s.serveStats(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/" &&
		(target != "" || strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-amz-json")):
		// An awsJson request with a missing, misspelled or foreign target
		// gets the answer Athena gives an unknown target; S3 never sends
		// these.
		s.serveAthena(w, r)
	default:
		s.serveS3(w, r)
	}
}

// Close stops serving, cancels running queries, waits for every goroutine
// the server started, and releases the engine and temporary files.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	srv := s.httpSrv
	for c := range s.fresh {
		c.Close()
	}
	s.mu.Unlock()
	var errs []error
	if srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := srv.Shutdown(ctx); err != nil {
			errs = append(errs, err)
			srv.Close()
		}
		cancel()
	}
	if s.cancel != nil {
		s.cancel()
	}
	if s.spark != nil {
		errs = append(errs, s.spark.Close())
	}
	s.wg.Wait()
	if s.history != nil {
		errs = append(errs, s.history.close())
	}
	if s.engine != nil {
		errs = append(errs, s.engine.Close())
	}
	s.duckMu.Lock()
	if s.duck != nil {
		errs = append(errs, s.duck.Close())
	}
	s.duckMu.Unlock()
	s.cleanupTmp()
	s.dirLock.release()
	return errors.Join(errs...)
}

func (s *Server) cleanupTmp() {
	if s.ownTmp && s.tmpDir != "" {
		os.RemoveAll(s.tmpDir)
	}
}
