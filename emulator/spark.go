package emulator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/results"
	"github.com/athenaq/athenaq/emulator/internal/spark"
)

// maxSparkResult bounds the result of one SQL statement of a calculation:
// the Spark service holds it in memory.
const maxSparkResult = 64 << 20

// openSpark starts the Spark service (emulator/internal/spark) with what it
// needs of the Server: the SQL pipeline, the object store, the work groups,
// the delays and the fault dice.
func (s *Server) openSpark() {
	s.spark = spark.New(spark.Config{
		SQL:             s.sparkSQL,
		Read:            s.sparkRead,
		Write:           s.sparkWrite,
		Release:         s.sparkRelease,
		Store:           s.store,
		WorkGroup:       s.sparkWorkGroup,
		Python:          s.opts.Spark.Python,
		DisablePython:   s.opts.Spark.DisablePython,
		TempDir:         s.tmpDir,
		StartDelay:      s.opts.Spark.SessionStartDelay,
		QueueDelay:      s.opts.QueueDelay,
		RunDelay:        s.opts.QueryDelay,
		Minute:          s.opts.Spark.Minute,
		FailSession:     func() bool { return s.limits.roll(s.opts.Faults.SessionFailRate) },
		FailCalculation: func() bool { return s.limits.roll(s.opts.Faults.FailRate) },
		Tokens:          sparkTokens{s.pages},
		Logger:          s.log,
	})
}

// sparkTokens signs the Spark service's page tokens with the server's key.
type sparkTokens struct{ p *pageTokens }

func (t sparkTokens) Encode(kind string, pos int64) string { return t.p.encode("spark/"+kind, pos, 0) }

func (t sparkTokens) Decode(kind, token string) (int64, bool) {
	pos, _, ok := t.p.decode("spark/"+kind, token)
	return pos, ok
}

// sparkWorkGroup describes a work group to the Spark service. A Spark work
// group without an output location uses the primary one's.
func (s *Server) sparkWorkGroup(name string) (spark.WorkGroup, bool) {
	wg, ok := s.groups.get(name)
	if !ok {
		return spark.WorkGroup{}, false
	}
	loc := wg.OutputLocation
	if primary, ok := s.groups.get("primary"); ok && loc == "" && !wg.ManagedResults {
		loc = primary.OutputLocation
	}
	return spark.WorkGroup{Name: wg.Name, Spark: wg.Spark, OutputLocation: loc}, true
}

// sparkSQL runs one statement of a calculation through the query pipeline
// (acceptStatement, then execute in an engine slot) without making it a
// query execution: nothing is listed, counted or written to the output
// location but the files of statements that write data.
func (s *Server) sparkSQL(ctx context.Context, req spark.SQLRequest) (*spark.Table, error) {
	database := strings.ToLower(req.Database)
	sql, class, stmt, perr := s.acceptStatement(ctx, req.SQL, database)
	if perr != nil {
		return nil, errors.New(perr.Message)
	}
	stored, _ := storedQuery(sql, class, nil)
	q := &query{
		id: newQueryID(), raw: req.SQL, sql: stored, class: class, stmt: stmt, database: database,
		workGroup: req.WorkGroup, output: req.Output.Folder(), submitted: time.Now(), done: make(chan struct{}),
		state: stateRunning,
	}
	out, err := s.executeSlot(ctx, q)
	if err != nil {
		return nil, err
	}
	defer s.discard(out)
	t := &spark.Table{Columns: make([]spark.Column, len(out.columns))}
	for i, c := range out.columns {
		t.Columns[i] = spark.Column{Name: c.Name, Type: c.Type}
	}
	switch out.kind {
	case resultCSV:
		rows, err := readSparkRows(out.dataFile)
		if err != nil {
			return nil, err
		}
		t.Rows = rows
	case resultText:
		if len(t.Columns) == 0 {
			t.Columns = []spark.Column{{Name: "result", Type: "varchar"}}
		}
		for _, line := range out.text {
			t.Rows = append(t.Rows, []*string{&line})
		}
	default:
		// DDL and writes: Spark answers them with an empty DataFrame.
		t.Columns = nil
	}
	return t, nil
}

// readSparkRows reads the data rows (CSV without a header) of a result.
func readSparkRows(file string) ([][]*string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > maxSparkResult {
		return nil, fmt.Errorf("the result is %d bytes; the emulator's Spark session holds at most %d", fi.Size(), maxSparkResult)
	}
	r := results.NewCSVReader(f)
	var rows [][]*string
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
}
