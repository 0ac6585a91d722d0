package sqltext

import "strings"

// EngineNames rewrites the dotted names of sql (t.c, db.t, catalog.db.t)
// for the engine, which has one catalog and reserves the word DEFAULT:
//
//   - a leading awsdatacatalog part of a name of three or more parts is
//     dropped, so awsdatacatalog.db.t reads db.t;
//   - a bare default part is quoted, so default.t reads "default".t, as
//     Athena's default database must.
//
// Other tokens stay as they are; sql is returned unchanged when it does not
// tokenize.
func EngineNames(sql string) string {
	toks, err := Tokenize(sql)
	if err != nil {
		return sql
	}
	sig := make([]Token, 0, len(toks))
	for _, t := range toks {
		if !t.IsTrivia() {
			sig = append(sig, t)
		}
	}
	var edits []edit
	for i := 0; i < len(sig); i++ {
		if !sig[i].IsName() || i > 0 && sig[i-1].IsOp(".") {
			continue
		}
		parts := []Token{sig[i]}
		for i+2 < len(sig) && sig[i+1].IsOp(".") && sig[i+2].IsName() {
			parts = append(parts, sig[i+2])
			i += 2
		}
		if len(parts) < 2 {
			continue
		}
		if len(parts) >= 3 && strings.EqualFold(parts[0].Value(), "awsdatacatalog") {
			edits = append(edits, edit{pos: parts[0].Pos, end: parts[1].Pos})
			parts = parts[1:]
		}
		for _, p := range parts {
			if p.Kind == Ident && strings.EqualFold(p.Text, "default") {
				edits = append(edits, edit{pos: p.Pos, end: p.End(), text: `"default"`})
			}
		}
	}
	if len(edits) == 0 {
		return sql
	}
	return applyEdits(sql, edits)
}
