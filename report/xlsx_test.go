package report

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The spreadsheet read back cell by cell holds, on every sheet, the unit,
// the periods and the column headings, and on each row the figure of the
// fixed report and of the year before, written out here by hand for the
// ones a reader checks first.
func TestXLSXReadBack(t *testing.T) {
	o, in := fixedOutputs(t)
	files, err := writeFiles(o, in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(files[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	wantSheets := []string{"Tổng hợp", "1. Đơn thư", "2. Tiếp công dân", "3. Đối thoại", "4. Công khai",
		"5. Thông báo", "6. Lấy ý kiến", "7. Biểu quyết", "8. Người dân"}
	sheets := f.GetSheetList()
	if fmt.Sprint(sheets) != fmt.Sprint(wantSheets) {
		t.Fatalf("sheets %q, want %q", sheets, wantSheets)
	}
	raw := excelize.Options{RawCellValue: true}
	get := func(sheet, cell string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, cell, raw)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, sh := range sheets {
		for cell, want := range map[string]string{
			"A1": "ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG",
			"A3": "Kỳ báo cáo: 6 tháng đầu năm 2027 (từ ngày 15/12/2026 đến ngày 14/06/2027)",
			"A4": "So với cùng kỳ năm trước: 6 tháng đầu năm 2026 (từ ngày 15/12/2025 đến ngày 14/06/2026)",
			"A6": "STT", "B6": "Chỉ tiêu", "C6": "Đơn vị tính", "D6": "Kỳ báo cáo", "E6": "Cùng kỳ năm trước",
			"F6": "Tăng (+), giảm (−)", "G6": "So với cùng kỳ (%)",
		} {
			if got := get(sh, cell); got != want {
				t.Errorf("%s!%s = %q, want %q", sh, cell, got, want)
			}
		}
	}
	if got := get("1. Đơn thư", "A2"); got != "TIẾP NHẬN, XỬ LÝ VÀ GIẢI QUYẾT ĐƠN THƯ" {
		t.Errorf("title of the petitions sheet: %q", got)
	}

	// Rows by hand: label, unit, now, before, change, change %.
	for _, tc := range []struct {
		sheet string
		row   int
		want  []string
	}{
		{"1. Đơn thư", 7, []string{"1", "Tổng số đơn thư tiếp nhận", "đơn", "1234", "987", "247", "25"}},
		{"1. Đơn thư", 8, []string{"-", "Kiến nghị", "đơn", "308", "246", "62", "25.2"}},
		{"1. Đơn thư", 11, []string{"-", "Tố cáo", "đơn", "308", "246", "62", "25.2"}},
		{"1. Đơn thư", 12, []string{"", "Kết quả xử lý (đến hết kỳ báo cáo)", "", "", "", "", ""}},
		{"1. Đơn thư", 13, []string{"2", "Đã thụ lý", "đơn", "1100", "900", "200", "22.2"}},
		{"1. Đơn thư", 28, []string{"15", "Tỷ lệ giải quyết đúng hạn", "%", "92.5", "92.1", "0.4", "–"}},
		{"1. Đơn thư", 29, []string{"16", "Thời gian giải quyết bình quân", "ngày làm việc", "9.4", "8.3", "1.2", "13.9"}},
		{"2. Tiếp công dân", 7, []string{"1", "Số buổi tiếp công dân", "buổi", "26", "24", "2", "8.3"}},
		{"2. Tiếp công dân", 8, []string{"2", "Số lượt công dân được tiếp", "lượt người", "83", "71", "12", "16.9"}},
		{"3. Đối thoại", 7, []string{"1", "Số hội nghị đối thoại đã tổ chức", "hội nghị", "4", "3", "1", "33.3"}},
		{"5. Thông báo", 9, []string{"2", "Số tin nhắn đã gửi", "tin nhắn", "45678", "32100", "13578", "42.3"}},
		{"7. Biểu quyết", 13, []string{"4", "Tỷ lệ hộ tham gia biểu quyết", "%", "74.2", "69.7", "4.4", "–"}},
		{"7. Biểu quyết", 12, []string{"3", "Số hộ gia đình tham gia biểu quyết", "lượt hộ", "3577", "2100", "1477", "70.3"}},
		{"Tổng hợp", 7, []string{"", "Tiếp nhận, xử lý và giải quyết đơn thư", "", "", "", "", ""}},
		{"Tổng hợp", 8, []string{"1", "Tổng số đơn thư tiếp nhận", "đơn", "1234", "987", "247", "25"}},
	} {
		for i, want := range tc.want {
			cell := cellName(i+1, tc.row)
			if got := get(tc.sheet, cell); got != want {
				t.Errorf("%s!%s = %q, want %q", tc.sheet, cell, got, want)
			}
		}
	}

	// Every line of every section is on its sheet, in order, with its
	// figures as numbers rounded as shown.
	for i, s := range sections(o.Unit.NeighbourhoodLevel, o.Now, o.Prev) {
		sh := wantSheets[i+1]
		for j, l := range s.Lines {
			row := headRows + 2 + j
			if got := get(sh, cellName(2, row)); got != l.Label {
				t.Errorf("%s!B%d = %q, want %q", sh, row, got, l.Label)
			}
			if l.Group {
				continue
			}
			for col, v := range map[int]float64{4: l.Now, 5: l.Before} {
				got := get(sh, cellName(col, row))
				want := fmt.Sprint(cellNumber(v, l.Decimals))
				if n, err := strconv.ParseFloat(got, 64); err == nil {
					got = fmt.Sprint(n)
				}
				if got != want {
					t.Errorf("%s!%s (%s) = %q, want %q", sh, cellName(col, row), l.Label, got, want)
				}
			}
		}
	}
}

func TestSheetName(t *testing.T) {
	for in, want := range map[string]string{
		"1. Đơn thư":   "1. Đơn thư",
		"a/b:c?d*e[f]": "a b c d e(f)",
		"Một tên rất dài hơn ba mươi mốt ký tự": "Một tên rất dài hơn ba mươi mốt",
	} {
		if got := sheetName(in); got != want {
			t.Errorf("sheetName(%q) = %q, want %q", in, got, want)
		}
	}
}
