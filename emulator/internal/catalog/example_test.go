package catalog_test

import (
	"fmt"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/catalog"
)

func Example() {
	cat, err := catalog.Open("") // in memory
	if err != nil {
		panic(err)
	}
	st, err := catalog.Parse("CREATE EXTERNAL TABLE sales (id bigint, item string COMMENT 'sku') " +
		"PARTITIONED BY (dt string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' " +
		"LOCATION 's3://bucket/sales/' TBLPROPERTIES ('skip.header.line.count'='1')")
	if err != nil {
		panic(err)
	}
	ct := st.(*catalog.CreateTable)
	ct.Table.Database = "default" // the query's context database
	if err := cat.CreateTable(ct.Table, ct.IfNotExists); err != nil {
		panic(err)
	}

	t, _ := cat.Table("default", "SALES")
	for _, row := range catalog.DescribeRows(t) {
		fmt.Printf("%q\n", row)
	}
	kind, opts := t.Format()
	fmt.Println(kind, strings.ReplaceAll(opts["field.delim"], ",", "comma"), t.SkipHeaderLines())
	// Output:
	// "id                  \tbigint              \t                    "
	// "item                \tstring              \tsku                 "
	// "dt                  \tstring              \t                    "
	// "\t \t "
	// "# Partition Information\t \t "
	// "# col_name            \tdata_type           \tcomment             "
	// "\t \t "
	// "dt                  \tstring              \t                    "
	// delimited comma 1
}
