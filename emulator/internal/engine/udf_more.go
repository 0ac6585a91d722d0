package engine

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"database/sql"
	"database/sql/driver"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"math"
	"strings"
	"unicode/utf16"

	"github.com/cespare/xxhash/v2"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// goUDF is a Go scalar function of fixed DuckDB argument and result types.
// NULL arguments give NULL without calling fn.
// inInfo and outInfo, when set, replace in and out (for nested types).
type goUDF struct {
	in      []duckdb.Type
	out     duckdb.Type
	inInfo  []duckdb.TypeInfo
	outInfo duckdb.TypeInfo
	fn      func(args []driver.Value) (any, error)
}

func (u *goUDF) Config() duckdb.ScalarFuncConfig {
	ins := u.inInfo
	if ins == nil {
		ins = make([]duckdb.TypeInfo, len(u.in))
		for i, t := range u.in {
			ins[i], _ = duckdb.NewTypeInfo(t)
		}
	}
	out := u.outInfo
	if out == nil {
		out, _ = duckdb.NewTypeInfo(u.out)
	}
	return duckdb.ScalarFuncConfig{InputTypeInfos: ins, ResultTypeInfo: out}
}

func (u *goUDF) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: u.fn}
}

// registerMoreUDFs registers the Go functions behind the Trino functions
// that DuckDB has no counterpart for: hashes, encodings and the
// distributions of trino's functions_more rewrites. The names match the
// calls that the trino package's rewrites emit.
func registerMoreUDFs(conn *sql.Conn) error {
	all := moreUDFs()
	for _, more := range []map[string][]*goUDF{colorUDFs(), geoUDFs(), bingTileUDFs()} {
		for name, set := range more {
			all[name] = set
		}
	}
	for name, set := range all {
		fs := make([]duckdb.ScalarFunc, len(set))
		for i, u := range set {
			fs[i] = u
		}
		if err := duckdb.RegisterScalarUDFSet(conn, name, fs...); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	return nil
}

const (
	tBlob   = duckdb.TYPE_BLOB
	tText   = duckdb.TYPE_VARCHAR
	tDouble = duckdb.TYPE_DOUBLE
	tReal   = duckdb.TYPE_FLOAT
	tBigint = duckdb.TYPE_BIGINT
)

func moreUDFs() map[string][]*goUDF {
	digest := func(h func() hash.Hash) []*goUDF {
		return []*goUDF{{in: []duckdb.Type{tBlob}, out: tBlob, fn: func(a []driver.Value) (any, error) {
			d := h()
			d.Write(blobArg(a[0]))
			return d.Sum(nil), nil
		}}}
	}
	mac := func(h func() hash.Hash) []*goUDF {
		return []*goUDF{{in: []duckdb.Type{tBlob, tBlob}, out: tBlob, fn: func(a []driver.Value) (any, error) {
			m := hmac.New(h, blobArg(a[1]))
			m.Write(blobArg(a[0]))
			return m.Sum(nil), nil
		}}}
	}
	stat := func(n int, f func(x []float64) (float64, error)) []*goUDF {
		in := make([]duckdb.Type, n)
		for i := range in {
			in[i] = tDouble
		}
		return []*goUDF{{in: in, out: tDouble, fn: func(a []driver.Value) (any, error) {
			x := make([]float64, len(a))
			for i, v := range a {
				f, ok := v.(float64)
				if !ok {
					return nil, fmt.Errorf("argument %d: got %T", i+1, v)
				}
				x[i] = f
			}
			return f(x)
		}}}
	}
	return map[string][]*goUDF{
		"trino_sha512":      digest(sha512.New),
		"trino_hmac_md5":    mac(md5.New),
		"trino_hmac_sha1":   mac(sha1.New),
		"trino_hmac_sha256": mac(sha256.New),
		"trino_hmac_sha512": mac(sha512.New),
		"trino_crc32": {{in: []duckdb.Type{tBlob}, out: tBigint, fn: func(a []driver.Value) (any, error) {
			return int64(crc32.ChecksumIEEE(blobArg(a[0]))), nil
		}}},
		"trino_xxhash64": {{in: []duckdb.Type{tBlob}, out: tBlob, fn: func(a []driver.Value) (any, error) {
			return binary.BigEndian.AppendUint64(nil, xxhash.Sum64(blobArg(a[0]))), nil
		}}},
		"trino_murmur3": {{in: []duckdb.Type{tBlob}, out: tBlob, fn: func(a []driver.Value) (any, error) {
			h1, h2 := murmur3x64(blobArg(a[0]), 0)
			return binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, h1), h2), nil
		}}},
		"trino_to_base32": {{in: []duckdb.Type{tBlob}, out: tText, fn: func(a []driver.Value) (any, error) {
			return base32.StdEncoding.EncodeToString(blobArg(a[0])), nil
		}}},
		"trino_from_base32": {
			{in: []duckdb.Type{tText}, out: tBlob, fn: fromBase32},
			{in: []duckdb.Type{tBlob}, out: tBlob, fn: fromBase32},
		},
		"trino_to_ieee754_32": {{in: []duckdb.Type{tReal}, out: tBlob, fn: func(a []driver.Value) (any, error) {
			f, _ := a[0].(float32)
			return binary.BigEndian.AppendUint32(nil, math.Float32bits(f)), nil
		}}},
		"trino_to_ieee754_64": {{in: []duckdb.Type{tDouble}, out: tBlob, fn: func(a []driver.Value) (any, error) {
			f, _ := a[0].(float64)
			return binary.BigEndian.AppendUint64(nil, math.Float64bits(f)), nil
		}}},
		"trino_from_ieee754_32": {{in: []duckdb.Type{tBlob}, out: tReal, fn: func(a []driver.Value) (any, error) {
			b := blobArg(a[0])
			if len(b) != 4 {
				return nil, trinoError("Input floating-point value must be exactly 4 bytes long")
			}
			return math.Float32frombits(binary.BigEndian.Uint32(b)), nil
		}}},
		"trino_from_ieee754_64": {{in: []duckdb.Type{tBlob}, out: tDouble, fn: func(a []driver.Value) (any, error) {
			b := blobArg(a[0])
			if len(b) != 8 {
				return nil, trinoError("Input floating-point value must be exactly 8 bytes long")
			}
			return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
		}}},
		"trino_char2hexint": {{in: []duckdb.Type{tText}, out: tText, fn: func(a []driver.Value) (any, error) {
			s, _ := a[0].(string)
			var b []byte
			for _, u := range utf16.Encode([]rune(s)) {
				b = binary.BigEndian.AppendUint16(b, u)
			}
			return strings.ToUpper(hex.EncodeToString(b)), nil
		}}},
		"trino_normal_cdf":            stat(3, normalCDF),
		"trino_inverse_normal_cdf":    stat(3, inverseNormalCDF),
		"trino_beta_cdf":              stat(3, betaCDF),
		"trino_inverse_beta_cdf":      stat(3, inverseBetaCDF),
		"trino_great_circle_distance": stat(4, greatCircleDistance),
	}
}

