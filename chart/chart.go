// Package chart draws a program's trends (package insight) as a PNG image,
// in pure Go with gonum.org/v1/plot: one panel of counts (participants,
// groups, quiz answers, topics, votes) and one of rates (met, quiz
// accuracy), one point per round. A figure the privacy rule hides is not
// drawn: its line has a gap there.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/tandem-dev/tandem/insight"
)

// Size of the image, in pixels.
const (
	Width  = 960
	Height = 600
)

const dpi = 96

// ErrNoRounds says there is nothing to draw yet.
var ErrNoRounds = errors.New("chart: the program has no rounds yet")

// Point is one round's value of a series.
type Point struct {
	Round int // the round's number in its program
	Value float64
}

// Series is one line of the chart: its points, one per round whose figure
// is shown, and its panel.
type Series struct {
	Name   string
	Rates  bool // drawn in the rates panel (percent)
	Color  color.RGBA
	Points []Point
}

// Marker colors, one per series: a marker is filled with its series' color,
// the line between markers is a lighter shade of it, so the markers of a
// series can be told apart in the image (see Markers).
var colors = []color.RGBA{
	{31, 119, 180, 255}, // participants
	{44, 160, 44, 255},  // groups
	{148, 103, 189, 255},
	{140, 86, 75, 255},
	{227, 119, 194, 255},
	{214, 39, 40, 255}, // met rate
	{255, 127, 14, 255},
}

// Lines returns the series the chart of t draws.
func Lines(t insight.Trends) []Series {
	defs := []struct {
		name  string
		rates bool
		fig   func(r insight.RoundTrend) insight.Figure
	}{
		{"participants", false, func(r insight.RoundTrend) insight.Figure { return r.Participants }},
		{"groups", false, func(r insight.RoundTrend) insight.Figure { return r.Groups }},
		{"quiz answers", false, func(r insight.RoundTrend) insight.Figure { return r.Answers }},
		{"topics", false, func(r insight.RoundTrend) insight.Figure { return r.Topics }},
		{"votes", false, func(r insight.RoundTrend) insight.Figure { return r.Votes }},
		{"met (%)", true, func(r insight.RoundTrend) insight.Figure { return r.MetRate }},
		{"quiz right (%)", true, func(r insight.RoundTrend) insight.Figure { return r.Accuracy }},
	}
	out := make([]Series, len(defs))
	for i, d := range defs {
		s := Series{Name: d.name, Rates: d.rates, Color: colors[i]}
		for _, r := range t.Rounds {
			if f := d.fig(r); f.Shown() {
				s.Points = append(s.Points, Point{Round: r.Number, Value: f.Value()})
			}
		}
		out[i] = s
	}
	return out
}

// Labels are the words of a chart, in the reader's language: its title,
// the axes, and the series in the order Lines returns them (a missing
// name keeps the English one of Lines).
type Labels struct {
	Title, Count, Percent, Round string
	Series                       []string
}

// English are the chart's words in English, titled title.
func English(title string) Labels {
	return Labels{Title: title, Count: "count", Percent: "percent", Round: "round"}
}

