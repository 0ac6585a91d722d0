package otelathenaq

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
)

// instruments are the Tracer's metrics. The package comment lists them.
type instruments struct {
	queryActive   metric.Int64UpDownCounter
	queryDuration metric.Float64Histogram
	queueDuration metric.Float64Histogram
	scanned       metric.Int64Counter
	cost          metric.Float64Counter
	cached        metric.Int64Counter

	requests  metric.Int64Counter
	throttles metric.Int64Counter
	retries   metric.Int64Counter
	requestD  metric.Float64Histogram
	quotaWait metric.Float64Counter

	pollBatch metric.Int64Histogram

	readBytes    metric.Int64Counter
	readFiles    metric.Int64Counter
	readParts    metric.Int64Counter
	readRows     metric.Int64Counter
	readDuration metric.Float64Histogram

	sessionActive  metric.Int64UpDownCounter
	sessionD       metric.Float64Histogram
	calcActive     metric.Int64UpDownCounter
	calcD          metric.Float64Histogram
	calcDPUSeconds metric.Float64Counter
}

// Bucket boundaries in seconds: Athena's queries take from a fraction of a
// second to many minutes, its API requests tens of milliseconds.
var (
	queryBuckets   = []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800}
	requestBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}
	batchBuckets   = []float64{1, 2, 5, 10, 20, 30, 40, 50}
)

// newInstruments creates the instruments on m. An instrument that m cannot
// create is reported to otel.Handle and replaced by one that records
// nothing.
func newInstruments(m metric.Meter) *instruments {
	var in instruments
	nm := noop.Meter{}
	check := func(err error) {
		if err != nil {
			otel.Handle(err)
		}
	}
	i64c := func(name, unit, desc string) metric.Int64Counter {
		c, err := m.Int64Counter(name, metric.WithUnit(unit), metric.WithDescription(desc))
		if check(err); err != nil {
			c, _ = nm.Int64Counter(name)
		}
		return c
	}
	f64c := func(name, unit, desc string) metric.Float64Counter {
		c, err := m.Float64Counter(name, metric.WithUnit(unit), metric.WithDescription(desc))
		if check(err); err != nil {
			c, _ = nm.Float64Counter(name)
		}
		return c
	}
	i64u := func(name, unit, desc string) metric.Int64UpDownCounter {
		c, err := m.Int64UpDownCounter(name, metric.WithUnit(unit), metric.WithDescription(desc))
		if check(err); err != nil {
			c, _ = nm.Int64UpDownCounter(name)
		}
		return c
	}
	f64h := func(name, unit, desc string, buckets []float64) metric.Float64Histogram {
		h, err := m.Float64Histogram(name, metric.WithUnit(unit), metric.WithDescription(desc), metric.WithExplicitBucketBoundaries(buckets...))
		if check(err); err != nil {
			h, _ = nm.Float64Histogram(name)
		}
		return h
	}
	i64h := func(name, unit, desc string, buckets []float64) metric.Int64Histogram {
		h, err := m.Int64Histogram(name, metric.WithUnit(unit), metric.WithDescription(desc), metric.WithExplicitBucketBoundaries(buckets...))
		if check(err); err != nil {
			h, _ = nm.Int64Histogram(name)
		}
		return h
	}

	in.queryActive = i64u("athena.query.active", "{query}", "Queries started and not yet ended.")
	in.queryDuration = f64h("db.client.operation.duration", "s",
		"Duration of Athena queries, from Start to the final state.", queryBuckets)
	in.queueDuration = f64h("athena.query.queue.duration", "s", "Time queries spent queued in Athena.", queryBuckets)
	in.scanned = i64c("athena.query.data_scanned", "By", "Bytes that queries scanned.")
	in.cost = f64c("athena.query.cost", "{USD}", "What the data that queries scanned costs, at the configured price per TB.")
	in.cached = i64c("athena.query.cached", "{query}", "Starts answered from the client's cache.")

	in.requests = i64c("athena.api.requests", "{request}", "Requests to Athena's API, retries included.")
	in.throttles = i64c("athena.api.throttles", "{request}", "Requests that Athena refused with a throttle.")
	in.retries = i64c("athena.api.retries", "{request}", "Requests that retried an earlier one.")
	in.requestD = f64h("athena.api.duration", "s", "Round trip of requests to Athena's API.", requestBuckets)
	in.quotaWait = f64c("athena.api.quota_wait", "s", "Time calls waited for the client's token bucket of their operation.")

	in.pollBatch = i64h("athena.poll.batch.size", "{id}", "Ids in each status check of the poller.", batchBuckets)

	in.readBytes = i64c("athena.read.bytes", "By", "Bytes of results read from S3.")
	in.readFiles = i64c("athena.read.files", "{file}", "Result files read from S3.")
	in.readParts = i64c("athena.read.parts", "{part}", "Byte ranges that result files were split into, read in parallel.")
	in.readRows = i64c("athena.read.rows", "{row}", "Result rows handed out.")
	in.readDuration = f64h("athena.read.duration", "s", "Duration of result reads, from opening the rows to closing them.", queryBuckets)

	in.sessionActive = i64u("athena.spark.session.active", "{session}", "Spark sessions started and not yet ended.")
	in.sessionD = f64h("athena.spark.session.duration", "s", "Lifetime of Spark sessions, from Start to their end.", queryBuckets)
	in.calcActive = i64u("athena.spark.calculation.active", "{calculation}", "Spark calculations started and not yet ended.")
	in.calcD = f64h("athena.spark.calculation.duration", "s", "Duration of Spark calculations, from Run to the final state.", queryBuckets)
	in.calcDPUSeconds = f64c("athena.spark.calculation.dpu_time", "s", "DPU time that Spark calculations used.")
	return &in
}
