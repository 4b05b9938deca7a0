package public

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/finder"
)

// eventCertificate answers the certificate of attendance of a personal
// link (/{l}/events/r/{token}/certificate.pdf), in German and English
// for English pages. The PDF is written by Deps.WriteCertificate: this
// package must not reach the PDF package, which knows case files.
func (h *Handler) eventCertificate(w http.ResponseWriter, r *http.Request) {
	lang := publicLang(r)
	c, err := h.Events.CertificateFor(r.Context(), r.PathValue("token"), "de")
	if errors.Is(err, event.ErrNotFound) || errors.Is(err, event.ErrNoCertificate) {
		h.publicFail(w, r, http.StatusNotFound, "events.no_certificate")
		return
	}
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	de := h.Catalog.Localizer("de")
	doc := event.Print{Name: c.Name, Event: c.Title, Hours: strconv.FormatFloat(c.Hours, 'f', -1, 64),
		Organiser: h.organiserName(r, c.Event), Code: c.Code, IssuedOn: c.IssuedAt, Lang: lang,
		VerifyURL: h.PublicURL() + "/" + lang + "/events/certificate?code=" + url.QueryEscape(c.Code)}
	for _, d := range c.Event.Dates {
		doc.Dates = append(doc.Dates, de.DateTime(d.Start.In(clock.Berlin()))+" – "+de.DateTime(d.End.In(clock.Berlin())))
	}
	var buf bytes.Buffer
	if err := h.WriteCertificate(&buf, doc); err != nil {
		h.publicServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="teilnahmebescheinigung-`+c.Code+`.pdf"`)
	_, _ = w.Write(buf.Bytes())
}

// organiserName names who organised an event: the state, a region, an
// organisation or an office, from the registry snapshot.
func (h *Handler) organiserName(r *http.Request, ev *event.Event) string {
	snap, err := h.Finder.Snapshot(r.Context())
	if err != nil || ev.OrganiserKind == "state" {
		return h.Catalog.Localizer("de").T("events.organiser_state")
	}
	return organiserIn(snap, ev.OrganiserKind, ev.OrganiserID)
}

func organiserIn(snap *finder.Snapshot, kind, id string) string {
	for _, o := range snap.Offices {
		switch {
		case kind == "office" && o.ID == id:
			return o.Name
		case kind == "region" && o.RegionID == id:
			return o.RegionName
		}
	}
	for _, o := range snap.Organisations {
		if kind == "organisation" && o.ID == id {
			return o.Name
		}
	}
	return id
}

// eventsVerifyPage confirms a certificate's code.
type eventsVerifyPage struct {
	pageBase
	Code               string
	Checked, Valid     bool
	Name, Title, Dates string
	Action             string
}

// eventVerify checks a certificate's code (/{l}/events/certificate?code=).
func (h *Handler) eventVerify(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "events.verify_title")
	if !ok {
		return
	}
	p := eventsVerifyPage{pageBase: b, Code: r.URL.Query().Get("code"), Action: "/" + b.L.Lang + "/events/certificate"}
	if p.Code != "" {
		p.Checked = true
		c, err := h.Events.Verify(r.Context(), p.Code, b.L.Lang)
		if err != nil && !errors.Is(err, event.ErrNotFound) {
			h.publicServerError(w, r, err)
			return
		}
		if p.Valid = err == nil; p.Valid {
			p.Name, p.Title = c.Name, c.Title
			p.Dates = b.L.Date(c.Event.Starts().In(clock.Berlin()))
		}
	}
	h.Render(w, r, http.StatusOK, "events_verify", p)
}
