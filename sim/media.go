package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	_ "image/gif" // photos may be GIF, JPEG or PNG
	_ "image/jpeg"
	_ "image/png"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

const maxDownloadBytes = 20 << 20 // getFile refuses bigger files, as Telegram does

// storedFile is a photo or document kept by the simulator.
type storedFile struct {
	id, uniqueID, path string
	kind               string // "photo" or "document"
	name, mime         string
	data               []byte
	width, height      int
}

type fileStore struct {
	byID   map[string]*storedFile
	byPath map[string]*storedFile
	next   int
	groups int
}

func newFileStore() fileStore {
	return fileStore{byID: map[string]*storedFile{}, byPath: map[string]*storedFile{}}
}

// storeFile keeps an upload (from the bot or a user). Call with s.mu held.
func (s *Server) storeFile(kind, name string, data []byte) (*storedFile, *apiError) {
	if len(data) == 0 {
		return nil, badRequest("file must be non-empty")
	}
	s.files.next++
	n := s.files.next
	f := &storedFile{
		id:       fmt.Sprintf("sim%s_%s_%d", kind[:3], s.instance, n),
		uniqueID: fmt.Sprintf("u%s%d", s.instance, n),
		kind:     kind,
		name:     path.Base(strings.ReplaceAll(name, "\\", "/")),
		data:     data,
	}
	if f.name == "." || f.name == "/" {
		f.name = ""
	}
	if kind == "photo" {
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, badRequest("IMAGE_PROCESS_FAILED")
		}
		if cfg.Width+cfg.Height > 10000 || cfg.Width > 20*cfg.Height || cfg.Height > 20*cfg.Width {
			return nil, badRequest("PHOTO_INVALID_DIMENSIONS")
		}
		f.width, f.height, f.mime = cfg.Width, cfg.Height, "image/"+format
		f.path = fmt.Sprintf("photos/file_%d.%s", n, strings.Replace(format, "jpeg", "jpg", 1))
	} else {
		f.mime = mime.TypeByExtension(path.Ext(f.name))
		if f.mime == "" {
			f.mime = http.DetectContentType(data)
		}
		f.mime, _, _ = strings.Cut(f.mime, ";")
		f.path = fmt.Sprintf("documents/file_%d%s", n, path.Ext(f.name))
	}
	s.files.byID[f.id] = f
	s.files.byPath[f.path] = f
	s.markDirty()
	return f, nil
}

// inputFile reads an InputFile field: an upload, or the file_id of a file the
// simulator has. It cannot fetch URLs, as Telegram would.
func (s *Server) inputFile(f *form, field, kind string) (*storedFile, *apiError) {
	if up := f.files[field]; up != nil {
		return s.storeFile(kind, up.FileName, up.Data)
	}
	return s.fileRef(f.values[field], kind)
}

func (s *Server) fileRef(ref, kind string) (*storedFile, *apiError) {
	if strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") {
		return nil, badRequest("failed to get HTTP URL content")
	}
	sf := s.files.byID[ref]
	if sf == nil {
		return nil, badRequest("wrong file identifier/HTTP URL specified")
	}
	if sf.kind != kind {
		return nil, badRequest("type of file mismatch")
	}
	return sf, nil
}

func (f *storedFile) photoSizes() []tgPhotoSize {
	return []tgPhotoSize{{FileID: f.id, FileUniqueID: f.uniqueID, Width: f.width, Height: f.height, FileSize: int64(len(f.data))}}
}

func (f *storedFile) document() *tgDocument {
	return &tgDocument{FileID: f.id, FileUniqueID: f.uniqueID, FileName: f.name, MimeType: f.mime, FileSize: int64(len(f.data))}
}

func (f *storedFile) view() File {
	return File{ID: f.id, Kind: f.kind, Name: f.name, MimeType: f.mime, Size: int64(len(f.data)),
		Width: f.width, Height: f.height, URL: "/sim/api/files/" + f.id}
}

// attach puts a file on a message for both sides.
func (m *chatMessage) attach(f *storedFile) {
	if f.kind == "photo" {
		m.wire.Photo = f.photoSizes()
	} else {
		m.wire.Document = f.document()
	}
	m.view.Files = append(m.view.Files, f.view())
}

func caption(text, parseMode, entities string) (formatted, *apiError) {
	capt, err := formatText(text, parseMode, entities)
	if err != nil {
		return formatted{}, err
	}
	return capt, checkCaption(capt.Text)
}

func (s *Server) sendPhoto(c *call) (any, *apiError) {
	return s.sendFile(c, "photo", "photo")
}

