package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/athenatype"
)

const sampleLocation = "s3://" + athenatest.Bucket + "/sample/"

// openSample starts an emulator and returns a client for it.
func openSample(t *testing.T) (*athenaq.Client, *athenatest.Env) {
	return emulatorClient(t)
}

// smallSample is the size of the samples that tests build again and again.
var smallSample = sampleSize{customers: 40, products: 15, orders: 150}

// mustEnsureSample runs ensureSampleSized and checks what it reports.
func mustEnsureSample(t *testing.T, c *athenaq.Client, size sampleSize, wantCreated bool) {
	t.Helper()
	start := time.Now()
	created, err := ensureSampleSized(context.Background(), c, sampleLocation, size)
	if err != nil {
		t.Fatalf("ensureSample: %v", err)
	}
	if created != wantCreated {
		t.Fatalf("ensureSample created = %v, want %v", created, wantCreated)
	}
	t.Logf("ensureSample (created %v) took %v", created, time.Since(start))
}

// queryText runs sql and returns its rows as Athena sent them, fields
// separated by "|", NULL as "NULL".
func queryText(t *testing.T, c *athenaq.Client, sql string) []string {
	t.Helper()
	rows, err := c.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		raw, err := rows.RawValues()
		if err != nil {
			t.Fatal(err)
		}
		fields := make([]string, len(raw))
		for i, p := range raw {
			fields[i] = "NULL"
			if p != nil {
				fields[i] = *p
			}
		}
		out = append(out, strings.Join(fields, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

// sampleCounts returns the row count of each sample table.
func sampleCounts(t *testing.T, c *athenaq.Client) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, st := range sampleTables {
		out[st.name] = strings.Join(queryText(t, c, "SELECT count(*) FROM sample."+st.name), "")
	}
	return out
}

// wantCounts is the row count of each table of a sample of size.
func wantCounts(size sampleSize) map[string]string {
	d := generateSample(size)
	return map[string]string{"customers": fmt.Sprint(len(d.customers)), "products": fmt.Sprint(len(d.products)),
		"orders": fmt.Sprint(len(d.orders)), "order_items": fmt.Sprint(len(d.items))}
}

// cents formats an amount in cents as Athena prints a decimal(p,2).
func cents(n int64) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return fmt.Sprintf("%s%d.%02d", sign, n/100, n%100)
}

// TestSampleDatabase builds the full sample once and checks it.
func TestSampleDatabase(t *testing.T) {
	c, env := openSample(t)
	ctx := context.Background()
	start := time.Now()
	created, err := ensureSample(ctx, c, sampleLocation)
	if err != nil || !created {
		t.Fatalf("ensureSample = %v, %v; want created", created, err)
	}
	t.Logf("ensureSample built the sample in %v", time.Since(start))
	d := generateSample(sampleFull)

	t.Run("columns", func(t *testing.T) {
		// As the catalog reports them, in Hive's spelling.
		want := map[string]string{
			"customers": "customer_id int, first_name string, last_name string, email varchar(100), country char(2), " +
				"address struct<street:string,city:string,postal_code:string>, phone varchar(20), signup_date date, " +
				"birth_date date, marketing_opt_in boolean, tags array<string>",
			"products": "product_id int, sku char(8), name string, category varchar(32), price decimal(10,2), " +
				"weight_kg float, rating double, in_stock boolean, attributes map<string,string>, image_md5 binary",
			"orders": "order_id bigint, customer_id int, ordered_at timestamp, status varchar(16), payment_method string, " +
				"shipped_at timestamp, coupon_code varchar(16), shipping_cost decimal(10,2), total decimal(10,2) " +
				"PARTITIONED BY order_year int",
			"order_items": "order_id bigint, line_no tinyint, product_id int, quantity smallint, unit_price decimal(10,2)",
		}
		kinds := map[string]bool{}
		kindOf := regexp.MustCompile(`^[a-z]+`)
		for name, want := range want {
			tb, err := c.Table(ctx, "", "sample", name)
			if err != nil {
				t.Fatalf("Table %s: %v", name, err)
			}
			var cols []string
			for _, col := range tb.Columns {
				cols = append(cols, col.Name+" "+col.Type)
				kinds[kindOf.FindString(col.Type)] = true
			}
			got := strings.Join(cols, ", ")
			if len(tb.PartitionKeys) > 0 {
				var keys []string
				for _, col := range tb.PartitionKeys {
					keys = append(keys, col.Name+" "+col.Type)
				}
				got += " PARTITIONED BY " + strings.Join(keys, ", ")
			}
			if got != want {
				t.Errorf("columns of %s:\n got %s\nwant %s", name, got, want)
			}
			if !strings.HasPrefix(tb.Location, sampleLocation) || !strings.HasSuffix(strings.TrimSuffix(tb.Location, "/"), "/"+name) {
				t.Errorf("location of %s = %q, want one under %s", name, tb.Location, sampleLocation)
			}
		}
		// Every Athena type is in some column: real is Hive's float,
		// varbinary its binary, row its struct.
		for _, k := range []string{"boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "decimal", "char",
			"varchar", "string", "date", "timestamp", "binary", "array", "map", "struct"} {
			if !kinds[k] {
				t.Errorf("no column of type %s (have %v)", k, slices.Sorted(maps.Keys(kinds)))
			}
		}
		// The same, as queries report the column types (the emulator
		// reports char(n) columns as varchar, so char is not checked here).
		resultKinds := map[string]bool{}
		for _, st := range sampleTables {
			rows, err := c.Query(ctx, "SELECT * FROM sample."+st.name+" LIMIT 1")
			if err != nil {
				t.Fatal(err)
			}
			for _, col := range rows.Columns() {
				resultKinds[col.Type] = true
			}
			rows.Close()
		}
		for _, k := range []string{"boolean", "tinyint", "smallint", "integer", "bigint", "float", "double", "decimal",
			"varchar", "date", "timestamp", "varbinary", "array", "map", "row"} {
			if !resultKinds[k] {
				t.Errorf("no result column of type %s (have %v)", k, slices.Sorted(maps.Keys(resultKinds)))
			}
		}
	})

	t.Run("rows and NULLs", func(t *testing.T) {
		counts := sampleCounts(t, c)
		if want := wantCounts(sampleFull); !maps.Equal(counts, want) {
			t.Errorf("row counts %v, want %v", counts, want)
		}
		// The counts that ensureSample's doc comment gives.
		if doc := map[string]string{"customers": "500", "products": "100", "orders": "3000", "order_items": "5752"}; !maps.Equal(counts, doc) {
			t.Errorf("row counts %v, the doc comment says %v", counts, doc)
		}
		perYear := map[int]int{}
		var unshipped, noPhone int
		for _, o := range d.orders {
			perYear[o.orderedAt.Year()]++
			if o.shippedAt == nil {
				unshipped++
			}
		}
		for _, cu := range d.customers {
			if cu.phone == nil {
				noPhone++
			}
		}
		var wantYears []string
		for _, y := range slices.Sorted(maps.Keys(perYear)) {
			wantYears = append(wantYears, fmt.Sprintf("%d|%d", y, perYear[y]))
		}
		got := queryText(t, c, "SELECT order_year, count(*) FROM sample.orders GROUP BY order_year ORDER BY order_year")
		if !slices.Equal(got, wantYears) || len(got) != 3 {
			t.Errorf("orders per year %q, want %q over 3 years", got, wantYears)
		}
		nulls := queryText(t, c, "SELECT (SELECT count(*) FROM sample.orders WHERE shipped_at IS NULL), "+
			"(SELECT count(*) FROM sample.customers WHERE phone IS NULL)")
		if want := fmt.Sprintf("%d|%d", unshipped, noPhone); len(nulls) != 1 || nulls[0] != want || unshipped == 0 || noPhone == 0 {
			t.Errorf("NULL shipped_at and phone: %q, want %s (both > 0)", nulls, want)
		}
	})

	t.Run("revenue by country", func(t *testing.T) {
		country := map[int32]string{}
		for _, cu := range d.customers {
			country[cu.id] = cu.country
		}
		byOrder := map[int64]int32{}
		revenue := map[string]int64{}
		for _, o := range d.orders {
			byOrder[o.id] = o.customerID
			if o.status != "cancelled" {
				revenue[country[o.customerID]] += o.total.Unscaled().Int64()
			}
		}
		lines := map[string]int64{}
		for _, it := range d.items {
			lines[country[byOrder[it.orderID]]] += int64(it.quantity) * it.unitPrice.Unscaled().Int64()
		}
		text := func(m map[string]int64) []string {
			var out []string
			for _, k := range slices.Sorted(maps.Keys(m)) {
				out = append(out, k+"|"+cents(m[k]))
			}
			return out
		}
		got := queryText(t, c, `SELECT c.country, sum(o.total) FROM sample.orders o
			JOIN sample.customers c ON c.customer_id = o.customer_id
			WHERE o.status <> 'cancelled' GROUP BY c.country ORDER BY c.country`)
		if want := text(revenue); !slices.Equal(got, want) || len(want) < 10 {
			t.Errorf("revenue by country:\n got %q\nwant %q (10 countries or more)", got, want)
		}
		got = queryText(t, c, "SELECT country, sum(line_total) FROM sample.sales GROUP BY country ORDER BY country")
		if want := text(lines); !slices.Equal(got, want) {
			t.Errorf("line totals by country through the view:\n got %q\nwant %q", got, want)
		}
	})

	t.Run("first customer and product", func(t *testing.T) {
		cu, p := d.customers[0], d.products[0]
		rows, err := c.Query(ctx, "SELECT c.email, c.country, c.address, c.tags, c.signup_date, p.sku, p.price, p.image_md5, p.attributes "+
			"FROM sample.customers c, sample.products p WHERE c.customer_id = 1 AND p.product_id = 1")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			n++
			v, err := rows.Values()
			if err != nil {
				t.Fatal(err)
			}
			wantCity, _ := cu.address.Field("city")
			city, _ := v[2].(athenatype.Row).Field("city")
			tags, _ := v[3].([]any)
			signup, _ := v[4].(time.Time)
			if v[0] != cu.email || v[1] != cu.country || city != wantCity || len(tags) != len(cu.tags) ||
				!signup.Equal(cu.signupDate.In(time.UTC)) {
				t.Errorf("customer 1 = %v, want %+v", v[:5], cu)
			}
			price, _ := v[6].(athenatype.Decimal)
			md5, _ := v[7].([]byte)
			attrs, _ := v[8].(athenatype.Map)
			if v[5] != p.sku || price.Cmp(p.price) != 0 || !bytes.Equal(md5, p.imageMD5) || len(attrs) != len(p.attributes) {
				t.Errorf("product 1 = %v, want %+v", v[5:], p)
			}
		}
		if err := rows.Err(); err != nil || n != 1 {
			t.Errorf("%d rows, %v; want 1", n, err)
		}
	})

	t.Run("second call", func(t *testing.T) {
		before := env.Server.Stats().Calls["StartQueryExecution"]
		mustEnsureSample(t, c, sampleFull, false)
		if n := env.Server.Stats().Calls["StartQueryExecution"] - before; n != 0 {
			t.Errorf("the second ensureSample started %d queries", n)
		}
		if got, want := sampleCounts(t, c), wantCounts(sampleFull); !maps.Equal(got, want) {
			t.Errorf("row counts after the second call %v, want %v", got, want)
		}
	})
}

