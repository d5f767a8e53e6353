package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The .docx is written here as a minimal WordprocessingML package with
// archive/zip and plain string building, not with a library. The module
// lists hold one Go docx writer (ubavic/godocx), young, with no published
// versions to pin; the others only read or template existing files, and the
// better known ones (unidoc) are commercial. A template .docx shipped in the
// repository would need a word processor to edit and could not be diffed.
// The decree's layout needs only paragraphs, two borderless header tables, a
// figures table, inline pictures and one page-number header, and five small
// parts carry all of it: about the size of a wrapper around a library.

// Lengths in WordprocessingML: twips (1/20 pt) for layout, half-points for
// font sizes, EMUs for pictures.
const (
	twipsPerCm = 567
	emuPerCm   = 360000
)

func twips(cm float64) int { return int(cm*twipsPerCm + 0.5) }

// runStyle is the character formatting of a span.
type runStyle struct {
	Bold, Italic, Underline bool
	Size                    float64 // points; 0 keeps the document's 14
}

// span is a run of text in one style; "\n" in Text breaks the line.
type span struct {
	Text string
	runStyle
}

// paraStyle is the formatting of a paragraph.
type paraStyle struct {
	Align         string  // "left", "center", "right", "both" (justified)
	FirstLine     float64 // first-line indent, cm
	Left, Right   float64 // indents, cm
	Before, After float64 // spacing, pt
	Line          float64 // line spacing as a multiple; 0 is single
	KeepNext      bool
	// BorderBottom draws a line under the paragraph from indent to indent:
	// the decree's short rules under the unit's name, the motto and the
	// summary line.
	BorderBottom bool
}

type para struct {
	Style paraStyle
	Spans []span
}

type cell struct {
	Paras []para
	Shade string // fill colour, "D9D9D9"; "" for none
	Span  int    // columns the cell covers; 0 or 1 for one
}

type table struct {
	Widths     []float64 // cm per column
	Borders    bool
	HeaderRows int // repeated on each page
	Rows       [][]cell
}

type docImage struct {
	rel  string
	name string
	data []byte
}

// docWriter accumulates a document body and its pictures.
type docWriter struct {
	body   strings.Builder
	images []docImage
}

func esc(b *strings.Builder, s string) {
	_ = xml.EscapeText(b, []byte(s)) // writes to a strings.Builder, cannot fail
}

func (w *docWriter) paraProps(ps paraStyle) {
	b := &w.body
	b.WriteString("<w:pPr>")
	if ps.KeepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if ps.BorderBottom {
		b.WriteString(`<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`)
	}
	line := 240
	if ps.Line > 0 {
		line = int(ps.Line * 240)
	}
	fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="auto"/>`,
		int(ps.Before*20), int(ps.After*20), line)
	if ps.FirstLine != 0 || ps.Left != 0 || ps.Right != 0 {
		fmt.Fprintf(b, `<w:ind w:left="%d" w:right="%d" w:firstLine="%d"/>`, twips(ps.Left), twips(ps.Right), twips(ps.FirstLine))
	}
	if ps.Align != "" {
		fmt.Fprintf(b, `<w:jc w:val="%s"/>`, ps.Align)
	}
	b.WriteString("</w:pPr>")
}

func (w *docWriter) run(s span) {
	b := &w.body
	b.WriteString("<w:r><w:rPr>")
	if s.Bold {
		b.WriteString("<w:b/><w:bCs/>")
	}
	if s.Italic {
		b.WriteString("<w:i/><w:iCs/>")
	}
	// The schema fixes the order of these elements (sz before u), and Word
	// calls a file out of order corrupt.
	if s.Size > 0 {
		hp := strconv.Itoa(int(s.Size * 2))
		b.WriteString(`<w:sz w:val="` + hp + `"/><w:szCs w:val="` + hp + `"/>`)
	}
	if s.Underline {
		b.WriteString(`<w:u w:val="single"/>`)
	}
	b.WriteString("</w:rPr>")
	for i, line := range strings.Split(nfc(s.Text), "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		esc(b, line)
		b.WriteString("</w:t>")
	}
	b.WriteString("</w:r>")
}

// para writes one paragraph.
func (w *docWriter) para(p para) {
	w.body.WriteString("<w:p>")
	w.paraProps(p.Style)
	for _, s := range p.Spans {
		w.run(s)
	}
	w.body.WriteString("</w:p>")
}

// text writes a paragraph of a single span.
func (w *docWriter) text(ps paraStyle, rs runStyle, text string) {
	w.para(para{Style: ps, Spans: []span{{Text: text, runStyle: rs}}})
}

// table writes a table; a cell with no paragraph gets an empty one, which
// Word requires.
func (w *docWriter) table(t table) {
	b := &w.body
	total := 0
	for _, cm := range t.Widths {
		total += twips(cm)
	}
	fmt.Fprintf(b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/>`, total)
	if t.Borders {
		b.WriteString(`<w:tblBorders>`)
		for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
			fmt.Fprintf(b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
		}
		b.WriteString(`</w:tblBorders>`)
	} else {
		b.WriteString(`<w:tblBorders>`)
		for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
			fmt.Fprintf(b, `<w:%s w:val="nil"/>`, side)
		}
		b.WriteString(`</w:tblBorders>`)
	}
	b.WriteString(`<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, cm := range t.Widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, twips(cm))
	}
	b.WriteString("</w:tblGrid>")
	for i, row := range t.Rows {
		b.WriteString("<w:tr>")
		if i < t.HeaderRows {
			b.WriteString(`<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
		} else {
			b.WriteString(`<w:trPr><w:cantSplit/></w:trPr>`)
		}
		col := 0
		for _, c := range row {
			span := max(c.Span, 1)
			width := 0
			for k := col; k < col+span && k < len(t.Widths); k++ {
				width += twips(t.Widths[k])
			}
			col += span
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, width)
			if span > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, span)
			}
			if c.Shade != "" {
				fmt.Fprintf(b, `<w:shd w:val="clear" w:color="auto" w:fill="%s"/>`, c.Shade)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			if len(c.Paras) == 0 {
				b.WriteString("<w:p/>")
			}
			for _, p := range c.Paras {
				w.para(p)
			}
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
}

