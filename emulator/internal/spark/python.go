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
	"path/filepath"
	"strconv"
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

// maxFileSize bounds every file a Python process writes, its stdout and
// stderr files included (RLIMIT_FSIZE, set by the bridge): a block that
// prints without end fails with "File too large" instead of filling the
// emulator's disk.
const maxFileSize = 4 * maxOutput

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

// pyProcess is a session's Python process: it keeps the names a code
// block defines for the blocks that follow, as a notebook's kernel does.
// Only the session's worker uses it.
type pyProcess struct {
	cmd    *exec.Cmd
	dir    string        // holds work/ (its working directory) and the output files; removed by stop
	req    *os.File      // the child's requests (its fd 3)
	resp   *os.File      // answers to the child (its fd 4)
	dec    *json.Decoder // over req
	enc    *json.Encoder // over resp
	exited chan struct{} // closed when cmd.Wait has returned
	err    error         // cmd.Wait's error, set before exited is closed
	runs   int           // code blocks run so far
}

// runPython runs code in the session's Python process, starting one if the
// session has none, and serves its bridge requests until the block ends.
// When ctx ends the process (and its process group) is killed; the next
// block starts a new one.
func (s *Service) runPython(ctx context.Context, sess *session, code string) *output {
	path, err := s.python.resolve()
	if err != nil {
		msg := "RuntimeError: " + err.Error()
		return &output{stderr: []byte(msg + "\n"), failure: msg}
	}
	if sess.py == nil {
		p, err := s.startPython(path)
		if err != nil {
			msg := "RuntimeError: the emulator could not run Python: " + err.Error()
			return &output{stderr: []byte(msg + "\n"), failure: msg}
		}
		sess.py = p
	}
	p := sess.py
	out, alive := s.runBlock(ctx, sess, p, code)
	if !alive {
		p.stop()
		sess.py = nil
	}
	return out
}

// stopPython ends the session's Python process, if it has one.
func (sess *session) stopPython() {
	if sess.py != nil {
		sess.py.stop()
		sess.py = nil
	}
}

func (s *Service) startPython(path string) (*pyProcess, error) {
	dir, err := os.MkdirTemp(s.cfg.TempDir, "spark-session-")
	if err != nil {
		return nil, err
	}
	// The code's own directory; the output files stay beside it, out of its sight.
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	respR, respW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	cmd := exec.Command(path, "-I", "-u", "-X", "utf8", "-c", bridgeScript, strconv.Itoa(maxFileSize))
	cmd.Dir = work
	// Not the emulator's environment: it may hold credentials.
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + work, "LANG=C.UTF-8", "TMPDIR=" + work}
	cmd.ExtraFiles = []*os.File{reqW, respR} // fds 3 and 4 in the child
	ownProcessGroup(cmd)
	err = cmd.Start()
	// The child has its copies; the pipes must close when it exits.
	reqW.Close()
	respR.Close()
	if err != nil {
		reqR.Close()
		respW.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	p := &pyProcess{cmd: cmd, dir: dir, req: reqR, resp: respW, dec: json.NewDecoder(reqR), enc: json.NewEncoder(respW), exited: make(chan struct{})}
	p.enc.SetEscapeHTML(false)
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// stop kills the process group and waits for the process.
func (p *pyProcess) stop() {
	killProcessGroup(p.cmd)
	p.req.Close()
	p.resp.Close()
	<-p.exited
	os.RemoveAll(p.dir)
}

// runBlock sends code to p and serves p's requests until it reports the
// block done. It reports whether p is still usable.
func (s *Service) runBlock(ctx context.Context, sess *session, p *pyProcess, code string) (*output, bool) {
	p.runs++
	stdoutPath := filepath.Join(p.dir, fmt.Sprintf("stdout-%d", p.runs))
	stderrPath := filepath.Join(p.dir, fmt.Sprintf("stderr-%d", p.runs))
	for _, f := range []string{stdoutPath, stderrPath} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			msg := "RuntimeError: the emulator could not run Python: " + err.Error()
			return &output{stderr: []byte(msg + "\n"), failure: msg}, true
		}
	}
	defer os.Remove(stdoutPath)
	defer os.Remove(stderrPath)
	// A stopped calculation kills the process: its reads end with EOF.
	stopKill := context.AfterFunc(ctx, func() {
		killProcessGroup(p.cmd)
		p.req.Close()
	})
	defer stopKill()
	run := map[string]any{"op": "run", "code": code, "stdout": stdoutPath, "stderr": stderrPath}
	var value *bridgeValue
	done, failed := false, false
	if err := p.enc.Encode(run); err == nil {
		value, done, failed = s.serveBridge(ctx, sess, p)
	}
	out := &output{stdout: readCapped(stdoutPath), stderr: readCapped(stderrPath)}
	if value != nil {
		out.table, out.text = value.table, value.text
	}
	switch {
	case ctx.Err() != nil:
		// Stopped: finish decides the state.
		return out, false
	case done:
		if failed {
			out.failure = lastLine(out.stderr)
			if out.failure == "" {
				out.failure = "The calculation failed."
			}
		} else if value == nil {
			out.failure = "The Python process ended before it reported its result."
		}
		return out, true
	}
	// The process ended (os._exit, a crash) before it finished the block.
	killProcessGroup(p.cmd)
	<-p.exited
	var exit *exec.ExitError
	switch {
	case p.err == nil:
		out.failure = "The Python process ended before it reported its result."
	case errors.As(p.err, &exit):
		out.failure = lastLine(out.stderr)
		if out.failure == "" {
			out.failure = "Python exited with " + exit.ProcessState.String()
		}
	default:
		out.failure = "Python failed: " + p.err.Error()
	}
	return out, false
}

