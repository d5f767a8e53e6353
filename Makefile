# make test: vet and every test, with the race detector. Tests that need
# PostgreSQL or Redis read DANCHU_TEST_DATABASE_URL and DANCHU_TEST_REDIS_URL
# and skip, saying so, when they are unset (they fail instead when CI=true).
GO ?= go

.PHONY: test vet build run bench

test: vet
	$(GO) test -race -count=1 -timeout 40m ./...

vet:
	$(GO) vet ./...

build:
	CGO_ENABLED=0 $(GO) build -o bin/danchu ./cmd/danchu

run:
	$(GO) run ./cmd/danchu

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
