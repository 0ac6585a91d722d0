package emulator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/emulator/internal/engine"
	"github.com/athenaq/athenaq/emulator/internal/objstore"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// partFiles is what the table cache remembers of one partition: the local
// copies of its files when it was last listed, and their signature.
type partFiles struct {
	files []string
	sig   string
}

// partitionKey identifies a partition in the cache: its values and its
// location, so that a partition dropped and added elsewhere is listed anew.
func partitionKey(p catalog.Partition) string {
	return strings.Join(p.Values, "\x00") + "\x01" + p.Location
}

func (c *tableCache) partitions(name string) map[string]partFiles {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.parts[name]
}

func (c *tableCache) setPartitions(name string, parts map[string]partFiles) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parts[name] = parts
}

// syncPartitions brings a partitioned table's view up to date and returns
// the bytes of the partitions the query reads. The partitions keep selects
// (all when keep is nil) are listed and copied now, and only their bytes
// count. The view reads those and every other registered partition whose
// files were listed before: a view that holds more partitions than a query
// needs gives the same rows, because the query's own predicate drops the
// others, and it stays correct for a concurrent query that needed them.
// The caller holds the table's lock.
func (s *Server) syncPartitions(ctx context.Context, eng *engine.Engine, t catalog.Table, keep func([]string) bool) (int64, error) {
	key := t.Database + "." + t.Name
	old := s.tables.partitions(key)
	now := make(map[string]partFiles, len(t.Partitions))
	var total int64
	for _, p := range t.Partitions {
		pk := partitionKey(p)
		if keep != nil && !keep(p.Values) {
			if pf, ok := old[pk]; ok {
				now[pk] = pf
			}
			continue
		}
		loc, err := objstore.ParseURI(p.Location)
		if err != nil {
			return 0, athena.NewQueryError("HIVE_METASTORE_ERROR", fmt.Sprintf("Table %s partition %s has an invalid location: %v", key, t.PartitionName(p), err))
		}
		h := sha256.New()
		files, n, err := s.fetchFolder(ctx, loc.Folder(), h)
		if err != nil {
			return 0, err
		}
		total += n
		now[pk] = partFiles{files: files, sig: hex.EncodeToString(h.Sum(nil))}
	}
	h := sha256.New()
	var parts []engine.PartitionFiles
	for _, p := range t.Partitions {
		pf, ok := now[partitionKey(p)]
		if !ok {
			continue
		}
		fmt.Fprintf(h, "%q %s\n", partitionKey(p), pf.sig)
		parts = append(parts, engine.PartitionFiles{Values: p.Values, Files: pf.files})
	}
	sig := hex.EncodeToString(h.Sum(nil)) + fmt.Sprint(t.CreateTime.UnixNano())
	s.tables.setPartitions(key, now)
	return total, s.defineTable(ctx, eng, key, sig, t, nil, parts)
}

// partitionFilter returns which partitions a query needs, from simple
// predicates on partition keys: WHERE k = literal and WHERE k IN (literal,
// ...) joined by AND. It is conservative: nil (read all) unless the query is
// a single SELECT over one table with one WHERE and no OR or NOT, and a
// partition is dropped only when a predicate surely excludes it.
func partitionFilter(sql string, keys []catalog.Column) func([]string) bool {
	if len(sqltext.TableRefs(sql)) != 1 {
		return nil
	}
	all, err := sqltext.Tokenize(sql)
	if err != nil {
		return nil
	}
	var toks []sqltext.Token
	selects, wheres, where := 0, 0, -1
	for _, t := range all {
		if t.IsTrivia() {
			continue
		}
		switch {
		case t.IsWord("OR"), t.IsWord("NOT"), t.IsWord("UNION"), t.IsWord("INTERSECT"), t.IsWord("EXCEPT"), t.IsWord("JOIN"), t.Kind == sqltext.Param:
			return nil
		case t.IsWord("SELECT"):
			selects++
		case t.IsWord("WHERE"):
			wheres++
			where = len(toks)
		}
		toks = append(toks, t)
	}
	if selects != 1 || wheres != 1 {
		return nil
	}
	// The WHERE clause: up to the next clause at its own depth.
	var conjuncts [][]sqltext.Token
	var cur []sqltext.Token
	depth := 0
clause:
	for _, t := range toks[where+1:] {
		switch {
		case t.IsOp("(") || t.IsOp("["):
			depth++
		case t.IsOp(")") || t.IsOp("]"):
			if depth--; depth < 0 {
				break clause
			}
		case depth == 0 && (t.IsWord("GROUP") || t.IsWord("ORDER") || t.IsWord("LIMIT") || t.IsWord("HAVING") ||
			t.IsWord("OFFSET") || t.IsWord("FETCH") || t.IsWord("WINDOW") || t.IsOp(";")):
			break clause
		case depth == 0 && t.IsWord("AND"):
			conjuncts = append(conjuncts, cur)
			cur = nil
			continue
		}
		cur = append(cur, t)
	}
	conjuncts = append(conjuncts, cur)
	var tests []func([]string) bool
	for _, c := range conjuncts {
		if f := conjunctTest(c, keys); f != nil {
			tests = append(tests, f)
		}
	}
	if len(tests) == 0 {
		return nil
	}
	return func(values []string) bool {
		for _, f := range tests {
			if !f(values) {
				return false
			}
		}
		return true
	}
}

