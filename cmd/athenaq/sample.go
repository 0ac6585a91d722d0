package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatype"
)

// ensureSample creates the database "sample" and its tables when they do
// not exist yet, with data under location (s3://bucket/prefix/, one prefix
// per table). It returns quickly when they exist: two catalog calls and no
// query. A sample left half-made (an interrupted first run, a dropped
// table) is made again from scratch; other tables and views in the
// database are left alone.
//
// The sample is a small web shop, generated from a fixed seed (the same
// rows on every machine), with orders from 2022 to 2024. All tables are
// Parquet; every Athena column type appears in at least one of them:
//
//	sample.customers    500 rows   customer_id int, first_name string, last_name string,
//	                               email varchar(100), country char(2),
//	                               address struct<street:string,city:string,postal_code:string>,
//	                               phone varchar(20) (NULL for about a third), signup_date date,
//	                               birth_date date (sometimes NULL), marketing_opt_in boolean,
//	                               tags array<string> (often empty)
//	sample.products     100 rows   product_id int, sku char(8), name string, category varchar(32),
//	                               price decimal(10,2), weight_kg float (real; NULL for gift cards),
//	                               rating double (sometimes NULL), in_stock boolean,
//	                               attributes map<string,string>, image_md5 binary (varbinary)
//	sample.orders       3000 rows  order_id bigint, customer_id int, ordered_at timestamp,
//	                               status varchar(16), payment_method string,
//	                               shipped_at timestamp (NULL if processing or cancelled),
//	                               coupon_code varchar(16) (mostly NULL), shipping_cost decimal(10,2),
//	                               total decimal(10,2); partitioned by order_year int (2022, 2023, 2024)
//	sample.order_items  5752 rows  order_id bigint, line_no tinyint, product_id int,
//	                               quantity smallint, unit_price decimal(10,2)
//	sample.sales        view       one row per order line: order_id, ordered_at, order_year,
//	                               status, customer_id, country, line_no, product_id,
//	                               category, product (the name), quantity, unit_price and
//	                               line_total = quantity * unit_price
//
// An order's total is the sum of its lines, less its coupon's discount,
// plus shipping_cost. Status is delivered, shipped, processing, cancelled
// or returned.
//
// Each build writes under location + "<build>/<table>/", where <build> is
// new for every build: Athena's SQL cannot delete the files of a dropped
// table, so the files of an abandoned build stay behind, unread.
func ensureSample(ctx context.Context, c *athenaq.Client, location string) (created bool, err error) {
	return ensureSampleSized(ctx, c, location, sampleFull)
}

// ensureSampleSized is ensureSample with a sample of the given size; tests
// that build the sample again and again use a small one.
func ensureSampleSized(ctx context.Context, c *athenaq.Client, location string, size sampleSize) (created bool, err error) {
	if !strings.HasPrefix(location, "s3://") || len(location) <= len("s3://") {
		return false, fmt.Errorf("sample location %q: want s3://bucket/prefix/", location)
	}
	if !strings.HasSuffix(location, "/") {
		location += "/"
	}
	complete, dbExists, err := sampleComplete(ctx, c)
	if err != nil || complete {
		return false, err
	}
	if err := buildSample(ctx, c, location, size, dbExists); err != nil {
		return false, fmt.Errorf("create the sample database: %w", err)
	}
	return true, nil
}

// sampleDatabase is the sample's database; sampleView, created last, marks
// a complete build.
const (
	sampleDatabase = "sample"
	sampleView     = "sales"
)

// sampleVersion is stored in each table's TBLPROPERTIES under
// sampleVersionKey. A table of another version is rebuilt; raise it when the
// tables or their rows change.
const (
	sampleVersionKey = "athenaq.sample.version"
	sampleVersion    = "1"
)

// sampleMaxStatement bounds the length of one INSERT statement, below
// Athena's limit of 262,144 bytes of query text.
const sampleMaxStatement = 200_000

// sampleColumn is a column of a sample table: its type in the Hive DDL of
// CREATE EXTERNAL TABLE, and the same type in Trino's spelling for the
// CASTs of INSERT.
type sampleColumn struct {
	name, hive, trino string
}

// sampleTable is one table of the sample.
type sampleTable struct {
	name      string
	columns   []sampleColumn
	partition []sampleColumn
	// rows returns the values of the table's columns, partition keys last,
	// in the Go types that athenatype.Literal takes.
	rows func(d *sampleData) [][]any
}

