package emulator_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// TestEmptyListsAreSent checks the raw bodies: real Athena sends the list
// members it fills in as [] when they are empty, never leaves them out
// (FACTS §2.4), and clients such as PyAthena read them as keys.
func TestEmptyListsAreSent(t *testing.T) {
	h := newHarness(t)
	// Before any query has run, so that the list is empty.
	listIDs := func() (int, string) {
		status, body, _ := h.raw("AmazonAthena.ListQueryExecutions", jsonType, `{}`)
		return status, body
	}
	status0, ids0 := listIDs()
	h.run("CREATE DATABASE empties")
	ddl := aws.ToString(h.run("CREATE EXTERNAL TABLE empties.t (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://athenaq-test/data/empties/t/'").QueryExecutionId)
	insert := aws.ToString(h.run("INSERT INTO empties.t VALUES (1, 'one')").QueryExecutionId)
	ctas := aws.ToString(h.run("CREATE TABLE empties.c AS SELECT 1 AS n").QueryExecutionId)
	drop := aws.ToString(h.run("DROP TABLE empties.c").QueryExecutionId)
	h.run("CREATE DATABASE nothing_here")
	results := func(id string) string { return `{"QueryExecutionId":"` + id + `"}` }
	cases := []struct {
		name, op, body string
		want           *regexp.Regexp
	}{
		{"DDL results", "GetQueryResults", results(ddl),
			regexp.MustCompile(`^\{"ResultSet":\{"ResultSetMetadata":\{"ColumnInfo":\[\]\},"Rows":\[\]\}\}$`)},
		{"DROP results", "GetQueryResults", results(drop),
			regexp.MustCompile(`^\{"ResultSet":\{"ResultSetMetadata":\{"ColumnInfo":\[\]\},"Rows":\[\]\}\}$`)},
		{"INSERT results", "GetQueryResults", results(insert),
			regexp.MustCompile(`^\{"ResultSet":\{"ResultSetMetadata":\{"ColumnInfo":\[.*\]\},"Rows":\[\]\},"UpdateCount":1\}$`)},
		{"CTAS results", "GetQueryResults", results(ctas),
			regexp.MustCompile(`^\{"ResultSet":\{"ResultSetMetadata":\{"ColumnInfo":\[.*\]\},"Rows":\[\]\},"UpdateCount":1\}$`)},
		{"batch get, all found", "BatchGetQueryExecution", `{"QueryExecutionIds":["` + ddl + `"]}`,
			regexp.MustCompile(`"UnprocessedQueryExecutionIds":\[\]`)},
		{"batch get, none found", "BatchGetQueryExecution", `{"QueryExecutionIds":["11111111-2222-4333-8444-555555555555"]}`,
			regexp.MustCompile(`^\{"QueryExecutions":\[\],"UnprocessedQueryExecutionIds":\[\{`)},
		{"no tables", "ListTableMetadata", `{"CatalogName":"AwsDataCatalog","DatabaseName":"nothing_here"}`,
			regexp.MustCompile(`^\{"TableMetadataList":\[\]\}$`)},
		{"no prepared statements", "ListPreparedStatements", `{"WorkGroup":"primary"}`,
			regexp.MustCompile(`^\{"PreparedStatements":\[\]\}$`)},
	}
	t.Run("no query executions", func(t *testing.T) {
		if status0 != 200 || ids0 != `{"QueryExecutionIds":[]}` {
			t.Errorf("got %d %s", status0, ids0)
		}
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body, _ := h.raw("AmazonAthena."+c.op, jsonType, c.body)
			if status != 200 || !c.want.MatchString(body) {
				t.Errorf("got %d %s\nwant match for %s", status, body, c.want)
			}
			if strings.Contains(body, "null") {
				t.Errorf("body has null: %s", body)
			}
		})
	}
}
