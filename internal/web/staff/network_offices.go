package staff

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

const officesPerPage = 25

type officesPage struct {
	site.Base
	List            site.List
	Filter          network.OfficeFilter
	Regions         []network.Region
	Programs        []network.Program
	Topics          []string
	LanguageChoices []site.Choice
	CanManage       bool
}

func officeFilterOf(q url.Values) network.OfficeFilter {
	return network.OfficeFilter{Search: q.Get("q"), RegionID: q.Get("region"), DistrictAGS: q.Get("district"),
		OrganisationID: q.Get("organisation"), ProgramID: q.Get("program"), Language: q.Get("lang"), TopicID: q.Get("topic"),
		Status: network.OfficeStatus(q.Get("status"))}
}

func (h *Handler) listOffices(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := officesPage{Base: h.Base(w, r, "offices.title"), Filter: officeFilterOf(q), CanManage: site.PrincipalOf(r).Can(perm.NetworkManage)}
	page := site.PageParam(q.Get("page"), 100000)
	offices, total, err := h.Network.ListOffices(r.Context(), p.Filter, network.Page{Offset: (page - 1) * officesPerPage, Limit: officesPerPage})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if err := h.officeChoices(r, &p); err != nil {
		h.ServerError(w, r, err)
		return
	}
	keep := url.Values{}
	for _, k := range []string{"q", "region", "district", "organisation", "program", "lang", "topic", "status"} {
		keep.Set(k, q.Get(k))
	}
	p.List = officeList(p.Base, offices, programNames(p.L.Lang, p.Programs))
	p.List.Count = p.L.N("offices.count", total)
	p.List.Pager = site.NewPager(page, officesPerPage, total, "/network/offices", keep)
	p.List.Exports = site.ExportLinks(p.Base, "/network/offices/export", keep)
	h.Render(w, r, http.StatusOK, "network_offices", p)
}

// officeList shows offices as a table: name and organisation, address,
// district, region, programs (named by programs), status.
func officeList(b site.Base, offices []network.Office, programs map[string]string) site.List {
	l := site.List{Caption: b.Title, Empty: b.T("offices.empty"), Columns: []site.Column{{Label: b.T("office.name")},
		{Label: b.T("office.address")}, {Label: b.T("network.district")}, {Label: b.T("network.region")},
		{Label: b.T("office.programs")}, {Label: b.T("office.status")}}}
	for _, o := range offices {
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{
			{Text: o.Name, Href: "/network/offices/" + o.ID, Hint: o.OrganisationName},
			{Text: o.Street, Lines: []string{o.Postcode + " " + o.City}},
			{Text: o.DistrictName}, {Text: o.RegionName}, {Badges: namesOf(o.Programs, programs)},
			{Text: b.T("status." + string(o.Status))}}})
	}
	return l
}

// officeChoices loads the filter options.
func (h *Handler) officeChoices(r *http.Request, p *officesPage) error {
	var err error
	if p.Regions, err = h.Network.Regions(r.Context()); err != nil {
		return err
	}
	if p.Programs, err = h.Network.Programs(r.Context()); err != nil {
		return err
	}
	if p.Topics, err = h.Network.Topics(r.Context()); err != nil {
		return err
	}
	p.LanguageChoices = languageChoices(p.L.Lang, []string{p.Filter.Language})
	return nil
}

// commonLanguages are offered first: the languages clients in Lower Saxony
// most often speak. The others are behind "more languages"
// (moreLanguageChoices), all by name.
var commonLanguages = []string{"de", "en", "ar", "uk", "ru", "tr", "fa", "ku", "pl", "ro", "bg", "ti", "so", "fr", "sq", "sr", "ps", "es", "it", "vi"}

// languageChoices names each common language in the viewer's language.
func languageChoices(viewer string, selected []string) []site.Choice {
	out := make([]site.Choice, 0, len(commonLanguages))
	for _, code := range commonLanguages {
		out = append(out, site.Choice{Value: code, Label: site.LanguageName(viewer, code), Selected: slices.Contains(selected, code)})
	}
	slices.SortFunc(out, func(a, b site.Choice) int { return site.CompareFold(a.Label, b.Label) })
	return out
}

