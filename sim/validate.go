package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// problem is one reason the real Bot API would refuse a request.
type problem struct {
	Detail string // what is wrong, for Violations()
	Desc   string // Telegram's answer, "Bad Request: ..."
}

// checkResult is what the spec says about one request.
type checkResult struct {
	Problems []problem
	Unknown  []string // fields the API does not know; Telegram ignores them
}

// check compares a request of a known method with the spec: required fields,
// the type of every value (JSON-encoded objects and arrays included, down to
// nested fields), uploads only where the API takes an InputFile, and files
// attached by "attach://name" references.
func (sp *apiSpec) check(method string, f *form) checkResult {
	entry := sp.Methods[method]
	var res checkResult
	refs := map[string]bool{}
	for _, name := range entry.Required {
		if f.values[name] == "" && f.files[name] == nil {
			res.Problems = append(res.Problems, problem{
				Detail: fmt.Sprintf("missing required field %q", name),
				Desc:   missingDesc(name),
			})
		}
	}
	for _, name := range sortedKeys(f.values) {
		val := f.values[name]
		types, known := entry.Fields[name]
		switch {
		case !known:
			if f.files[name] == nil {
				res.Unknown = append(res.Unknown, name)
			}
		case val == "": // Telegram treats an empty value as absent
		default:
			unknown, p := sp.checkFormValue(name, val, types, refs)
			res.Unknown = append(res.Unknown, unknown...)
			if p != nil {
				res.Problems = append(res.Problems, *p)
			}
		}
	}
	var loose []string
	for _, name := range sortedKeys(f.files) {
		types, known := entry.Fields[name]
		switch {
		case !known:
			loose = append(loose, name)
		case !slices.Contains(types, "InputFile"):
			res.Problems = append(res.Problems, problem{
				Detail: fmt.Sprintf("field %q is a file upload but the API expects %s", name, strings.Join(types, " or ")),
				Desc:   fmt.Sprintf("Bad Request: field %q must be of type %s", name, strings.Join(types, " or ")),
			})
		}
	}
	for _, name := range loose {
		if !refs[name] {
			res.Unknown = append(res.Unknown, name)
		}
	}
	for _, name := range sortedKeys(refs) {
		if f.files[name] == nil {
			res.Problems = append(res.Problems, problem{
				Detail: fmt.Sprintf("attach://%s refers to no uploaded file", name),
				Desc:   fmt.Sprintf("Bad Request: can't find attached file %q", "attach://"+name),
			})
		}
	}
	return res
}

func missingDesc(field string) string {
	switch field {
	case "text":
		return "Bad Request: message text is empty"
	case "message_id":
		return "Bad Request: message identifier is not specified"
	case "photo", "document", "media", "audio", "video", "voice", "animation", "sticker":
		return "Bad Request: there is no " + field + " in the request"
	case "callback_query_id":
		return "Bad Request: query is too old and response timeout expired or query ID is invalid"
	case "action":
		return "Bad Request: wrong parameter action in request"
	}
	return "Bad Request: " + field + " is empty"
}

// checkFormValue checks one top-level value against the field's types; any
// one type that fits is enough.
func (sp *apiSpec) checkFormValue(name, val string, types []string, refs map[string]bool) ([]string, *problem) {
	var jsonTypes []string
	for _, t := range types {
		switch t {
		case "Integer":
			if isInteger(val) {
				return nil, nil
			}
		case "Float":
			if _, err := strconv.ParseFloat(val, 64); err == nil {
				return nil, nil
			}
		case "Boolean":
			if isBoolean(val) {
				return nil, nil
			}
		case "String":
			// a chat is named by its id or by "@username", nothing else
			if strings.HasSuffix(name, "chat_id") && slices.Contains(types, "Integer") && !strings.HasPrefix(val, "@") {
				continue
			}
			noteAttach(val, refs)
			return nil, nil
		case "InputFile": // only as an upload, handled by the caller
		default:
			jsonTypes = append(jsonTypes, t)
		}
	}
	want := strings.Join(types, " or ")
	if strings.HasSuffix(name, "chat_id") {
		return nil, &problem{Detail: fmt.Sprintf("field %q: %q is neither an Integer nor an @username", name, val), Desc: "Bad Request: chat not found"}
	}
	if len(jsonTypes) == 0 {
		return nil, &problem{Detail: fmt.Sprintf("field %q: %q is not of type %s", name, val, want), Desc: fmt.Sprintf("Bad Request: field %q must be of type %s", name, want)}
	}
	v, err := decodeJSON(val)
	if err != nil {
		return nil, &problem{Detail: fmt.Sprintf("field %q: not valid JSON for %s: %v", name, want, err), Desc: fmt.Sprintf("Bad Request: can't parse %s JSON object", humanField(name))}
	}
	unknown, terr := sp.checkValue(v, jsonTypes, name, 0, refs)
	if terr != nil {
		return nil, &problem{Detail: fmt.Sprintf("field %s: %s", terr.path, terr.detail), Desc: fmt.Sprintf("Bad Request: can't parse %s: %s", humanField(name), terr.tg)}
	}
	return unknown, nil
}

