package results

import (
	"math/rand/v2"
	"sync/atomic"
	"time"
)

// EngineQueryID returns a new Trino-style engine query id for a query
// started at t, such as "20260917_085344_00007_k6s5b": the UTC date and time
// to the second, a 5-digit counter, and 5 random lowercase letters and
// digits (FACTS §4.5). Ids are always 27 characters (years are taken modulo
// 10000). It is safe for concurrent use.
//
// The counter is process-wide and wraps after 99999. Trino restarts it every
// day and takes the suffix from the coordinator, which Athena varies from
// query to query; a counter that never restarts and a random suffix per id
// keep the ids unique without that state.
func EngineQueryID(t time.Time) string {
	t = t.UTC()
	n := engineQueryCounter.Add(1) - 1
	var b [27]byte
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	putDigits(b[0:4], uint64(y%10000+10000)) // +10000 keeps BCE years positive
	putDigits(b[4:6], uint64(mo))
	putDigits(b[6:8], uint64(d))
	b[8] = '_'
	putDigits(b[9:11], uint64(h))
	putDigits(b[11:13], uint64(mi))
	putDigits(b[13:15], uint64(s))
	b[15] = '_'
	putDigits(b[16:21], n%100000)
	b[21] = '_'
	for i := 22; i < len(b); i++ {
		b[i] = idAlphabet[rand.IntN(len(idAlphabet))]
	}
	return string(b[:])
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

var engineQueryCounter atomic.Uint64

// putDigits writes the len(dst) lowest decimal digits of v into dst.
func putDigits(dst []byte, v uint64) {
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = byte('0' + v%10)
		v /= 10
	}
}