type officePage struct {
	site.Base
	Office        *network.Office
	Programs      []network.Program
	LanguageNames []string
	Days          []site.DayHours
	Status        hours.Status
	StatusText    string
	Exceptions    []hours.Exception
	Holidays      []site.HolidayView
	CanEdit       bool
	// CanManage shows the import keys (network.manage: who imports).
	CanManage bool
	Staff     []auth.StaffMember
	Texts     []officeTextView
}

func (h *Handler) showOffice(w http.ResponseWriter, r *http.Request) {
	o, err := h.Network.Office(r.Context(), r.PathValue("id"))
	if err != nil {
		h.storeOutcome(w, r, err)
		return
	}
	programs, err := h.Network.Programs(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	staff, err := h.Auth.OfficeStaff(r.Context(), o.ID)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := officePage{Base: h.Base(w, r, "office.title"), Office: o, CanEdit: network.CanEditOffice(network.EditorOf(site.PrincipalOf(r)), o), Staff: staff,
		CanManage: site.PrincipalOf(r).Can(perm.NetworkManage)}
	p.Title, p.Maps = o.Name, true
	for _, pr := range programs {
		if slices.Contains(o.Programs, pr.ID) {
			p.Programs = append(p.Programs, pr)
		}
	}
	for _, l := range o.Languages {
		p.LanguageNames = append(p.LanguageNames, site.LanguageName(p.L.Lang, l))
	}
	p.fillHours(h.Clock.Now())
	p.Texts = officeTexts(p.Base, h.Catalog, o)
	h.Render(w, r, http.StatusOK, "network_office", p)
}

// fillHours prepares the weekly table, today's status and the next holidays.
func (p *officePage) fillHours(now time.Time) {
	s := p.Office.Hours
	for i, key := range site.DayKeys {
		text := hours.FormatDay(s.Weekly[i])
		if text == "" {
			text = p.T("office.closed_day")
		}
		p.Days = append(p.Days, site.DayHours{Name: p.T(key), Hours: text})
	}
	p.Status = s.Status(now)
	switch {
	case p.Office.Status != network.Active:
		p.StatusText = p.T("status." + string(p.Office.Status))
	case p.Status.Open:
		p.StatusText = p.T("office.open_until", "Until", p.Status.Until.String())
	case p.Status.HasNext:
		n := p.Status.Next
		p.StatusText = p.T("office.opens_at", "Day", p.T(site.DayKeys[(int(n.Weekday())+6)%7]), "Date", n.Format("02.01."), "Time", n.Format("15:04"))
	default:
		p.StatusText = p.T("office.no_hours")
	}
	today := hours.DateOf(now)
	for _, e := range s.Exceptions {
		if d, err := hours.ParseDate(e.Date); err == nil && d.Compare(today) >= 0 {
			p.Exceptions = append(p.Exceptions, e)
		}
	}
	for _, year := range []int{now.Year(), now.Year() + 1} {
		for _, hd := range hours.Holidays(year) {
			if d, err := hours.ParseDate(hd.Date); err == nil && d.Compare(today) >= 0 && len(p.Holidays) < 4 {
				p.Holidays = append(p.Holidays, site.HolidayView{Date: p.L.Date(d.At(0)), Name: p.T(hd.Key)})
			}
		}
	}
}

// namesOf names ids by names, keeping an id without a name.
func namesOf(ids []string, names map[string]string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = cmp.Or(names[id], id)
	}
	return out
}

// moreLanguageChoices names the languages offered besides the common ones
// (names.CaseLanguages, and any chosen code outside both lists), sorted by
// name in the viewer's language.
func moreLanguageChoices(viewer string, selected []string) []site.Choice {
	codes := slices.DeleteFunc(slices.Clone(names.CaseLanguages), func(c string) bool { return slices.Contains(commonLanguages, c) })
	for _, c := range selected {
		if !slices.Contains(codes, c) && !slices.Contains(commonLanguages, c) {
			codes = append(codes, c)
		}
	}
	out := make([]site.Choice, 0, len(codes))
	for _, n := range names.Languages(viewer, codes) {
		out = append(out, site.Choice{Value: n.Code, Label: n.Name, Selected: slices.Contains(selected, n.Code)})
	}
	return out
}