// conjunctTest matches k = lit or k IN (lit, ...) on a partition key k (k
// may be qualified); nil when the predicate is anything else.
func conjunctTest(c []sqltext.Token, keys []catalog.Column) func([]string) bool {
	if len(c) >= 3 && c[0].IsName() && c[1].IsOp(".") && c[2].IsName() {
		c = c[2:]
	}
	if len(c) < 3 || !(c[0].IsName()) {
		return nil
	}
	k := slices.IndexFunc(keys, func(col catalog.Column) bool { return strings.EqualFold(col.Name, c[0].Value()) })
	if k < 0 {
		return nil
	}
	var lits [][]sqltext.Token
	switch {
	case c[1].IsOp("="):
		lits = [][]sqltext.Token{c[2:]}
	case c[1].IsWord("IN") && c[2].IsOp("(") && c[len(c)-1].IsOp(")"):
		var cur []sqltext.Token
		for _, t := range c[3 : len(c)-1] {
			if t.IsOp(",") {
				lits = append(lits, cur)
				cur = nil
				continue
			}
			cur = append(cur, t)
		}
		lits = append(lits, cur)
	default:
		return nil
	}
	typ := strings.ToLower(keys[k].Type)
	var match []func(string) bool
	for _, l := range lits {
		m := literalMatch(l, typ)
		if m == nil {
			return nil
		}
		match = append(match, m)
	}
	return func(values []string) bool {
		for _, m := range match {
			if m(values[k]) {
				return true
			}
		}
		return false
	}
}

// literalMatch returns whether a partition value of the Hive type typ may
// equal the literal l; nil when l is not a literal the check understands.
// A partition value that does not parse as its type is kept.
func literalMatch(l []sqltext.Token, typ string) func(string) bool {
	str := func(t sqltext.Token) bool { return t.Kind == sqltext.String && strings.HasPrefix(t.Text, "'") }
	switch {
	case typ == "string" || strings.HasPrefix(typ, "varchar"):
		if len(l) == 1 && str(l[0]) {
			want := l[0].Value()
			return func(v string) bool { return v == want }
		}
	case typ == "int" || typ == "bigint" || typ == "smallint" || typ == "tinyint" || typ == "integer":
		if len(l) == 1 && l[0].Kind == sqltext.Number {
			want, err := strconv.ParseInt(l[0].Text, 10, 64)
			if err != nil {
				return nil
			}
			return func(v string) bool {
				n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				return err != nil || n == want
			}
		}
	case typ == "date":
		if len(l) == 2 && l[0].IsWord("DATE") {
			l = l[1:]
		}
		if len(l) == 1 && str(l[0]) {
			want, err := time.Parse(time.DateOnly, l[0].Value())
			if err != nil {
				return nil
			}
			return func(v string) bool {
				d, err := time.Parse(time.DateOnly, v)
				return err != nil || d.Equal(want)
			}
		}
	}
	return nil
}

// msckRepair lists the table's location and registers every k1=v1/k2=v2/
// folder whose keys are the table's partition keys in order. It returns
// Hive's report (unverified for Athena beyond FACTS §4.1's example).
func (s *Server) msckRepair(ctx context.Context, t catalog.Table) ([]string, error) {
	if len(t.PartitionKeys) == 0 {
		return nil, nil
	}
	loc, err := objstore.ParseURI(t.Location)
	if err != nil {
		return nil, athena.NewQueryError("HIVE_METASTORE_ERROR", fmt.Sprintf("Table %s.%s has an invalid location: %v", t.Database, t.Name, err))
	}
	loc = loc.Folder()
	objs, err := s.store.List(ctx, loc.Bucket, loc.Key)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", loc, err)
	}
	var found []catalog.Partition
	seen := map[string]bool{}
	for _, o := range objs {
		dirs := strings.Split(strings.TrimPrefix(o.Key, loc.Key), "/")
		if len(dirs) <= len(t.PartitionKeys) {
			continue
		}
		vals := make([]string, 0, len(t.PartitionKeys))
		for i, k := range t.PartitionKeys {
			name, val, ok := strings.Cut(dirs[i], "=")
			if !ok || !strings.EqualFold(name, k.Name) || val == "" {
				break
			}
			if u, err := url.PathUnescape(val); err == nil {
				val = u
			}
			vals = append(vals, val)
		}
		if len(vals) != len(t.PartitionKeys) {
			continue
		}
		folder := strings.Join(dirs[:len(t.PartitionKeys)], "/") + "/"
		if seen[folder] {
			continue
		}
		seen[folder] = true
		found = append(found, catalog.Partition{Values: vals, Location: "s3://" + loc.Bucket + "/" + loc.Key + folder})
	}
	added, err := s.catalog.RepairPartitions(t.Database, t.Name, found)
	if err != nil || len(added) == 0 {
		return nil, err
	}
	slices.Sort(added)
	missing := "Partitions not in metastore:"
	rows := make([]string, 0, len(added)+1)
	for _, a := range added {
		missing += "\t" + t.Name + ":" + a
	}
	rows = append(rows, missing)
	for _, a := range added {
		rows = append(rows, "Repair: Added partition to metastore "+t.Name+":"+a)
	}
	return rows, nil
}
