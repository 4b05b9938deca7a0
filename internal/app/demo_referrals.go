package app

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/demo"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
)

// demoReferrals sends referrals from the demo counselor's open files to
// the demo partner's employment agency, in every state a newcomer should
// see (waiting, accepted, completed, declined), and one to an organisation
// not on the platform. They go through the real store as the demo
// accounts: consent, checks, audit and notifications as in use.
func (a *App) demoReferrals(ctx context.Context, counselor, partner *auth.User) error {
	client := auth.Client{IP: "127.0.0.1", UserAgent: "kmn demo"}
	from, err := a.Auth.PrincipalOf(ctx, counselor.ID, client)
	if err != nil {
		return err
	}
	to, err := a.Auth.PrincipalOf(ctx, partner.ID, client)
	if err != nil {
		return err
	}
	agency, err := a.Network.ResolveScope(ctx, a.DB, perm.Organisation, demo.AgencyHannoverID)
	if err != nil {
		return err
	}
	files, err := a.Cases.List(ctx, casework.ViewerOf(from))
	if err != nil {
		return err
	}
	var open []string
	for _, f := range files {
		if f.Status == casework.Open && f.CounselorID == counselor.ID {
			open = append(open, f.ID)
		}
	}
	today := a.Clock.Today()
	plans := []struct {
		topic, question string
		then            func(id string) error
	}{
		{"work", "Bitte Beratung zur Arbeitsvermittlung; die Klientin sucht eine Teilzeitstelle in der Pflege.", nil},
		{"work", "Bitte um Prüfung einer Förderung der Anerkennung des Berufsabschlusses.", func(id string) error {
			return a.Referrals.Accept(ctx, to, id)
		}},
		{"work", "Bitte Termin zur Berufsberatung vereinbaren.", func(id string) error {
			if err := a.Referrals.Accept(ctx, to, id); err != nil {
				return err
			}
			return a.Referrals.Complete(ctx, to, id, referral.Outcome{Outcome: referral.Successful, Note: "Beratung hat stattgefunden, Bewerbung läuft."})
		}},
		{"work", "Bitte Unterstützung bei der Jobsuche für den Sohn (18).", func(id string) error {
			return a.Referrals.Decline(ctx, to, id, "not_responsible")
		}},
	}
	if len(open) < len(plans)+1 {
		return nil
	}
	consent := casework.ReferralConsent{Input: casework.ConsentInput{GivenOn: today, Form: "written"}}
	for i, p := range plans {
		in := referral.Input{FileID: open[i], To: casework.ReferralScope{Kind: referral.ToOrganisation, ID: agency,
			Categories: []string{casework.ShareStatistics}}, Topic: p.topic, Question: p.question, Urgency: "normal",
			RespondBy: today.AddDate(0, 0, 7), Consent: consent}
		r, err := a.Referrals.Send(ctx, from, in)
		if err != nil {
			return fmt.Errorf("referral %d: %w", i, err)
		}
		if p.then != nil {
			if err := p.then(r.ID); err != nil {
				return fmt.Errorf("referral %d: %w", i, err)
			}
		}
	}
	external := referral.Input{FileID: open[len(plans)], To: casework.ReferralScope{Kind: referral.ToExternal,
		Categories: []string{casework.ShareStatistics}}, ExternalName: "Volkshochschule Hannover, Integrationskurse",
		Topic: "language_courses", Question: "Anmeldung zum Integrationskurs (Niveau B1).", Urgency: "normal", Consent: consent}
	if _, err := a.Referrals.Send(ctx, from, external); err != nil {
		return fmt.Errorf("external referral: %w", err)
	}
	return nil
}
