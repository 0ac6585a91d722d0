//go:build !unix

package spark

import (
	"errors"
	"os"
	"os/exec"
)

// ownProcessGroup does nothing where process groups are not available.
func ownProcessGroup(cmd *exec.Cmd) {}

// killProcessGroup kills cmd's process; processes it started may outlive
// it where there are no process groups.
func killProcessGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	err := cmd.Process.Kill()
	if errors.Is(err, os.ErrProcessDone) {
		return nil
	}
	return err
}