// blobArg returns a BLOB or VARCHAR argument's bytes.
func blobArg(v driver.Value) []byte {
	switch b := v.(type) {
	case []byte:
		return b
	case string:
		return []byte(b)
	}
	return nil
}

func fromBase32(a []driver.Value) (any, error) {
	b, err := base32.StdEncoding.DecodeString(string(blobArg(a[0])))
	if err != nil {
		return nil, fmt.Errorf("invalid input: %w", err)
	}
	return b, nil
}

// murmur3x64 is MurmurHash3's x64 128-bit variant. Trino's murmur3 uses
// seed 0 and returns h1 then h2, each little-endian.
func murmur3x64(data []byte, seed uint32) (h1, h2 uint64) {
	h1, h2 = uint64(seed), uint64(seed)
	const c1, c2 = 0x87c37b91114253d5, 0x4cf5ad432745937f
	n := len(data)
	for len(data) >= 16 {
		k1 := binary.LittleEndian.Uint64(data)
		k2 := binary.LittleEndian.Uint64(data[8:])
		data = data[16:]
		k1 *= c1
		k1 = k1<<31 | k1>>33
		k1 *= c2
		h1 ^= k1
		h1 = h1<<27 | h1>>37
		h1 += h2
		h1 = h1*5 + 0x52dce729
		k2 *= c2
		k2 = k2<<33 | k2>>31
		k2 *= c1
		h2 ^= k2
		h2 = h2<<31 | h2>>33
		h2 += h1
		h2 = h2*5 + 0x38495ab5
	}
	var k1, k2 uint64
	for i := len(data) - 1; i >= 8; i-- {
		k2 = k2<<8 | uint64(data[i])
	}
	for i := min(len(data), 8) - 1; i >= 0; i-- {
		k1 = k1<<8 | uint64(data[i])
	}
	if len(data) > 8 {
		k2 *= c2
		k2 = k2<<33 | k2>>31
		k2 *= c1
		h2 ^= k2
	}
	if len(data) > 0 {
		k1 *= c1
		k1 = k1<<31 | k1>>33
		k1 *= c2
		h1 ^= k1
	}
	h1 ^= uint64(n)
	h2 ^= uint64(n)
	h1 += h2
	h2 += h1
	h1, h2 = fmix64(h1), fmix64(h2)
	h1 += h2
	h2 += h1
	return h1, h2
}

