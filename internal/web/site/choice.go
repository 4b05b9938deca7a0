package site

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
)

// Choice is an option of a select or checkbox group.
type Choice struct {
	Value, Label string
	Selected     bool
}

// LanguageName names an ISO 639 code in the viewer's language, e.g. "uk"
// as "Ukrainisch" for German viewers (names.Language).
func LanguageName(viewer, code string) string { return names.Language(viewer, code) }

// GeoJSON serves the embedded district boundaries for the maps.
func GeoJSON(g *geo.Gazetteer) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/geo+json")
		w.Header().Set("Cache-Control", "private, max-age=86400")
		_, _ = w.Write(g.GeoJSON())
	}
}