// readCapped returns the first maxOutput bytes of a file, with a note when
// there were more.
func readCapped(name string) []byte {
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, maxOutput+1))
	if len(b) > maxOutput {
		return append(b[:maxOutput], fmt.Sprintf("\n[the emulator kept only the first %d bytes of this output]\n", maxOutput)...)
	}
	return b
}

// bridgeRequest is one request of the Python prelude.
type bridgeRequest struct {
	Op       string            `json:"op"`
	SQL      string            `json:"sql"`
	Views    map[string]string `json:"views"`
	Table    *Table            `json:"table"`
	Text     *string           `json:"text"`
	N        int               `json:"n"`
	Truncate int               `json:"truncate"`
	Vertical bool              `json:"vertical"`
	Failed   bool              `json:"failed"`

	// read and write
	Path    string            `json:"path"`
	Format  string            `json:"format"`
	Options map[string]string `json:"options"`
	Mode    string            `json:"mode"`
	Name    string            `json:"name"`
}

// bridgeReply answers a bridgeRequest; Error becomes an AnalysisException
// in Python.
type bridgeReply struct {
	Table    *Table `json:"table,omitempty"`
	Text     string `json:"text,omitempty"`
	Relation string `json:"relation,omitempty"`
	Error    string `json:"error,omitempty"`
}

// bridgeValue is the value of a code block's last expression.
type bridgeValue struct {
	table *Table
	text  string
}

// serveBridge answers p's requests until it reports the block done (with
// whether it failed) or its pipe ends, and returns the value it reported,
// or nil if it reported none.
func (s *Service) serveBridge(ctx context.Context, sess *session, p *pyProcess) (value *bridgeValue, done, failed bool) {
	for {
		var req bridgeRequest
		if err := p.dec.Decode(&req); err != nil {
			return value, false, false
		}
		var reply bridgeReply
		switch req.Op {
		case "done":
			return value, true, req.Failed
		case "sql":
			sql, err := req.SQL, error(nil)
			if isQuery(sql) {
				sql, err = withViews(sql, req.Views)
			}
			if err != nil {
				reply.Error = err.Error()
				break
			}
			t, err := s.cfg.SQL(ctx, SQLRequest{SQL: sql, Database: "default", WorkGroup: sess.workGroup, Output: sess.output})
			if err != nil {
				reply.Error = err.Error()
			} else {
				reply.Table = t
			}
		case "read":
			reply.Relation, reply.Error = s.bridgeRead(ctx, sess, &req)
		case "write":
			reply.Error = s.bridgeWrite(ctx, sess, &req)
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
		if err := p.enc.Encode(&reply); err != nil {
			return value, false, false
		}
	}
}

// lastLine returns the last non-blank line of b, such as the exception line
// of a traceback.
func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n \t"), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
