package emulator_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/athenaq/athenaq/athenatest"
)

// TestSerDeTextValues checks values that depend on SerDe properties: an
// empty serialization.null.format makes empty LazySimpleSerDe fields NULL,
// and OpenCSVSerde reads a doubled quote inside quotes as one quote.
func TestSerDeTextValues(t *testing.T) {
	h := newHarness(t)
	h.put(athenatest.Bucket, "data/nullfmt/a.csv", []byte("1,,x\n2,b,\n,\\N,c\n"))
	h.put(athenatest.Bucket, "data/defaultnull/a.csv", []byte("1,,\\N\n"))
	h.put(athenatest.Bucket, "data/quotes/a.csv", []byte(`1,"say ""hi""","a \"b\""`+"\n"+`2,"",""""`+"\n"))
	tests := []struct {
		name  string
		ddl   string
		query string
		want  [][]string
	}{
		{
			name: "LazySimpleSerDe with null format ''",
			ddl: `CREATE EXTERNAL TABLE nullfmt (id int, s string, t string)
				ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
				LOCATION 's3://athenaq-test/data/nullfmt/'
				TBLPROPERTIES ('serialization.null.format' = '')`,
			query: "SELECT id, s, t, s IS NULL FROM nullfmt ORDER BY id NULLS LAST",
			want:  [][]string{{"1", "NULL", "x", "true"}, {"2", "b", "NULL", "false"}, {"NULL", `\N`, "c", "false"}},
		},
		{
			name: "LazySimpleSerDe with null format '' as a SerDe property",
			ddl: `CREATE EXTERNAL TABLE nullfmt2 (id int, s string, t string)
				ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe'
				WITH SERDEPROPERTIES ('field.delim' = ',', 'serialization.null.format' = '')
				LOCATION 's3://athenaq-test/data/nullfmt/'`,
			query: "SELECT id, s IS NULL, t IS NULL FROM nullfmt2 ORDER BY id NULLS LAST",
			want:  [][]string{{"1", "true", "false"}, {"2", "false", "true"}, {"NULL", "false", "false"}},
		},
		{
			name: "LazySimpleSerDe default null format",
			ddl: `CREATE EXTERNAL TABLE defaultnull (id int, s string, t string)
				ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
				LOCATION 's3://athenaq-test/data/defaultnull/'`,
			query: "SELECT id, s, s IS NULL, t IS NULL FROM defaultnull",
			want:  [][]string{{"1", "", "false", "true"}},
		},
		{
			name: "OpenCSVSerde doubled quotes",
			ddl: `CREATE EXTERNAL TABLE quotes (id int, s string, e string)
				ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
				LOCATION 's3://athenaq-test/data/quotes/'`,
			query: "SELECT id, s, e FROM quotes ORDER BY id",
			want:  [][]string{{"1", `say "hi"`, `a "b"`}, {"2", "", `"`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.ddlOK(tt.ddl, "CREATE_TABLE")
			qe := h.run(tt.query)
			got := h.rows(aws.ToString(qe.QueryExecutionId))
			if len(got) == 0 || !slices.EqualFunc(got[1:], tt.want, slices.Equal) {
				t.Errorf("rows:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
