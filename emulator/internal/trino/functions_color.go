package trino

// This file holds the rewrites of Trino's color functions, which call Go
// functions that the engine registers (emulator/internal/engine/udf_color.go).
// A color is a BIGINT there.

func init() {
	for name, h := range map[string]handler{
		"rgb":    rename("trino_rgb", 3),
		"color":  colorCall,
		"render": rename("trino_render", 1, 2),
		"bar":    rename("trino_bar", 2, 4),
	} {
		handlers[name] = h
	}
}

// colorCall rewrites color(s), color(fraction, low, high) and
// color(value, low, high, lowColor, highColor), which scales value from
// [low, high] to a fraction first.
func colorCall(r *rewriter, c *call) (string, error) {
	switch len(c.args) {
	case 1, 3:
		return "trino_color(" + c.joined() + ")", nil
	case 5:
		a := c.args
		return "trino_color((CAST(" + a[0].s() + " AS DOUBLE) - " + a[1].s() + ") / (CAST(" + a[2].s() + " AS DOUBLE) - " +
			a[1].s() + "), " + a[3].s() + ", " + a[4].s() + ")", nil
	}
	return "", nil
}
