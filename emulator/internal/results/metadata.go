package results

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// Metadata is the .metadata companion object that Athena writes beside a
// result body (FACTS §4.5). It is protobuf without a published schema; the
// field numbers are the ones Athena JDBC reads.
type Metadata struct {
	// QueryID is the engine query id (see EngineQueryID) for engine-planned
	// statements, or the QueryExecutionId for literal-only SELECTs and Hive
	// DDL paths.
	QueryID string
	// UpdateType is "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE TABLE" or
	// "DROP TABLE"; "" for a literal-only SELECT; nil (absent) otherwise.
	UpdateType *string
	// UpdateCount is the number of rows written; 0 for a literal-only
	// SELECT; nil (absent) for other SELECTs and DROP TABLE.
	UpdateCount *int64
	// Columns are the result columns, in order.
	Columns []athena.Column
}

// Marshal returns the protobuf encoding of m, byte for byte as Athena writes
// it: field 1 always; fields 2 and 3 when set, even if empty or 0; one field
// 4 per column with catalog "hive", name, label (= name), type, nullable
// UNKNOWN, and precision, scale and case sensitivity where the column's type
// calls for them.
func (m Metadata) Marshal() []byte {
	b := make([]byte, 0, 64+len(m.QueryID)+40*len(m.Columns))
	b = appendBytesField(b, mdQueryID, m.QueryID)
	if m.UpdateType != nil {
		b = appendBytesField(b, mdUpdateType, *m.UpdateType)
	}
	if m.UpdateCount != nil {
		b = appendVarintField(b, mdUpdateCount, uint64(*m.UpdateCount))
	}
	var col []byte
	for _, c := range m.Columns {
		col = appendColumn(col[:0], c)
		b = binary.AppendUvarint(b, key(mdColumn, wireBytes))
		b = binary.AppendUvarint(b, uint64(len(col)))
		b = append(b, col...)
	}
	return b
}

// ParseMetadata decodes a .metadata companion. Unknown fields are skipped.
// A column's Name is taken from its name field, or from its label when the
// name is absent. ParseMetadata does not check that the fields present fit
// the column's type, so Marshal may not reproduce input that Athena did not
// write.
func ParseMetadata(b []byte) (Metadata, error) {
	var m Metadata
	err := parseMessage(b, 0, func(field uint64, wire int, v uint64, data []byte, at int) error {
		switch {
		case field == mdQueryID && wire == wireBytes:
			m.QueryID = string(data)
		case field == mdUpdateType && wire == wireBytes:
			s := string(data)
			m.UpdateType = &s
		case field == mdUpdateCount && wire == wireVarint:
			n := int64(v)
			m.UpdateCount = &n
		case field == mdColumn && wire == wireBytes:
			c, err := parseColumn(data, at)
			if err != nil {
				return fmt.Errorf("column %d: %w", len(m.Columns)+1, err)
			}
			m.Columns = append(m.Columns, c)
		case field <= mdColumn:
			return fmt.Errorf("field %d has wire type %d", field, wire)
		}
		return nil
	})
	if err != nil {
		return Metadata{}, fmt.Errorf("results: parse metadata: %w", err)
	}
	return m, nil
}

// Field numbers of the companion message and of its column message.
const (
	mdQueryID     = 1
	mdUpdateType  = 2
	mdUpdateCount = 3
	mdColumn      = 4

	colCatalog       = 1
	colSchema        = 2 // never written by Athena
	colTable         = 3 // never written by Athena
	colName          = 4
	colLabel         = 5
	colType          = 6
	colPrecision     = 7
	colScale         = 8
	colNullable      = 9
	colCaseSensitive = 10

	nullableUnknown = 3 // 1 NOT_NULL and 2 NULLABLE are never written
)

// Protobuf wire types.
const (
	wireVarint = 0
	wireI64    = 1
	wireBytes  = 2
	wireI32    = 5
)

func key(field uint64, wire int) uint64 { return field<<3 | uint64(wire) }

