package csvresult_test

import (
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/internal/csvresult"
)

func Example() {
	// The result of SELECT id, name, score FROM t, as Athena writes it.
	const file = `"id","name","score"
"1","it's","1.50"
"2","",
"3","say ""hi""
twice","0.25"
`
	columnTypes := []string{"integer", "varchar", "decimal"} // from ColumnInfo
	decoders := make([]*athenatype.Decoder, len(columnTypes))
	for i, typ := range columnTypes {
		d, err := athenatype.NewDecoder(typ, nil)
		if err != nil {
			log.Fatal(err)
		}
		decoders[i] = d
	}

	r := csvresult.NewReader(strings.NewReader(file))
	labels, err := r.Header()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Join(labels, " | "))
	row := make([]any, len(labels))
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		for i, field := range rec {
			if field == nil {
				row[i] = nil // NULL
				continue
			}
			if row[i], err = decoders[i].DecodeBytes(field); err != nil {
				log.Fatal(err)
			}
		}
		fmt.Printf("%v | %q | %v\n", row...)
	}
	fmt.Println(r.Offset(), "bytes")
	// Output:
	// id | name | score
	// 1 | "it's" | 1.50
	// 2 | "" | <nil>
	// 3 | "say \"hi\"\ntwice" | 0.25
	// 76 bytes
}

func ExampleSyntaxError() {
	r := csvresult.NewReader(strings.NewReader("\"n\"\n\"1\"\n\"2"))
	for {
		_, err := r.Next()
		if err != nil {
			fmt.Println(err)
			break
		}
	}
	// Output:
	// csvresult: offset 10, line 3: unexpected end of input in the quoted field opened at offset 8
}
