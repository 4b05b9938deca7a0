package staff

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// KeyManager rotates the encryption key of a running platform (internal/app
// implements it; the staff surface only asks).
type KeyManager interface {
	KeyStatus() KeyStatus
	// RotateKey makes a new key active and re-encrypts every sealed value
	// with it in the background. ErrRotateWithCLI when several servers may
	// run, ErrRotationRunning while one runs.
	RotateKey(ctx context.Context, p auth.Principal) error
}

// KeyStatus is what the key page shows.
type KeyStatus struct {
	Active string
	Keys   []string
	// Rotatable: one server (SQLite) holds the only key file, so a key made
	// here reaches every encryption. With PostgreSQL several servers may
	// run, each with its own copy: rotate on the command line there.
	Rotatable bool
	// The re-encryption after the last rotation: columns done of all,
	// values changed and values that could not be read.
	Running           bool
	Done, Total       int
	Changed, Failed   int
	Started, Finished time.Time
	Err               string
}

// The refusals of KeyManager.RotateKey.
var (
	ErrRotateWithCLI   = errors.New("staff: several servers may run: rotate with kmn keys rotate")
	ErrRotationRunning = errors.New("staff: a key rotation is running")
)

type keysPage struct {
	site.Base
	Status  KeyStatus
	Started string
	Ended   string
}

func (h *Handler) keysPage(w http.ResponseWriter, r *http.Request, titleKey string) keysPage {
	st := h.Keys.KeyStatus()
	p := keysPage{Base: h.Base(w, r, titleKey), Status: st}
	if st.Running {
		p.Refresh = 5 // the progress below moves
	}
	if !st.Started.IsZero() {
		p.Started = st.Started.In(h.Clock.Local().Location()).Format("02.01.2006 15:04")
	}
	if !st.Finished.IsZero() {
		p.Ended = st.Finished.In(h.Clock.Local().Location()).Format("02.01.2006 15:04")
	}
	return p
}

func (h *Handler) showKeys(w http.ResponseWriter, r *http.Request) {
	h.Render(w, r, http.StatusOK, "admin_keys", h.keysPage(w, r, "keys.title"))
}

func (h *Handler) confirmRotateKey(w http.ResponseWriter, r *http.Request) {
	h.Render(w, r, http.StatusOK, "admin_keys_rotate", h.keysPage(w, r, "keys.rotate_title"))
}

func (h *Handler) rotateKey(w http.ResponseWriter, r *http.Request) {
	switch err := h.Keys.RotateKey(r.Context(), site.PrincipalOf(r)); {
	case err == nil:
		h.SetFlash(w, "flash.key_rotated")
		h.Redirect(w, r, "/admin/keys")
	case errors.Is(err, ErrRotateWithCLI):
		h.Fail(w, r, http.StatusConflict, "keys.use_cli")
	case errors.Is(err, ErrRotationRunning):
		h.Fail(w, r, http.StatusConflict, "keys.running")
	default:
		h.ServerError(w, r, err)
	}
}
