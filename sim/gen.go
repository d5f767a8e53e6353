package sim

// apispec.json and LICENSE-api-json.txt are generated from the shared copy of
// the Bot API description; run `go generate ./sim` from the repository root.
//go:generate go run ./internal/apigen -o apispec.json ../../shared/telegram/api.json
