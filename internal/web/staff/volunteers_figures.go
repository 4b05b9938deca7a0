package staff

import (
	"net/http"
	"strconv"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// volunteerFiguresPage shows the volunteer figures of a year for the
// coordinator's reach: requests and how many were filled, hours, unmet
// language needs and active volunteers by language, per region.
type volunteerFiguresPage struct {
	site.Base
	Year                   int
	Years                  []site.Choice
	Regions, Unmet, Active listPart
}

func (h *Handler) volunteerFigures(w http.ResponseWriter, r *http.Request) {
	p := site.PrincipalOf(r)
	this := p.Today().Year()
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || year < this-5 || year > this {
		year = this
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, clock.Berlin())
	f, err := h.Volunteers.Figures(r.Context(), p, from, from.AddDate(1, 0, 0))
	regions, err2 := h.regionNames(r)
	if err := firstErr(err, err2); err != nil {
		h.ServerError(w, r, err)
		return
	}
	page := volunteerFiguresPage{Base: h.Base(w, r, "volunteerstaff.figures_title"), Year: year}
	for y := this; y >= this-5; y-- {
		page.Years = append(page.Years, site.Choice{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	page.Regions = listPart{page.Base, regionFigureList(page.Base, f.Regions, regions)}
	page.Unmet = listPart{page.Base, countList(page.Base, "volunteerstaff.unmet_title", "volunteerstaff.col_requests", f.Unmet, regions)}
	page.Active = listPart{page.Base, countList(page.Base, "volunteerstaff.active_title", "volunteerstaff.col_volunteers", f.Active, regions)}
	h.Render(w, r, http.StatusOK, "volunteers_figures", page)
}

func regionFigureList(b site.Base, rs []volunteer.RegionFigures, names map[string]string) site.List {
	l := site.List{Caption: b.T("volunteerstaff.requests_title"), RowHeader: true, Empty: b.T("volunteerstaff.figures_empty"),
		Columns: []site.Column{{Label: b.T("volunteerstaff.col_region")}, {Label: b.T("volunteerstaff.col_requests"), Num: true},
			{Label: b.T("volunteerstaff.col_filled"), Num: true}, {Label: b.T("volunteerstaff.col_fill_rate"), Num: true},
			{Label: b.T("volunteerstaff.col_unmet"), Num: true}, {Label: b.T("volunteerstaff.col_hours"), Num: true}}}
	for _, f := range rs {
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: names[f.RegionID]}, {Text: strconv.Itoa(f.Requests)},
			{Text: strconv.Itoa(f.Filled)}, {Text: strconv.Itoa(int(f.FillRate()*100+0.5)) + " %"}, {Text: strconv.Itoa(f.Unmet)},
			{Text: hoursText(b.L.Lang, f.Minutes)}}})
	}
	return l
}

func countList(b site.Base, caption, column string, cs []volunteer.Count, names map[string]string) site.List {
	l := site.List{Caption: b.T(caption), Empty: b.T("volunteerstaff.figures_empty"),
		Columns: []site.Column{{Label: b.T("volunteerstaff.col_region")}, {Label: b.T("volunteerstaff.col_language")}, {Label: b.T(column), Num: true}}}
	for _, c := range cs {
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: names[c.RegionID]}, {Text: site.LanguageName(b.L.Lang, c.Language)},
			{Text: strconv.Itoa(c.N)}}})
	}
	return l
}

// hoursText shows minutes as hours with one decimal in the reader's
// notation ("1,5" in German).
func hoursText(lang string, minutes int) string {
	return message.NewPrinter(language.Make(lang)).Sprintf("%.1f", float64(minutes)/60)
}