var sampleTables = []sampleTable{
	{
		name: "customers",
		columns: []sampleColumn{
			{"customer_id", "int", "integer"},
			{"first_name", "string", "varchar"},
			{"last_name", "string", "varchar"},
			{"email", "varchar(100)", "varchar(100)"},
			{"country", "char(2)", "char(2)"},
			{"address", "struct<street:string,city:string,postal_code:string>", "row(street varchar, city varchar, postal_code varchar)"},
			{"phone", "varchar(20)", "varchar(20)"},
			{"signup_date", "date", "date"},
			{"birth_date", "date", "date"},
			{"marketing_opt_in", "boolean", "boolean"},
			{"tags", "array<string>", "array(varchar)"},
		},
		rows: func(d *sampleData) [][]any {
			out := make([][]any, len(d.customers))
			for i, c := range d.customers {
				out[i] = []any{c.id, c.firstName, c.lastName, c.email, c.country, c.address, c.phone, c.signupDate, c.birthDate,
					c.optIn, c.tags}
			}
			return out
		},
	},
	{
		name: "products",
		columns: []sampleColumn{
			{"product_id", "int", "integer"},
			{"sku", "char(8)", "char(8)"},
			{"name", "string", "varchar"},
			{"category", "varchar(32)", "varchar(32)"},
			{"price", "decimal(10,2)", "decimal(10,2)"},
			{"weight_kg", "float", "real"},
			{"rating", "double", "double"},
			{"in_stock", "boolean", "boolean"},
			{"attributes", "map<string,string>", "map(varchar, varchar)"},
			{"image_md5", "binary", "varbinary"},
		},
		rows: func(d *sampleData) [][]any {
			out := make([][]any, len(d.products))
			for i, p := range d.products {
				out[i] = []any{p.id, p.sku, p.name, p.category, p.price, p.weightKg, p.rating, p.inStock, p.attributes, p.imageMD5}
			}
			return out
		},
	},
	{
		name: "orders",
		columns: []sampleColumn{
			{"order_id", "bigint", "bigint"},
			{"customer_id", "int", "integer"},
			{"ordered_at", "timestamp", "timestamp"},
			{"status", "varchar(16)", "varchar(16)"},
			{"payment_method", "string", "varchar"},
			{"shipped_at", "timestamp", "timestamp"},
			{"coupon_code", "varchar(16)", "varchar(16)"},
			{"shipping_cost", "decimal(10,2)", "decimal(10,2)"},
			{"total", "decimal(10,2)", "decimal(10,2)"},
		},
		partition: []sampleColumn{{"order_year", "int", "integer"}},
		rows: func(d *sampleData) [][]any {
			out := make([][]any, len(d.orders))
			for i, o := range d.orders {
				out[i] = []any{o.id, o.customerID, o.orderedAt, o.status, o.paymentMethod, o.shippedAt, o.couponCode,
					o.shippingCost, o.total, o.orderedAt.Year()}
			}
			return out
		},
	},
	{
		name: "order_items",
		columns: []sampleColumn{
			{"order_id", "bigint", "bigint"},
			{"line_no", "tinyint", "tinyint"},
			{"product_id", "int", "integer"},
			{"quantity", "smallint", "smallint"},
			{"unit_price", "decimal(10,2)", "decimal(10,2)"},
		},
		rows: func(d *sampleData) [][]any {
			out := make([][]any, len(d.items))
			for i, it := range d.items {
				out[i] = []any{it.orderID, it.lineNo, it.productID, it.quantity, it.unitPrice}
			}
			return out
		},
	},
}

const sampleViewSQL = `CREATE OR REPLACE VIEW sample.sales AS
SELECT o.order_id, o.ordered_at, o.order_year, o.status, o.customer_id, c.country,
	i.line_no, p.product_id, p.category, p.name AS product, i.quantity, i.unit_price,
	i.quantity * i.unit_price AS line_total
FROM sample.orders o
JOIN sample.order_items i ON i.order_id = o.order_id
JOIN sample.customers c ON c.customer_id = o.customer_id
JOIN sample.products p ON p.product_id = i.product_id`

// sampleComplete reports whether the sample database holds every table of
// this version and the view, and whether the database exists.
func sampleComplete(ctx context.Context, c *athenaq.Client) (complete, dbExists bool, err error) {
	dbs, err := c.Databases(ctx, "")
	if err != nil {
		return false, false, err
	}
	for _, db := range dbs {
		dbExists = dbExists || db.Name == sampleDatabase
	}
	if !dbExists {
		return false, false, nil
	}
	tables, err := c.Tables(ctx, "", sampleDatabase, "")
	if err != nil {
		return false, true, err
	}
	found := map[string]athenaq.Table{}
	for _, t := range tables {
		found[t.Name] = t
	}
	if v, ok := found[sampleView]; !ok || v.Type != "VIRTUAL_VIEW" {
		return false, true, nil
	}
	for _, st := range sampleTables {
		t, ok := found[st.name]
		if !ok || t.Parameters[sampleVersionKey] != sampleVersion {
			return false, true, nil
		}
	}
	return true, true, nil
}