// sampleDump returns every row of every sample table and of the view, in
// key order.
func sampleDump(t *testing.T, c *athenaq.Client) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT * FROM sample.customers ORDER BY customer_id",
		"SELECT * FROM sample.products ORDER BY product_id",
		"SELECT * FROM sample.orders ORDER BY order_id",
		"SELECT * FROM sample.order_items ORDER BY order_id, line_no",
		"SELECT * FROM sample.sales ORDER BY order_id, line_no",
	} {
		b.WriteString(q + "\n" + strings.Join(queryText(t, c, q), "\n") + "\n")
	}
	return b.String()
}

func TestSampleIsTheSameOnEveryEmulator(t *testing.T) {
	if !reflect.DeepEqual(generateSample(sampleFull), generateSample(sampleFull)) {
		t.Fatal("two samples generated in one process differ")
	}
	// Through two fresh emulators, as text: the statements and what
	// Athena reads back are the same too.
	c1, _ := openSample(t)
	c2, _ := openSample(t)
	mustEnsureSample(t, c1, smallSample, true)
	mustEnsureSample(t, c2, smallSample, true)
	got, want := sampleDump(t, c2), sampleDump(t, c1)
	if got != want {
		a, b := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("the samples differ at line %d:\n%s\n%s", i+1, a[i], b[i])
			}
		}
		t.Fatalf("the samples differ in length: %d and %d lines", len(a), len(b))
	}
	d := generateSample(smallSample)
	if lines, rows := strings.Count(got, "\n"), len(d.customers)+len(d.products)+len(d.orders)+2*len(d.items); lines < rows {
		t.Errorf("the dump has %d lines, want at least %d", lines, rows)
	}
}

