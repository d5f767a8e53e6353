package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// maxRequestBytes is Telegram's upload limit for bots (50 MB) plus room for
// the other fields.
const maxRequestBytes = 50<<20 + 1<<20

// upload is one file part of a multipart request.
type upload struct {
	FileName    string
	ContentType string
	Data        []byte
}

// form is a Bot API request as Telegram sees it: plain values (objects and
// arrays as JSON text) and uploaded files, by field name.
type form struct {
	values map[string]string
	files  map[string]*upload
}

func (f *form) has(name string) bool {
	_, v := f.values[name]
	_, u := f.files[name]
	return v || u
}

// names returns every field and file name, sorted.
func (f *form) names() []string {
	out := make([]string, 0, len(f.values)+len(f.files))
	for n := range f.values {
		out = append(out, n)
	}
	for n := range f.files {
		if _, dup := f.values[n]; !dup {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// readForm reads the parameters of a Bot API call the ways Telegram accepts
// them: query string, urlencoded form, JSON object or multipart form (which
// go-telegram/bot streams chunked, possibly empty for getMe).
func readForm(r *http.Request) (*form, error) {
	f := &form{values: map[string]string{}, files: map[string]*upload{}}
	for k, vs := range r.URL.Query() {
		if len(vs) > 0 {
			f.values[k] = vs[len(vs)-1]
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxRequestBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, errRequestTooLarge
		}
		return nil, fmt.Errorf("read body: %w", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return f, nil
	}
	mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "multipart/form-data":
		return f, readMultipart(f, body, params["boundary"])
	case "application/json":
		return f, readJSONBody(f, body)
	default: // Telegram treats anything else as urlencoded
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("parse urlencoded body: %w", err)
		}
		for k, vs := range vals {
			if len(vs) > 0 {
				f.values[k] = vs[len(vs)-1]
			}
		}
		return f, nil
	}
}

var errRequestTooLarge = errors.New("request entity too large")

func readMultipart(f *form, body []byte, boundary string) error {
	if boundary == "" {
		return errors.New("multipart body without boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read multipart: %w", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return fmt.Errorf("read part %q: %w", p.FormName(), err)
		}
		name := p.FormName()
		if name == "" {
			continue
		}
		if p.FileName() != "" {
			f.files[name] = &upload{FileName: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data}
			continue
		}
		f.values[name] = string(data)
	}
}

// readJSONBody keeps strings as they are and every other value as its JSON
// text, the same shape a multipart request has.
func readJSONBody(f *form, body []byte) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		return fmt.Errorf("parse JSON body: %w", err)
	}
	for k, raw := range obj {
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			f.values[k] = s
			continue
		}
		if strings.TrimSpace(string(raw)) == "null" {
			continue
		}
		f.values[k] = string(raw)
	}
	return nil
}
