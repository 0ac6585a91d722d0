package emulator_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
)

// scanned returns the DataScannedInBytes of a finished query.
func scanned(qe *types.QueryExecution) int64 { return aws.ToInt64(qe.Statistics.DataScannedInBytes) }

func TestPartitionsMSCKAndPruning(t *testing.T) {
	h := newHarness(t)
	day1, day2 := "1,a\n2,b\n", "3,c\n"
	h.put(athenatest.Bucket, "data/ev/dt=2026-01-01/x.csv", []byte(day1))
	h.put(athenatest.Bucket, "data/ev/dt=2026-01-02/y.csv", []byte(day2))
	h.put(athenatest.Bucket, "data/ev/dt=2026-01-02/_SUCCESS", []byte("x"))
	h.put(athenatest.Bucket, "data/ev/other/z.csv", []byte("9,z\n"))
	h.ddlOK(`CREATE EXTERNAL TABLE ev (n int, s string) PARTITIONED BY (dt string)
		ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://athenaq-test/data/ev/'`, "CREATE_TABLE")

	if got := h.query("SELECT count(*) FROM ev"); joinRows(got) != "0" {
		t.Errorf("before MSCK: %q, want 0 rows", joinRows(got))
	}
	qe := h.run("MSCK REPAIR TABLE ev")
	if qe.StatementType != types.StatementTypeDdl || aws.ToString(qe.SubstatementType) != "MSCK_REPAIR" {
		t.Errorf("MSCK: %s/%s", qe.StatementType, aws.ToString(qe.SubstatementType))
	}
	msckID := aws.ToString(qe.QueryExecutionId)
	wantMSCK := "Partitions not in metastore:\tev:dt=2026-01-01\tev:dt=2026-01-02\n" +
		"Repair: Added partition to metastore ev:dt=2026-01-01\nRepair: Added partition to metastore ev:dt=2026-01-02"
	if body, err := h.object(athenatest.Bucket, "results/"+msckID+".txt"); err != nil || string(body) != wantMSCK {
		t.Errorf("MSCK .txt = %q, %v; want %q", body, err, wantMSCK)
	}
	if got := joinRows(h.rows(msckID)); got != wantMSCK {
		t.Errorf("MSCK rows = %q", got)
	}
	if meta, err := h.object(athenatest.Bucket, "results/"+msckID+".txt.metadata"); err != nil || len(meta) != 38 {
		t.Errorf("MSCK companion: %d bytes, %v; want 38 (the query id only)", len(meta), err)
	}

	qe = h.run("SHOW PARTITIONS ev")
	id := aws.ToString(qe.QueryExecutionId)
	if qe.StatementType != types.StatementTypeUtility || aws.ToString(qe.SubstatementType) != "SHOW_PARTITIONS" {
		t.Errorf("SHOW PARTITIONS: %s/%s", qe.StatementType, aws.ToString(qe.SubstatementType))
	}
	if got := joinRows(h.rows(id)); got != "dt=2026-01-01\ndt=2026-01-02" {
		t.Errorf("SHOW PARTITIONS rows %q", got)
	}
	if body, err := h.object(athenatest.Bucket, "results/"+id+".txt"); err != nil || string(body) != "dt=2026-01-01\ndt=2026-01-02" {
		t.Errorf("SHOW PARTITIONS .txt %q, %v", body, err)
	}

	qe = h.run("SELECT * FROM ev ORDER BY n")
	if got := joinRows(h.rows(aws.ToString(qe.QueryExecutionId))); got != "n|s|dt\n1|a|2026-01-01\n2|b|2026-01-01\n3|c|2026-01-02" {
		t.Errorf("SELECT * rows %q", got)
	}
	if n := scanned(qe); n != int64(len(day1)+len(day2)) {
		t.Errorf("SELECT * scanned %d bytes, want %d", n, len(day1)+len(day2))
	}
	for _, tc := range []struct {
		sql, rows string
		bytes     int
	}{
		{"SELECT n, dt FROM ev WHERE dt = '2026-01-02'", "3|2026-01-02", len(day2)},
		{"SELECT n FROM ev e WHERE e.dt IN ('2026-01-01') AND n > 1 ORDER BY n", "2", len(day1)},
		{"SELECT n FROM ev WHERE dt = '2026-01-03'", "", 0},
		// Not provably one partition: everything is read.
		{"SELECT n FROM ev WHERE dt = '2026-01-02' OR n = 1 ORDER BY n", "1\n3", len(day1) + len(day2)},
		{"SELECT n FROM ev WHERE dt LIKE '%02'", "3", len(day1) + len(day2)},
	} {
		qe := h.run(tc.sql)
		rows := h.rows(aws.ToString(qe.QueryExecutionId))[1:]
		if got := joinRows(rows); got != tc.rows {
			t.Errorf("%s: rows %q, want %q", tc.sql, got, tc.rows)
		}
		if n := scanned(qe); n != int64(tc.bytes) {
			t.Errorf("%s: scanned %d bytes, want %d", tc.sql, n, tc.bytes)
		}
	}
	// A second MSCK adds nothing new.
	h.run("MSCK REPAIR TABLE ev")
	if got := joinRows(h.query("SELECT count(*) FROM ev")); got != "3" {
		t.Errorf("after a second MSCK: count %q", got)
	}
}

