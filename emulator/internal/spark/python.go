package spark

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// bridgeScript is the prelude that runs a Python code block (bridge.py).
//
//go:embed bridge.py
var bridgeScript string

// maxOutput bounds what the emulator keeps of a calculation's stdout and of
// its stderr; the rest is dropped with a note.
const maxOutput = 16 << 20

// interpreter finds the Python interpreter once, on first use.
type interpreter struct {
	name     string
	disabled bool

	once sync.Once
	path string // the interpreter's own executable, past shims such as pyenv's
	err  error
}

func newInterpreter(name string, disabled bool) *interpreter {
	if name == "" {
		name = "python3"
	}
	return &interpreter{name: name, disabled: disabled}
}

// resolve returns the interpreter's executable. A shim (pyenv, asdf) needs
// the emulator's environment to find its Python; the calculation's process
// does not get that environment, so the shim is asked once for
// sys.executable and the result is run directly.
func (it *interpreter) resolve() (string, error) {
	if it.disabled {
		return "", errors.New("python code blocks are disabled in this emulator (Options.Spark.DisablePython); %%sql blocks still run")
	}
	it.once.Do(func() {
		path, err := exec.LookPath(it.name)
		if err != nil {
			it.err = fmt.Errorf("%s is not available on the emulator's machine (%w); Python code blocks need it, %%%%sql blocks run without it", it.name, err)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, path, "-c", "import sys; print(sys.executable)").Output()
		if err != nil {
			it.err = fmt.Errorf("%s does not run on the emulator's machine (%w); Python code blocks need it, %%%%sql blocks run without it", path, err)
			return
		}
		if real := strings.TrimSpace(string(out)); real != "" {
			path = real
		}
		it.path = path
	})
	return it.path, it.err
}

// runPython runs code in a new Python process with the bridge prelude and
// serves its spark.sql calls until it exits. The process (and its process
// group) is killed when ctx ends.
func (s *Service) runPython(ctx context.Context, sess *session, code string) *output {
	path, err := s.python.resolve()
	if err != nil {
		msg := "RuntimeError: " + err.Error()
		return &output{stderr: []byte(msg + "\n"), failure: msg}
	}
	out, err := s.startPython(ctx, sess, path, code)
	if err != nil {
		msg := "RuntimeError: the emulator could not run Python: " + err.Error()
		return &output{stderr: []byte(msg + "\n"), failure: msg}
	}
	return out
}

func (s *Service) startPython(ctx context.Context, sess *session, path, code string) (*output, error) {
	dir, err := os.MkdirTemp(s.cfg.TempDir, "spark-calculation-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer reqR.Close()
	respR, respW, err := os.Pipe()
	if err != nil {
		reqW.Close()
		return nil, err
	}
	cmd := exec.CommandContext(ctx, path, "-I", "-u", "-X", "utf8", "-c", bridgeScript)
	cmd.Dir = dir
	// Not the emulator's environment: it may hold credentials.
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "LANG=C.UTF-8", "TMPDIR=" + dir}
	cmd.Stdin = strings.NewReader(code)
	stdout, stderr := &capped{}, &capped{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.ExtraFiles = []*os.File{reqW, respR} // fds 3 and 4 in the child
	ownProcessGroup(cmd)
	cmd.Cancel = func() error { return killProcessGroup(cmd) }
	cmd.WaitDelay = 2 * time.Second
	err = cmd.Start()
	// The child has its copies; the pipes must close when it exits.
	reqW.Close()
	respR.Close()
	if err != nil {
		respW.Close()
		return nil, err
	}
	var value *bridgeValue
	served := make(chan struct{})
	go func() {
		defer close(served)
		defer respW.Close()
		value = s.serveBridge(ctx, sess, reqR, respW)
	}()
	waitErr := cmd.Wait()
	// A grandchild may still hold fd 3; closing our end ends serveBridge.
	reqR.Close()
	<-served
	killProcessGroup(cmd) // whatever the code left running

	out := &output{stdout: stdout.bytes(), stderr: stderr.bytes()}
	if value != nil {
		out.table, out.text = value.table, value.text
	}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		// Stopped: finish decides the state.
	case waitErr == nil:
		if value == nil {
			out.failure = "The Python process ended before it reported its result."
		}
	case errors.As(waitErr, &exit):
		out.failure = lastLine(out.stderr)
		if out.failure == "" {
			out.failure = "Python exited with " + exit.ProcessState.String()
		}
	default:
		out.failure = "Python failed: " + waitErr.Error()
	}
	return out, nil
}

// bridgeRequest is one request of the Python prelude.
type bridgeRequest struct {
	Op       string  `json:"op"`
	SQL      string  `json:"sql"`
	Table    *Table  `json:"table"`
	Text     *string `json:"text"`
	N        int     `json:"n"`
	Truncate int     `json:"truncate"`
	Vertical bool    `json:"vertical"`
}

// bridgeReply answers a bridgeRequest; Error becomes an AnalysisException
// in Python.
type bridgeReply struct {
	Table *Table `json:"table,omitempty"`
	Text  string `json:"text,omitempty"`
	Error string `json:"error,omitempty"`
}

// bridgeValue is the value of a code block's last expression.
type bridgeValue struct {
	table *Table
	text  string
}

// serveBridge answers the prelude's requests until r ends, and returns the
// value it reported, or nil if it reported none.
func (s *Service) serveBridge(ctx context.Context, sess *session, r io.Reader, w io.Writer) *bridgeValue {
	dec := json.NewDecoder(r)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var value *bridgeValue
	for {
		var req bridgeRequest
		if err := dec.Decode(&req); err != nil {
			return value
		}
		var reply bridgeReply
		switch req.Op {
		case "sql":
			t, err := s.cfg.SQL(ctx, SQLRequest{SQL: req.SQL, Database: "default", WorkGroup: sess.workGroup, Output: sess.output})
			if err != nil {
				reply.Error = err.Error()
			} else {
				reply.Table = t
			}
		case "show":
			if req.Table == nil {
				reply.Error = "show: no table"
				break
			}
			reply.Text = Show(req.Table, req.N, req.Truncate, req.Vertical)
		case "result":
			value = &bridgeValue{table: req.Table}
			if req.Text != nil {
				value.text = *req.Text
			}
		default:
			reply.Error = "the emulator's Spark bridge has no operation " + req.Op
		}
		if err := enc.Encode(&reply); err != nil {
			return value
		}
	}
}

// lastLine returns the last non-blank line of b, such as the exception line
// of a traceback.
func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n \t"), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// capped is an io.Writer that keeps the first maxOutput bytes written to
// it. Only the process's copying goroutine writes to it, and it is read
// after Wait.
type capped struct {
	buf     []byte
	dropped bool
}

func (c *capped) Write(p []byte) (int, error) {
	room := maxOutput - len(c.buf)
	if len(p) > room {
		c.buf = append(c.buf, p[:max(room, 0)]...)
		c.dropped = true
		return len(p), nil
	}
	c.buf = append(c.buf, p...)
	return len(p), nil
}

func (c *capped) bytes() []byte {
	if c.dropped {
		return append(c.buf, fmt.Sprintf("\n[the emulator kept only the first %d bytes of this output]\n", maxOutput)...)
	}
	return c.buf
}