func humanField(name string) string {
	switch name {
	case "reply_markup":
		return "reply keyboard markup"
	case "entities", "caption_entities":
		return "entities"
	}
	return strings.ReplaceAll(name, "_", " ")
}

// typeErr is a mismatch inside a JSON value; depth says how far in it was
// found, so that among alternatives the one that got furthest is reported.
type typeErr struct {
	path   string
	detail string // for Violations()
	tg     string // Telegram's wording
	depth  int
	consts []string // the values a discriminator field would take
}

func mismatch(path, t string, depth int) *typeErr {
	return &typeErr{path: path, detail: "must be of type " + t, tg: fmt.Sprintf("Field %q must be of type %s", lastKey(path), t), depth: depth}
}

func lastKey(path string) string {
	for strings.HasSuffix(path, "]") {
		i := strings.LastIndex(path, "[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return path[strings.LastIndex(path, ".")+1:]
}

// checkValue checks a decoded JSON value against alternative types and
// returns the unknown fields of the alternative that fits best.
func (sp *apiSpec) checkValue(v any, types []string, path string, depth int, refs map[string]bool) ([]string, *typeErr) {
	var best []string
	found := false
	var worst *typeErr
	var errs []*typeErr
	for _, t := range types {
		unknown, err := sp.checkOne(v, t, path, depth, refs)
		if err == nil {
			if !found || len(unknown) < len(best) {
				best, found = unknown, true
			}
			continue
		}
		errs = append(errs, err)
		if worst == nil || err.depth > worst.depth {
			worst = err
		}
	}
	if found {
		return best, nil
	}
	return nil, mergeConsts(errs, worst)
}

// mergeConsts turns "must be "audio"" from each alternative into one "must
// be one of ..." when every alternative failed on the same discriminator.
func mergeConsts(errs []*typeErr, worst *typeErr) *typeErr {
	if len(errs) < 2 {
		return worst
	}
	var values []string
	for _, e := range errs {
		if len(e.consts) == 0 || e.path != errs[0].path {
			return worst
		}
		values = append(values, e.consts...)
	}
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = strconv.Quote(v)
	}
	list := strings.Join(quoted, ", ")
	return &typeErr{path: worst.path, detail: "must be one of " + list, tg: fmt.Sprintf("Field %q must be one of %s", lastKey(worst.path), list), depth: worst.depth, consts: values}
}

func (sp *apiSpec) checkOne(v any, t, path string, depth int, refs map[string]bool) ([]string, *typeErr) {
	if elem, ok := strings.CutPrefix(t, "Array of "); ok {
		arr, isArr := v.([]any)
		if !isArr {
			return nil, mismatch(path, "Array", depth)
		}
		var unknown []string
		for i, e := range arr {
			u, err := sp.checkValue(e, []string{elem}, fmt.Sprintf("%s[%d]", path, i), depth+1, refs)
			if err != nil {
				return nil, err
			}
			unknown = append(unknown, u...)
		}
		return unknown, nil
	}
	switch t {
	case "Integer":
		if n, ok := v.(json.Number); ok && isInteger(string(n)) {
			return nil, nil
		}
		return nil, mismatch(path, t, depth)
	case "Float":
		if _, ok := v.(json.Number); ok {
			return nil, nil
		}
		return nil, mismatch(path, t, depth)
	case "Boolean":
		if _, ok := v.(bool); ok {
			return nil, nil
		}
		return nil, mismatch(path, t, depth)
	case "String", "InputFile":
		s, ok := v.(string)
		if !ok {
			return nil, mismatch(path, "String", depth)
		}
		noteAttach(s, refs)
		return nil, nil
	}
	entry := sp.Types[t]
	if entry == nil {
		return nil, nil // a type the spec does not describe: nothing to check
	}
	if len(entry.Subtypes) > 0 {
		return sp.checkValue(v, entry.Subtypes, path, depth, refs)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, mismatch(path, "Object", depth)
	}
	for _, k := range sortedKeys(entry.Consts) {
		if got, _ := obj[k].(string); got != entry.Consts[k] {
			return nil, &typeErr{path: path + "." + k, detail: fmt.Sprintf("must be %q for %s", entry.Consts[k], t),
				tg: fmt.Sprintf("Field %q must be %q", k, entry.Consts[k]), depth: depth, consts: []string{entry.Consts[k]}}
		}
	}
	for _, k := range entry.Required {
		if _, ok := obj[k]; !ok {
			return nil, &typeErr{path: path + "." + k, detail: "is required in " + t, tg: fmt.Sprintf("Can't find field %q", k), depth: depth + 1}
		}
	}
	var unknown []string
	for _, k := range sortedKeys(obj) {
		ft, known := entry.Fields[k]
		if !known {
			unknown = append(unknown, path+"."+k)
			continue
		}
		u, err := sp.checkValue(obj[k], ft, path+"."+k, depth+1, refs)
		if err != nil {
			return nil, err
		}
		unknown = append(unknown, u...)
	}
	return unknown, nil
}

func noteAttach(s string, refs map[string]bool) {
	if name, ok := strings.CutPrefix(s, "attach://"); ok && name != "" {
		refs[name] = true
	}
}

func decodeJSON(s string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after JSON value")
	}
	return v, nil
}

func isInteger(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

func isBoolean(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "1", "0":
		return true
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
