package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"danchu"
)

// outputs is what the spreadsheet, the charts and the .docx need of a
// report: who made it, for which period, and the figures of the period and
// of the same period a year before.
type outputs struct {
	Unit   danchu.UnitSettings
	Period danchu.ReportPeriod
	Before danchu.ReportPeriod
	Now    *danchu.Figures
	Prev   *danchu.Figures
	// Made is when the files were made, in the unit's time zone; written
	// into the files so a printed copy says how fresh its figures are.
	Made time.Time
}

// Columns of every sheet.
var xlsxHeader = []string{"STT", "Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo", "Cùng kỳ năm trước", "Tăng (+), giảm (−)", "So với cùng kỳ (%)"}

// headRows are the rows above the column headings: unit, title, period,
// comparison period, blank.
const headRows = 5

// xlsxStyles are the cell styles of the workbook, made once per file.
type xlsxStyles struct {
	unit, title, subtitle, header, text, item, group, number, decimal, note int
}

func newXLSXStyles(f *excelize.File) (*xlsxStyles, error) {
	const family = "Times New Roman"
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	intFmt, decFmt := "#,##0", "#,##0.0"
	type def struct {
		dst *int
		st  excelize.Style
	}
	var defs []def
	var s xlsxStyles
	add := func(dst *int, st excelize.Style) { defs = append(defs, def{dst, st}) }
	add(&s.unit, excelize.Style{Font: &excelize.Font{Family: family, Size: 12, Bold: true}})
	add(&s.title, excelize.Style{Font: &excelize.Font{Family: family, Size: 14, Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	add(&s.subtitle, excelize.Style{Font: &excelize.Font{Family: family, Size: 12, Italic: true},
		Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}})
	add(&s.header, excelize.Style{Font: &excelize.Font{Family: family, Size: 12, Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E2F3"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	add(&s.text, excelize.Style{Font: &excelize.Font{Family: family, Size: 12}, Border: border,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	add(&s.item, excelize.Style{Font: &excelize.Font{Family: family, Size: 12, Italic: true}, Border: border,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true, Indent: 2}})
	add(&s.group, excelize.Style{Font: &excelize.Font{Family: family, Size: 12, Bold: true}, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}})
	add(&s.number, excelize.Style{Font: &excelize.Font{Family: family, Size: 12}, Border: border, CustomNumFmt: &intFmt,
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}})
	add(&s.decimal, excelize.Style{Font: &excelize.Font{Family: family, Size: 12}, Border: border, CustomNumFmt: &decFmt,
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}})
	add(&s.note, excelize.Style{Font: &excelize.Font{Family: family, Size: 11, Italic: true}})
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return nil, fmt.Errorf("spreadsheet style: %w", err)
		}
		*d.dst = id
	}
	return &s, nil
}

// summarySheet is the first sheet: the headline figures of every section.
const summarySheet = "Tổng hợp"

// writeXLSX writes the workbook: a summary sheet, then one sheet per
// section, each with the unit, the period and the comparison period above
// the table, so a sheet printed alone still says what it is.
func writeXLSX(o *outputs, secs []section) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", summarySheet); err != nil {
		return nil, fmt.Errorf("spreadsheet: %w", err)
	}
	var summary []line
	for _, s := range secs {
		summary = append(summary, group(s.Title))
		for _, l := range s.Lines {
			if l.Key {
				summary = append(summary, l)
			}
		}
	}
	title := "TỔNG HỢP KẾT QUẢ THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ"
	if err := writeSheet(f, st, o, summarySheet, title, summary); err != nil {
		return nil, err
	}
	for i, s := range secs {
		name := sheetName(fmt.Sprintf("%d. %s", i+1, s.Sheet))
		if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("spreadsheet sheet %s: %w", name, err)
		}
		if err := writeSheet(f, st, o, name, strings.ToUpper(s.Title), s.Lines); err != nil {
			return nil, err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    "Kết quả thực hiện Quy chế dân chủ ở cơ sở " + o.Period.Title(),
		Language: "vi-VN",
		Creator:  o.Unit.Committee,
		Created:  o.Made.UTC().Format(time.RFC3339),
	}); err != nil {
		return nil, fmt.Errorf("spreadsheet properties: %w", err)
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("spreadsheet: %w", err)
	}
	return buf.Bytes(), nil
}

