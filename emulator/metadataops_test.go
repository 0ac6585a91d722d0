package emulator_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

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

func TestListTableMetadataExpressionPatterns(t *testing.T) {
	h := newHarness(t)
	for _, name := range []string{"people", "persons", "orders", "order_items", "taxes", "ab_xyz_b"} {
		h.ddlOK("CREATE EXTERNAL TABLE "+name+" (n int) LOCATION 's3://athenaq-test/data/"+name+"/'", "CREATE_TABLE")
	}
	list := func(expr string) ([]string, error) {
		var names []string
		p := athena.NewListTableMetadataPaginator(h.ath, &athena.ListTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"),
			DatabaseName: aws.String("default"), Expression: aws.String(expr), MaxResults: aws.Int32(2)})
		for p.HasMorePages() {
			page, err := p.NextPage(h.ctx)
			if err != nil {
				return nil, err
			}
			for _, tm := range page.TableMetadataList {
				names = append(names, aws.ToString(tm.Name))
			}
		}
		return names, nil
	}
	for _, c := range []struct {
		name, expr string
		want       []string
	}{
		{"prefix glob", "peo*", []string{"people"}},
		{"infix glob", "*x*", []string{"ab_xyz_b", "taxes"}},
		{"inner glob", "a*b", []string{"ab_xyz_b"}},
		{"alternatives", "peo*|orders", []string{"orders", "people"}},
		{"regular expression", "order.*", []string{"order_items", "orders"}},
		{"case-insensitive", "PER*", []string{"persons"}},
		{"no match", "nothing*", nil},
		{"empty lists all", "", []string{"ab_xyz_b", "order_items", "orders", "people", "persons", "taxes"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := list(c.expr)
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("Expression %q = %q, %v; want %q", c.expr, got, err, c.want)
			}
		})
	}
	for _, expr := range []string{"peo(", "[ab", "+x", "(?=x)y", "((a{1000}){1000}){1000}"} {
		t.Run("invalid "+expr, func(t *testing.T) {
			_, err := list(expr)
			var ire *types.InvalidRequestException
			if !errors.As(err, &ire) || !strings.Contains(ire.ErrorMessage(), expr) {
				t.Errorf("Expression %q: %v, want InvalidRequestException naming it", expr, err)
			}
		})
	}
}