// image writes a centred paragraph holding a PNG widthCm wide and ratio
// times as high.
func (w *docWriter) image(name string, png []byte, widthCm, ratio float64) {
	n := len(w.images) + 1
	rel := fmt.Sprintf("rIdImg%d", n)
	w.images = append(w.images, docImage{rel: rel, name: fmt.Sprintf("image%d.png", n), data: png})
	cx := int(widthCm * emuPerCm)
	cy := int(float64(cx) * ratio)
	b := &w.body
	b.WriteString("<w:p>")
	w.paraProps(paraStyle{Align: "center", Before: 6, KeepNext: true})
	fmt.Fprintf(b, `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/>`+
		`<wp:docPr id="%d" name="`, cx, cy, n)
	esc(b, name)
	b.WriteString(`"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>` +
		`<pic:nvPicPr>`)
	fmt.Fprintf(b, `<pic:cNvPr id="%d" name="image%d.png"/><pic:cNvPicPr/></pic:nvPicPr>`, n, n)
	fmt.Fprintf(b, `<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`, rel)
	fmt.Fprintf(b, `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`, cx, cy)
	b.WriteString(`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`)
}

// page is the page set-up: A4 portrait with the margins of Nghị định
// 30/2020/NĐ-CP, Phụ lục I (top and bottom 20-25 mm, left 30-35 mm, right
// 15-20 mm).
type page struct {
	Top, Bottom, Left, Right float64 // cm
}

var decreePage = page{Top: 2, Bottom: 2, Left: 3, Right: 1.5}

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsWP  = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
	nsA   = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsPic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
	relT  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// bytes packs the document: body, styles (Times New Roman 14 pt, Vietnamese),
// a header with the page number from page 2 on (the decree numbers pages
// from the second, centred at the top), pictures and the relationships.
func (w *docWriter) bytes(title string, pg page, created time.Time) ([]byte, error) {
	var doc strings.Builder
	doc.WriteString(xml.Header)
	doc.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:wp="` + nsWP +
		`" xmlns:a="` + nsA + `" xmlns:pic="` + nsPic + `"><w:body>`)
	doc.WriteString(w.body.String())
	fmt.Fprintf(&doc, `<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>`+
		`<w:pgSz w:w="11906" w:h="16838"/>`+
		`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>`+
		`<w:titlePg/></w:sectPr></w:body></w:document>`,
		twips(pg.Top), twips(pg.Right), twips(pg.Bottom), twips(pg.Left))

	var rels strings.Builder
	rels.WriteString(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="` + relT + `styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdSettings" Type="` + relT + `settings" Target="settings.xml"/>` +
		`<Relationship Id="rIdHeader" Type="` + relT + `header" Target="header1.xml"/>`)
	for _, img := range w.images {
		fmt.Fprintf(&rels, `<Relationship Id="%s" Type="%simage" Target="media/%s"/>`, img.rel, relT, img.name)
	}
	rels.WriteString(`</Relationships>`)

	var core strings.Builder
	core.WriteString(xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	esc(&core, title)
	core.WriteString(`</dc:title><dc:language>vi-VN</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">` +
		created.UTC().Format(time.RFC3339) + `</dcterms:created></cp:coreProperties>`)

	parts := []struct {
		name string
		data string
	}{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", packageRelsXML},
		{"docProps/core.xml", core.String()},
		{"word/document.xml", doc.String()},
		{"word/_rels/document.xml.rels", rels.String()},
		{"word/styles.xml", stylesXML},
		{"word/settings.xml", settingsXML},
		{"word/header1.xml", headerXML},
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: created})
		if err != nil {
			return nil, fmt.Errorf("docx %s: %w", p.name, err)
		}
		if _, err := f.Write([]byte(p.data)); err != nil {
			return nil, fmt.Errorf("docx %s: %w", p.name, err)
		}
	}
	for _, img := range w.images {
		// PNGs are compressed already: stored, they cost no time.
		f, err := z.CreateHeader(&zip.FileHeader{Name: "word/media/" + img.name, Method: zip.Store, Modified: created})
		if err != nil {
			return nil, fmt.Errorf("docx %s: %w", img.name, err)
		}
		if _, err := f.Write(img.data); err != nil {
			return nil, fmt.Errorf("docx %s: %w", img.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return nil, fmt.Errorf("docx: %w", err)
	}
	return buf.Bytes(), nil
}

const contentTypesXML = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Default Extension="png" ContentType="image/png"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const packageRelsXML = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="` + relT + `officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

// The decree asks for Times New Roman (its Vietnamese Unicode coverage is
// what TCVN 6909:2001 requires); LibreOffice substitutes the metric-
// compatible Liberation Serif where it is missing.
const stylesXML = xml.Header + `<w:styles xmlns:w="` + nsW + `">` +
	`<w:docDefaults><w:rPrDefault><w:rPr>` +
	`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
	`<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>` +
	`</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>` +
	`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>` +
	`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`

const settingsXML = xml.Header + `<w:settings xmlns:w="` + nsW + `"><w:defaultTabStop w:val="720"/>` +
	`<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" ` +
	`w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

const headerXML = xml.Header + `<w:hdr xmlns:w="` + nsW + `"><w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>` +
	`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>`
