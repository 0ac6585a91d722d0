package emulator_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
)

// sparkData is where the DataFrame tests keep their input files.
const sparkData = "s3://" + athenatest.Bucket + "/spark-data/"

// putSparkData uploads the DataFrame tests' input files.
func (h *harness) putSparkData() {
	h.t.Helper()
	files := map[string]string{
		"group_by/group_by.csv": "name,count\nfoo,1\nbar,2\nbar,3\nfoo,4\n",
		"plain/a.csv":           "x,1\ny,2\n",
		"folder/part-1.csv":     "name,count\nfoo,10\n",
		"folder/part-2.csv":     "name,count\nbaz,20\nqux,\n",
		"folder/_SUCCESS":       "",
		"json/rows.json":        `{"name": "foo", "n": 1, "ok": true}` + "\n" + `{"name": "bar", "n": 2.5}` + "\n",
		"semi/rows.csv":         "a;b\n1;x\n2;y\n",
	}
	for key, body := range files {
		h.put(athenatest.Bucket, "spark-data/"+key, []byte(body))
	}
}

// stdout runs code in session and returns what it printed.
func (h *harness) stdout(session, code string) string {
	h.t.Helper()
	c := h.runCode(session, code)
	return h.uriText(aws.ToString(c.Result.StdOutS3Uri))
}

