package spark

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// bridgeRead serves spark.read: it asks the Server to register the data as a
// relation and returns the relation's name.
func (s *Service) bridgeRead(ctx context.Context, sess *session, req *bridgeRequest) (string, string) {
	if s.cfg.Read == nil {
		return "", "spark.read is not supported by the athenaq emulator here"
	}
	rel, err := s.cfg.Read(ctx, ReadRequest{Session: sess.id, Path: req.Path, Format: req.Format, Options: lowerKeys(req.Options)})
	if err != nil {
		return "", err.Error()
	}
	return rel, ""
}

// bridgeWrite serves DataFrameWriter.save and saveAsTable.
func (s *Service) bridgeWrite(ctx context.Context, sess *session, req *bridgeRequest) string {
	if s.cfg.Write == nil {
		return "DataFrameWriter is not supported by the athenaq emulator here"
	}
	sql, err := withViews(req.SQL, req.Views)
	if err != nil {
		return err.Error()
	}
	err = s.cfg.Write(ctx, WriteRequest{
		SQLRequest: SQLRequest{SQL: sql, Database: "default", WorkGroup: sess.workGroup, Output: sess.output},
		Mode:       req.Mode, Format: req.Format, Path: req.Path, Table: req.Name, Options: lowerKeys(req.Options),
	})
	if err != nil {
		return err.Error()
	}
	return ""
}

func lowerKeys(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// withViews puts the session's temporary views (createOrReplaceTempView)
// that sql names in front of it as a WITH clause, so that the engine sees
// them as common table expressions. Views may name earlier views; each is
// defined before the views that use it.
func withViews(sql string, views map[string]string) (string, error) {
	if len(views) == 0 {
		return sql, nil
	}
	lower := make(map[string]string, len(views))
	for name, q := range views {
		lower[strings.ToLower(name)] = q
	}
	var order []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(text string, depth int) error
	visit = func(text string, depth int) error {
		if depth > 32 {
			return errors.New("temporary views are nested more than 32 levels deep")
		}
		for _, name := range mentioned(text, lower) {
			switch state[name] {
			case 1:
				return fmt.Errorf("temporary view %s refers to itself", name)
			case 2:
				continue
			}
			state[name] = 1
			if err := visit(lower[name], depth+1); err != nil {
				return err
			}
			state[name] = 2
			order = append(order, name)
		}
		return nil
	}
	if err := visit(sql, 0); err != nil {
		return "", err
	}
	if len(order) == 0 {
		return sql, nil
	}
	var b strings.Builder
	b.WriteString("WITH ")
	for i, name := range order {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"` + strings.ReplaceAll(name, `"`, `""`) + `" AS (` + lower[name] + ")")
	}
	body := strings.TrimSpace(sql)
	if rest, ok := cutKeyword(body, "WITH"); ok {
		b.WriteString(", " + rest)
	} else {
		b.WriteString(" " + body)
	}
	return b.String(), nil
}

// mentioned returns the names of views that text mentions as words (a
// superset of its table references: a view is defined if its name appears
// anywhere, which a WITH clause tolerates), sorted.
func mentioned(text string, views map[string]string) []string {
	words := map[string]bool{}
	lower := strings.ToLower(text)
	start := -1
	for i := 0; i <= len(lower); i++ {
		word := i < len(lower) && (lower[i] == '_' || lower[i] >= 'a' && lower[i] <= 'z' || lower[i] >= '0' && lower[i] <= '9')
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			words[lower[start:i]] = true
			start = -1
		}
	}
	var out []string
	for name := range views {
		if words[name] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// isQuery reports whether sql is a query (SELECT, WITH, VALUES, TABLE or a
// parenthesized query), the statements that temporary views apply to.
func isQuery(sql string) bool {
	s := strings.TrimSpace(sql)
	if strings.HasPrefix(s, "(") {
		return true
	}
	for _, kw := range []string{"SELECT", "WITH", "VALUES", "TABLE"} {
		if _, ok := cutKeyword(s, kw); ok {
			return true
		}
	}
	return false
}

// cutKeyword returns what follows a leading keyword of s (case-insensitive)
// and whitespace.
func cutKeyword(s, kw string) (string, bool) {
	if len(s) <= len(kw) || !strings.EqualFold(s[:len(kw)], kw) {
		return "", false
	}
	switch s[len(kw)] {
	case ' ', '\t', '\n', '\r':
		return strings.TrimSpace(s[len(kw):]), true
	}
	return "", false
}