func appendBytesField(b []byte, field uint64, s string) []byte {
	b = binary.AppendUvarint(b, key(field, wireBytes))
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendVarintField(b []byte, field uint64, v uint64) []byte {
	b = binary.AppendUvarint(b, key(field, wireVarint))
	return binary.AppendUvarint(b, v)
}

func appendColumn(b []byte, c athena.Column) []byte {
	precision, scale, caseSensitive := typeFields(c.Type)
	b = appendBytesField(b, colCatalog, "hive")
	b = appendBytesField(b, colName, c.Name)
	b = appendBytesField(b, colLabel, c.Name)
	b = appendBytesField(b, colType, c.Type)
	if precision {
		// int32 fields are sign-extended to 64 bits, as protobuf does.
		b = appendVarintField(b, colPrecision, uint64(int64(c.Precision)))
	}
	if scale {
		b = appendVarintField(b, colScale, uint64(int64(c.Scale)))
	}
	b = appendVarintField(b, colNullable, nullableUnknown)
	if caseSensitive {
		v := uint64(0)
		if c.CaseSensitive {
			v = 1
		}
		b = appendVarintField(b, colCaseSensitive, v)
	}
	return b
}

// typeFields reports which of the precision, scale and case-sensitivity
// fields Athena writes for a column type (FACTS §4.5). It depends on the type
// only; a present field is written even when it is 0.
func typeFields(typ string) (precision, scale, caseSensitive bool) {
	switch typ {
	case "tinyint", "smallint", "integer", "bigint", "float", "double", "decimal",
		"varchar", "char", "varbinary",
		"time", "time with time zone", "timestamp", "timestamp with time zone":
		return true, true, true
	case "real":
		// Athena reports REAL as "float"; should "real" ever reach here,
		// treat it like float (unverified).
		return true, true, true
	case "boolean", "interval day to second", "interval year to month":
		return false, false, true
	case "date":
		return false, true, true
	case "VARCHAR", "JSON":
		// DuckDB's type names (DuckDB work groups): what Athena writes for
		// them is a GAP; the fields that carry their ColumnInfo are kept.
		return true, true, true
	default:
		if strings.HasPrefix(typ, "DECIMAL(") || strings.HasPrefix(typ, "ENUM(") {
			return true, true, true
		}
		// array, map, row, json, uuid, ipaddress and Hive string write none
		// of the three. Types never measured (such as "unknown", the type of a
		// bare NULL) are treated the same way (unverified).
		return false, false, false
	}
}

func parseColumn(b []byte, base int) (athena.Column, error) {
	var c athena.Column
	var label string
	hasName := false
	err := parseMessage(b, base, func(field uint64, wire int, v uint64, data []byte, _ int) error {
		if field < uint64(len(columnWire)) && wire != columnWire[field] {
			return fmt.Errorf("field %d has wire type %d", field, wire)
		}
		switch field {
		case colName:
			c.Name, hasName = string(data), true
		case colLabel:
			label = string(data)
		case colType:
			c.Type = string(data)
		case colPrecision:
			c.Precision = int32(v)
		case colScale:
			c.Scale = int32(v)
		case colCaseSensitive:
			c.CaseSensitive = v != 0
		}
		return nil
	})
	if !hasName {
		c.Name = label
	}
	return c, err
}

// columnWire is the wire type of each known column field; catalog, schema,
// table and nullable are checked but not kept.
var columnWire = [...]int{
	colCatalog: wireBytes, colSchema: wireBytes, colTable: wireBytes,
	colName: wireBytes, colLabel: wireBytes, colType: wireBytes,
	colPrecision: wireVarint, colScale: wireVarint, colNullable: wireVarint,
	colCaseSensitive: wireVarint,
}

var errTruncated = errors.New("truncated")

// parseMessage calls fn for each field of the protobuf message b, which
// starts at byte base of the outermost message. v holds a varint or fixed
// value, data a length-delimited value, and at the offset of data.
func parseMessage(b []byte, base int, fn func(field uint64, wire int, v uint64, data []byte, at int) error) error {
	for i := 0; i < len(b); {
		start := i
		k, n := binary.Uvarint(b[i:])
		if n <= 0 {
			return fmt.Errorf("bad field key at byte %d", base+start)
		}
		i += n
		field, wire := k>>3, int(k&7)
		if field == 0 {
			return fmt.Errorf("field number 0 at byte %d", base+start)
		}
		var v uint64
		var data []byte
		at := base + i
		switch wire {
		case wireVarint:
			v, n = binary.Uvarint(b[i:])
			if n <= 0 {
				return fmt.Errorf("bad varint at byte %d", base+i)
			}
			i += n
		case wireI64:
			if len(b)-i < 8 {
				return fmt.Errorf("field %d at byte %d: %w", field, base+start, errTruncated)
			}
			v = binary.LittleEndian.Uint64(b[i:])
			i += 8
		case wireI32:
			if len(b)-i < 4 {
				return fmt.Errorf("field %d at byte %d: %w", field, base+start, errTruncated)
			}
			v = uint64(binary.LittleEndian.Uint32(b[i:]))
			i += 4
		case wireBytes:
			l, n := binary.Uvarint(b[i:])
			if n <= 0 {
				return fmt.Errorf("bad length at byte %d", base+i)
			}
			i += n
			if l > uint64(len(b)-i) {
				return fmt.Errorf("field %d at byte %d: %w", field, base+start, errTruncated)
			}
			at = base + i
			data = b[i : i+int(l)]
			i += int(l)
		default:
			return fmt.Errorf("unsupported wire type %d at byte %d", wire, base+start)
		}
		if err := fn(field, wire, v, data, at); err != nil {
			return err
		}
	}
	return nil
}
