# danchu as a container: a static Go binary (CGO off, the time zone database
# built in) on distroless, run as the non-root user 65532.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t danchu .
#   docker run --rm danchu version
#
# The root filesystem may be read-only (deploy.yaml): with PostgreSQL the
# program writes no file. With SQLite, mount a volume and point
# DANCHU_DATABASE_URL into it (sqlite:/data/danchu.db; the key file goes
# beside it).

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -tags timetzdata \
      -ldflags "-s -w -X main.Version=${VERSION}" \
      -o /out/danchu ./cmd/danchu

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/danchu /usr/local/bin/danchu
USER 65532:65532
WORKDIR /home/nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/danchu"]
CMD ["serve"]
