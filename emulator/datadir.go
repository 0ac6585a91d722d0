package emulator

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// DataDirInUseError is the error of New when another server, in this
// process or another, already uses Options.DataDir: two servers on one
// folder would overwrite each other's catalog and objects.
type DataDirInUseError struct {
	// Dir is the data directory.
	Dir string
	// PID is the process that holds it, 0 when it cannot be told.
	PID int
}

// Error names the folder and the process that holds it.
func (e *DataDirInUseError) Error() string {
	holder := "another process"
	if e.PID > 0 {
		holder = "process " + strconv.Itoa(e.PID)
	}
	return fmt.Sprintf("emulator: DataDir %s is in use by another server (%s)", e.Dir, holder)
}

// lockFileName is the lock file under DataDir. It holds the PID of the
// server that locked it; the lock itself is an flock on the open file,
// which the kernel releases when the process ends, however it ends.
const lockFileName = "athenaq.lock"

// dataDirLock is a server's hold on its DataDir.
type dataDirLock struct {
	f *os.File
}

// lockDataDir creates dir if needed and takes its lock, or returns a
// *DataDirInUseError naming the holder.
func lockDataDir(dir string) (*dataDirLock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	path := filepath.Join(dir, lockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("emulator: lock DataDir: %w", err)
	}
	locked, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("emulator: lock DataDir: %w", err)
	}
	if !locked {
		b, _ := os.ReadFile(path)
		f.Close()
		pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		return nil, &DataDirInUseError{Dir: dir, PID: pid}
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &dataDirLock{f: f}, nil
}

// release gives the lock up. The file stays: removing it would let a
// third server lock a new file while a second still waits on the old one.
func (l *dataDirLock) release() {
	if l == nil {
		return
	}
	unlock(l.f)
	l.f.Close()
}

// writeFileAtomic replaces path with data: readers, and a server started
// after a crash, see the old content or the new, never a part.
func writeFileAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
