package emulator

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// FuzzReadHistory checks that any history file loads without panicking, that
// only complete lines count, and that every record it restores is written
// back unchanged.
func FuzzReadHistory(f *testing.F) {
	rec := `{"v":1,"id":"q1","clientRequestToken":"t","queryString":"SELECT 1","query":"SELECT 1","statementType":"DML",` +
		`"substatementType":"SELECT","workGroup":"primary","runDatabase":"default","outputBucket":"b","outputKey":"r/",` +
		`"submitted":"2025-01-02T03:04:05.123456789Z","running":"2025-01-02T03:04:05.2Z","completed":"2025-01-02T03:04:06Z",` +
		`"state":"SUCCEEDED","resultKind":"csv","resultKey":"r/q1.csv","resultSize":9,"columns":[{"name":"_col0","type":"integer","precision":10}],` +
		`"rows":1,"dataScannedInBytes":0,"queueMillis":77,"totalMillis":877}`
	failed := `{"v":1,"id":"q2","state":"FAILED","resultKind":"none","submitted":"2025-01-02T03:04:05+02:00","completed":"2025-01-02T03:04:05+02:00",` +
		`"error":{"name":"DIVISION_BY_ZERO","message":"Division by zero","category":2,"type":1001},"updateCount":3}`
	f.Add([]byte(rec + "\n" + failed + "\n"))
	f.Add([]byte(rec + "\n" + failed[:40]))
	f.Add([]byte("\n\nnot json\n{}\n" + rec))
	f.Add([]byte(`{"v":2,"id":"x"}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, good, torn, bad, err := readHistory(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("readHistory: %v", err)
		}
		if want := int64(bytes.LastIndexByte(data, '\n') + 1); good != want {
			t.Errorf("good = %d, want %d", good, want)
		}
		if torn != (good < int64(len(data))) {
			t.Errorf("torn = %v with %d of %d bytes in complete lines", torn, good, len(data))
		}
		if len(recs)+bad > bytes.Count(data, []byte("\n")) {
			t.Errorf("%d records and %d bad lines from %d lines", len(recs), bad, bytes.Count(data, []byte("\n")))
		}
		for i := range recs {
			want, err := json.Marshal(&recs[i])
			if err != nil {
				continue // a time json cannot write; the line was read, not written by us
			}
			back := historyOf(recs[i].query(), recs[i].query().snapshot())
			got, err := json.Marshal(&back)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("record does not round-trip:\n got %s (%v)\nwant %s", got, err, want)
			}
		}
		if kept := keepHistory(recs, time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC), 2); len(kept) > 2 {
			t.Errorf("keepHistory kept %d of limit 2", len(kept))
		}
	})
}
