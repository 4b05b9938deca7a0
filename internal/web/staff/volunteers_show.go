package staff

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// volunteerPage is one volunteer for their coordinator: contact,
// languages, times, the conversation (pledge), documents.
type volunteerPage struct {
	site.Base
	V                            *volunteer.Volunteer
	Region, State, Gender, Reach string
	LanguageLine                 string
	Activities, Times            []string
	Documents                    []documentRow
	Expired, CanConfirm, CanEnd  bool
	DocumentKinds                []site.Choice
	Note, ValidUntil             string
	Pledged                      bool
	ConfirmedAt                  string
}

// documentRow is a recorded document as shown.
type documentRow struct {
	Kind, Until string
	Expired     bool
}

func (h *Handler) showVolunteer(w http.ResponseWriter, r *http.Request) {
	h.renderVolunteer(w, r, http.StatusOK, nil)
}

func (h *Handler) renderVolunteer(w http.ResponseWriter, r *http.Request, status int, problems valid.Errors) {
	p := site.PrincipalOf(r)
	v, err := h.Volunteers.Get(r.Context(), p, r.PathValue("id"))
	if errors.Is(err, volunteer.ErrNotFound) {
		h.NotFound(w, r)
		return
	}
	regions, err2 := h.regionNames(r)
	if err := firstErr(err, err2); err != nil {
		h.ServerError(w, r, err)
		return
	}
	page := volunteerPage{Base: h.Base(w, r, "volunteerstaff.volunteer_title"), V: v, Region: regions[v.RegionID],
		Expired: v.State == volunteer.Confirmed && v.Expired(p.Today()), CanConfirm: v.State != volunteer.Confirmed,
		CanEnd: v.State != volunteer.Inactive, Note: r.PostFormValue("note"), ValidUntil: r.PostFormValue("valid_until"),
		Pledged: r.PostFormValue("pledge") == "yes"}
	page.Errors = problems
	page.Title = v.Name
	page.fill(p.Today())
	h.Render(w, r, status, "volunteers_show", page)
}

// fill turns the volunteer's codes into words for the page.
func (page *volunteerPage) fill(today time.Time) {
	b, v := page.Base, page.V
	page.State = b.T("volunteerstaff.state_" + v.State)
	if v.Gender != "" {
		page.Gender = b.T("volunteerstaff.gender_" + v.Gender)
	}
	page.Reach = b.T("volunteerstaff.reach_any")
	if v.MaxKm > 0 {
		page.Reach = b.T("volunteerstaff.reach_km", "Km", v.MaxKm)
	}
	if v.Remote {
		page.Reach += " · " + b.T("volunteerstaff.remote")
	}
	page.LanguageLine = languageLine(b, v.Languages)
	for _, a := range v.Activities {
		page.Activities = append(page.Activities, b.T("volunteerstaff.activity_"+a))
	}
	for _, s := range v.Slots {
		page.Times = append(page.Times, slotText(b, s))
	}
	for _, d := range v.Documents {
		page.Documents = append(page.Documents, documentRow{Kind: b.T("volunteerstaff.document_" + d.Kind), Until: b.L.Date(d.ValidUntil),
			Expired: d.ValidUntil.Before(today)})
	}
	for _, k := range volunteer.DocumentKinds {
		page.DocumentKinds = append(page.DocumentKinds, site.Choice{Value: k, Label: b.T("volunteerstaff.document_" + k)})
	}
	if !v.ConfirmedAt.IsZero() {
		page.ConfirmedAt = b.L.DateTime(v.ConfirmedAt.In(clock.Berlin()))
	}
}

// slotText is a weekly time as words ("Montag 08:00–12:00").
func slotText(b site.Base, s volunteer.Slot) string {
	hm := func(m int) string {
		return time.Date(2000, 1, 1, m/60, m%60, 0, 0, time.UTC).Format("15:04")
	}
	return strings.TrimSpace(b.T("volunteerstaff.weekday_"+s.Weekday.String()) + " " + hm(s.From) + "–" + hm(s.Till))
}
