package report

import (
	"bytes"
	"embed"
	"fmt"
	"image/color"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/text/unicode/norm"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The charts are drawn with DejaVu Sans from Debian's fonts-dejavu-core
// (licence in fonts/LICENSE): it covers every precomposed Vietnamese letter,
// and shipping it means a chart looks the same on any machine, with no
// system font lookup.
//
//go:embed fonts/DejaVuSans.ttf fonts/DejaVuSans-Bold.ttf
var fontFiles embed.FS

// chartDPI keeps the PNGs sharp when printed at the width of an A4 text
// column (16 cm is about 950 pixels) while staying small.
const chartDPI = 150

// chartFonts is the text handler and the two weights of the charts. Each
// report builds its own, so no plot state is shared between callers.
type chartFonts struct {
	handler text.Plain
	regular font.Font
	bold    font.Font
}

func newChartFonts() (*chartFonts, error) {
	regular := font.Font{Typeface: "DejaVu", Variant: "Sans"}
	bold := regular
	bold.Weight = xfont.WeightBold
	var coll font.Collection
	for _, f := range []struct {
		file string
		font font.Font
	}{{"fonts/DejaVuSans.ttf", regular}, {"fonts/DejaVuSans-Bold.ttf", bold}} {
		data, err := fontFiles.ReadFile(f.file)
		if err != nil {
			return nil, fmt.Errorf("chart font %s: %w", f.file, err)
		}
		face, err := opentype.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("chart font %s: %w", f.file, err)
		}
		coll = append(coll, font.Face{Font: f.font, Face: face})
	}
	return &chartFonts{handler: text.Plain{Fonts: font.NewCache(coll)}, regular: regular, bold: bold}, nil
}

// style is a text style in the chart fonts.
func (cf *chartFonts) style(size vg.Length, bold bool) text.Style {
	f := cf.regular
	if bold {
		f = cf.bold
	}
	return text.Style{Color: color.Black, Font: font.From(f, size), Handler: cf.handler}
}

// newPlot returns a plot whose every text (title, axes, ticks, legend) is in
// the chart fonts: plot.New would use the package-wide default fonts, which
// lack nothing for English but are a global we do not want to touch.
func (cf *chartFonts) newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.TextHandler = cf.handler
	p.Title.Text = nfc(title)
	p.Title.TextStyle = cf.style(13, true)
	p.Title.TextStyle.XAlign = draw.XCenter
	p.Title.TextStyle.YAlign = draw.YTop
	p.Title.Padding = vg.Points(8)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle = withAlign(ax.Label.TextStyle, cf.style(10, false))
		ax.Tick.Label = withAlign(ax.Tick.Label, cf.style(9, false))
	}
	p.X.Label.Text = nfc(xLabel)
	p.Y.Label.Text = nfc(yLabel)
	p.Legend = cf.legend()
	return p
}

// legend returns a legend in the chart fonts, for a plot or drawn on its own.
func (cf *chartFonts) legend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle = cf.style(9, false)
	l.ThumbnailWidth = vg.Points(14)
	// Vietnamese stacks marks above and below a letter: without room the
	// entries touch.
	l.Padding = vg.Points(4)
	return l
}

// withAlign keeps the alignment and rotation plot.New chose for an axis text
// and takes the font, colour and handler of the chart style.
func withAlign(old, sty text.Style) text.Style {
	sty.XAlign, sty.YAlign, sty.Rotation = old.XAlign, old.YAlign, old.Rotation
	return sty
}

// nfc composes combining marks: DejaVu has every precomposed Vietnamese
// letter, but a decomposed one from a hand-written settings file would draw
// its marks misplaced.
func nfc(s string) string { return norm.NFC.String(s) }

// chartPalette is distinguishable in print and for common colour blindness
// (Okabe and Ito).
var chartPalette = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{0, 158, 115, 255},   // green
	color.RGBA{204, 121, 167, 255}, // purple
	color.RGBA{86, 180, 233, 255},  // sky
	color.RGBA{213, 94, 0, 255},    // vermilion
	color.RGBA{240, 228, 66, 255},  // yellow
	color.RGBA{0, 0, 0, 255},       // black
}

