package report

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// needTool returns the path of a program the test needs. Missing, the
// test skips and says how to install it; with CI=true it fails instead, so
// CI never passes by skipping.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := name + " is not installed (apt-get install " + pkg + ")"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// Every part of the package is well-formed XML, and every picture the
// document refers to is in the package: Word refuses a file otherwise.
func TestDOCXPackage(t *testing.T) {
	o, in := fixedOutputs(t)
	files, err := writeFiles(o, in)
	if err != nil {
		t.Fatal(err)
	}
	docx := files[1].Data
	z, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(data)
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Errorf("%s: %v", f.Name, err)
				}
				break
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	for i := 1; i <= 3; i++ {
		name := "word/media/image" + string(rune('0'+i)) + ".png"
		if _, ok := parts[name]; !ok {
			t.Errorf("no %s", name)
		}
		if !strings.Contains(parts["word/document.xml"], `r:embed="rIdImg`+string(rune('0'+i))+`"`) {
			t.Errorf("picture %d not in the document", i)
		}
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`, // A4
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: …/BC-UBND",
		"TM. ỦY BAN NHÂN DÂN", "[Văn phòng bổ sung",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml has no %q", want)
		}
	}
	if !strings.Contains(parts["word/styles.xml"], `w:ascii="Times New Roman"`) {
		t.Error("the default font is not Times New Roman")
	}
}

// The draft opens in LibreOffice: converted to PDF, its text holds the
// heading, the unit, the period and the figures. The first page is kept
// as testdata/bao-cao-trang-1.png for a person to look at.
func TestDOCXConvertsToPDF(t *testing.T) {
	soffice := needTool(t, "soffice", "libreoffice-writer")
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	pdftoppm := needTool(t, "pdftoppm", "poppler-utils")

	o, in := fixedOutputs(t)
	files, err := writeFiles(o, in)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	docx := filepath.Join(dir, files[1].Name)
	if err := os.WriteFile(docx, files[1].Data, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	run := func(name string, args ...string) []byte {
		t.Helper()
		cmd := exec.CommandContext(ctx, name, args...)
		// A profile of its own: parallel runs of LibreOffice with one
		// profile wait on each other or fail.
		cmd.Env = append(os.Environ(), "HOME="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
		}
		return out
	}
	start := time.Now()
	run(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", dir, docx)
	t.Logf("LibreOffice converted the draft in %v", time.Since(start))
	pdf := strings.TrimSuffix(docx, ".docx") + ".pdf"
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("no PDF: %v", err)
	}
	text := norm.NFC.String(string(run(pdftotext, "-enc", "UTF-8", pdf, "-")))
	// pdftotext breaks lines where the page does: compare with single spaces.
	flat := strings.Join(strings.Fields(text), " ")

	want := []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"ỦY BAN NHÂN DÂN", "THỊ TRẤN HÀ TRUNG", "Số: …/BC-UBND", "Hà Trung, ngày … tháng … năm 2027",
		"BÁO CÁO", "Kết quả thực hiện Quy chế dân chủ ở cơ sở 6 tháng đầu năm 2027",
		"15/12/2026", "14/06/2027", "15/12/2025", "14/06/2026",
		"I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
		"Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
	}
	for _, s := range sections(o.Unit.NeighbourhoodLevel, o.Now, o.Prev) {
		want = append(want, s.Title)
		for _, l := range s.Lines {
			if !l.Group {
				want = append(want, formatNumber(l.Now, l.Decimals), formatNumber(l.Before, l.Decimals))
			}
			if l.Key {
				want = append(want, valueText(l.Now, l))
			}
		}
	}
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("the PDF's text has no %q", w)
		}
	}

	prefix := filepath.Join(dir, "page")
	run(pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, prefix)
	page, err := os.ReadFile(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "bao-cao-trang-1.png"), page, 0o644); err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		// Every page, for a closer look when the test runs with -v.
		run(pdftoppm, "-png", "-r", "60", pdf, filepath.Join(os.TempDir(), "bao-cao-trang"))
	}
}
