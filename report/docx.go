package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Sizes of the decree's layout (Nghị định 30/2020/NĐ-CP, Phụ lục I), pt.
const (
	sizeBody      = 14 // nội dung: 13-14
	sizeHead      = 13 // tên cơ quan, tiêu ngữ: 12-13 and 13-14
	sizeMotto     = 12 // quốc hiệu: 12-13, so that it fits on one line
	sizeTable     = 12 // the figures' table, so six columns fit the width
	sizeRecipient = 12 // "Nơi nhận:" 12, its lines 11
	textWidthCm   = 16.5
)

// chartImage is a rendered chart for the document.
type chartImage struct {
	chart
	PNG []byte
}

// unitLevels are the words that start a commune-level unit's name.
var unitLevels = []string{"thị trấn", "phường", "xã", "đặc khu"}

// placeName is the unit's name without its level ("thị trấn Hà Trung" →
// "Hà Trung"), as the place-and-date line writes it; and the level.
func placeName(unitName string) (place, level string) {
	lower := strings.ToLower(unitName)
	for _, l := range unitLevels {
		if strings.HasPrefix(lower, l+" ") {
			return strings.TrimSpace(unitName[len(l):]), l
		}
	}
	return unitName, ""
}

// committeeLines splits the committee's name into the decree's two lines:
// "ỦY BAN NHÂN DÂN" and "THỊ TRẤN HÀ TRUNG".
func committeeLines(committee string) []string {
	up := strings.ToUpper(nfc(committee))
	const head = "ỦY BAN NHÂN DÂN"
	if rest, ok := strings.CutPrefix(up, head+" "); ok {
		return []string{head, rest}
	}
	return []string{up}
}

// periodPhrase is the period as the summary line says it: "6 tháng đầu năm
// 2027", "năm 2027", "từ ngày 01/01/2027 đến ngày 31/03/2027".
func periodPhrase(o *outputs) string {
	switch o.Period.Kind {
	case "half_year":
		return fmt.Sprintf("6 tháng đầu năm %d", o.Period.Year)
	case "year":
		return fmt.Sprintf("năm %d", o.Period.Year)
	}
	return fmt.Sprintf("từ ngày %s đến ngày %s", o.Period.From.Format("02/01/2006"), o.Period.Last().Format("02/01/2006"))
}

// formatNumber writes a figure the Vietnamese way: "1.234", "85,5"; "–"
// for no figure.
func formatNumber(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteString("−")
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("," + frac)
	}
	return b.String()
}

// signed is a change with its sign: "+3", "−1,5", "0".
func signed(v float64, decimals int) string {
	s := formatNumber(v, decimals)
	if v > 0 && s != formatNumber(0, decimals) {
		return "+" + s
	}
	return s
}

// comparison says how a figure stands against the year before, for the
// text: "cùng kỳ năm trước 98 đơn, tăng 27 đơn, tương ứng 27,6%".
func comparison(l line) string {
	unit := l.Unit
	if unit == "%" {
		unit = "điểm phần trăm"
	}
	before := formatNumber(l.Before, l.Decimals)
	if l.Unit == "%" {
		before += "%"
	} else if !math.IsNaN(l.Before) {
		before += " " + l.Unit
	}
	s := "cùng kỳ năm trước " + before
	d := l.Change()
	switch {
	case math.IsNaN(d):
	case math.Abs(d) < 0.05:
		s += ", bằng cùng kỳ"
	default:
		word := "tăng"
		if d < 0 {
			word = "giảm"
		}
		s += fmt.Sprintf(", %s %s %s", word, formatNumber(math.Abs(d), l.Decimals), unit)
		if p := l.ChangePercent(); !math.IsNaN(p) {
			s += fmt.Sprintf(", tương ứng %s%%", formatNumber(math.Abs(p), 1))
		}
	}
	return s
}

// valueText is a figure with its unit: "125 đơn", "85,5%".
func valueText(v float64, l line) string {
	s := formatNumber(v, l.Decimals)
	if math.IsNaN(v) {
		return "chưa có số liệu"
	}
	if l.Unit == "%" {
		return s + "%"
	}
	return s + " " + l.Unit
}

var (
	bodyPara   = paraStyle{Align: "both", FirstLine: 1, Before: 6, Line: 1.1}
	headPara   = paraStyle{Align: "both", FirstLine: 1, Before: 9, KeepNext: true}
	centerPara = paraStyle{Align: "center"}
	bold       = runStyle{Bold: true}
	italic     = runStyle{Italic: true}
)

// forOffice marks a part the office writes: bracketed, italic, so it is
// seen and replaced before the report is signed.
func forOffice(w *docWriter, text string) {
	w.text(bodyPara, runStyle{Italic: true}, "["+text+"]")
}

