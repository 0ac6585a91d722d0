package athenaq

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// CollectableRow is the current row of a result, as a RowToFunc sees it.
// *Rows satisfies it.
type CollectableRow interface {
	// Columns describes the result's columns.
	Columns() []Column
	// Scan copies the row into dest, one destination per column.
	Scan(dest ...any) error
	// Values decodes the row into Go values; NULL is nil.
	Values() ([]any, error)
}

var _ CollectableRow = (*Rows)(nil)

// RowToFunc turns the current row into a T. It must not call Next or Close,
// nor keep the row after it returns.
type RowToFunc[T any] func(row CollectableRow) (T, error)

// CollectRows calls fn on each row and returns the results. It closes rows
// in any case. It stops at the first error that fn returns, or that ended
// the iteration (rows.Err), and returns it with a nil slice. An empty
// result gives an empty, non-nil slice.
//
//	rows, err := client.Query(ctx, "SELECT id, name FROM users")
//	if err != nil {
//		return err
//	}
//	users, err := athenaq.CollectRows(rows, athenaq.RowToStructByName[User])
func CollectRows[T any](rows *Rows, fn RowToFunc[T]) ([]T, error) {
	if rows == nil {
		return nil, errors.New("athenaq: CollectRows of a nil *Rows")
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := fn(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// CollectOneRow calls fn on the first row and returns its result; rows
// after the first are ignored. It returns ErrNoRows when the result has no
// row. It closes rows in any case.
func CollectOneRow[T any](rows *Rows, fn RowToFunc[T]) (T, error) {
	var zero T
	if rows == nil {
		return zero, errors.New("athenaq: CollectOneRow of a nil *Rows")
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return zero, err
		}
		return zero, ErrNoRows
	}
	v, err := fn(rows)
	if err != nil {
		return zero, err
	}
	return v, nil
}

// RowTo scans a row of one column into a T, with the conversions of
// Rows.Scan. A row with another number of columns is an error.
//
//	ids, err := athenaq.CollectRows(rows, athenaq.RowTo[int64])
func RowTo[T any](row CollectableRow) (T, error) {
	var v T
	if err := scanOne(row, &v, "RowTo"); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// RowToAddrOf is RowTo that returns a pointer to a new T.
func RowToAddrOf[T any](row CollectableRow) (*T, error) {
	v := new(T)
	if err := scanOne(row, v, "RowToAddrOf"); err != nil {
		return nil, err
	}
	return v, nil
}

// RowToMap returns the row as a map from column name to decoded value
// (NULL is nil). Of columns that share a name, the last one wins.
func RowToMap(row CollectableRow) (map[string]any, error) {
	vals, err := row.Values()
	if err != nil {
		return nil, err
	}
	cols := row.Columns()
	m := make(map[string]any, len(vals))
	for i, v := range vals {
		if i < len(cols) {
			m[cols[i].Name] = v
		}
	}
	return m, nil
}

// RowToStructByName scans a row into a new struct T, matching each column
// to an exported field of T by name:
//
//   - a field tagged `db:"name"` takes the column of that name, and a field
//     without a tag the column of the field's name; names compare without
//     case (Athena reports them in lower case);
//   - a field tagged `db:"-"` is skipped, and so are unexported fields;
//   - the fields of an embedded struct, or of an embedded pointer to a
//     struct (allocated as needed), are matched as if they were T's own,
//     and a field hides the fields of the same name deeper in embedded
//     structs, as Go's selectors do. An embedded struct with a db tag name,
//     and an embedded time.Time or sql.Scanner, is one field instead.
//
// Every column must fill one field, and every field must be filled by one
// column; either mismatch is an error that names the column or the field.
// Values convert as Rows.Scan converts them: a pointer field, and a field
// of a sql.Null type, take NULL; other fields refuse it.
//
// The mapping is computed once per struct type and list of columns, and
// reused for the following rows.
func RowToStructByName[T any](row CollectableRow) (T, error) {
	var v T
	if err := scanStruct(row, reflect.ValueOf(&v).Elem(), true, "RowToStructByName"); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// RowToAddrOfStructByName is RowToStructByName that returns a pointer to a
// new T.
func RowToAddrOfStructByName[T any](row CollectableRow) (*T, error) {
	v := new(T)
	if err := scanStruct(row, reflect.ValueOf(v).Elem(), true, "RowToAddrOfStructByName"); err != nil {
		return nil, err
	}
	return v, nil
}

// RowToStructByPos scans a row into a new struct T, column i into T's i-th
// field. Only exported fields count, fields tagged `db:"-"` are skipped, and
// the fields of embedded structs count in their place, as in
// RowToStructByName. The number of fields must equal the number of
// columns. Values convert as Rows.Scan converts them.
func RowToStructByPos[T any](row CollectableRow) (T, error) {
	var v T
	if err := scanStruct(row, reflect.ValueOf(&v).Elem(), false, "RowToStructByPos"); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// RowToAddrOfStructByPos is RowToStructByPos that returns a pointer to a
// new T.
func RowToAddrOfStructByPos[T any](row CollectableRow) (*T, error) {
	v := new(T)
	if err := scanStruct(row, reflect.ValueOf(v).Elem(), false, "RowToAddrOfStructByPos"); err != nil {
		return nil, err
	}
	return v, nil
}

// scanOne scans a one-column row into dest, a *T.
func scanOne(row CollectableRow, dest any, fn string) error {
	if cols := row.Columns(); len(cols) != 1 {
		t := reflect.TypeOf(dest).Elem()
		return fmt.Errorf("athenaq: %s[%s]: %s (%s), want 1", fn, t, plural(len(cols), "column"), columnList(cols))
	}
	return row.Scan(dest)
}

// columnList is "a, b, c", for messages.
func columnList(cols []Column) string {
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.Name)
	}
	return b.String()
}
