package sim

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// apispec.json is generated from the shared api.json by internal/apigen (see
// gen.go); LICENSE-api-json.txt beside it is the data's licence.
//
//go:embed apispec.json
var apiSpecJSON []byte

// apiSpec is the compact Bot API description: methods and types with the
// accepted types of each field and which fields are required.
type apiSpec struct {
	Version string                `json:"version"`
	Methods map[string]*specEntry `json:"methods"`
	Types   map[string]*specEntry `json:"types"`

	byLower map[string]string // Telegram matches method names case-insensitively
}

type specEntry struct {
	Fields   map[string][]string `json:"fields"`
	Required []string            `json:"required"`
	Consts   map[string]string   `json:"consts"`
	Subtypes []string            `json:"subtypes"`
}

// loadSpec parses the embedded spec once; the result is never modified.
var loadSpec = sync.OnceValues(func() (*apiSpec, error) {
	var sp apiSpec
	if err := json.Unmarshal(apiSpecJSON, &sp); err != nil {
		return nil, fmt.Errorf("sim: decode embedded apispec.json: %w", err)
	}
	if len(sp.Methods) == 0 || len(sp.Types) == 0 {
		return nil, fmt.Errorf("sim: embedded apispec.json has no methods or types")
	}
	sp.byLower = make(map[string]string, len(sp.Methods))
	for name := range sp.Methods {
		sp.byLower[strings.ToLower(name)] = name
	}
	return &sp, nil
})

// method returns the canonical name of a method, or "" when the API has none.
func (sp *apiSpec) method(name string) string {
	return sp.byLower[strings.ToLower(name)]
}