// buildSample drops what an earlier build left, then creates the tables,
// fills them and creates the view.
func buildSample(ctx context.Context, c *athenaq.Client, location string, size sampleSize, dbExists bool) error {
	// The statements are engine v3's: they run in primary whatever work
	// group (perhaps a DuckDB one) the command names.
	v3 := athenaq.StartOptions{WorkGroup: "primary"}
	exec := func(sql string, args ...any) error {
		_, err := c.Exec(ctx, sql, append([]any{v3}, args...)...)
		return err
	}
	if !dbExists {
		if err := exec("CREATE DATABASE IF NOT EXISTS " + sampleDatabase); err != nil {
			return err
		}
	}
	// The view goes first: while it is missing the sample counts as
	// incomplete, whatever happens next.
	if err := exec("DROP VIEW IF EXISTS " + sampleDatabase + "." + sampleView); err != nil {
		return err
	}
	build := location + "v" + sampleVersion + "-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "/"
	data := generateSample(size)
	var inserts []string
	for _, t := range sampleTables {
		ins, err := t.inserts(t.rows(data))
		if err != nil {
			return fmt.Errorf("table %s: %w", t.name, err)
		}
		inserts = append(inserts, ins...)
	}

	if err := sampleRun(ctx, len(sampleTables), func(ctx context.Context, i int) error {
		t := sampleTables[i]
		if _, err := c.Exec(ctx, "DROP TABLE IF EXISTS "+sampleDatabase+"."+t.name, v3); err != nil {
			return err
		}
		_, err := c.Exec(ctx, t.createSQL(), v3, build+t.name+"/")
		return err
	}); err != nil {
		return err
	}
	if err := sampleRun(ctx, len(inserts), func(ctx context.Context, i int) error {
		_, err := c.Exec(ctx, inserts[i], v3)
		return err
	}); err != nil {
		return err
	}
	return exec(sampleViewSQL)
}

// sampleRun runs fn for 0 to n-1, four at a time, and returns the first
// error.
func sampleRun(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i := range n {
		g.Go(func() error { return fn(gctx, i) })
	}
	return g.Wait()
}

// createSQL is the table's CREATE EXTERNAL TABLE, with a '?' for its
// location.
func (t sampleTable) createSQL() string {
	cols := func(cs []sampleColumn) string {
		parts := make([]string, len(cs))
		for i, c := range cs {
			parts[i] = c.name + " " + c.hive
		}
		return strings.Join(parts, ", ")
	}
	var b strings.Builder
	b.WriteString("CREATE EXTERNAL TABLE " + sampleDatabase + "." + t.name + " (" + cols(t.columns) + ")")
	if len(t.partition) > 0 {
		b.WriteString(" PARTITIONED BY (" + cols(t.partition) + ")")
	}
	b.WriteString(" STORED AS PARQUET LOCATION ? TBLPROPERTIES ('parquet.compression'='SNAPPY', '" +
		sampleVersionKey + "'='" + sampleVersion + "')")
	return b.String()
}

// inserts returns INSERT statements that add rows to the table, as many
// rows in each as sampleMaxStatement allows. Each statement is
//
//	INSERT INTO sample.t SELECT CAST(c1 AS type) AS name, ... FROM (VALUES (...), ...) AS v(c1, ...)
//
// so that every value takes its column's type, as Athena requires of an
// INSERT.
func (t sampleTable) inserts(rows [][]any) ([]string, error) {
	all := append(append([]sampleColumn(nil), t.columns...), t.partition...)
	casts := make([]string, len(all))
	names := make([]string, len(all))
	for i, c := range all {
		names[i] = "c" + strconv.Itoa(i+1)
		casts[i] = "CAST(" + names[i] + " AS " + c.trino + ") AS " + c.name
	}
	head := "INSERT INTO " + sampleDatabase + "." + t.name + " SELECT " + strings.Join(casts, ", ") + " FROM (VALUES\n"
	tail := "\n) AS v(" + strings.Join(names, ", ") + ")"

	var out []string
	var b strings.Builder
	n := 0
	for _, row := range rows {
		if len(row) != len(all) {
			return nil, fmt.Errorf("a row of %d values for %d columns", len(row), len(all))
		}
		lits := make([]string, len(row))
		for i, v := range row {
			lit, err := sampleLiteral(v)
			if err != nil {
				return nil, fmt.Errorf("column %s: %w", all[i].name, err)
			}
			lits[i] = lit
		}
		value := "(" + strings.Join(lits, ", ") + ")"
		if len(head)+len(value)+len(tail) > sampleMaxStatement {
			return nil, errors.New("a row longer than a statement")
		}
		if n > 0 && b.Len()+len(",\n")+len(value)+len(tail) > sampleMaxStatement {
			b.WriteString(tail)
			out = append(out, b.String())
			b.Reset()
			n = 0
		}
		if n == 0 {
			b.WriteString(head)
		} else {
			b.WriteString(",\n")
		}
		b.WriteString(value)
		n++
	}
	if n > 0 {
		b.WriteString(tail)
		out = append(out, b.String())
	}
	return out, nil
}

// sampleLiteral is athenatype.Literal, shortened where the CAST of inserts
// gives the type: decimals as plain numbers, dates and timestamps as
// strings. The statements are a third shorter, and quicker to parse.
func sampleLiteral(v any) (string, error) {
	switch x := v.(type) {
	case athenatype.Decimal:
		return x.String(), nil
	case athenatype.Date:
		return "'" + x.String() + "'", nil
	case *athenatype.Date:
		if x != nil {
			return sampleLiteral(*x)
		}
	case time.Time:
		return "'" + x.UTC().Format(time.DateTime) + "'", nil
	case *time.Time:
		if x != nil {
			return sampleLiteral(*x)
		}
	}
	return athenatype.Literal(v)
}
