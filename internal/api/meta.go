package api

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// openAPIDoc is the hand-written OpenAPI 3.0 document of this API.
//
//go:embed openapi.json
var openAPIDoc []byte

var openAPIETag = func() string {
	sum := sha256.Sum256(openAPIDoc)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}()

// Root is the answer of GET /api/hsds/ (HSDS getAPIMetaInformation).
type Root struct {
	Version     string    `json:"version"`
	OpenAPIURL  string    `json:"openapi_url"`
	Description string    `json:"description"`
	Publisher   Publisher `json:"publisher"`
	Ext         RootExt   `json:"x_kmn"`
}

// Publisher names who publishes the feed.
type Publisher struct {
	Name    string `json:"name"`
	Website string `json:"website,omitempty"`
}

// RootExt is the KMN extension of the root: the data version and the
// extension's documentation.
type RootExt struct {
	DataVersion string   `json:"data_version"`
	Built       string   `json:"built,omitempty"`
	Languages   []string `json:"languages"`
	Extension   string   `json:"extension"`
}

// Export is the full data set in one document (GET /api/hsds/export).
type Export struct {
	Version            string              `json:"version"`
	DataVersion        string              `json:"data_version"`
	Built              string              `json:"built,omitempty"`
	Language           string              `json:"language"`
	Organizations      []Organization      `json:"organizations"`
	Services           []Service           `json:"services"`
	Locations          []Location          `json:"locations"`
	ServiceAtLocations []ServiceAtLocation `json:"service_at_locations"`
	Taxonomies         []Taxonomy          `json:"taxonomies"`
	TaxonomyTerms      []TaxonomyTerm      `json:"taxonomy_terms"`
}

const extensionDoc = "Fields HSDS 3.0 has no place for are in the object \"x_kmn\" of each entity: " +
	"translations by language, program id and funding level, district, region, status, online counseling, " +
	"accessibility flags, hours exceptions and, in postcode or lat/lon queries, distance_m (metres). " +
	"See the description of the OpenAPI document."

func (a *API) root(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, itemCommon, func(m *model, _ params, _ *http.Request) (any, *apiError) {
		return Root{
			Version:    HSDSVersion,
			OpenAPIURL: trimSlash(a.opts.BaseURL) + Prefix + "/openapi.json",
			Description: "Beratungsstellen der Kooperativen Migrationsarbeit Niedersachsen (KMN) " +
				"im Format Open Referral HSDS 3.0.",
			Publisher: Publisher{Name: "Kooperative Migrationsarbeit Niedersachsen (KMN)", Website: a.opts.BaseURL},
			Ext: RootExt{DataVersion: m.version, Built: formatTime(m.built), Languages: publicLangs(),
				Extension: extensionDoc},
		}, nil
	})
}

func (a *API) export(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, itemCommon, func(m *model, _ params, _ *http.Request) (any, *apiError) {
		return Export{Version: HSDSVersion, DataVersion: m.version, Built: formatTime(m.built),
			Language: m.lang, Organizations: nonNil(m.orgs.items), Services: nonNil(m.services.items),
			Locations: nonNil(m.locations.items), ServiceAtLocations: nonNil(m.sals.items),
			Taxonomies: nonNil(m.taxonomies.items), TaxonomyTerms: nonNil(m.terms.items)}, nil
	})
}

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) {
	setCacheHeaders(w, openAPIETag, time.Time{})
	if notModified(r, openAPIETag, time.Time{}) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPIDoc)
}

func publicLangs() []string { return slices.Clone(i18n.Public) }

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
