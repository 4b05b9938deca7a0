package public

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/stats"
	"github.com/kmn-niedersachsen/kmn/internal/tabular"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
	"github.com/kmn-niedersachsen/kmn/internal/web/statsview"
)

// The public statistics (open data): the state and its regions, whole
// years only, every cell protected exactly as on the staff pages (they
// are cut from the same snapshot), and the same figures as CSV under an
// open licence. Offices and districts are never published here.

// publicYears is how many years the page offers: completed years only,
// so the published figures do not change from one day to the next (two
// days' downloads of a running year could be subtracted to count the
// clients taken on in between).
const publicYears = 5

// publicStatsFamilies are the families the page shows (the CSV has all).
var publicStatsFamilies = []stats.Family{stats.Clients, stats.Contacts}

func (h *Handler) statisticsRoutes() []site.Route {
	if h.Stats == nil {
		return nil
	}
	var out []site.Route
	for _, l := range i18n.Public {
		out = append(out,
			site.Route{Method: "GET", Pattern: "/" + l + "/statistics", Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: h.publicStatistics},
			site.Route{Method: "GET", Pattern: "/" + l + "/statistics.csv", Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: h.publicStatisticsCSV},
		)
	}
	return out
}

type publicStatsPage struct {
	pageBase
	Year     string
	Years    []site.Choice
	DataDate string
	CSV      string
	Figures  []publicStatsFigure
}

// publicStatsFigure is one breakdown's chart and table ("list" partial).
type publicStatsFigure struct {
	pageBase
	ID, Title string
	Chart     template.HTML
	List      site.List
}

// publicYear reads ?year= (last year when absent); ok false for a year
// the page does not offer (422 with the reason).
func (h *Handler) publicYear(r *http.Request) (int, bool) {
	last := h.Clock.Today().Year() - 1
	v := r.URL.Query().Get("year")
	if v == "" {
		return last, true
	}
	y, err := strconv.Atoi(v)
	return y, err == nil && y <= last && y > last-publicYears
}

func (h *Handler) publicStatistics(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "stats.public_title")
	if !ok {
		return
	}
	year, valid := h.publicYear(r)
	p := publicStatsPage{pageBase: b, Year: strconv.Itoa(year)}
	last := h.Clock.Today().Year() - 1
	for y := last; y > last-publicYears; y-- {
		p.Years = append(p.Years, site.Choice{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	if !valid {
		p.Errors.Add("year", "stats.public_year_invalid")
		h.Render(w, r, http.StatusUnprocessableEntity, "statistics_public", p)
		return
	}
	snap, n, err := h.publicSnapshot(r, b.Base, year)
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	state := snap.State()
	p.DataDate = b.L.DateTime(snap.Computed)
	p.CSV = "/" + b.L.Lang + "/statistics.csv?year=" + p.Year
	for _, f := range publicStatsFamilies {
		for _, d := range stats.Dims(f) {
			fig := snap.Figure(f, d, state, 1)
			id := "fig-" + string(f) + "-" + string(d)
			p.Figures = append(p.Figures, publicStatsFigure{pageBase: b, ID: id, Title: n.Title(f, d),
				Chart: n.Chart(id+"-chart", fig, nil, b.L.Dir() == "rtl"), List: n.Table(fig, nil)})
		}
	}
	h.Render(w, r, http.StatusOK, "statistics_public", p)
}

func (h *Handler) publicSnapshot(r *http.Request, b site.Base, year int) (*stats.Snapshot, statsview.Namer, error) {
	snap, err := h.Stats.Snapshot(r.Context(), stats.YearPeriod(year))
	if err != nil {
		return nil, statsview.Namer{}, err
	}
	programs, err := h.Network.Programs(r.Context())
	if err != nil {
		return nil, statsview.Namer{}, err
	}
	names := map[string]string{}
	for _, pr := range programs {
		names[pr.ID] = pr.Name(b.L.Lang)
	}
	return snap, statsview.NewNamer(b, names), nil
}

// publicStatisticsCSV sends every family of the year for the state and
// its regions as one long CSV table, headed in the page's language.
func (h *Handler) publicStatisticsCSV(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "stats.public_title")
	if !ok {
		return
	}
	year, valid := h.publicYear(r)
	if !valid {
		h.publicFail(w, r, http.StatusUnprocessableEntity, "stats.public_year_invalid")
		return
	}
	snap, n, err := h.publicSnapshot(r, b.Base, year)
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	state := snap.State()
	var buf bytes.Buffer
	if err := tabular.Write(&buf, tabular.CSV, n.Long(statsview.Export{Snap: snap, Unit: state, Depth: 1})); err != nil {
		h.publicServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", tabular.CSV.ContentType())
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"kmn-statistik-%d.csv\"", year))
	w.Header().Set("Link", `<https://www.govdata.de/dl-de/by-2-0>; rel="license"`)
	_, _ = w.Write(buf.Bytes())
}
