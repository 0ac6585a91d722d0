package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// confine bounds what the database's SQL can reach, then locks the
// configuration so that no later statement can change it:
//   - allowed_directories lists the engine's own folders (TempDir and
//     Dirs), and enable_external_access=false closes every other path and
//     the network to file functions, COPY and ATTACH, and stops extensions
//     from loading;
//   - memory_limit and max_temp_directory_size bound memory and spill
//     space (Options.MemoryLimit, Options.MaxTempSize), and
//     allocator_background_threads gives the memory of a finished or
//     interrupted query back to the system within seconds, where the
//     allocator would otherwise keep hundreds of megabytes;
//   - lock_configuration=true makes every later SET fail.
//
// Settings that connections need (integer_division, TimeZone) must be set
// globally before this runs.
func confine(ctx context.Context, conn *sql.Conn, opts Options) error {
	var stmts []string
	mem := opts.MemoryLimit
	if mem <= 0 {
		var err error
		if mem, err = defaultMemoryLimit(ctx, conn); err != nil {
			return err
		}
	}
	if mem > 0 {
		stmts = append(stmts, fmt.Sprintf("SET GLOBAL memory_limit = '%d bytes'", mem))
	}
	spill := opts.MaxTempSize
	if spill <= 0 && opts.TempDir != "" {
		spill = freeSpace(opts.TempDir) / 4
	}
	if spill > 0 {
		stmts = append(stmts, fmt.Sprintf("SET GLOBAL max_temp_directory_size = '%d bytes'", spill))
	}
	var dirs []string
	for _, d := range allowedDirs(opts) {
		dirs = append(dirs, sqlString(d))
	}
	stmts = append(stmts,
		"SET GLOBAL allocator_background_threads = true",
		"SET GLOBAL allowed_directories = ["+strings.Join(dirs, ", ")+"]",
		"SET GLOBAL enable_external_access = false",
		"SET GLOBAL lock_configuration = true")
	for _, stmt := range stmts {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("confine: %s: %w", stmt, err)
		}
	}
	return nil
}

// allowedDirs returns TempDir and Dirs as absolute paths that end with a
// separator, so that "/x/tmp" does not also allow "/x/tmp2".
func allowedDirs(opts Options) []string {
	var out []string
	for _, d := range append([]string{opts.TempDir}, opts.Dirs...) {
		if d == "" {
			continue
		}
		if abs, err := filepath.Abs(d); err == nil {
			d = abs
		}
		d = filepath.Clean(d)
		if !strings.HasSuffix(d, string(filepath.Separator)) {
			d += string(filepath.Separator)
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// defaultMemoryLimit returns a quarter of the machine's memory. DuckDB's
// own default is 80% of the memory it detects (cgroup limits included),
// which it reports as text such as "18.8 GiB"; 0 means it could not be
// read, and leaves DuckDB's default.
func defaultMemoryLimit(ctx context.Context, conn *sql.Conn) (int64, error) {
	var text string
	if err := conn.QueryRowContext(ctx, "SELECT current_setting('memory_limit')").Scan(&text); err != nil {
		return 0, fmt.Errorf("read memory_limit: %w", err)
	}
	n, ok := parseDuckSize(text)
	if !ok {
		return 0, nil
	}
	return n / 80 * 25, nil
}

var sizeRE = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?) ?(bytes|[KMGTP]i?B)$`)

// parseDuckSize parses a size as DuckDB prints it: "18.8 GiB", "512 bytes".
func parseDuckSize(s string) (int64, bool) {
	m := sizeRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, false
	}
	unit := m[2]
	if unit != "bytes" {
		base := 1000.0
		if strings.Contains(unit, "i") {
			base = 1024
		}
		for range strings.Index("KMGTP", unit[:1]) + 1 {
			v *= base
		}
	}
	return int64(v), true
}

// freeSpace returns the bytes free to unprivileged users in the file system
// of dir, or of its nearest existing parent; 0 when unknown.
func freeSpace(dir string) int64 {
	for d := dir; ; d = filepath.Dir(d) {
		if n, ok := diskFree(d); ok {
			return n
		}
		if filepath.Dir(d) == d {
			return 0
		}
	}
}

// redactedDirs lists the host paths that errors must not show, longest
// first: the engine's folders and the user's home directory.
func redactedDirs(opts Options) []string {
	var out []string
	add := func(d string) {
		d = strings.TrimRight(d, string(filepath.Separator))
		if d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	for _, d := range append([]string{opts.TempDir}, opts.Dirs...) {
		if d == "" {
			continue
		}
		add(d)
		if abs, err := filepath.Abs(d); err == nil {
			add(abs)
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		add(home)
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// redact removes the host paths of dirs from msg: a path inside one of them
// is left relative to it ("files/1a2b.csv"), the folder itself becomes ".",
// and a path that DuckDB's snippet of a statement cuts short ("/srv/at...")
// is dropped.
func redact(msg string, dirs []string) string {
	for _, d := range dirs {
		if strings.Contains(msg, d) {
			msg = strings.ReplaceAll(msg, d+string(filepath.Separator), "")
			msg = strings.ReplaceAll(msg, d, ".")
		}
		if !strings.Contains(msg, "...") {
			continue
		}
		full := d + string(filepath.Separator)
		for k := len(full) - 1; k >= 2; k-- {
			msg = strings.ReplaceAll(msg, full[:k]+"...", "...")
		}
	}
	return msg
}

// redactError returns err with the host paths of dirs removed from its
// text. *athena.QueryError and *SyntaxError keep their type; other errors
// keep their chain for errors.Is and errors.As.
func redactError(err error, dirs []string) error {
	if err == nil || len(dirs) == 0 {
		return err
	}
	var qe *athena.QueryError
	if errors.As(err, &qe) {
		if m, em := redact(qe.Message, dirs), redact(qe.ErrorMessage, dirs); m != qe.Message || em != qe.ErrorMessage {
			c := *qe
			c.Message, c.ErrorMessage = m, em
			return &c
		}
		return err
	}
	var se *SyntaxError
	if errors.As(err, &se) {
		if m := redact(se.Msg, dirs); m != se.Msg {
			c := *se
			c.Msg = m
			return &c
		}
		return err
	}
	if msg := redact(err.Error(), dirs); msg != err.Error() {
		return &redactedError{msg: msg, err: err}
	}
	return err
}

// redactedError is an error whose text had host paths removed.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