func fmix64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}

// normalCDF is normal_cdf(mean, sd, v).
func normalCDF(x []float64) (float64, error) {
	mean, sd, v := x[0], x[1], x[2]
	if !(sd > 0) {
		return 0, errors.New("standardDeviation must be > 0")
	}
	return 0.5 * (1 + math.Erf((v-mean)/(sd*math.Sqrt2))), nil
}

// inverseNormalCDF is inverse_normal_cdf(mean, sd, p).
func inverseNormalCDF(x []float64) (float64, error) {
	mean, sd, p := x[0], x[1], x[2]
	if !(p > 0 && p < 1) {
		return 0, errors.New("p must be 0 > p > 1")
	}
	if !(sd > 0) {
		return 0, errors.New("sd must be > 0")
	}
	return mean + sd*math.Sqrt2*math.Erfinv(2*p-1), nil
}

// betaCDF is beta_cdf(a, b, v): the regularized incomplete beta function.
func betaCDF(x []float64) (float64, error) {
	a, b, v := x[0], x[1], x[2]
	if err := betaParams(a, b); err != nil {
		return 0, err
	}
	if !(v >= 0 && v <= 1) {
		return 0, errors.New("value must be in the interval [0, 1]")
	}
	return regIncBeta(a, b, v), nil
}

// inverseBetaCDF is inverse_beta_cdf(a, b, p), found by bisection to the
// last bit.
func inverseBetaCDF(x []float64) (float64, error) {
	a, b, p := x[0], x[1], x[2]
	if err := betaParams(a, b); err != nil {
		return 0, err
	}
	if !(p >= 0 && p <= 1) {
		return 0, errors.New("p must be in the interval [0, 1]")
	}
	if p == 0 || p == 1 {
		return p, nil
	}
	lo, hi := 0.0, 1.0
	for range 200 {
		mid := (lo + hi) / 2
		if mid <= lo || mid >= hi {
			break
		}
		if regIncBeta(a, b, mid) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2, nil
}

// greatCircleDistance is great_circle_distance(lat1, lon1, lat2, lon2) in
// kilometres, on a sphere of Trino's radius, by the Vincenty formula that
// stays accurate for near and antipodal points.
func greatCircleDistance(x []float64) (float64, error) {
	const earthRadiusKM = 6371.01
	for i, v := range x {
		if i%2 == 0 && !(v >= -90 && v <= 90) {
			return 0, trinoError("Latitude must be between -90 and 90")
		}
		if i%2 == 1 && !(v >= -180 && v <= 180) {
			return 0, trinoError("Longitude must be between -180 and 180")
		}
	}
	rad := math.Pi / 180
	sin1, cos1 := math.Sincos(x[0] * rad)
	sin2, cos2 := math.Sincos(x[2] * rad)
	sinDL, cosDL := math.Sincos((x[1] - x[3]) * rad)
	t1 := cos2 * sinDL
	t2 := cos1*sin2 - sin1*cos2*cosDL
	t3 := sin1*sin2 + cos1*cos2*cosDL
	return math.Atan2(math.Sqrt(t1*t1+t2*t2), t3) * earthRadiusKM, nil
}

func betaParams(a, b float64) error {
	if !(a > 0) {
		return errors.New("a must be > 0")
	}
	if !(b > 0) {
		return errors.New("b must be > 0")
	}
	return nil
}

// regIncBeta is I_v(a, b), from its continued fraction (evaluated by the
// modified Lentz method) on the side where it converges fast.
func regIncBeta(a, b, v float64) float64 {
	switch {
	case v <= 0:
		return 0
	case v >= 1:
		return 1
	case v > (a+1)/(a+b+2):
		return 1 - regIncBeta(b, a, 1-v)
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab-la-lb+a*math.Log(v)+b*math.Log1p(-v)) / a
	const tiny = 1e-300
	f, c, d := 1.0, 1.0, 0.0
	for i := 0; i <= 1000; i++ {
		m := float64(i / 2)
		var num float64
		switch {
		case i == 0:
			num = 1
		case i%2 == 0:
			num = m * (b - m) * v / ((a + 2*m - 1) * (a + 2*m))
		default:
			num = -(a + m) * (a + b + m) * v / ((a + 2*m) * (a + 2*m + 1))
		}
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		d = 1 / d
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		cd := c * d
		f *= cd
		if math.Abs(1-cd) < 1e-16 {
			break
		}
	}
	return front * (f - 1)
}

// trinoError is an error whose message is Trino's own text, capitalized
// where Trino's is.
func trinoError(format string, args ...any) error { return fmt.Errorf(format, args...) }
