package staff

import (
	"context"

	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// nameReferrals fills in the sending office and person of each referral
// (the store keeps their ids). A name that cannot be read stays empty;
// the page still shows.
func (h *Handler) nameReferrals(ctx context.Context, refs []referral.Referral) error {
	var offices, people []string
	for _, r := range refs {
		offices, people = append(offices, r.SenderOfficeID), append(people, r.SenderID)
	}
	if len(refs) == 0 {
		return nil
	}
	officeNames, err := h.Network.OfficeNames(ctx, offices)
	if err != nil {
		return err
	}
	names, err := h.Auth.Names(ctx, people)
	if err != nil {
		return err
	}
	for i := range refs {
		refs[i].SenderOffice, refs[i].SenderName = officeNames[refs[i].SenderOfficeID], names[refs[i].SenderID]
	}
	return nil
}

// recipientText names whom a referral went to; a place not on the
// platform is marked as such.
func recipientText(b site.Base, r referral.Referral) string {
	if r.To.Kind == referral.ToExternal {
		return b.T("referral.external_named", "Name", r.To.Name)
	}
	return r.To.Name
}

// senderText names the sending office and person.
func senderText(b site.Base, r referral.Referral) string {
	switch {
	case r.SenderOffice == "":
		return r.SenderName
	case r.SenderName == "":
		return r.SenderOffice
	}
	return b.T("referral.sender_named", "Office", r.SenderOffice, "Name", r.SenderName)
}

// stateText says where a referral stands, with the outcome once it is
// completed and a note when the consent was withdrawn.
func stateText(b site.Base, r referral.Referral) string {
	s := b.T("referral.state." + string(r.State))
	if r.State == referral.Completed && r.Outcome != "" {
		s = b.T("referral.state_outcome", "State", s, "Outcome", b.T("referral.outcome."+r.Outcome))
	}
	if r.ConsentWithdrawn && r.State != referral.Revoked {
		s += " · " + b.T("referral.consent_withdrawn_short")
	}
	return s
}

// respondByCell shows the wished response date, marked in words when it
// has passed without an answer.
func respondByCell(b site.Base, r referral.Referral, overdue bool) site.Cell {
	if r.RespondBy.IsZero() {
		return site.Cell{Text: "–"}
	}
	c := site.Cell{Text: b.L.Date(r.RespondBy)}
	if overdue {
		c = site.Cell{Text: c.Text + " · " + b.T("referral.overdue"), Strong: true}
	}
	return c
}