// sheetName keeps a name within Excel's 31 characters, without the
// characters it refuses.
func sheetName(s string) string {
	s = strings.NewReplacer(":", " ", "\\", " ", "/", " ", "?", " ", "*", " ", "[", "(", "]", ")").Replace(s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row) // col and row are ≥ 1 here
	return name
}

// writeSheet writes the heading rows and one row per line.
func writeSheet(f *excelize.File, st *xlsxStyles, o *outputs, sheet, title string, lines []line) error {
	set := func(col, row int, v any, style int) error {
		c := cellName(col, row)
		if err := f.SetCellValue(sheet, c, v); err != nil {
			return fmt.Errorf("spreadsheet %s!%s: %w", sheet, c, err)
		}
		if err := f.SetCellStyle(sheet, c, c, style); err != nil {
			return fmt.Errorf("spreadsheet %s!%s: %w", sheet, c, err)
		}
		return nil
	}
	last := cellName(len(xlsxHeader), 1)[:1]
	heads := []struct {
		text  string
		style int
	}{
		{strings.ToUpper(o.Unit.Committee), st.unit},
		{title, st.title},
		{"Kỳ báo cáo: " + o.Period.Title(), st.subtitle},
		{"So với cùng kỳ năm trước: " + o.Before.Title(), st.subtitle},
	}
	for i, h := range heads {
		row := i + 1
		if err := set(1, row, h.text, h.style); err != nil {
			return err
		}
		if i > 0 {
			if err := f.MergeCell(sheet, cellName(1, row), fmt.Sprintf("%s%d", last, row)); err != nil {
				return fmt.Errorf("spreadsheet %s: %w", sheet, err)
			}
		}
	}
	if err := f.SetRowHeight(sheet, 2, 36); err != nil {
		return fmt.Errorf("spreadsheet %s: %w", sheet, err)
	}
	hr := headRows + 1
	for i, h := range xlsxHeader {
		if err := set(i+1, hr, h, st.header); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sheet, hr, 32); err != nil {
		return fmt.Errorf("spreadsheet %s: %w", sheet, err)
	}
	n := 0
	for i, l := range lines {
		row := hr + 1 + i
		if l.Group {
			if err := set(1, row, "", st.group); err != nil {
				return err
			}
			if err := set(2, row, l.Label, st.group); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, cellName(3, row), cellName(len(xlsxHeader), row), st.group); err != nil {
				return fmt.Errorf("spreadsheet %s: %w", sheet, err)
			}
			continue
		}
		label, labelStyle, no := l.Label, st.text, any("-")
		if l.Item {
			labelStyle = st.item
		} else {
			n++
			no = n
		}
		numStyle := st.number
		if l.Decimals > 0 {
			numStyle = st.decimal
		}
		cells := []struct {
			v     any
			style int
		}{
			{no, st.text}, {label, labelStyle}, {l.Unit, st.text},
			{cellNumber(l.Now, l.Decimals), numStyle},
			{cellNumber(l.Before, l.Decimals), numStyle},
			{cellNumber(l.Change(), l.Decimals), numStyle},
			{cellNumber(l.ChangePercent(), 1), st.decimal},
		}
		for j, c := range cells {
			if err := set(j+1, row, c.v, c.style); err != nil {
				return err
			}
		}
	}
	foot := hr + len(lines) + 2
	if err := set(2, foot, "Số liệu do hệ thống tổng hợp lúc "+o.Made.Format("15:04 ngày 02/01/2006")+
		"; kỳ báo cáo tính đến hết ngày "+o.Period.Last().Format("02/01/2006")+".", st.note); err != nil {
		return err
	}
	for _, w := range []struct {
		col   string
		width float64
	}{{"A", 6}, {"B", 58}, {"C", 14}, {"D", 13}, {"E", 13}, {"F", 13}, {"G", 13}} {
		if err := f.SetColWidth(sheet, w.col, w.col, w.width); err != nil {
			return fmt.Errorf("spreadsheet %s: %w", sheet, err)
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: hr, TopLeftCell: cellName(1, hr+1), ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("spreadsheet %s: %w", sheet, err)
	}
	a4, portrait, one, zero := 9, "portrait", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &portrait, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return fmt.Errorf("spreadsheet %s: %w", sheet, err)
	}
	return nil
}

// cellNumber is a figure as the cell holds it: a number, rounded to what is
// shown, or "–" when there is no figure.
func cellNumber(v float64, decimals int) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}