func TestSampleRebuildsWhatIsMissing(t *testing.T) {
	c, env := openSample(t)
	ctx := context.Background()
	exec := func(sql string) {
		t.Helper()
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	env.Put(t, "mine/a.csv", "1\n")
	cases := []struct {
		name  string
		setup func()
	}{
		{"only the database", func() { exec("CREATE DATABASE sample") }},
		{"no view, extra rows", func() {
			exec("DROP VIEW sample.sales")
			exec("INSERT INTO sample.orders SELECT * FROM sample.orders")
			exec("CREATE EXTERNAL TABLE sample.mine (n int) LOCATION 's3://" + athenatest.Bucket + "/mine/'")
		}},
		{"a table missing", func() { exec("DROP TABLE sample.products") }},
		{"a table of another build", func() {
			exec("DROP TABLE sample.customers")
			exec("CREATE EXTERNAL TABLE sample.customers (customer_id int) LOCATION 's3://" + athenatest.Bucket + "/mine/'")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.setup()
			mustEnsureSample(t, c, smallSample, true)
			checkSmallSample(t, c)
			mustEnsureSample(t, c, smallSample, false)
		})
	}
	// The other table in the database was left alone.
	if got := queryText(t, c, "SELECT n FROM sample.mine"); !slices.Equal(got, []string{"1"}) {
		t.Errorf("sample.mine after the rebuilds: %q", got)
	}
}

// checkSmallSample checks the row counts of a smallSample's tables and
// view.
func checkSmallSample(t *testing.T, c *athenaq.Client) {
	t.Helper()
	want := wantCounts(smallSample)
	if got := sampleCounts(t, c); !maps.Equal(got, want) {
		t.Errorf("row counts %v, want %v", got, want)
	}
	if got := queryText(t, c, "SELECT count(*) FROM sample.sales"); len(got) != 1 || got[0] != want["order_items"] {
		t.Errorf("rows of the view: %q, want %s", got, want["order_items"])
	}
}

func TestSampleAfterAnInterruptedBuild(t *testing.T) {
	c, env := openSample(t)
	// The database is there before the first build: a CREATE DATABASE
	// stopped in the emulator can leave the database in its catalog but not
	// in its engine, which then fails every table in it until a restart.
	if _, err := c.Exec(context.Background(), "CREATE DATABASE sample"); err != nil {
		t.Fatal(err)
	}
	for _, after := range []int64{1, 4, 8, 12} {
		t.Run(fmt.Sprintf("after %d queries", after), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			// Cancel the build once it has started some queries.
			start := env.Server.Stats().Calls["StartQueryExecution"]
			done := make(chan struct{})
			go func() {
				defer close(done)
				tick := time.NewTicker(time.Millisecond)
				defer tick.Stop()
				for env.Server.Stats().Calls["StartQueryExecution"]-start < after {
					select {
					case <-ctx.Done():
						return
					case <-tick.C:
					}
				}
				cancel()
			}()
			created, err := ensureSampleSized(ctx, c, sampleLocation, smallSample)
			cancel()
			<-done
			t.Logf("the interrupted build: created %v, %v", created, err)
			// The build may have finished before the cancel reached it.
			if _, err := ensureSampleSized(context.Background(), c, sampleLocation, smallSample); err != nil {
				t.Fatalf("ensureSample after the interrupted build: %v", err)
			}
			checkSmallSample(t, c)
			mustEnsureSample(t, c, smallSample, false)
			// The next case starts from a half-made sample again.
			if _, err := c.Exec(context.Background(), "DROP VIEW sample.sales"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSampleRejectsABadLocation(t *testing.T) {
	for name, loc := range map[string]string{
		"empty":     "",
		"no bucket": "s3://",
		"no scheme": "bucket/prefix/",
		"a path":    "/tmp/sample",
	} {
		t.Run(name, func(t *testing.T) {
			// The location is checked before the client is used.
			_, err := ensureSample(context.Background(), nil, loc)
			if err == nil || !strings.Contains(err.Error(), "s3://bucket/prefix/") {
				t.Errorf("ensureSample(%q) = %v, want an error naming the expected form", loc, err)
			}
		})
	}
}
