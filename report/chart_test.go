package report

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"danchu"
)

// textRecorder is a canvas that keeps every string drawn on it with the
// font it was drawn in, so the test checks what the charts really draw.
type textRecorder struct {
	*vgimg.Canvas
	texts []drawnText
}

type drawnText struct {
	face font.Face
	text string
}

func (r *textRecorder) FillString(f font.Face, pt vg.Point, text string) {
	r.texts = append(r.texts, drawnText{face: f, text: text})
	r.Canvas.FillString(f, pt, text)
}

// No glyph of any text of the charts is missing from the font it is drawn
// in: a missing one would print as an empty box. The texts are those drawn
// on a canvas, with every field, neighbourhood and state of the settings.
func TestChartGlyphs(t *testing.T) {
	o, in := fixedOutputs(t)
	// Every status a month can hold, and a neighbourhood level in words.
	in.Months.States = append(in.Months.States, "Khác")
	in.Months.Counts = append(in.Months.Counts, make([]float64, len(in.Months.Months)))
	o.Unit.NeighbourhoodLevel = "Tổ dân phố"
	charts, err := buildCharts(o, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != 3 {
		t.Fatalf("%d charts, want 3", len(charts))
	}
	var buf sfnt.Buffer
	seen := map[string]bool{}
	for _, c := range charts {
		rec := &textRecorder{Canvas: vgimg.NewWith(vgimg.UseWH(c.Width, c.Height), vgimg.UseDPI(chartDPI))}
		c.Draw(draw.New(rec))
		if len(rec.texts) == 0 {
			t.Fatalf("%s: no text drawn", c.Name)
		}
		for _, d := range rec.texts {
			seen[d.text] = true
			if d.face.Font.Typeface != "DejaVu" {
				t.Errorf("%s: %q drawn in %s, not the shipped font", c.Name, d.text, d.face.Name())
			}
			for _, r := range d.text {
				if unicode.IsSpace(r) {
					continue
				}
				g, err := d.face.Face.GlyphIndex(&buf, r)
				if err != nil {
					t.Fatal(err)
				}
				if g == 0 {
					t.Errorf("%s: %q: no glyph for %q (U+%04X) in %s", c.Name, d.text, r, r, d.face.Name())
				}
			}
		}
	}
	// The texts that matter were among those checked.
	s := danchu.DefaultSettings()
	var want []string
	for _, f := range s.Fields {
		want = append(want, f)
	}
	for _, n := range s.Neighbourhoods {
		want = append(want, n.Name)
	}
	want = append(want, "Đơn thư tiếp nhận theo tháng và tình trạng", "Tỷ lệ đơn thư giải quyết đúng hạn theo lĩnh vực",
		"Hộ gia đình trả lời thông báo họp theo tổ dân phố", "Đã trả lời, giải quyết", "Chưa trả lời", "Khác")
	for _, w := range want {
		found := false
		for text := range seen {
			if strings.Contains(text, w) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%q was not drawn", w)
		}
	}
}

// Every Vietnamese letter, in both cases and with every tone, is in both
// weights of the shipped font: a town's own field or neighbourhood names
// draw as well as the shipped ones.
func TestFontCoversVietnamese(t *testing.T) {
	const letters = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệfghiìỉĩíịjklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvwxyỳỷỹýỵz" +
		"0123456789.,;:!?%()-–−/+'\"…"
	for _, file := range []string{"fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf"} {
		data, err := fontFiles.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		var buf sfnt.Buffer
		for _, r := range letters + strings.ToUpper(letters) {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				t.Errorf("%s: no glyph for %q (U+%04X)", file, r, r)
			}
		}
	}
	if _, err := fontFiles.ReadFile("fonts/LICENSE"); err == nil {
		t.Error("the licence is embedded in the binary for no reason")
	}
	if _, err := os.Stat("fonts/LICENSE"); err != nil {
		t.Errorf("the fonts ship without their licence: %v", err)
	}
}

// The charts are PNGs of the size they claim; REPORT_CHARTS_DIR keeps them
// for a person to look at.
func TestChartsRender(t *testing.T) {
	o, in := fixedOutputs(t)
	charts, err := renderCharts(o, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		img, err := png.Decode(bytes.NewReader(c.PNG))
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		wantW := int(c.Width.Dots(chartDPI) + 0.5)
		if got := img.Bounds().Dx(); got != wantW {
			t.Errorf("%s: %d pixels wide, want %d", c.Name, got, wantW)
		}
		if dir := os.Getenv("REPORT_CHARTS_DIR"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, c.Name), c.PNG, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A chart with no data is left out rather than drawn empty.
func TestChartsWithoutData(t *testing.T) {
	o, _ := fixedOutputs(t)
	charts, err := buildCharts(o, chartInputs{})
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != 0 {
		t.Errorf("%d charts without data", len(charts))
	}
}