// PNG draws the chart of t with the words l. It returns ErrNoRounds when
// t has no rounds.
func PNG(t insight.Trends, l Labels) ([]byte, error) {
	if len(t.Rounds) == 0 {
		return nil, ErrNoRounds
	}
	counts, rates := plot.New(), plot.New()
	counts.Title.Text = l.Title
	counts.Y.Label.Text = l.Count
	counts.Y.Min = 0
	rates.Y.Label.Text = l.Percent
	rates.Y.Min = 0
	rates.Y.Tick.Marker = percentTicks{}
	rates.X.Label.Text = l.Round
	first, last := t.Rounds[0].Number, t.Rounds[len(t.Rounds)-1].Number
	for _, p := range []*plot.Plot{counts, rates} {
		p.X.Min, p.X.Max = float64(first)-0.5, float64(last)+0.5
		p.X.Tick.Marker = roundTicks{}
		p.Legend.Top = true
		p.Legend.Left = true
		p.Add(plotter.NewGrid())
	}
	lines := Lines(t)
	for i := range lines {
		if i < len(l.Series) && l.Series[i] != "" {
			lines[i].Name = l.Series[i]
		}
	}
	top := 1.0
	for _, s := range lines {
		for _, pt := range s.Points {
			if !s.Rates {
				top = max(top, pt.Value)
			}
		}
	}
	// Room above the lines for the legend.
	counts.Y.Max = top * 1.6
	rates.Y.Max = 160
	// Drawn last to first, so that the first series (participants) lies on
	// top where markers meet; the legend keeps the order.
	for i := len(lines) - 1; i >= 0; i-- {
		s := lines[i]
		p := counts
		if s.Rates {
			p = rates
		}
		if err := add(p, s); err != nil {
			return nil, fmt.Errorf("chart: %s: %w", s.Name, err)
		}
	}
	for _, s := range lines {
		p := counts
		if s.Rates {
			p = rates
		}
		swatch, err := plotter.NewLine(plotter.XYs{{}})
		if err != nil {
			return nil, fmt.Errorf("chart: %s: %w", s.Name, err)
		}
		// The legend shows the line, never a marker, so markers stay countable.
		swatch.LineStyle.Color, swatch.LineStyle.Width = lighter(s.Color), vg.Points(3)
		p.Legend.Add(s.Name, swatch)
	}
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(Width)*vg.Inch/dpi, vg.Length(Height)*vg.Inch/dpi), vgimg.UseDPI(dpi))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Points(8), PadBottom: vg.Points(8), PadLeft: vg.Points(8), PadRight: vg.Points(16), PadY: vg.Points(12)}
	canvases := plot.Align([][]*plot.Plot{{counts}, {rates}}, tiles, dc)
	counts.Draw(canvases[0][0])
	rates.Draw(canvases[1][0])
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: png: %w", err)
	}
	return buf.Bytes(), nil
}

// add draws one series: lines between the points of consecutive rounds
// (a hidden round leaves a gap), then a marker on each point.
func add(p *plot.Plot, s Series) error {
	light := lighter(s.Color)
	var run plotter.XYs
	flush := func() error {
		if len(run) > 1 {
			l, err := plotter.NewLine(run)
			if err != nil {
				return err
			}
			l.LineStyle.Color, l.LineStyle.Width = light, vg.Points(2)
			p.Add(l)
		}
		run = nil
		return nil
	}
	for i, pt := range s.Points {
		if i > 0 && pt.Round != s.Points[i-1].Round+1 {
			if err := flush(); err != nil {
				return err
			}
		}
		run = append(run, plotter.XY{X: float64(pt.Round), Y: pt.Value})
	}
	if err := flush(); err != nil {
		return err
	}
	if len(s.Points) > 0 {
		xys := make(plotter.XYs, len(s.Points))
		for i, pt := range s.Points {
			xys[i] = plotter.XY{X: float64(pt.Round), Y: pt.Value}
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return err
		}
		sc.GlyphStyle.Shape, sc.GlyphStyle.Color, sc.GlyphStyle.Radius = draw.CircleGlyph{}, s.Color, vg.Points(4)
		p.Add(sc)
	}
	return nil
}

func lighter(c color.RGBA) color.RGBA {
	mix := func(v uint8) uint8 { return uint8((int(v) + 2*255) / 3) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 255}
}

// roundTicks labels whole rounds only.
type roundTicks struct{}

func (roundTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	step := 1
	if max-min > 24 {
		step = int(max-min) / 12
	}
	for r := int(min + 0.5); float64(r) <= max; r += step {
		out = append(out, plot.Tick{Value: float64(r), Label: fmt.Sprint(r)})
	}
	return out
}

// percentTicks labels 0 to 100 percent, leaving the legend's room blank.
type percentTicks struct{}

func (percentTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for v := 0; v <= 100; v += 25 {
		out = append(out, plot.Tick{Value: float64(v), Label: fmt.Sprint(v)})
	}
	return out
}
