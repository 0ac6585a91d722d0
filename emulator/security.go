package emulator

import (
	"path/filepath"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// hostPaths returns the folders of this server whose paths no answer may
// show, longest first: the temporary folder and DataDir, as given and
// absolute.
func (s *Server) hostPaths() []string {
	var dirs []string
	add := func(d string) {
		if d = strings.TrimRight(d, string(filepath.Separator)); d == "" {
			return
		}
		for _, x := range dirs {
			if x == d {
				return
			}
		}
		dirs = append(dirs, d)
	}
	for _, d := range []string{s.tmpDir, s.opts.DataDir} {
		if d == "" {
			continue
		}
		add(d)
		if abs, err := filepath.Abs(d); err == nil {
			add(abs)
		}
	}
	for i := 1; i < len(dirs); i++ {
		for j := i; j > 0 && len(dirs[j]) > len(dirs[j-1]); j-- {
			dirs[j], dirs[j-1] = dirs[j-1], dirs[j]
		}
	}
	return dirs
}

// redact removes this server's host paths from msg: a path inside one of
// its folders is left relative to that folder, the folder itself becomes
// ".". Failure reasons and internal errors go through it, so that SQL
// cannot learn where the server keeps its files.
func (s *Server) redact(msg string) string {
	for _, d := range s.hostPaths() {
		if strings.Contains(msg, d) {
			msg = strings.ReplaceAll(msg, d+string(filepath.Separator), "")
			msg = strings.ReplaceAll(msg, d, ".")
		}
	}
	return msg
}

// redactQueryError returns qe with host paths removed from its texts.
func (s *Server) redactQueryError(qe *athena.QueryError) *athena.QueryError {
	m, em := s.redact(qe.Message), s.redact(qe.ErrorMessage)
	if m == qe.Message && em == qe.ErrorMessage {
		return qe
	}
	c := *qe
	c.Message, c.ErrorMessage = m, em
	return &c
}
