package staff

import (
	"errors"
	"net/http"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// onlineSettingsPage lets an office lead say, per office, whether and for
// which programs it takes online enquiries, whether the team shares
// conversations, and the welcome and absence notes clients see.
type onlineSettingsPage struct {
	site.Base
	Offices []onlineOfficeForm
}

type onlineOfficeForm struct {
	ID, Name string
	Programs []site.Choice
	online.OfficeSettings
	// HasRecoveryKey: the office's recovery key is set up; Resets are the
	// counselors waiting for their key to be released.
	HasRecoveryKey bool
	Resets         []online.KeyReset
}

func (h *Handler) onlineSettings(w http.ResponseWriter, r *http.Request) {
	h.renderOnlineSettings(w, r, http.StatusOK, nil, nil)
}

// renderOnlineSettings shows the forms; failed is the office whose form
// came back with problems (shown as sent).
func (h *Handler) renderOnlineSettings(w http.ResponseWriter, r *http.Request, status int, problems valid.Errors, failed *online.OfficeSettings) {
	p := site.PrincipalOf(r)
	page := onlineSettingsPage{Base: h.Base(w, r, "onlinestaff.settings_title")}
	page.Base.Online = true
	page.Errors = problems
	for _, id := range p.Offices(perm.OfficeLead) {
		o, err := h.Network.Office(r.Context(), id)
		if err != nil {
			continue
		}
		s, err := h.Online.OfficeSettingsOf(r.Context(), id)
		if err != nil {
			h.ServerError(w, r, err)
			return
		}
		if failed != nil && id == failed.OfficeID {
			s = *failed
		}
		f := onlineOfficeForm{ID: id, Name: o.Name, OfficeSettings: s}
		if err := h.fillRecovery(r, &f); err != nil {
			h.ServerError(w, r, err)
			return
		}
		for _, prog := range online.Programs() {
			f.Programs = append(f.Programs, site.Choice{Value: prog, Label: page.T("onlinestaff.program_" + prog), Selected: slices.Contains(s.Programs, prog)})
		}
		page.Offices = append(page.Offices, f)
	}
	h.Render(w, r, status, "online_settings", page)
}

func (h *Handler) saveOnlineSettings(w http.ResponseWriter, r *http.Request) {
	s := online.OfficeSettings{OfficeID: r.PostFormValue("office"), Programs: r.PostForm["programs"],
		TeamAccess: r.PostFormValue("team_access") == "on", Welcome: r.PostFormValue("welcome"), Absence: r.PostFormValue("absence")}
	err := h.Online.SetOfficeSettings(r.Context(), site.PrincipalOf(r), s)
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderOnlineSettings(w, r, http.StatusUnprocessableEntity, problems, &s)
	case errors.Is(err, online.ErrNotFound):
		h.NotFound(w, r)
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, "flash.online_settings_saved")
		h.Redirect(w, r, "/online/settings")
	}
}

// fillRecovery reads the office's recovery key state and pending resets.
func (h *Handler) fillRecovery(r *http.Request, f *onlineOfficeForm) error {
	p := site.PrincipalOf(r)
	_, err := h.Online.OfficeKeyOf(r.Context(), p, f.ID)
	if err != nil && !errors.Is(err, online.ErrNotFound) {
		return err
	}
	if f.HasRecoveryKey = err == nil; !f.HasRecoveryKey {
		return nil
	}
	f.Resets, err = h.Online.PendingResets(r.Context(), p, f.ID)
	return err
}
