package public

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// The public directory of migrant self-organisations (MSOs): only those
// whose consent is recorded (package mso reads it on every request, so a
// withdrawal hides an entry at once). Unknown filter values are ignored,
// as on the calendar; an id that is not a consenting MSO is 404.

func (h *Handler) msoRoutes() []site.Route {
	if h.MSO == nil {
		return nil
	}
	var out []site.Route
	for _, l := range i18n.Public {
		out = append(out,
			site.Route{Method: "GET", Pattern: "/" + l + "/mso", Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: h.msoDirectory},
			site.Route{Method: "GET", Pattern: "/" + l + "/mso/{id}", Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: h.msoProfile},
		)
	}
	return out
}

// msoDirectoryPage lists the consenting MSOs with the filter form.
type msoDirectoryPage struct {
	pageBase
	Action               string
	LangChoices, Regions []site.Choice
	Filtered             bool
	Items                []msoView
}

// msoView is an MSO as the public pages show it, words for its codes.
type msoView struct {
	Href, Name, Region                 string
	Description, Communities, Activity string
	Languages                          string
	Email, Phone, Website              string
}

func (h *Handler) msoDirectory(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "mso.directory_title")
	if !ok {
		return
	}
	q := r.URL.Query()
	f := mso.DirectoryFilter{Lang: q.Get("lang"), RegionID: q.Get("region")}
	d, err := h.MSO.PublicDirectory(r.Context(), f)
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	if known := knownFilter(f, d); known != f {
		// An unknown value filters nothing out: read again without it.
		f = known
		if d, err = h.MSO.PublicDirectory(r.Context(), f); err != nil {
			h.publicServerError(w, r, err)
			return
		}
	}
	lang := b.L.Lang
	p := msoDirectoryPage{pageBase: b, Action: "/" + lang + "/mso", Filtered: f.Lang != "" || f.RegionID != ""}
	p.LangChoices = msoLanguageChoices(lang, d.Languages, f.Lang)
	for _, x := range d.Regions {
		p.Regions = append(p.Regions, site.Choice{Value: x.ID, Label: x.Name, Selected: x.ID == f.RegionID})
	}
	for _, m := range d.Entries {
		p.Items = append(p.Items, msoViewOf(lang, m))
	}
	h.Render(w, r, http.StatusOK, "mso_directory", p)
}

// knownFilter drops the filter values the directory does not offer.
func knownFilter(f mso.DirectoryFilter, d mso.Directory) mso.DirectoryFilter {
	if f.Lang != "" && !slices.Contains(d.Languages, f.Lang) {
		f.Lang = ""
	}
	if f.RegionID != "" && !slices.ContainsFunc(d.Regions, func(x mso.Region) bool { return x.ID == f.RegionID }) {
		f.RegionID = ""
	}
	return f
}

// msoLanguageChoices names the directory's languages in the reader's language.
func msoLanguageChoices(lang string, codes []string, selected string) []site.Choice {
	out := make([]site.Choice, 0, len(codes))
	for _, c := range codes {
		out = append(out, site.Choice{Value: c, Label: site.LanguageName(lang, c), Selected: c == selected})
	}
	slices.SortFunc(out, func(a, b site.Choice) int { return strings.Compare(a.Label, b.Label) })
	return out
}

// msoViewOf words an MSO for the reader; the profile's contact comes
// before the registry's.
func msoViewOf(lang string, m mso.MSO) msoView {
	p := m.Profile
	names := make([]string, len(p.Languages))
	for i, c := range p.Languages {
		names[i] = site.LanguageName(lang, c)
	}
	slices.Sort(names)
	return msoView{Href: "/" + lang + "/mso/" + m.ID, Name: m.Name, Region: m.RegionName, Description: p.Description,
		Communities: p.Communities, Activity: p.Activities, Languages: strings.Join(names, ", "),
		Email: cmpOr(p.Email, m.Email), Phone: cmpOr(p.Phone, m.Phone), Website: cmpOr(p.Website, m.Website)}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// msoProfilePage is one consenting MSO.
type msoProfilePage struct {
	pageBase
	Directory string
	M         msoView
}

func (h *Handler) msoProfile(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "mso.directory_title")
	if !ok {
		return
	}
	m, err := h.MSO.PublicProfile(r.Context(), r.PathValue("id"))
	if errors.Is(err, mso.ErrNotFound) {
		h.publicFail(w, r, http.StatusNotFound, "public.error_not_found")
		return
	}
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	p := msoProfilePage{pageBase: b, Directory: "/" + b.L.Lang + "/mso", M: msoViewOf(b.L.Lang, *m)}
	p.Title = m.Name
	h.Render(w, r, http.StatusOK, "mso_profile", p)
}
