package public

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

// volunteerOfferForm shows what the volunteer offers, to change it
// (GET …/me/{token}/offer or /account/offer).
func (h *Handler) volunteerOfferForm(w http.ResponseWriter, r *http.Request) {
	volunteerHeaders(w)
	key, _ := volunteerWho(r)
	v, err := h.Volunteers.Self(r.Context(), key)
	switch {
	case errors.Is(err, volunteer.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "volunteer.error_link")
	case err != nil:
		h.publicServerError(w, r, err)
	default:
		h.renderVolunteerOffer(w, r, http.StatusOK, volunteerFormOf(v), nil)
	}
}

// volunteerOffer saves it and goes back to the volunteer's page.
func (h *Handler) volunteerOffer(w http.ResponseWriter, r *http.Request) {
	volunteerHeaders(w)
	key, path := volunteerWho(r)
	f := readVolunteerForm(r)
	err := h.Volunteers.UpdateOffer(r.Context(), key, f.input())
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderVolunteerOffer(w, r, http.StatusUnprocessableEntity, f, problems)
	case errors.Is(err, volunteer.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "volunteer.error_link")
	case err != nil:
		h.publicServerError(w, r, err)
	default:
		h.Redirect(w, r, "/"+publicLang(r)+path+"?done=offer#notice")
	}
}

func (h *Handler) renderVolunteerOffer(w http.ResponseWriter, r *http.Request, status int, f volunteerForm, problems valid.Errors) {
	_, path := volunteerWho(r)
	b, ok := h.publicBase(w, r, "volunteer.offer_title")
	if !ok {
		return
	}
	relink(b, path+"/offer")
	b.Errors = problems
	p := volunteerFormPage(b, "/"+b.L.Lang+path+"/offer", f)
	p.Back = "/" + b.L.Lang + path
	h.Render(w, r, status, "volunteer_offer", p)
}

// volunteerFormOf fills the form with what v offers now: a grid cell is
// ticked when one of v's weekly times covers it whole.
func volunteerFormOf(v *volunteer.Volunteer) volunteerForm {
	f := volunteerForm{Phone: v.Phone, Gender: v.Gender, MaxKm: strconv.Itoa(v.MaxKm), Remote: v.Remote, Activities: v.Activities}
	for i, l := range v.Languages {
		if i == volunteerLanguageRows {
			break
		}
		f.Languages[i] = volunteerLanguageRow{Code: l.Code, Level: strconv.Itoa(l.Level), Dialects: joinDialects(l.Dialects)}
	}
	for _, d := range volunteerWeekdays {
		for _, part := range volunteerDayParts {
			for _, s := range v.Slots {
				if s.Weekday == d.Day && s.From <= part.From && part.Till <= s.Till {
					f.Slots = append(f.Slots, volunteerSlotValue(d.Day, part.Key))
					break
				}
			}
		}
	}
	return f
}

func joinDialects(ds []string) string {
	out := ""
	for i, d := range ds {
		if i > 0 {
			out += ", "
		}
		out += d
	}
	return out
}
