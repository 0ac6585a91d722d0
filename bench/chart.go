package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// chartSeries turns a scenario into bar groups: one group per size (the
// x axis), one series per system, each bar the system's ratio to the limit.
// A system that lacks a size gets a zero-height bar.
func chartSeries(sc Scenario) (sizes, systems []string, ratios map[string][]float64) {
	for _, r := range sc.Rows {
		if !slices.Contains(sizes, r.Size) {
			sizes = append(sizes, r.Size)
		}
		if !slices.Contains(systems, r.System) {
			systems = append(systems, r.System)
		}
	}
	ratios = map[string][]float64{}
	for _, s := range systems {
		ratios[s] = make([]float64, len(sizes))
	}
	for _, r := range sc.Rows {
		ratios[r.System][slices.Index(sizes, r.Size)] = r.Ratio
	}
	return sizes, systems, ratios
}

// writeCharts writes one SVG per scenario into dir: the ratio of each
// system to the scenario's limit, peers side by side, and returns the
// files' paths.
func writeCharts(rep *Report, dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, sc := range rep.Scenarios {
		sizes, systems, ratios := chartSeries(sc)
		p := plot.New()
		p.Title.Text = sc.Title
		p.Y.Label.Text = "observed / limit (1 = physical limit; lower is better)"
		p.Legend.Top = true
		width := vg.Points(min(24, 120/float64(max(1, len(systems)))))
		for i, s := range systems {
			bars, err := plotter.NewBarChart(plotter.Values(ratios[s]), width)
			if err != nil {
				return files, fmt.Errorf("chart %s: %w", sc.Name, err)
			}
			bars.LineStyle.Width = 0
			bars.Color = plotutil.Color(i)
			bars.Offset = width * vg.Length(float64(i)-float64(len(systems)-1)/2)
			p.Add(bars)
			p.Legend.Add(s, bars)
		}
		p.NominalX(sizes...)
		p.Y.Min = 0
		one := plotter.NewFunction(func(float64) float64 { return 1 })
		one.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(one)
		path := filepath.Join(dir, sc.Name+".svg")
		if err := p.Save(7*vg.Inch, 4*vg.Inch, path); err != nil {
			return files, fmt.Errorf("chart %s: %w", sc.Name, err)
		}
		files = append(files, path)
	}
	return files, nil
}
