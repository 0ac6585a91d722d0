package engine

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Trino's color functions. A color is a BIGINT: an RGB value 0xRRGGBB, or
// one of the eight ANSI system colors encoded as -(index + 1). render and
// bar write ANSI 256-color escapes, as Trino does for its CLI.

const ansiReset = "\x1b[0m"

var systemColors = []string{"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"}

func colorUDFs() map[string][]*goUDF {
	tBool := duckdb.TYPE_BOOLEAN
	renderText := func(text func(v driver.Value) string) func(a []driver.Value) (any, error) {
		return func(a []driver.Value) (any, error) {
			esc, err := ansiEscape(a[1].(int64))
			if err != nil {
				return nil, err
			}
			return esc + text(a[0]) + ansiReset, nil
		}
	}
	bar := func(a []driver.Value) (any, error) {
		low, high := int64(0xFF0000), int64(0x00FF00)
		if len(a) == 4 {
			low, high = a[2].(int64), a[3].(int64)
		}
		return colorBar(a[0].(float64), a[1].(int64), low, high)
	}
	return map[string][]*goUDF{
		"trino_color": {
			{in: []duckdb.Type{tText}, out: tBigint, fn: func(a []driver.Value) (any, error) {
				return parseColor(a[0].(string))
			}},
			{in: []duckdb.Type{tDouble, tBigint, tBigint}, out: tBigint, fn: func(a []driver.Value) (any, error) {
				return interpolateColor(a[0].(float64), a[1].(int64), a[2].(int64))
			}},
		},
		"trino_rgb": {{in: []duckdb.Type{tBigint, tBigint, tBigint}, out: tBigint, fn: func(a []driver.Value) (any, error) {
			var rgb int64
			for i, name := range []string{"red", "green", "blue"} {
				c := a[i].(int64)
				if c < 0 || c > 255 {
					return nil, fmt.Errorf("%s must be between 0 and 255", name)
				}
				rgb = rgb<<8 | c
			}
			return rgb, nil
		}}},
		"trino_render": {
			{in: []duckdb.Type{tText, tBigint}, out: tText, fn: renderText(func(v driver.Value) string { return v.(string) })},
			{in: []duckdb.Type{tBigint, tBigint}, out: tText, fn: renderText(func(v driver.Value) string {
				return strconv.FormatInt(v.(int64), 10)
			})},
			{in: []duckdb.Type{tDouble, tBigint}, out: tText, fn: renderText(func(v driver.Value) string {
				return javaFloatText(v.(float64), 64)
			})},
			{in: []duckdb.Type{tBool}, out: tText, fn: func(a []driver.Value) (any, error) {
				if a[0].(bool) {
					return "\x1b[38;5;2m\u2713" + ansiReset, nil
				}
				return "\x1b[38;5;1m\u2717" + ansiReset, nil
			}},
		},
		"trino_bar": {
			{in: []duckdb.Type{tDouble, tBigint}, out: tText, fn: bar},
			{in: []duckdb.Type{tDouble, tBigint, tBigint, tBigint}, out: tText, fn: bar},
		},
	}
}

// parseColor reads "#rgb" (each digit doubled, as in CSS) or a system
// color name.
func parseColor(s string) (int64, error) {
	if len(s) == 4 && s[0] == '#' {
		if v, err := strconv.ParseUint(s[1:], 16, 16); err == nil {
			r, g, b := v>>8&0xF, v>>4&0xF, v&0xF
			return int64(r*0x11<<16 | g*0x11<<8 | b*0x11), nil
		}
	}
	for i, name := range systemColors {
		if strings.EqualFold(s, name) {
			return -int64(i) - 1, nil
		}
	}
	return 0, trinoError("Invalid color: '%s'", s)
}