func (s *Server) sendDocument(c *call) (any, *apiError) {
	return s.sendFile(c, "document", "document")
}

func (s *Server) sendFile(c *call, field, kind string) (any, *apiError) {
	ch, err := s.sendTarget(c)
	if err != nil {
		return nil, err
	}
	capt, err := caption(c.str("caption"), c.str("parse_mode"), c.str("caption_entities"))
	if err != nil {
		return nil, err
	}
	mk, err := parseMarkup(c.str("reply_markup"))
	if err != nil {
		return nil, err
	}
	reply, err := replyTo(ch, c)
	if err != nil {
		return nil, err
	}
	file, err := s.inputFile(c.f, field, kind)
	if err != nil {
		return nil, err
	}
	if err := s.spend(ch, c.now); err != nil {
		return nil, err
	}
	m := s.botMessage(ch, c.now, capt, true, mk)
	m.view.ReplyTo = reply
	m.attach(file)
	s.add(ch, m)
	return m.wire, nil
}

type inputMedia struct {
	Type            string          `json:"type"`
	Media           string          `json:"media"`
	Caption         string          `json:"caption"`
	ParseMode       string          `json:"parse_mode"`
	CaptionEntities json.RawMessage `json:"caption_entities"`
}

func (s *Server) sendMediaGroup(c *call) (any, *apiError) {
	ch, err := s.sendTarget(c)
	if err != nil {
		return nil, err
	}
	var items []inputMedia
	if err := json.Unmarshal([]byte(c.str("media")), &items); err != nil {
		return nil, badRequest("can't parse media JSON object")
	}
	if len(items) < 2 || len(items) > 10 {
		return nil, badRequest("media group must have 2-10 items")
	}
	reply, err := replyTo(ch, c)
	if err != nil {
		return nil, err
	}
	type part struct {
		file *storedFile
		capt formatted
	}
	var parts []part
	for _, it := range items {
		if it.Type != "photo" && it.Type != "document" {
			return nil, &apiError{Code: http.StatusNotImplemented, Description: "Not Implemented: the simulator sends only photo and document media, not " + it.Type}
		}
		if it.Type != items[0].Type {
			return nil, badRequest("documents can't be mixed with other media types")
		}
		ents := ""
		if len(it.CaptionEntities) > 0 {
			ents = string(it.CaptionEntities)
		}
		capt, err := caption(it.Caption, it.ParseMode, ents)
		if err != nil {
			return nil, err
		}
		var file *storedFile
		if name, ok := strings.CutPrefix(it.Media, "attach://"); ok {
			up := c.f.files[name]
			if up == nil {
				return nil, badRequest(fmt.Sprintf("can't find attached file %q", it.Media))
			}
			file, err = s.storeFile(it.Type, up.FileName, up.Data)
		} else {
			file, err = s.fileRef(it.Media, it.Type)
		}
		if err != nil {
			return nil, err
		}
		parts = append(parts, part{file, capt})
	}
	if err := s.spend(ch, c.now); err != nil {
		return nil, err
	}
	s.files.groups++
	s.markDirty()
	group := s.instance + strconv.Itoa(s.files.groups)
	out := make([]tgMessage, 0, len(parts))
	for _, p := range parts {
		m := s.botMessage(ch, c.now, p.capt, true, markup{})
		m.wire.MediaGroupID, m.view.MediaGroup, m.view.ReplyTo = group, group, reply
		m.attach(p.file)
		s.add(ch, m)
		out = append(out, m.wire)
	}
	return out, nil
}

func (s *Server) getFile(c *call) (any, *apiError) {
	f := s.files.byID[c.str("file_id")]
	if f == nil {
		return nil, badRequest("invalid file_id")
	}
	if len(f.data) > maxDownloadBytes {
		return nil, badRequest("file is too big")
	}
	return tgFile{FileID: f.id, FileUniqueID: f.uniqueID, FileSize: int64(len(f.data)), FilePath: f.path}, nil
}

// serveFile answers GET /file/bot{token}/{file_path}, the download link of
// getFile.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	token, filePath, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/file/bot"), "/")
	if token != s.opts.Token {
		writeAPIError(w, errUnauthorized)
		return
	}
	s.mu.Lock()
	f := s.files.byPath[filePath]
	s.mu.Unlock()
	if f == nil {
		writeAPIError(w, errMethodNotFound)
		return
	}
	writeFile(w, r, f)
}

func writeFile(w http.ResponseWriter, r *http.Request, f *storedFile) {
	w.Header().Set("Content-Type", f.mime)
	if f.name != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": f.name}))
	}
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(f.data))
}
