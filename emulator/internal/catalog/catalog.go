package catalog

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Table types as Glue reports them in TableMetadata.TableType (FACTS §2.7).
const (
	ExternalTable = "EXTERNAL_TABLE"
	VirtualView   = "VIRTUAL_VIEW"
)

// Database is a Glue database: a namespace of tables and views.
type Database struct {
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	LocationURI string            `json:"locationUri,omitempty"`
	Parameters  map[string]string `json:"parameters,omitempty"`
	CreateTime  time.Time         `json:"createTime"`
}

// Table is a Glue table or view.
//
// For a table, Columns and PartitionKeys carry Hive type spellings (int,
// array<string>, struct<a:int>) and the storage fields say how the files
// under Location are read. For a view (TableType VirtualView), Columns carry
// Trino type spellings (integer, varchar(1)) and ViewSQL holds the query as
// the user wrote it; the storage fields are empty.
type Table struct {
	Database      string   `json:"database"`
	Name          string   `json:"name"`
	Columns       []Column `json:"columns"`
	PartitionKeys []Column `json:"partitionKeys,omitempty"`
	// BucketColumns and NumBuckets record CLUSTERED BY (...) INTO n BUCKETS.
	BucketColumns   []string          `json:"bucketColumns,omitempty"`
	NumBuckets      int               `json:"numBuckets,omitempty"`
	Location        string            `json:"location,omitempty"`
	InputFormat     string            `json:"inputFormat,omitempty"`
	OutputFormat    string            `json:"outputFormat,omitempty"`
	SerDeLibrary    string            `json:"serdeLibrary,omitempty"`
	SerDeParameters map[string]string `json:"serdeParameters,omitempty"`
	// Parameters holds the TBLPROPERTIES plus what Hive adds:
	// EXTERNAL=TRUE and transient_lastDdlTime (epoch seconds).
	Parameters map[string]string `json:"parameters,omitempty"`
	TableType  string            `json:"tableType"`
	ViewSQL    string            `json:"viewSql,omitempty"`
	Comment    string            `json:"comment,omitempty"`
	CreateTime time.Time         `json:"createTime"`
	// Partitions are the registered partitions of a partitioned table, in
	// the order they were added.
	Partitions []Partition `json:"partitions,omitempty"`
}

// Partition is one partition of a table: its values, one per partition key
// in key order, and the S3 folder that holds its files.
type Partition struct {
	Values   []string `json:"values"`
	Location string   `json:"location"`
}

// PartitionName returns p's Hive name, k1=v1/k2=v2, as SHOW PARTITIONS
// lists it. Values are not escaped (unverified for values with "/" or "=").
func (t Table) PartitionName(p Partition) string {
	parts := make([]string, len(p.Values))
	for i, v := range p.Values {
		k := ""
		if i < len(t.PartitionKeys) {
			k = t.PartitionKeys[i].Name
		}
		parts[i] = k + "=" + v
	}
	return strings.Join(parts, "/")
}

// Column is a table, partition or view column.
type Column struct {
	Name string `json:"name"`
	// Type is the Hive spelling for tables and the Trino spelling for views.
	Type    string `json:"type"`
	Comment string `json:"comment,omitempty"`
}

// IsView reports whether t is a view.
func (t Table) IsView() bool { return t.TableType == VirtualView }

// AllColumns returns the data columns followed by the partition columns, the
// order in which SELECT * and DESCRIBE list them.
func (t Table) AllColumns() []Column {
	return append(slices.Clone(t.Columns), t.PartitionKeys...)
}

// SkipHeaderLines returns the TBLPROPERTIES value 'skip.header.line.count',
// or 0 when it is absent or not a non-negative integer.
func (t Table) SkipHeaderLines() int {
	n, err := strconv.Atoi(strings.TrimSpace(t.Parameters["skip.header.line.count"]))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// clone returns a deep copy of t, so that the store never shares maps or
// slices with its callers.
func (t Table) clone() Table {
	t.Columns = slices.Clone(t.Columns)
	t.PartitionKeys = slices.Clone(t.PartitionKeys)
	t.BucketColumns = slices.Clone(t.BucketColumns)
	t.SerDeParameters = maps.Clone(t.SerDeParameters)
	t.Parameters = maps.Clone(t.Parameters)
	t.Partitions = slices.Clone(t.Partitions)
	for i := range t.Partitions {
		t.Partitions[i].Values = slices.Clone(t.Partitions[i].Values)
	}
	return t
}

func (d Database) clone() Database {
	d.Parameters = maps.Clone(d.Parameters)
	return d
}
