package emulator_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/athenaq/athenaq/athenatest"
)

func TestTableLocationLosesTrailingSlashAsGlueDoes(t *testing.T) {
	h := newHarness(t)
	h.put(athenatest.Bucket, "data/people/a.csv", []byte("1,ann\n"))
	h.put(athenatest.Bucket, "data/people2/b.csv", []byte("2,bob\n"))
	h.ddlOK("CREATE EXTERNAL TABLE people (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' "+
		"LOCATION 's3://athenaq-test/data/people/'", "CREATE_TABLE")
	const want = "s3://athenaq-test/data/people"

	if got := h.tableMetadata("default", "people").Parameters["location"]; got != want {
		t.Errorf("GetTableMetadata location = %q, want %q", got, want)
	}
	list, err := h.ath.ListTableMetadata(h.ctx, &athena.ListTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String("default")})
	if err != nil || len(list.TableMetadataList) != 1 || list.TableMetadataList[0].Parameters["location"] != want {
		t.Errorf("ListTableMetadata = %+v, %v; want location %q", list, err, want)
	}
	stmt := h.utilityRows("SHOW CREATE TABLE people", "SHOW_CREATE_TABLE", "string", "createtab_stmt")
	if i := slices.Index(stmt, "LOCATION"); i < 0 || i+1 >= len(stmt) || stmt[i+1] != "  '"+want+"'" {
		t.Errorf("SHOW CREATE TABLE = %q, want LOCATION '%s'", stmt, want)
	}
	qe := h.run("DESCRIBE FORMATTED people")
	body, err := h.object(athenatest.Bucket, "results/"+aws.ToString(qe.QueryExecutionId)+".txt")
	if err != nil || !strings.Contains(string(body), "Location:           \t"+want+"\t") {
		t.Errorf("DESCRIBE FORMATTED = %q, %v; want Location %s", body, err, want)
	}
	// The table still reads its folder, and only that: people2/ shares the
	// reported location as a prefix but is not part of the table.
	if got := joinRows(h.query("SELECT id, name FROM people")); got != "1|ann" {
		t.Errorf("rows = %q", got)
	}
	// SHOW CREATE TABLE's text creates the same table again.
	h.ddlOK("DROP TABLE people", "DROP_TABLE")
	h.ddlOK(strings.Join(stmt, "\n"), "CREATE_TABLE")
	if got := joinRows(h.query("SELECT count(*) AS n FROM people")); got != "1" {
		t.Errorf("rows after re-creating = %q", got)
	}
}