func paletteColor(i int) color.Color { return chartPalette[i%len(chartPalette)] }

// chart is one drawing: its file name and how to draw it on a canvas of the
// given size.
type chart struct {
	Name   string // file name, e.g. "don-thu-theo-thang.png"
	Title  string // caption in the report
	Width  vg.Length
	Height vg.Length
	Draw   func(draw.Canvas)
}

// renderPNG draws a chart as a PNG.
func renderPNG(c chart) ([]byte, error) {
	img := vgimg.NewWith(vgimg.UseWH(c.Width, c.Height), vgimg.UseDPI(chartDPI), vgimg.UseBackgroundColor(color.White))
	c.Draw(draw.New(img))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart %s: %w", c.Name, err)
	}
	return buf.Bytes(), nil
}

// withSideLegend draws the plot on the left and its legend in a column on
// the right, where it never covers a bar.
func withSideLegend(p *plot.Plot, l plot.Legend, legendWidth vg.Length) func(draw.Canvas) {
	return func(dc draw.Canvas) {
		p.Draw(draw.Crop(dc, vg.Points(4), -legendWidth, 0, -vg.Points(4)))
		l.Top = true
		l.Left = true
		l.Draw(draw.Crop(dc, dc.Max.X-dc.Min.X-legendWidth+vg.Points(6), 0, -vg.Points(30), -vg.Points(30)))
	}
}

// MonthStates are petitions received per month, split by their state at
// the end of the period: Counts[state][month].
type MonthStates struct {
	Months []string // "T1\n2027": tháng 1 over the year
	States []string // "Đã giải quyết", ...
	Counts [][]float64
}

// FieldRate is the share of a field's petitions answered on time.
type FieldRate struct {
	Field   string
	Percent float64 // 0..100
	Total   int     // petitions answered, on time or late
}

// NeighbourhoodAnswers are the households of a neighbourhood that answered
// meeting notices and those that did not.
type NeighbourhoodAnswers struct {
	Name     string
	Answered int
	Silent   int
}

// monthStatesChart stacks the states of each month's petitions.
func monthStatesChart(cf *chartFonts, d MonthStates) (chart, error) {
	p := cf.newPlot("Đơn thư tiếp nhận theo tháng và tình trạng", "Tháng", "Số đơn")
	l := cf.legend()
	var below *plotter.BarChart
	for i, state := range d.States {
		vals := make(plotter.Values, len(d.Months))
		if i < len(d.Counts) {
			copy(vals, d.Counts[i])
		}
		bars, err := plotter.NewBarChart(vals, vg.Points(22))
		if err != nil {
			return chart{}, fmt.Errorf("chart of petitions by month: %w", err)
		}
		bars.Color = paletteColor(i)
		bars.LineStyle.Width = 0
		if below != nil {
			bars.StackOn(below)
		}
		below = bars
		p.Add(bars)
		l.Add(nfc(state), bars)
	}
	p.NominalX(nfcAll(d.Months)...)
	p.Y.Min = 0
	p.Y.Tick.Marker = integerTicks{}
	p.Add(valueGrid(false))
	return chart{
		Name: chartMonths + ".png", Title: "Biểu đồ 1. Đơn thư tiếp nhận theo tháng và tình trạng",
		Width: 16 * vg.Centimeter, Height: 8.5 * vg.Centimeter,
		Draw: withSideLegend(p, l, 4.6*vg.Centimeter),
	}, nil
}

