package catalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// This file holds the partition statements: ALTER TABLE ADD|DROP PARTITION,
// MSCK REPAIR TABLE and SHOW PARTITIONS, their parsing and the catalog
// changes they make.

// KeyValue is one k=v of a partition spec. Key is lowercased; Value is the
// literal's text (a string's content, or a number as written).
type KeyValue struct {
	Key, Value string
}

// PartitionSpec is a PARTITION (k=v, ...) clause with its optional
// LOCATION ("" when absent).
type PartitionSpec struct {
	Spec     []KeyValue
	Location string
}

// AddPartitions is ALTER TABLE [db.]t ADD [IF NOT EXISTS] PARTITION (...)
// [LOCATION '...'] [PARTITION (...) [LOCATION '...'] ...].
type AddPartitions struct {
	Database, Table string
	IfNotExists     bool
	Partitions      []PartitionSpec
}

// DropPartitions is ALTER TABLE [db.]t DROP [IF EXISTS] PARTITION (...)
// [, PARTITION (...) ...].
type DropPartitions struct {
	Database, Table string
	IfExists        bool
	Specs           [][]KeyValue
}

// MSCKRepair is MSCK REPAIR TABLE [db.]t.
type MSCKRepair struct {
	Database, Table string
}

// ShowPartitions is SHOW PARTITIONS [db.]t.
type ShowPartitions struct {
	Database, Table string
}

// StatementType reports "DDL".
func (*AddPartitions) StatementType() string { return "DDL" }

// StatementType reports "DDL".
func (*DropPartitions) StatementType() string { return "DDL" }

// StatementType reports "DDL".
func (*MSCKRepair) StatementType() string { return "DDL" }

// StatementType reports "UTILITY".
func (*ShowPartitions) StatementType() string { return "UTILITY" }

// SubstatementType reports "ALTER_TABLE_ADD_PARTITION".
func (*AddPartitions) SubstatementType() string { return "ALTER_TABLE_ADD_PARTITION" }

// SubstatementType reports "ALTER_TABLE_DROP_PARTITION".
func (*DropPartitions) SubstatementType() string { return "ALTER_TABLE_DROP_PARTITION" }

// SubstatementType reports "MSCK_REPAIR".
func (*MSCKRepair) SubstatementType() string { return "MSCK_REPAIR" }

// SubstatementType reports "SHOW_PARTITIONS".
func (*ShowPartitions) SubstatementType() string { return "SHOW_PARTITIONS" }

// parseAlterPartitions parses what follows ALTER TABLE name when it is ADD
// [IF NOT EXISTS] PARTITION or DROP [IF EXISTS] PARTITION; ok is false for
// other ALTER TABLE forms.
func (p *parser) parseAlterPartitions(db, name string) (st Statement, ok bool, err error) {
	t, u := p.peekAt(0), p.peekAt(1)
	switch {
	case isKw(t, "ADD") && (isKw(u, "PARTITION") || isKw(u, "IF")):
		p.next()
		add := &AddPartitions{Database: db, Table: name}
		if isKw(p.peek(), "IF") {
			if err := p.expectKw("IF", "NOT", "EXISTS"); err != nil {
				return nil, true, err
			}
			add.IfNotExists = true
		}
		for first := true; first || isKw(p.peek(), "PARTITION"); first = false {
			spec, err := p.partitionSpec()
			if err != nil {
				return nil, true, err
			}
			ps := PartitionSpec{Spec: spec}
			if p.acceptKw("LOCATION") {
				lt := p.peek()
				if ps.Location, err = p.str(); err != nil {
					return nil, true, err
				}
				if !strings.HasPrefix(ps.Location, "s3://") {
					return nil, true, invalidLocation(lt, ps.Location)
				}
			}
			add.Partitions = append(add.Partitions, ps)
		}
		return add, true, nil
	case isKw(t, "DROP") && (isKw(u, "PARTITION") || isKw(u, "IF")):
		p.next()
		drop := &DropPartitions{Database: db, Table: name}
		if isKw(p.peek(), "IF") {
			if err := p.expectKw("IF", "EXISTS"); err != nil {
				return nil, true, err
			}
			drop.IfExists = true
		}
		for {
			spec, err := p.partitionSpec()
			if err != nil {
				return nil, true, err
			}
			drop.Specs = append(drop.Specs, spec)
			if !p.acceptPunct(",") {
				return drop, true, nil
			}
		}
	}
	return nil, false, nil
}

// partitionSpec reads PARTITION (k = 'v' | number, ...).
func (p *parser) partitionSpec() ([]KeyValue, error) {
	if err := p.expectKw("PARTITION"); err != nil {
		return nil, err
	}
	if err := p.expectPunct("("); err != nil {
		return nil, err
	}
	var spec []KeyValue
	for {
		k, err := p.ident(true)
		if err != nil {
			return nil, err
		}
		if err := p.expectPunct("="); err != nil {
			return nil, err
		}
		var v string
		switch t := p.peek(); t.kind {
		case tokString, tokDString:
			if v, err = p.str(); err != nil {
				return nil, err
			}
		case tokWord:
			p.next()
			v = t.text
		default:
			return nil, p.fail(t, "<constant>")
		}
		spec = append(spec, KeyValue{Key: k, Value: v})
		if p.acceptPunct(")") {
			return spec, nil
		}
		if !isPunct(p.peek(), ",") {
			return nil, p.fail(p.peek(), "',', ')'")
		}
		p.next()
	}
}

// parseMSCK parses MSCK REPAIR TABLE [db.]t.
func (p *parser) parseMSCK() (Statement, error) {
	p.next() // MSCK
	if err := p.expectKw("REPAIR", "TABLE"); err != nil {
		return nil, err
	}
	db, name, err := p.qualifiedName(true)
	if err != nil {
		return nil, err
	}
	return &MSCKRepair{Database: db, Table: name}, nil
}

