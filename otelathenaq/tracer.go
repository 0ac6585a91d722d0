package otelathenaq

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/spark"
)

// ScopeName is the instrumentation scope of the tracer and the meter.
const ScopeName = "github.com/athenaq/athenaq/otelathenaq"

// SystemName is the value of the db.system.name attribute. The semantic
// conventions list no value for Athena; this one follows the form of their
// aws.dynamodb and aws.redshift.
const SystemName = "aws.athena"

// DefaultPricePerTB is Athena's price for SQL queries in US dollars per
// terabyte scanned, in most Regions.
const DefaultPricePerTB = 5.0

// Tracer turns the events of an athenaq.Client into OpenTelemetry spans and
// metrics. It implements athenaq.Tracer and its optional interfaces
// (athenaq.APICallTracer, athenaq.PollTracer, athenaq.TransportTracer) and
// spark.Tracer. Set it as athenaq.Config.Tracer; one Tracer may serve many
// clients. It is safe for concurrent use.
type Tracer struct {
	tracer     trace.Tracer
	m          *instruments
	queryText  bool
	pricePerTB float64
	attrs      []attribute.KeyValue // WithAttributes, on every span
}

var (
	_ athenaq.Tracer          = (*Tracer)(nil)
	_ athenaq.APICallTracer   = (*Tracer)(nil)
	_ athenaq.PollTracer      = (*Tracer)(nil)
	_ athenaq.TransportTracer = (*Tracer)(nil)
	_ spark.Tracer            = (*Tracer)(nil)
)

// Option configures a Tracer.
type Option func(*config)

type config struct {
	tp         trace.TracerProvider
	mp         metric.MeterProvider
	queryText  bool
	pricePerTB float64
	attrs      []attribute.KeyValue
}

// WithTracerProvider makes spans with tp instead of the global
// TracerProvider (otel.GetTracerProvider at NewTracer).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tp = tp }
}

// WithMeterProvider records metrics with mp instead of the global
// MeterProvider (otel.GetMeterProvider at NewTracer).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.mp = mp }
}

// WithQueryText records the SQL of each query (db.query.text) and the code
// of each Spark calculation (athena.spark.code) on their spans. It is off
// by default, since the text can hold data; the arguments bound to '?'
// placeholders are never recorded.
func WithQueryText(on bool) Option {
	return func(c *config) { c.queryText = on }
}

// WithPricePerTB sets the price per terabyte scanned, in US dollars, at
// which the athena.cost.usd attribute and the athena.query.cost metric are
// computed; the default is DefaultPricePerTB. Athena bills each query's
// data scanned rounded up to the megabyte, at least 10 MB, and nothing for
// FAILED queries (TB and MB are binary multiples).
func WithPricePerTB(dollars float64) Option {
	return func(c *config) { c.pricePerTB = dollars }
}

// WithAttributes adds attributes to every span, such as the Region
// (cloud.region) or the endpoint (server.address). They replace the
// Tracer's own attributes of the same keys, db.system.name included.
// Metrics do not get them: they would multiply the time series.
func WithAttributes(attrs ...attribute.KeyValue) Option {
	return func(c *config) { c.attrs = append(c.attrs, attrs...) }
}

// NewTracer returns a Tracer configured by opts.
func NewTracer(opts ...Option) *Tracer {
	cfg := config{pricePerTB: DefaultPricePerTB}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.tp == nil {
		cfg.tp = otel.GetTracerProvider()
	}
	if cfg.mp == nil {
		cfg.mp = otel.GetMeterProvider()
	}
	return &Tracer{
		tracer:     cfg.tp.Tracer(ScopeName),
		m:          newInstruments(cfg.mp.Meter(ScopeName)),
		queryText:  cfg.queryText,
		pricePerTB: cfg.pricePerTB,
		attrs:      cfg.attrs,
	}
}

// startOptions are the options of every span: the kind, the system and
// the caller's attributes, then extra.
func (t *Tracer) startOptions(kind trace.SpanKind, extra ...attribute.KeyValue) []trace.SpanStartOption {
	attrs := make([]attribute.KeyValue, 0, 1+len(extra)+len(t.attrs))
	attrs = append(attrs, semconv.DBSystemNameKey.String(SystemName))
	attrs = append(attrs, extra...)
	attrs = append(attrs, t.attrs...)
	return []trace.SpanStartOption{trace.WithSpanKind(kind), trace.WithAttributes(attrs...)}
}
