//go:build linux || darwin

package engine

import "syscall"

// diskFree returns the bytes free to unprivileged users in the file system
// that holds path.
func diskFree(path string) (int64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}