// ShowPartitionsRows lists t's partitions as k=v/k=v lines (FACTS §4.3),
// sorted by name as Hive lists them (unverified for Athena).
func ShowPartitionsRows(t Table) []string {
	rows := make([]string, 0, len(t.Partitions))
	for _, p := range t.Partitions {
		rows = append(rows, t.PartitionName(p))
	}
	slices.Sort(rows)
	return rows
}

// notPartitionedError is the failure of a partition statement on a table
// without partition keys. The text is Hive's (unverified for Athena).
func notPartitionedError(db, table string) *athena.QueryError {
	return hiveSemanticError(fmt.Sprintf("[Error 10241]: Table is not partitioned but partition spec exists: %s.%s", db, table))
}

// specString renders a spec as Hive prints it: {k=v, k2=v2}.
func specString(spec []KeyValue) string {
	parts := make([]string, len(spec))
	for i, kv := range spec {
		parts[i] = kv.Key + "=" + kv.Value
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// specValues maps a spec onto t's partition keys, in key order. Every key
// must be given once and no other column; the texts are Hive's (unverified
// for Athena).
func specValues(t Table, spec []KeyValue) ([]string, error) {
	if len(t.PartitionKeys) == 0 {
		return nil, notPartitionedError(t.Database, t.Name)
	}
	vals := make([]string, len(t.PartitionKeys))
	set := make([]bool, len(t.PartitionKeys))
	for _, kv := range spec {
		i := slices.IndexFunc(t.PartitionKeys, func(c Column) bool { return c.Name == kv.Key })
		if i < 0 {
			return nil, &athena.QueryError{
				Message:  fmt.Sprintf("FAILED: ValidationFailureSemanticException Partition spec %s contains non-partition columns", specString(spec)),
				Category: 2, Type: 1006,
			}
		}
		vals[i], set[i] = kv.Value, true
	}
	for i, ok := range set {
		if !ok {
			return nil, hiveSemanticError(fmt.Sprintf("partition spec %s is invalid; field %s does not exist or is empty",
				specString(spec), t.PartitionKeys[i].Name))
		}
	}
	return vals, nil
}

// partitionLocation is the default folder of a partition: the table
// location followed by k=v/... .
func partitionLocation(t Table, vals []string) string {
	return strings.TrimSuffix(t.Location, "/") + "/" + t.PartitionName(Partition{Values: vals}) + "/"
}

// AddPartitions registers partitions of db.name. A partition without a
// location gets the table location's k=v/ folder. An existing partition
// fails unless ifNotExists, in which case it is left as it is.
func (c *Catalog) AddPartitions(db, name string, specs []PartitionSpec, ifNotExists bool) error {
	return c.updateTable(db, name, func(t *Table) error {
		for _, s := range specs {
			vals, err := specValues(*t, s.Spec)
			if err != nil {
				return err
			}
			loc := s.Location
			if loc == "" {
				loc = partitionLocation(*t, vals)
			}
			if slices.ContainsFunc(t.Partitions, func(p Partition) bool { return slices.Equal(p.Values, vals) }) {
				if ifNotExists {
					continue
				}
				return ddlTaskError("AlreadyExistsException(message:Partition already exists: "+t.PartitionName(Partition{Values: vals})+")",
					"Partition already exists.")
			}
			t.Partitions = append(t.Partitions, Partition{Values: vals, Location: loc})
		}
		return nil
	})
}

// DropPartitions removes partitions of db.name. A missing partition fails
// unless ifExists.
func (c *Catalog) DropPartitions(db, name string, specs [][]KeyValue, ifExists bool) error {
	return c.updateTable(db, name, func(t *Table) error {
		for _, spec := range specs {
			vals, err := specValues(*t, spec)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(t.Partitions, func(p Partition) bool { return slices.Equal(p.Values, vals) })
			if i < 0 {
				if ifExists {
					continue
				}
				return hiveSemanticError("[Error 10006]: Partition not found " + specString(spec))
			}
			t.Partitions = slices.Delete(t.Partitions, i, i+1)
		}
		return nil
	})
}

// RepairPartitions adds the partitions found by MSCK REPAIR TABLE (values
// in key order and their folders) that are not registered yet, and returns
// the names of those it added.
func (c *Catalog) RepairPartitions(db, name string, found []Partition) ([]string, error) {
	var added []string
	err := c.updateTable(db, name, func(t *Table) error {
		added = nil
		if len(t.PartitionKeys) == 0 {
			return nil
		}
		for _, f := range found {
			if len(f.Values) != len(t.PartitionKeys) ||
				slices.ContainsFunc(t.Partitions, func(p Partition) bool { return slices.Equal(p.Values, f.Values) }) {
				continue
			}
			t.Partitions = append(t.Partitions, Partition{Values: slices.Clone(f.Values), Location: f.Location})
			added = append(added, t.PartitionName(f))
		}
		return nil
	})
	return added, err
}

// updateTable applies change to a copy of the table db.name and stores the
// copy when change succeeds. A missing table (or a view) fails as Hive's
// table not found.
func (c *Catalog) updateTable(db, name string, change func(*Table) error) error {
	db, name = strings.ToLower(db), strings.ToLower(name)
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.dbs[db]
	if !ok {
		return TableNotFoundError(db, name)
	}
	old, ok := e.tables[name]
	if !ok || old.IsView() {
		return TableNotFoundError(db, name)
	}
	t := old.clone()
	if err := change(&t); err != nil {
		return err
	}
	e.tables[name] = t
	return c.commit(func() { e.tables[name] = old })
}