func TestAlterTablePartitions(t *testing.T) {
	h := newHarness(t)
	h.put(athenatest.Bucket, "elsewhere/p1/a.csv", []byte("1\n"))
	h.put(athenatest.Bucket, "data/t/d=2/b.csv", []byte("20\n"))
	h.put(athenatest.Bucket, "data/t/d=3/c.csv", []byte("300\n"))
	h.ddlOK("CREATE EXTERNAL TABLE t (n int) PARTITIONED BY (d int) LOCATION 's3://athenaq-test/data/t'", "CREATE_TABLE")
	h.ddlOK("ALTER TABLE t ADD PARTITION (d=1) LOCATION 's3://athenaq-test/elsewhere/p1/' PARTITION (d=2)", "ALTER_TABLE_ADD_PARTITION")
	h.ddlOK("ALTER TABLE default.t ADD IF NOT EXISTS PARTITION (d=2) PARTITION (d='3')", "ALTER_TABLE_ADD_PARTITION")
	if got := joinRows(h.rows(aws.ToString(h.run("SHOW PARTITIONS t").QueryExecutionId))); got != "d=1\nd=2\nd=3" {
		t.Errorf("SHOW PARTITIONS: %q", got)
	}
	qe := h.run("SELECT n, d FROM t ORDER BY d")
	if got := joinRows(h.rows(aws.ToString(qe.QueryExecutionId))[1:]); got != "1|1\n20|2\n300|3" {
		t.Errorf("rows %q", got)
	}
	// d is an int: it compares as a number and prunes on a number.
	qe = h.run("SELECT n FROM t WHERE d = 3 AND d + 1 = 4")
	if got := joinRows(h.rows(aws.ToString(qe.QueryExecutionId))[1:]); got != "300" || scanned(qe) != 4 {
		t.Errorf("WHERE d = 3: rows %q, scanned %d, want 300 and 4 bytes", got, scanned(qe))
	}

	h.ddlOK("ALTER TABLE t DROP PARTITION (d=2)", "ALTER_TABLE_DROP_PARTITION")
	h.ddlOK("ALTER TABLE t DROP IF EXISTS PARTITION (d=2), PARTITION (d=3)", "ALTER_TABLE_DROP_PARTITION")
	qe = h.run("SELECT n FROM t")
	if got := joinRows(h.rows(aws.ToString(qe.QueryExecutionId))[1:]); got != "1" || scanned(qe) != 2 {
		t.Errorf("after DROP: rows %q, scanned %d", got, scanned(qe))
	}

	h.ddlOK("CREATE EXTERNAL TABLE flat (n int) LOCATION 's3://athenaq-test/data/flat/'", "CREATE_TABLE")
	for _, tc := range []struct{ sql, reason string }{
		{"ALTER TABLE t ADD PARTITION (d=1)", "AlreadyExistsException"},
		{"ALTER TABLE t DROP PARTITION (d=9)", "Partition not found"},
		{"ALTER TABLE t ADD PARTITION (x=1)", "contains non-partition columns"},
		{"ALTER TABLE flat ADD PARTITION (d=1)", "not partitioned"},
		{"ALTER TABLE missing ADD PARTITION (d=1)", "Table not found default.missing"},
		{"SHOW PARTITIONS flat", "is not a partitioned table"},
	} {
		qe := h.fail(tc.sql)
		if reason := aws.ToString(qe.Status.StateChangeReason); !strings.Contains(reason, tc.reason) || !strings.HasPrefix(reason, "FAILED: ") {
			t.Errorf("%s: reason %q, want one with %q", tc.sql, reason, tc.reason)
		}
	}
	if got := joinRows(h.rows(aws.ToString(h.run("SHOW PARTITIONS t").QueryExecutionId))); got != "d=1" {
		t.Errorf("failed statements changed the partitions: %q", got)
	}
}