// writeDOCX writes the draft report in the layout of Nghị định
// 30/2020/NĐ-CP, Phụ lục I (mẫu 1.2, báo cáo of a People's Committee).
func writeDOCX(o *outputs, secs []section, charts map[string]chartImage) ([]byte, error) {
	w := &docWriter{}
	place, level := placeName(o.Unit.Name)
	if place == "" {
		place = o.Unit.Name
	}
	phrase := periodPhrase(o)

	// Heading: the unit on the left, Quốc hiệu and Tiêu ngữ on the right.
	var left []para
	for _, l := range committeeLines(o.Unit.Committee) {
		left = append(left, para{Style: centerPara, Spans: []span{{Text: l, runStyle: runStyle{Bold: true, Size: sizeHead}}}})
	}
	left = append(left,
		para{Style: paraStyle{Align: "center", Left: 1.9, Right: 1.9, BorderBottom: true}, Spans: []span{{Text: "", runStyle: runStyle{Size: 4}}}},
		para{Style: paraStyle{Align: "center", Before: 8}, Spans: []span{{Text: "Số: …/BC-UBND", runStyle: runStyle{Size: sizeHead}}}},
	)
	right := []para{
		{Style: centerPara, Spans: []span{{Text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", runStyle: runStyle{Bold: true, Size: sizeMotto}}}},
		{Style: centerPara, Spans: []span{{Text: "Độc lập - Tự do - Hạnh phúc", runStyle: runStyle{Bold: true, Underline: true, Size: sizeHead + 1}}}},
		{Style: paraStyle{Align: "center", Before: 14}, Spans: []span{{
			Text:     fmt.Sprintf("%s, ngày … tháng … năm %d", place, o.Period.Last().Year()),
			runStyle: runStyle{Italic: true, Size: sizeBody},
		}}},
	}
	w.table(table{Widths: []float64{6.2, 10.3}, Rows: [][]cell{{{Paras: left}, {Paras: right}}}})

	// Title and summary line (trích yếu).
	w.text(paraStyle{Align: "center", Before: 24}, runStyle{Bold: true, Size: sizeBody}, "BÁO CÁO")
	w.text(centerPara, runStyle{Bold: true, Size: sizeBody}, "Kết quả thực hiện Quy chế dân chủ ở cơ sở "+phrase)
	w.para(para{Style: paraStyle{Align: "center", Left: 6.25, Right: 6.25, BorderBottom: true}, Spans: []span{{Text: "", runStyle: runStyle{Size: 4}}}})

	council := "Hội đồng nhân dân " + strings.TrimSpace(level+" "+place)
	w.para(para{Style: paraStyle{Align: "center", Before: 12}, Spans: []span{
		{Text: "Kính gửi: ", runStyle: runStyle{}},
		{Text: "Thường trực " + council + ".", runStyle: runStyle{}},
	}})
	w.text(paraStyle{Align: "both", FirstLine: 1, Before: 12, Line: 1.1}, runStyle{},
		fmt.Sprintf("%s báo cáo kết quả thực hiện Quy chế dân chủ ở cơ sở %s (%s đến ngày %s), so với cùng kỳ năm trước (%s đến ngày %s), như sau:",
			o.Unit.Committee, phrase,
			"từ ngày "+o.Period.From.Format("02/01/2006"), o.Period.Last().Format("02/01/2006"),
			"từ ngày "+o.Before.From.Format("02/01/2006"), o.Before.Last().Format("02/01/2006")))

	w.text(headPara, bold, "I. KẾT QUẢ THỰC HIỆN")
	for i, s := range secs {
		w.text(headPara, bold, fmt.Sprintf("%d. %s", i+1, s.Title))
		for _, l := range s.Lines {
			if l.Key {
				w.text(bodyPara, runStyle{}, fmt.Sprintf("- %s: %s (%s).", l.Label, valueText(l.Now, l), comparison(l)))
			}
		}
		w.text(paraStyle{Align: "left", Before: 6, KeepNext: true}, italic, fmt.Sprintf("Bảng %d. %s", i+1, s.Title))
		figureTable(w, s)
		for _, name := range sectionCharts[i] {
			if c, ok := charts[name]; ok {
				w.image(c.Title, c.PNG, 15, float64(c.Height/c.Width))
				w.text(paraStyle{Align: "center", After: 6}, italic, c.Title)
			}
		}
		forOffice(w, "Văn phòng bổ sung nhận xét, đánh giá về "+lowerFirst(s.Title))
	}

	w.text(headPara, bold, "II. TỒN TẠI, HẠN CHẾ")
	for _, hint := range shortcomings(secs) {
		w.text(bodyPara, runStyle{}, "- "+hint)
	}
	forOffice(w, "Văn phòng bổ sung những tồn tại, hạn chế và nguyên nhân")

	w.text(headPara, bold, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ")
	forOffice(w, "Văn phòng bổ sung phương hướng, nhiệm vụ trong thời gian tới")

	// Kept with the signature block, which never starts a page alone.
	closing := bodyPara
	closing.KeepNext = true
	w.text(closing, runStyle{}, fmt.Sprintf("Trên đây là báo cáo kết quả thực hiện Quy chế dân chủ ở cơ sở %s của %s./.", phrase, o.Unit.Committee))

	// Nơi nhận on the left, the signature on the right.
	recipient := func(t string) para {
		return para{Spans: []span{{Text: t, runStyle: runStyle{Size: 11}}}}
	}
	shortLevel := strings.TrimSpace(level)
	if shortLevel == "" {
		shortLevel = "đơn vị"
	}
	nr := []para{
		{Style: paraStyle{Before: 12}, Spans: []span{{Text: "Nơi nhận:", runStyle: runStyle{Bold: true, Italic: true, Size: sizeRecipient}}}},
		recipient("- Thường trực HĐND " + shortLevel + ";"),
		recipient("- Chủ tịch, các PCT UBND " + shortLevel + ";"),
		recipient("- Ủy ban MTTQ Việt Nam " + shortLevel + ";"),
		recipient("- Lưu: VT, VP."),
	}
	sig := []para{
		{Style: paraStyle{Align: "center", Before: 12}, Spans: []span{{Text: "TM. ỦY BAN NHÂN DÂN", runStyle: runStyle{Bold: true, Size: sizeBody}}}},
		{Style: centerPara, Spans: []span{{Text: "CHỦ TỊCH", runStyle: runStyle{Bold: true, Size: sizeBody}}}},
		{Style: paraStyle{Align: "center", Before: 60}, Spans: []span{{Text: "[Ký, ghi rõ họ tên và đóng dấu]", runStyle: runStyle{Italic: true, Size: sizeBody}}}},
	}
	w.table(table{Widths: []float64{8.25, 8.25}, Rows: [][]cell{{{Paras: nr}, {Paras: sig}}}})

	title := "Báo cáo kết quả thực hiện Quy chế dân chủ ở cơ sở " + phrase
	return w.bytes(title, decreePage, o.Made)
}

// sectionCharts says which charts follow which section (by index): those
// of petitions after the first, households answering after notices.
var sectionCharts = map[int][]string{
	0: {chartMonths, chartFields},
	4: {chartAnswers},
}

// figureTable writes a section's figures with the year before beside them.
func figureTable(w *docWriter, s section) {
	cellText := func(t string, rs runStyle, align string) cell {
		rs.Size = sizeTable
		return cell{Paras: []para{{Style: paraStyle{Align: align}, Spans: []span{{Text: t, runStyle: rs}}}}}
	}
	hdr := []string{"TT", "Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo", "Cùng kỳ năm trước", "Tăng (+), giảm (−)"}
	var head []cell
	for _, h := range hdr {
		c := cellText(h, bold, "center")
		c.Shade = "D9E2F3"
		head = append(head, c)
	}
	rows := [][]cell{head}
	n := 0
	for _, l := range s.Lines {
		if l.Group {
			g := cellText(l.Label, bold, "left")
			g.Shade, g.Span = "F2F2F2", len(hdr)-1
			rows = append(rows, []cell{{Shade: "F2F2F2"}, g})
			continue
		}
		no, label, rs := "-", l.Label, runStyle{}
		if l.Item {
			label, rs = "  "+label, italic
		} else {
			n++
			no = strconv.Itoa(n)
		}
		rows = append(rows, []cell{
			cellText(no, runStyle{}, "center"),
			cellText(label, rs, "left"),
			cellText(l.Unit, runStyle{}, "center"),
			cellText(formatNumber(l.Now, l.Decimals), runStyle{}, "right"),
			cellText(formatNumber(l.Before, l.Decimals), runStyle{}, "right"),
			cellText(signed(l.Change(), l.Decimals), runStyle{}, "right"),
		})
	}
	w.table(table{Widths: []float64{1.0, 7.1, 2.4, 2.0, 2.0, 2.0}, Borders: true, HeaderRows: 1, Rows: rows})
}

// shortcomings lists, from the figures, what the office will want to
// explain: overdue petitions and late answers. They are facts to start
// from, not the assessment, which the office writes.
func shortcomings(secs []section) []string {
	var out []string
	for _, s := range secs {
		for _, l := range s.Lines {
			if l.Group || l.Item || l.Now <= 0 || math.IsNaN(l.Now) {
				continue
			}
			switch l.Label {
			case "Thụ lý trễ hạn", "Quá hạn chưa thụ lý", "Giải quyết trễ hạn", "Quá hạn chưa giải quyết",
				"Trả lời bằng văn bản quá hạn đã hẹn", "Chưa trả lời bằng văn bản":
				out = append(out, fmt.Sprintf("%s: %s (%s).", l.Label, valueText(l.Now, l), comparison(l)))
			}
		}
	}
	return out
}

// lowerFirst puts the first letter in lower case, for a title inside a
// sentence: "Tiếp công dân" → "tiếp công dân".
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