// fieldRateChart is one horizontal bar per field: field names are long, and
// read best along the vertical axis.
func fieldRateChart(cf *chartFonts, rates []FieldRate) (chart, error) {
	p := cf.newPlot("Tỷ lệ đơn thư giải quyết đúng hạn theo lĩnh vực", "Tỷ lệ đúng hạn (%)", "")
	// gonum draws the first bar at the bottom: reversed, the fields read
	// from the top in the order of the settings.
	vals := make(plotter.Values, len(rates))
	names := make([]string, len(rates))
	for i, r := range rates {
		j := len(rates) - 1 - i
		vals[j] = r.Percent
		names[j] = fmt.Sprintf("%s (%s)", nfc(r.Field), formatNumber(float64(r.Total), 0))
	}
	bars, err := plotter.NewBarChart(vals, vg.Points(12))
	if err != nil {
		return chart{}, fmt.Errorf("chart of on-time rate by field: %w", err)
	}
	bars.Horizontal = true
	bars.Color = paletteColor(2)
	bars.LineStyle.Width = 0
	p.Add(valueGrid(true), bars)
	p.NominalY(names...)
	p.X.Min, p.X.Max = 0, 100
	height := vg.Length(2.5+0.75*float64(len(rates))) * vg.Centimeter
	return chart{
		Name: chartFields + ".png", Title: "Biểu đồ 2. Tỷ lệ đơn thư giải quyết đúng hạn theo lĩnh vực (trong ngoặc: số đơn đã giải quyết)",
		Width: 16 * vg.Centimeter, Height: height,
		Draw: func(dc draw.Canvas) { p.Draw(draw.Crop(dc, vg.Points(4), -vg.Points(8), 0, -vg.Points(4))) },
	}, nil
}

// answersChart stacks, per neighbourhood, households that answered meeting
// notices and those that did not.
func answersChart(cf *chartFonts, level string, rows []NeighbourhoodAnswers) (chart, error) {
	p := cf.newPlot("Hộ gia đình trả lời thông báo họp theo "+level, "", "Số hộ")
	l := cf.legend()
	answered := make(plotter.Values, len(rows))
	silent := make(plotter.Values, len(rows))
	names := make([]string, len(rows))
	for i, r := range rows {
		answered[i], silent[i], names[i] = float64(r.Answered), float64(r.Silent), nfc(r.Name)
	}
	a, err := plotter.NewBarChart(answered, vg.Points(22))
	if err != nil {
		return chart{}, fmt.Errorf("chart of answers by neighbourhood: %w", err)
	}
	s, err := plotter.NewBarChart(silent, vg.Points(22))
	if err != nil {
		return chart{}, fmt.Errorf("chart of answers by neighbourhood: %w", err)
	}
	a.Color, s.Color = paletteColor(0), color.RGBA{200, 200, 200, 255}
	a.LineStyle.Width, s.LineStyle.Width = 0, 0
	s.StackOn(a)
	p.Add(valueGrid(false), a, s)
	l.Add("Đã trả lời", a)
	l.Add("Chưa trả lời", s)
	p.NominalX(names...)
	p.Y.Min = 0
	p.Y.Tick.Marker = integerTicks{}
	if len(rows) > 6 {
		// Long names such as "Tiểu khu 10" overlap when upright.
		p.X.Tick.Label.Rotation = 0.5
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
	return chart{
		Name: chartAnswers + ".png", Title: "Biểu đồ 3. Hộ gia đình trả lời thông báo họp theo " + level,
		Width: 16 * vg.Centimeter, Height: 8.5 * vg.Centimeter,
		Draw: withSideLegend(p, l, 3.6*vg.Centimeter),
	}, nil
}

func nfcAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = nfc(s)
	}
	return out
}

// integerTicks are the default ticks without the fractional ones, labelled
// the Vietnamese way ("1.000"): counts of petitions and households are
// whole numbers.
type integerTicks struct{}

func (integerTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for _, t := range (plot.DefaultTicks{}).Ticks(min, max) {
		if t.Value == float64(int64(t.Value)) {
			if t.Label != "" {
				t.Label = formatNumber(t.Value, 0)
			}
			out = append(out, t)
		}
	}
	return out
}

// valueGrid draws the lines of the value axis only: lines across the
// categories would cut through the bars.
func valueGrid(horizontalBars bool) *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = color.Gray{Y: 200}, color.Gray{Y: 200}
	if horizontalBars {
		g.Horizontal.Color = nil
	} else {
		g.Vertical.Color = nil
	}
	return g
}
