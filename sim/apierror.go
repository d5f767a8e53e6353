package sim

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// apiError is a refusal in Telegram's shape:
// {"ok":false,"error_code":N,"description":"...","parameters":{...}}.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
}

func (e *apiError) Error() string { return e.Description }

func badRequest(desc string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Description: "Bad Request: " + desc}
}

func forbidden(desc string) *apiError {
	return &apiError{Code: http.StatusForbidden, Description: "Forbidden: " + desc}
}

var (
	errChatNotFound   = badRequest("chat not found")
	errUnauthorized   = &apiError{Code: http.StatusUnauthorized, Description: "Unauthorized"}
	errMethodNotFound = &apiError{Code: http.StatusNotFound, Description: "Not Found"}
)

type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      any             `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  *responseParams `json:"parameters,omitempty"`
}

type responseParams struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

func writeResult(w http.ResponseWriter, result any) {
	writeJSON(w, http.StatusOK, apiResponse{OK: true, Result: result})
}

func writeAPIError(w http.ResponseWriter, e *apiError) {
	resp := apiResponse{ErrorCode: e.Code, Description: e.Description}
	if e.RetryAfter > 0 {
		resp.Parameters = &responseParams{RetryAfter: e.RetryAfter}
	}
	writeJSON(w, e.Code, resp)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client went away; nothing to do
}

func decodeInto(s string, v any) error {
	return json.Unmarshal([]byte(s), v)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
