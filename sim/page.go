package sim

import (
	"embed"
	"net/http"
)

// page/ is the chat page: plain HTML, CSS and JavaScript, no build step.
//
//go:embed page
var pageFS embed.FS

func (s *Server) pageRoutes(mux *http.ServeMux) {
	mux.Handle("GET /page/", http.FileServerFS(pageFS))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, pageFS, "page/index.html")
	})
}