// ansiEscape selects a color: a system color by its index, an RGB color by
// the nearest cell of the 6x6x6 cube of the 256-color palette.
func ansiEscape(c int64) (string, error) {
	if c < 0 {
		if -c-1 >= int64(len(systemColors)) {
			return "", fmt.Errorf("invalid color %d", c)
		}
		return "\x1b[38;5;" + strconv.FormatInt(-c-1, 10) + "m", nil
	}
	r, g, b := (c>>16&0xFF)*6/256, (c>>8&0xFF)*6/256, (c&0xFF)*6/256
	return "\x1b[38;5;" + strconv.FormatInt(16+36*r+6*g+b, 10) + "m", nil
}

// colorBar draws int(fraction*width) full blocks (clamped to [0, width]),
// each colored between low and high by its position, then pads with
// spaces to width.
func colorBar(fraction float64, width, low, high int64) (string, error) {
	n := javaInt(fraction * float64(width))
	n = max(0, min(width, n))
	var b strings.Builder
	for i := range n {
		c, err := interpolateColor(float64(float32(float64(i)/float64(width-1))), low, high)
		if err != nil {
			return "", err
		}
		esc, _ := ansiEscape(c)
		b.WriteString(esc)
		b.WriteString("\u2588")
	}
	b.WriteString(ansiReset)
	b.WriteString(strings.Repeat(" ", int(max(0, width-n))))
	return b.String(), nil
}

// interpolateColor moves from low to high in hue, saturation and
// brightness, in single precision as java.awt.Color computes them.
func interpolateColor(fraction float64, low, high int64) (int64, error) {
	if low < 0 || high < 0 {
		return 0, errors.New("color is not a valid rgb value")
	}
	f := float32(max(0, min(1, fraction)))
	lh, ls, lv := rgbToHSB(low)
	hh, hs, hv := rgbToHSB(high)
	return hsbToRGB(f*(hh-lh)+lh, f*(hs-ls)+ls, f*(hv-lv)+lv), nil
}

func rgbToHSB(c int64) (h, s, v float32) {
	r, g, b := int32(c>>16&0xFF), int32(c>>8&0xFF), int32(c&0xFF)
	hi, lo := max(r, g, b), min(r, g, b)
	v = float32(hi) / 255
	if hi != 0 {
		s = float32(hi-lo) / float32(hi)
	}
	if s == 0 {
		return 0, s, v
	}
	rc := float32(hi-r) / float32(hi-lo)
	gc := float32(hi-g) / float32(hi-lo)
	bc := float32(hi-b) / float32(hi-lo)
	switch {
	case r == hi:
		h = bc - gc
	case g == hi:
		h = 2 + rc - bc
	default:
		h = 4 + gc - rc
	}
	h /= 6
	if h < 0 {
		h++
	}
	return h, s, v
}

func hsbToRGB(h, s, v float32) int64 {
	byteOf := func(x float32) int64 { return javaInt(float64(x*255 + 0.5)) }
	if s == 0 {
		c := byteOf(v)
		return c<<16 | c<<8 | c
	}
	hh := (h - float32(math.Floor(float64(h)))) * 6
	f := hh - float32(math.Floor(float64(hh)))
	p := v * (1 - s)
	q := v * (1 - s*f)
	t := v * (1 - s*(1-f))
	var r, g, b float32
	switch javaInt(float64(hh)) {
	case 0:
		r, g, b = v, t, p
	case 1:
		r, g, b = q, v, p
	case 2:
		r, g, b = p, v, t
	case 3:
		r, g, b = p, q, v
	case 4:
		r, g, b = t, p, v
	case 5:
		r, g, b = v, p, q
	}
	return byteOf(r)<<16 | byteOf(g)<<8 | byteOf(b)
}

// javaInt converts as Java's (int) cast does: NaN is 0 and values beyond
// the int range saturate.
func javaInt(x float64) int64 {
	switch {
	case x != x:
		return 0
	case x >= math.MaxInt32:
		return math.MaxInt32
	case x <= math.MinInt32:
		return math.MinInt32
	}
	return int64(x)
}