func TestSparkDataFrameReadGroupByShow(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	h.putSparkData()
	session := h.startSession()
	// The DataFrame defined by one calculation is used by the next, as in
	// PyAthena's test_spark_dataframe.
	h.runCode(session, fmt.Sprintf(`
df = spark.read.format("csv") \
    .option("header", "true") \
    .option("inferSchema", "true") \
    .load("%sgroup_by/group_by.csv")
`, sparkData))
	got := h.stdout(session, `
from pyspark.sql.functions import sum
df_count = df.groupBy("name").agg(sum("count").alias("sum"))
df_count.show()
`)
	want := "+----+---+\n|name|sum|\n+----+---+\n| bar|  5|\n| foo|  5|\n+----+---+\n\n"
	if got != want {
		t.Errorf("show() printed\n%s\nwant\n%s", got, want)
	}

	tests := []struct {
		name, code, want string
	}{
		{"dtypes and columns", `print(df.dtypes, df.columns)`,
			"[('name', 'string'), ('count', 'int')] ['name', 'count']\n"},
		{"filter with a column, sort descending", `
from pyspark.sql.functions import col, desc
df.filter(col("count") > 1).orderBy(desc("count")).show()`,
			"+----+-----+\n|name|count|\n+----+-----+\n| foo|    4|\n| bar|    3|\n| bar|    2|\n+----+-----+\n\n"},
		{"show cuts to n rows", `df.orderBy("count").show(1)`,
			"+----+-----+\n|name|count|\n+----+-----+\n| foo|    1|\n+----+-----+\nonly showing top 1 row\n\n"},
		{"where with SQL text, count", `print(df.where("count < 3 AND name = 'foo'").count())`, "1\n"},
		{"select expressions, limit", `
from pyspark.sql.functions import col, lit
df.select(col("name"), (col("count") * 2 + lit(1)).alias("y"), col("count") / 2).orderBy("y").limit(2).show()`,
			"+----+---+-----------+\n|name|  y|(count / 2)|\n+----+---+-----------+\n| foo|  3|        0.5|\n| bar|  5|        1.0|\n+----+---+-----------+\n\n"},
		{"withColumn, withColumnRenamed, collect", `
from pyspark.sql.functions import col
rows = df.withColumn("big", col("count") >= 3).withColumnRenamed("count", "n").orderBy("n").collect()
print([(r.name, r.n, r["big"]) for r in rows])`,
			"[('foo', 1, False), ('bar', 2, False), ('bar', 3, True), ('foo', 4, True)]\n"},
		{"groupBy count, avg, max", `
from pyspark.sql import functions as F
df.groupBy("name").agg(F.count("*").alias("n"), F.avg("count"), F.max("count")).show()
df.groupBy("name").count().orderBy(F.col("name").desc()).show()`,
			"+----+---+----------+----------+\n|name|  n|avg(count)|max(count)|\n+----+---+----------+----------+\n| bar|  2|       2.5|         3|\n| foo|  2|       2.5|         4|\n+----+---+----------+----------+\n\n" +
				"+----+-----+\n|name|count|\n+----+-----+\n| foo|    2|\n| bar|    2|\n+----+-----+\n\n"},
		{"isin, isNull, negation", `
from pyspark.sql.functions import col
print(df.filter(col("name").isin("bar") & ~col("count").isNull()).count())`, "2\n"},
		{"temporary view seen by spark.sql", `
df.createOrReplaceTempView("counts")
spark.sql("SELECT name, count(*) AS n FROM counts GROUP BY name ORDER BY name").show()`,
			"+----+---+\n|name|  n|\n+----+---+\n| bar|  2|\n| foo|  2|\n+----+---+\n\n"},
		{"folder with header and a null", fmt.Sprintf(`
d = spark.read.csv("%sfolder/", header=True, inferSchema=True)
print(d.dtypes)
d.orderBy("name").show()`, sparkData),
			"[('name', 'string'), ('count', 'int')]\n+----+-----+\n|name|count|\n+----+-----+\n| baz|   20|\n| foo|   10|\n| qux| null|\n+----+-----+\n\n"},
		{"no header, no schema inference", fmt.Sprintf(`
d = spark.read.format("csv").load("%splain/a.csv")
print(d.dtypes, [tuple(r) for r in d.collect()])`, sparkData),
			"[('_c0', 'string'), ('_c1', 'string')] [('x', '1'), ('y', '2')]\n"},
		{"separator option", fmt.Sprintf(`
d = spark.read.option("sep", ";").option("header", True).option("inferSchema", True).csv("%ssemi/rows.csv")
print(d.dtypes, d.count())`, sparkData),
			"[('a', 'int'), ('b', 'string')] 2\n"},
		{"json", fmt.Sprintf(`
d = spark.read.json("%sjson/rows.json")
print(d.dtypes)
d.show()`, sparkData),
			"[('n', 'double'), ('name', 'string'), ('ok', 'boolean')]\n+---+----+----+\n|  n|name|  ok|\n+---+----+----+\n|1.0| foo|true|\n|2.5| bar|null|\n+---+----+----+\n\n"},
		{"createDataFrame and Row", `
from pyspark.sql import Row
d = spark.createDataFrame([Row(k="a", v=1), Row(k="b", v=2)])
print(d.agg({"v": "sum"}).collect()[0][0], d.first())`,
			"3 Row(k='a', v=1)\n"},
		{"join on names", `
other = spark.createDataFrame([("foo", "F"), ("baz", "Z")], ["name", "code"])
df.groupBy("name").count().join(other, "name", "left").orderBy("name").show()
print(df.join(other, ["name"]).count(), df.crossJoin(other).count())`,
			"+----+-----+----+\n|name|count|code|\n+----+-----+----+\n| bar|    2|null|\n| foo|    2|   F|\n+----+-----+----+\n\n2 8\n"},
		{"spark.sql DataFrames compose", `
spark.sql("SELECT 1 AS a UNION ALL SELECT 2").filter("a > 1").show()`,
			"+---+\n|  a|\n+---+\n|  2|\n+---+\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := *h
			h.t = t
			if got := h.stdout(session, tt.code); got != tt.want {
				t.Errorf("printed\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestSparkDataFrameWriterMakesAthenaTables(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	h.putSparkData()
	h.run("CREATE DATABASE sparkdb")
	session := h.startSession()
	h.runCode(session, fmt.Sprintf(`
from pyspark.sql.functions import sum
df = spark.read.csv("%sgroup_by/group_by.csv", header=True, inferSchema=True)
sums = df.groupBy("name").agg(sum("count").alias("sum"))
sums.write.mode("overwrite").format("parquet").option("path", "%sout/group_by").saveAsTable("sparkdb.group_by")
`, sparkData, sparkData))
	// Athena SQL sees the table.
	if got := fmt.Sprint(h.query("SELECT name, sum FROM sparkdb.group_by ORDER BY name")); got != "[[bar 5] [foo 5]]" {
		t.Errorf("Athena query of the saved table = %s", got)
	}
	if keys := h.keysUnder("spark-data/out/group_by/"); len(keys) == 0 {
		t.Error("saveAsTable wrote no files under its path")
	}

	tests := []struct {
		name, code, want, failure string
	}{
		{name: "spark.sql reads it back", code: `spark.sql("SELECT * FROM sparkdb.group_by").orderBy("name").show()`,
			want: "+----+---+\n|name|sum|\n+----+---+\n| bar|  5|\n| foo|  5|\n+----+---+\n\n"},
		{name: "error mode refuses an existing table", code: `sums.write.saveAsTable("sparkdb.group_by")`,
			failure: "AnalysisException: Table sparkdb.group_by already exists."},
		{name: "ignore mode leaves it", code: `
sums.write.mode("ignore").saveAsTable("sparkdb.group_by")
print(spark.table("sparkdb.group_by").count())`, want: "2\n"},
		{name: "append mode inserts", code: `
sums.write.mode("append").saveAsTable("sparkdb.group_by")
print(spark.table("sparkdb.group_by").count())`, want: "4\n"},
		{name: "overwrite mode replaces", code: fmt.Sprintf(`
sums.write.mode("overwrite").option("path", "%sout/group_by").saveAsTable("sparkdb.group_by")
print(spark.table("sparkdb.group_by").count())`, sparkData), want: "2\n"},
		{name: "save and read back Parquet files", code: fmt.Sprintf(`
sums.write.parquet("%sout/files")
sums.write.mode("append").parquet("%sout/files")
print(spark.read.parquet("%sout/files").count())`, sparkData, sparkData, sparkData), want: "4\n"},
		{name: "save refuses an existing path", code: fmt.Sprintf(`sums.write.parquet("%sout/files")`, sparkData),
			failure: "AnalysisException: path " + sparkData + "out/files already exists."},
		{name: "save CSV, read it back", code: fmt.Sprintf(`
sums.write.format("csv").mode("overwrite").save("%sout/csv")
spark.read.csv("%sout/csv", inferSchema=True).orderBy("_c0").show()`, sparkData, sparkData),
			want: "+---+---+\n|_c0|_c1|\n+---+---+\n|bar|  5|\n|foo|  5|\n+---+---+\n\n"},
		{name: "drop the table", code: `spark.sql("DROP TABLE IF EXISTS sparkdb.group_by")
print(spark.sql("SHOW TABLES IN sparkdb").count())`, want: "0\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := *h
			h.t = t
			c := h.waitCalculation(h.calculate(session, tt.code))
			if tt.failure != "" {
				if c.Status.State != types.CalculationExecutionStateFailed || aws.ToString(c.Status.StateChangeReason) != tt.failure {
					t.Errorf("calculation ended %s (%q), want FAILED with %q", c.Status.State, aws.ToString(c.Status.StateChangeReason), tt.failure)
				}
				return
			}
			if c.Status.State != types.CalculationExecutionStateCompleted {
				t.Fatalf("calculation ended %s: %s", c.Status.State, aws.ToString(c.Status.StateChangeReason))
			}
			if got := h.uriText(aws.ToString(c.Result.StdOutS3Uri)); got != tt.want {
				t.Errorf("printed\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestSparkUnsupportedPySparkCallsFail(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	session := h.startSession()
	h.runCode(session, `df = spark.createDataFrame([(1, "a")], ["n", "s"])`)
	tests := []struct {
		name, code, reason string
	}{
		{"DataFrame method", "df.dropDuplicates(['n'])", "UnsupportedOperation: DataFrame.dropDuplicates is not supported by the athenaq emulator"},
		{"join on a condition", "df.join(df, df.n == df.n)",
			"UnsupportedOperation: DataFrame.join on a Column condition (join on column names) is not supported by the athenaq emulator"},
		{"functions import", "from pyspark.sql.functions import explode",
			"UnsupportedOperation: pyspark.sql.functions.explode is not supported by the athenaq emulator"},
		{"writer option", "df.write.partitionBy('n')", "UnsupportedOperation: DataFrameWriter.partitionBy is not supported by the athenaq emulator"},
		{"session attribute", "spark.sparkContext", "UnsupportedOperation: SparkSession.sparkContext is not supported by the athenaq emulator"},
		{"data source", "spark.read.format('orc').load('s3://b/x')", "UnsupportedOperation: the data source 'orc' is not supported by the athenaq emulator"},
		{"missing path", "spark.read.csv('" + sparkData + "nothing/here.csv')", "AnalysisException: Path does not exist: " + sparkData + "nothing/here.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := *h
			h.t = t
			c := h.waitCalculation(h.calculate(session, tt.code))
			if c.Status.State != types.CalculationExecutionStateFailed || aws.ToString(c.Status.StateChangeReason) != tt.reason {
				t.Errorf("calculation ended %s (%q), want FAILED with %q", c.Status.State, aws.ToString(c.Status.StateChangeReason), tt.reason)
			}
		})
	}
	// The session's names survive a failed calculation.
	if got := h.stdout(session, "print(df.count())"); got != "1\n" {
		t.Errorf("after the failures, df.count() printed %q", got)
	}
}
