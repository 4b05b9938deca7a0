package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// networkFixture holds one row of each registry kind for the matrix.
type networkFixture struct {
	regionID, orgID, officeID, postID, contactID string
}

var ministryEditor = network.EditorOf(auth.SystemPrincipal("test"))

func newNetworkFixture(t *testing.T, srv *apptest.Server) networkFixture {
	t.Helper()
	ctx := context.Background()
	n := srv.App.Network
	org, err := n.CreateOrganisation(ctx, ministryEditor, network.OrganisationInput{Name: "AWO Hannover", Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := n.CreateOffice(ctx, ministryEditor, network.OfficeInput{OrganisationID: org.ID, Name: "MBE AWO Hannover", ExternalID: "awo-h-1",
		Postcode: "30159", Languages: []string{"de", "ar"}, Programs: []string{"mbe"}}, srv.App.Geo)
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	post, err := n.CreatePost(ctx, ministryEditor, network.PostInput{OrganisationID: org.ID, ProgramID: "mbe", FTEHundredths: 100,
		StartsOn: day("2026-01-01"), EndsOn: day("2027-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.AddContact(ctx, ministryEditor, "hannover", network.Contact{Name: "Hanna Kontakt"}); err != nil {
		t.Fatal(err)
	}
	r, err := n.Region(ctx, "hannover")
	if err != nil || len(r.Contacts) != 1 {
		t.Fatalf("fixture region: %v", err)
	}
	return networkFixture{regionID: "hannover", orgID: org.ID, officeID: o.ID, postID: post, contactID: r.Contacts[0].ID}
}

// params picks the sample id for a route's {id} by the resource it names.
func (f networkFixture) params(pattern string, base map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	switch {
	case strings.HasPrefix(pattern, "/network/offices/"), strings.Contains(pattern, "/offices/{id}"):
		out["{id}"] = f.officeID
	case strings.HasPrefix(pattern, "/network/regions/"):
		out["{id}"] = f.regionID
	case strings.HasPrefix(pattern, "/network/organisations/"):
		out["{id}"] = f.orgID
	case strings.HasPrefix(pattern, "/network/posts/"):
		out["{id}"] = f.postID
	case strings.HasPrefix(pattern, "/network/programs/"):
		out["{id}"] = "mbe"
	}
	return out
}

var (
	ministryOnly = func(ok int) expect { return roles(403, map[perm.Role]int{perm.Ministry: ok}) }
	// editors: the ministry always, region coordinators and office leads within their scope.
	editors = func(ministry, region, lead int) expect {
		return roles(403, map[perm.Role]int{perm.Ministry: ministry, perm.RegionCoordinator: region, perm.OfficeLead: lead})
	}
)

func init() {
	network := map[string]expect{
		"GET /network":                                         roles(200, nil),
		"GET /network/districts.geojson":                       roles(200, nil),
		"GET /network/regions/export":                          roles(200, nil),
		"GET /network/offices":                                 roles(200, nil),
		"GET /network/offices/export":                          roles(200, nil),
		"GET /network/offices/new":                             ministryOnly(200),
		"POST /network/offices":                                ministryOnly(422),
		"GET /network/offices/import":                          ministryOnly(200),
		"POST /network/offices/import":                         ministryOnly(422),
		"GET /network/offices/{id}":                            roles(200, nil),
		"GET /network/offices/{id}/edit":                       editors(200, 200, 200),
		"POST /network/offices/{id}":                           editors(409, 409, 409),
		"GET /network/regions/{id}":                            roles(200, nil),
		"GET /network/regions/{id}/edit":                       editors(200, 200, 404),
		"POST /network/regions/{id}":                           editors(409, 409, 404),
		"POST /network/regions/{id}/contacts":                  editors(422, 422, 404),
		"POST /network/regions/{id}/contacts/{contact}/delete": editors(303, 404, 404),
		"GET /network/organisations":                           roles(200, nil),
		"GET /network/organisations/export":                    roles(200, nil),
		"GET /network/organisations/new":                       ministryOnly(200),
		"POST /network/organisations":                          ministryOnly(422),
		"GET /network/organisations/{id}":                      roles(200, nil),
		"GET /network/organisations/{id}/edit":                 editors(200, 200, 404),
		"POST /network/organisations/{id}":                     editors(409, 409, 404),
		"GET /network/gaps":                                    roles(200, nil),
		"GET /network/programs":                                roles(200, nil),
		"GET /network/programs/export":                         roles(200, nil),
		"GET /network/programs/new":                            ministryOnly(200),
		"GET /network/programs/{id}/edit":                      ministryOnly(200),
		"POST /network/programs":                               ministryOnly(422),
		"GET /network/posts":                                   roles(200, nil),
		"GET /network/posts/export":                            roles(200, nil),
		"GET /network/posts/new":                               ministryOnly(200),
		"POST /network/posts":                                  ministryOnly(422),
		"GET /network/posts/{id}/delete":                       ministryOnly(200),
		"POST /network/posts/{id}/delete":                      ministryOnly(303),
	}
	for k, v := range network {
		matrix[k] = v
	}
	public := map[string]expect{
		"GET /geo/districts.geojson": {anon: 200, staff: 200},
		"GET /api/":                  {anon: 200, staff: 200},
		"OPTIONS /api/":              {anon: 204, staff: 204},
	}
	for _, l := range i18n.Public {
		for _, p := range []string{"/{$}", "/search", "/offices/{id}", "/offices/{id}/print"} {
			public["GET /"+l+p] = expect{anon: 200, staff: 200}
		}
	}
	for k, v := range public {
		matrix[k] = v
	}
}
