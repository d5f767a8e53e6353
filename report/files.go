package report

import (
	"fmt"
	"strings"
	"time"

	"danchu"
)

// File is one output of a report, ready to send or save.
type File struct {
	Name string // "bao-cao-2027-6-thang.xlsx"
	Type string // MIME type
	Data []byte
}

// MIME types of the outputs.
const (
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypePNG  = "image/png"
)

// Chart file names, after the report's base name.
const (
	chartMonths  = "don-thu-theo-thang"
	chartFields  = "dung-han-theo-linh-vuc"
	chartAnswers = "ho-tra-loi-theo-khu"
)

// BaseName is the name of a report's files without extension:
// "bao-cao-2027-6-thang", "bao-cao-2027-nam",
// "bao-cao-2027-01-01-den-2027-03-31".
func BaseName(p danchu.ReportPeriod) string {
	switch p.Kind {
	case danchu.PeriodHalfYear:
		return fmt.Sprintf("bao-cao-%d-6-thang", p.Year)
	case danchu.PeriodYear:
		return fmt.Sprintf("bao-cao-%d-nam", p.Year)
	}
	return fmt.Sprintf("bao-cao-%s-den-%s", p.From.Format(time.DateOnly), p.Last().Format(time.DateOnly))
}

// Files writes the outputs of a report: the spreadsheet, the draft .docx
// (with the charts inside) and each chart as a PNG, in that order. made is
// when they are made; it is printed in the files, in the unit's time zone.
func Files(r *Report, s *danchu.Settings, made time.Time) ([]File, error) {
	o := &outputs{
		Unit:   s.Unit,
		Period: r.Period,
		Before: r.Period.YearBefore(),
		Now:    &r.Current,
		Prev:   &r.Previous,
		Made:   made.In(s.Location()),
	}
	return writeFiles(o, chartInputs{
		Months:  monthsOf(&r.Current.Petitions),
		Fields:  fieldRatesOf(&r.Current.Petitions),
		Answers: answersOf(&r.Current),
	})
}

// chartStates group the statuses of petitions for the chart of months:
// the office reads "still being handled" as one, whatever step it is at.
var chartStates = []struct {
	title    string
	statuses []danchu.Status
}{
	{"Đã trả lời, giải quyết", []danchu.Status{danchu.StatusAnswered, danchu.StatusClosed}},
	{"Đang xử lý", []danchu.Status{danchu.StatusReceived, danchu.StatusAccepted, danchu.StatusInProgress}},
	{"Không thụ lý", []danchu.Status{danchu.StatusRefused}},
	{"Chuyển đơn", []danchu.Status{danchu.StatusTransferred}},
	{"Rút đơn", []danchu.Status{danchu.StatusWithdrawn}},
}

// monthsOf are the petitions per month by state, without the states no
// month has; a status the groups do not know counts as "Khác".
func monthsOf(p *danchu.PetitionSection) MonthStates {
	var d MonthStates
	if len(p.ByMonth) == 0 {
		return d
	}
	known := map[danchu.Status]int{}
	for i, st := range chartStates {
		for _, s := range st.statuses {
			known[s] = i
		}
	}
	counts := make([][]float64, len(chartStates)+1)
	for i := range counts {
		counts[i] = make([]float64, len(p.ByMonth))
	}
	for m, t := range p.ByMonth {
		// "T12" over "2026": seven months fit under the bars in two lines.
		d.Months = append(d.Months, t.Month.Format("T1\n2006"))
		for s, n := range t.ByStatus {
			i, ok := known[s]
			if !ok {
				i = len(chartStates)
			}
			counts[i][m] += float64(n)
		}
	}
	for i, c := range counts {
		title := "Khác"
		if i < len(chartStates) {
			title = chartStates[i].title
		}
		for _, v := range c {
			if v != 0 {
				d.States = append(d.States, title)
				d.Counts = append(d.Counts, c)
				break
			}
		}
	}
	return d
}

// fieldRatesOf are the on-time rates of the fields that had answers; a
// field with none would show as 0%, which it is not.
func fieldRatesOf(p *danchu.PetitionSection) []FieldRate {
	var out []FieldRate
	for _, t := range p.FieldTimes {
		total := t.OnTime + t.Late
		if total == 0 {
			continue
		}
		out = append(out, FieldRate{Field: orDefault("", t.Field, "Chưa phân loại"), Percent: percent(t.OnTime, total), Total: total})
	}
	return out
}

// chartInputs are the data of the charts; a chart with no data is left out.
type chartInputs struct {
	Months  MonthStates
	Fields  []FieldRate
	Answers []NeighbourhoodAnswers
}

// answersOf are the households answering meeting notices per neighbourhood.
func answersOf(f *danchu.Figures) []NeighbourhoodAnswers {
	var out []NeighbourhoodAnswers
	for _, m := range f.Notices.ByNeighbourhood {
		name := m.Neighbourhood
		if name == "" {
			name = "Không xác định"
		}
		out = append(out, NeighbourhoodAnswers{Name: name, Answered: m.Answered, Silent: m.NotAnswered})
	}
	return out
}

func writeFiles(o *outputs, in chartInputs) ([]File, error) {
	base := BaseName(o.Period)
	secs := sections(o.Unit.NeighbourhoodLevel, o.Now, o.Prev)
	charts, err := renderCharts(o, in)
	if err != nil {
		return nil, err
	}
	xlsx, err := writeXLSX(o, secs)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", o.Period.Key, err)
	}
	byName := map[string]chartImage{}
	for _, c := range charts {
		byName[strings.TrimSuffix(c.Name, ".png")] = c
	}
	docx, err := writeDOCX(o, secs, byName)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", o.Period.Key, err)
	}
	files := []File{
		{Name: base + ".xlsx", Type: TypeXLSX, Data: xlsx},
		{Name: base + ".docx", Type: TypeDOCX, Data: docx},
	}
	for _, c := range charts {
		files = append(files, File{Name: base + "-" + c.Name, Type: TypePNG, Data: c.PNG})
	}
	return files, nil
}

// buildCharts makes the charts that have data, not yet drawn.
func buildCharts(o *outputs, in chartInputs) ([]chart, error) {
	cf, err := newChartFonts()
	if err != nil {
		return nil, err
	}
	var out []chart
	if len(in.Months.Months) > 0 {
		c, err := monthStatesChart(cf, in.Months)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(in.Fields) > 0 {
		c, err := fieldRateChart(cf, in.Fields)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(in.Answers) > 0 {
		level := strings.ToLower(o.Unit.NeighbourhoodLevel)
		if level == "" {
			level = "tiểu khu"
		}
		c, err := answersChart(cf, level, in.Answers)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func renderCharts(o *outputs, in chartInputs) ([]chartImage, error) {
	charts, err := buildCharts(o, in)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", o.Period.Key, err)
	}
	out := make([]chartImage, 0, len(charts))
	for _, c := range charts {
		png, err := renderPNG(c)
		if err != nil {
			return nil, fmt.Errorf("report %s: %w", o.Period.Key, err)
		}
		out = append(out, chartImage{chart: c, PNG: png})
	}
	return out, nil
}
