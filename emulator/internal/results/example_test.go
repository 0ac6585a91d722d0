package results_test

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/results"
)

func ExampleCSVWriter() {
	s, q, empty := "it's", `a"b`, ""
	w := results.NewCSVWriter(os.Stdout)
	w.WriteHeader([]string{"s", "q", "n", "empty"})
	w.WriteRow([]*string{&s, &q, nil, &empty})
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// "s","q","n","empty"
	// "it's","a""b",,""
}

func ExampleCSVReader() {
	body := "\"i\",\"s\"\n\"1\",\n\"2\",\"\"\n\"3\",\"x\"\n"
	r := results.NewCSVReader(strings.NewReader(body))
	for range 3 { // one page: the header and two rows
		rec, _ := r.Read()
		var out []string
		for _, f := range rec {
			if f == nil {
				out = append(out, "NULL")
			} else {
				out = append(out, fmt.Sprintf("%q", *f))
			}
		}
		fmt.Println(strings.Join(out, " "))
	}
	// The next page starts where this one ended.
	next := results.NewCSVReader(strings.NewReader(body[r.Offset():]))
	rec, _ := next.Read()
	fmt.Println(r.Offset(), *rec[0], *rec[1])
	_, err := next.Read()
	fmt.Println(err == io.EOF)
	// Output:
	// "i" "s"
	// "1" NULL
	// "2" ""
	// 20 3 x
	// true
}

func ExamplePadHive() {
	fmt.Printf("%q\n", results.PadHive("id", "bigint", ""))
	fmt.Printf("%q\n", results.PadHive("note", "string", "a\tb"))
	// Output:
	// "id                  \tbigint              \t                    "
	// "note                \tstring              \ta"
}

func ExampleMetadata_Marshal() {
	typ, n := "INSERT", int64(1)
	m := results.Metadata{
		QueryID:     "20260917_085344_00007_k6s5b",
		UpdateType:  &typ,
		UpdateCount: &n,
		Columns:     []athena.Column{athena.NewColumn("rows", "bigint", 0, 0)},
	}
	b := m.Marshal()
	fmt.Println(len(b))
	fmt.Printf("% x\n", b[29:])
	// Output:
	// 75
	// 12 06 49 4e 53 45 52 54 18 01 22 22 0a 04 68 69 76 65 22 04 72 6f 77 73 2a 04 72 6f 77 73 32 06 62 69 67 69 6e 74 38 13 40 00 48 03 50 00
}
