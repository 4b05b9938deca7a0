package staff

import (
	"bytes"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/pdfdoc"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// referralLetter sends the referral letter as a PDF, for the sending side
// of an open referral (404 otherwise): headings in German and the client's
// language, exactly the shared data. Read and audited like the referral
// page ("referral.read").
func (h *Handler) referralLetter(w http.ResponseWriter, r *http.Request) {
	ref, err := h.Referrals.Get(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	if err != nil {
		h.referralOutcome(w, r, err)
		return
	}
	if ref.Side != referral.SenderSide || !ref.State.Open() {
		h.NotFound(w, r)
		return
	}
	refs := []referral.Referral{*ref}
	if err := h.nameReferrals(r.Context(), refs); err != nil {
		h.ServerError(w, r, err)
		return
	}
	de := h.Catalog.Localizer("de")
	in := pdfdoc.LetterDoc{Code: ref.FileCode, From: refs[0].SenderOffice, To: ref.To.Name, Topic: de.T("topic." + ref.Topic),
		Question: ref.Question, Message: ref.Message, RespondBy: ref.RespondBy, PrintedOn: h.Clock.Local()}
	first := ""
	if sh := ref.Shared; sh != nil {
		if st := sh.Statistics; st != nil {
			in.BirthYear, first = st.BirthYear, st.FirstLanguage
			if first != "" {
				in.FirstLanguage = names.Language("de", first)
			}
		}
		if c := sh.Contact; c != nil {
			for _, x := range []string{c.Name, c.Phone, c.Email, c.Address} {
				if x != "" {
					in.Contact = append(in.Contact, x)
				}
			}
		}
		for _, g := range sh.Goals {
			in.Goals = append(in.Goals, g.Title)
		}
	}
	var buf bytes.Buffer
	if err := pdfdoc.WriteReferralLetter(&buf, in, h.pdfLanguages(first)); err != nil {
		h.ServerError(w, r, err)
		return
	}
	sendPDF(w, "referral-"+ref.ID+".pdf", buf.Bytes())
}
