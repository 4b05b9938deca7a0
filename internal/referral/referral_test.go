package referral_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Markers in the parts of the file that are never shared unless chosen.
const (
	noteMarker    = "MARKER-NOTE-7Q"
	contactMarker = "MARKER-NAME-9Z"
)

// fixture: office A (counselors a1, a2), office B (b1, b2), office C (c),
// an organisation with partner p, another organisation with partner q,
// and an open file of a1 with a contact note and contact data.
type fixture struct {
	srv                          *apptest.Server
	a1, a2, b1, b2, c, pt, other auth.Principal
	officeA, officeB, orgID      string
	file                         string
}

func forEachEngine(t *testing.T, fn func(t *testing.T, fx fixture)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { fn(t, newFixture(t, engine == "postgres")) })
	}
}

func newFixture(t *testing.T, postgres bool) fixture {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{Postgres: postgres})
	fx := fixture{srv: srv, officeA: srv.Office(t, "mbe-a"), officeB: srv.Office(t, "jmd-b"), orgID: srv.Organisation(t, "jobcenter-x")}
	srv.Office(t, "mbe-c")
	srv.Organisation(t, "elsewhere")
	who := func(email string, role perm.Role, kind perm.ScopeKind, scope string) auth.Principal {
		return srv.Principal(t, srv.CreateAccount(t, email, role, kind, scope))
	}
	fx.a1, fx.a2 = who("a1@r.example", perm.Counselor, perm.Office, "mbe-a"), who("a2@r.example", perm.Counselor, perm.Office, "mbe-a")
	fx.b1, fx.b2 = who("b1@r.example", perm.Counselor, perm.Office, "jmd-b"), who("b2@r.example", perm.OfficeLead, perm.Office, "jmd-b")
	fx.c = who("c@r.example", perm.Counselor, perm.Office, "mbe-c")
	fx.pt = who("p@r.example", perm.Partner, perm.Organisation, "jobcenter-x")
	fx.other = who("q@r.example", perm.Partner, perm.Organisation, "elsewhere")
	fx.file = fx.newFile(t, true)
	return fx
}

// newFile opens a file of a1 with a counseling note, and contact data
// when withContact.
func (fx fixture) newFile(t *testing.T, withContact bool) string {
	t.Helper()
	ctx := context.Background()
	v := casework.ViewerOf(fx.a1)
	today := fx.srv.App.Clock.Today()
	f, err := fx.srv.App.Cases.Create(ctx, v, casework.FileInput{OfficeID: fx.officeA, ProgramID: "mbe", IntakeOn: today,
		BirthYear: 1990, Gender: "female", Country: "sy", FirstLanguage: "ar", ResidenceStatus: "humanitarian", ArrivalYear: 2016})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.srv.App.Cases.AddContact(ctx, v, f.ID, casework.ContactInput{On: today, Minutes: 30, Channel: "in_person",
		Language: "ar", Note: noteMarker}); err != nil {
		t.Fatal(err)
	}
	if withContact {
		if _, err := fx.srv.App.Cases.RecordConsent(ctx, v, f.ID, casework.ConsentInput{Purpose: casework.PurposeContactData,
			GivenOn: today, Form: "written"}); err != nil {
			t.Fatal(err)
		}
		if err := fx.srv.App.Cases.SetContactData(ctx, v, f.ID, casework.ContactData{Name: contactMarker, Phone: "0511 123"}); err != nil {
			t.Fatal(err)
		}
	}
	return f.ID
}

// input refers fx.file to to, sharing cats, with a consent given today.
func (fx fixture) input(kind, id string, cats ...string) referral.Input {
	return referral.Input{FileID: fx.file, To: casework.ReferralScope{Kind: kind, ID: id, Categories: cats},
		Topic: "work", Question: "Bitte Beratung zur Arbeitssuche.", Message: "Termin möglichst vormittags.",
		Consent: casework.ReferralConsent{Input: casework.ConsentInput{GivenOn: fx.srv.App.Clock.Today(), Form: "written"}}}
}

func (fx fixture) send(t *testing.T, in referral.Input) *referral.Referral {
	t.Helper()
	r, err := fx.srv.App.Referrals.Send(context.Background(), fx.a1, in)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	return r
}

func TestReferralToAPartner(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx fixture) {
		ctx := context.Background()
		s := fx.srv.App.Referrals
		sent := fx.send(t, fx.input(referral.ToOrganisation, fx.orgID, casework.ShareStatistics))

		got, err := s.Get(ctx, fx.pt, sent.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Side != referral.RecipientSide || got.Shared == nil || got.Shared.Statistics == nil || got.Shared.Statistics.BirthYear != 1990 ||
			got.Shared.Contact != nil || got.Shared.Goals != nil || got.Question != "Bitte Beratung zur Arbeitssuche." {
			t.Fatalf("the partner reads %+v", got)
		}
		if seen := fmt.Sprintf("%+v %+v", *got, *got.Shared); strings.Contains(seen, noteMarker) || strings.Contains(seen, contactMarker) {
			t.Error("the partner reads data that were not shared")
		}
		for name, p := range map[string]auth.Principal{"another organisation": fx.other, "a third office": fx.c, "the receiving office's colleague elsewhere": fx.b1} {
			if _, err := s.Get(ctx, p, sent.ID); !errors.Is(err, referral.ErrNotFound) {
				t.Errorf("%s reads the referral: %v", name, err)
			}
		}
		if err := s.Accept(ctx, fx.a1, sent.ID); !errors.Is(err, referral.ErrNotFound) {
			t.Errorf("the sender accepts: %v", err)
		}
		if err := s.Accept(ctx, fx.pt, sent.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Accept(ctx, fx.pt, sent.ID); !errors.Is(err, referral.ErrChanged) {
			t.Errorf("second accept: %v", err)
		}
		if err := s.Complete(ctx, fx.pt, sent.ID, referral.Outcome{Outcome: referral.Unsuccessful}); !hasProblem(err, "reason") {
			t.Errorf("unsuccessful without a reason: %v", err)
		}
		if err := s.Complete(ctx, fx.pt, sent.ID, referral.Outcome{Outcome: referral.Unsuccessful, Reason: "did_not_come",
			Note: "Zwei Termine nicht wahrgenommen."}); err != nil {
			t.Fatal(err)
		}
		mine, err := s.Get(ctx, fx.a1, sent.ID)
		if err != nil {
			t.Fatal(err)
		}
		if mine.Side != referral.SenderSide || mine.State != referral.Completed || mine.OutcomeReason != "did_not_come" ||
			mine.OutcomeNote != "Zwei Termine nicht wahrgenommen." || mine.CompletedAt.IsZero() {
			t.Errorf("the sender reads %+v", mine)
		}
		out, err := s.Outgoing(ctx, fx.a1, referral.Filter{})
		if err != nil || out.Total != 1 {
			t.Errorf("outgoing: %+v, %v", out, err)
		}
		in, err := s.Incoming(ctx, fx.pt, referral.Filter{State: "open"})
		if err != nil || in.Total != 0 {
			t.Errorf("open incoming after completion: %+v, %v", in, err)
		}
		// Each side was told: the partner of the new referral, the sender of both answers.
		if n, _ := fx.srv.App.Notify.Unread(ctx, fx.pt); n != 1 {
			t.Errorf("partner notifications: %d", n)
		}
		if n, _ := fx.srv.App.Notify.Unread(ctx, fx.a1); n != 2 {
			t.Errorf("sender notifications: %d", n)
		}
	})
}

func hasProblem(err error, field string) bool {
	var e valid.Errors
	if !errors.As(err, &e) {
		return false
	}
	for _, p := range e {
		if p.Field == field {
			return true
		}
	}
	return false
}

// TestOneAcceptWins: two colleagues of the receiving office accept at
// once; one wins, the other is told.
func TestOneAcceptWins(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx fixture) {
		sent := fx.send(t, fx.input(referral.ToOffice, fx.officeB, casework.ShareStatistics))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, p := range []auth.Principal{fx.b1, fx.b2} {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = fx.srv.App.Referrals.Accept(context.Background(), p, sent.ID) }()
		}
		wg.Wait()
		won, changed := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, referral.ErrChanged):
				changed++
			default:
				t.Errorf("accept: %v", err)
			}
		}
		if won != 1 || changed != 1 {
			t.Errorf("%d accepted, %d told it changed; want one each", won, changed)
		}
	})
}

// TestRefusedReferralsLeaveNothing: every refusal names its field and
// stores neither a referral nor a consent.
func TestRefusedReferralsLeaveNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx fixture) {
		ctx := context.Background()
		bare := fx.newFile(t, false)
		if _, err := fx.srv.App.DB.Exec(ctx, "UPDATE offices SET status = 'closed' WHERE id = ?", fx.srv.Office(t, "mbe-c")); err != nil {
			t.Fatal(err)
		}
		// An existing consent for statistics only, to the partner.
		narrow := fx.send(t, fx.input(referral.ToOrganisation, fx.orgID, casework.ShareStatistics))
		before := counts(t, fx)
		cases := []struct {
			name, field string
			edit        func(in *referral.Input)
		}{
			{"to one's own office", "recipient", func(in *referral.Input) {
				in.To = casework.ReferralScope{Kind: referral.ToOffice, ID: fx.officeA, Categories: in.To.Categories}
			}},
			{"to a closed office", "recipient", func(in *referral.Input) { in.To.Kind, in.To.ID = referral.ToOffice, fx.srv.Office(t, "mbe-c") }},
			{"to nobody known", "recipient", func(in *referral.Input) { in.To.ID = "no-such-organisation" }},
			{"without categories", "categories", func(in *referral.Input) { in.To.Categories = nil }},
			{"an unknown category", "categories", func(in *referral.Input) { in.To.Categories = []string{"everything"} }},
			{"contact data that are not there", "categories", func(in *referral.Input) { in.FileID, in.To.Categories = bare, []string{casework.ShareContact} }},
			{"a consent that does not cover the plan", "consent_id", func(in *referral.Input) {
				in.To.Categories, in.Consent = []string{casework.ShareStatistics, casework.SharePlan}, casework.ReferralConsent{ID: narrow.ConsentID}
			}},
			{"a consent in the future", "given_on", func(in *referral.Input) { in.Consent.Input.GivenOn = fx.srv.App.Clock.Today().AddDate(0, 0, 1) }},
			{"without a question", "question", func(in *referral.Input) { in.Question = " " }},
			{"an unknown topic", "topic", func(in *referral.Input) { in.Topic = "astrology" }},
			{"a response date in the past", "respond_by", func(in *referral.Input) { in.RespondBy = fx.srv.App.Clock.Today().AddDate(0, 0, -1) }},
			{"an external recipient without a name", "recipient", func(in *referral.Input) { in.To.Kind, in.To.ID = referral.ToExternal, "" }},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := fx.input(referral.ToOrganisation, fx.orgID, casework.ShareStatistics)
				c.edit(&in)
				_, err := fx.srv.App.Referrals.Send(ctx, fx.a1, in)
				if !hasProblem(err, c.field) {
					t.Errorf("Send: %v, want a problem with %s", err, c.field)
				}
				if after := counts(t, fx); after != before {
					t.Errorf("stored %v, was %v", after, before)
				}
			})
		}
		// A file of another office is not found at all.
		if _, err := fx.srv.App.Referrals.Send(ctx, fx.b1, fx.input(referral.ToOrganisation, fx.orgID, casework.ShareStatistics)); !errors.Is(err, casework.ErrNotFound) {
			t.Errorf("referring another office's file: %v", err)
		}
	})
}

// counts are the referrals and referral consents stored.
func counts(t *testing.T, fx fixture) [2]int {
	t.Helper()
	var c [2]int
	if err := fx.srv.App.DB.QueryRow(context.Background(), `SELECT (SELECT COUNT(*) FROM referrals),
		(SELECT COUNT(*) FROM consents WHERE purpose = 'referral')`).Scan(&c[0], &c[1]); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestConsentWithdrawalRevokes: withdrawing the consent revokes the open
// referral at once; the recipient keeps no shared data and cannot answer.
func TestConsentWithdrawalRevokes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx fixture) {
		ctx := context.Background()
		s := fx.srv.App.Referrals
		sent := fx.send(t, fx.input(referral.ToOrganisation, fx.orgID, casework.ShareStatistics, casework.ShareContact))
		if err := s.Accept(ctx, fx.pt, sent.ID); err != nil {
			t.Fatal(err)
		}
		if err := fx.srv.App.Cases.WithdrawConsent(ctx, casework.ViewerOf(fx.a1), fx.file, sent.ConsentID, time.Time{}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []auth.Principal{fx.pt, fx.a1} {
			got, err := s.Get(ctx, p, sent.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.State != referral.Revoked || !got.ConsentWithdrawn || got.Shared != nil {
				t.Errorf("%s reads %+v after the consent was withdrawn", got.Side, got)
			}
		}
		if err := s.Complete(ctx, fx.pt, sent.ID, referral.Outcome{Outcome: referral.Successful}); !errors.Is(err, referral.ErrChanged) {
			t.Errorf("completing a revoked referral: %v", err)
		}
	})
}

// TestWithdrawByTheSender: the recipient loses the shared data; nobody
// can answer it any more.
func TestWithdrawByTheSender(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx fixture) {
		ctx := context.Background()
		s := fx.srv.App.Referrals
		sent := fx.send(t, fx.input(referral.ToOffice, fx.officeB, casework.ShareStatistics))
		if err := s.Withdraw(ctx, fx.b1, sent.ID); !errors.Is(err, referral.ErrNotFound) {
			t.Errorf("the recipient withdraws: %v", err)
		}
		if err := s.Withdraw(ctx, fx.a1, sent.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, fx.b1, sent.ID)
		if err != nil || got.State != referral.Withdrawn || got.Shared != nil {
			t.Errorf("after withdrawal the recipient reads %+v, %v", got, err)
		}
		if err := s.Accept(ctx, fx.b1, sent.ID); !errors.Is(err, referral.ErrChanged) {
			t.Errorf("accepting a withdrawn referral: %v", err)
		}
		if err := s.Withdraw(ctx, fx.a1, sent.ID); !errors.Is(err, referral.ErrChanged) {
			t.Errorf("withdrawing twice: %v", err)
		}
	})
}

// TestExternalReferral: to an organisation not on the platform; the
// sender records the outcome.
func TestExternalReferral(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx fixture) {
		ctx := context.Background()
		in := fx.input(referral.ToExternal, "", casework.ShareStatistics)
		in.ExternalName = "Sprachschule Am Markt"
		sent := fx.send(t, in)
		if sent.To.Name != "Sprachschule Am Markt" {
			t.Errorf("recipient %+v", sent.To)
		}
		if err := fx.srv.App.Referrals.Complete(ctx, fx.a1, sent.ID, referral.Outcome{Outcome: referral.Successful}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestOverdueAndFigures: a referral without an answer after its wished
// date is overdue for both sides until answered; the figures count it.
func TestOverdueAndFigures(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx fixture) {
		ctx := context.Background()
		s := fx.srv.App.Referrals
		in := fx.input(referral.ToOffice, fx.officeB, casework.ShareStatistics)
		in.RespondBy = fx.srv.App.Clock.Today().AddDate(0, 0, 1)
		sent := fx.send(t, in)
		declined := fx.send(t, fx.input(referral.ToOrganisation, fx.orgID, casework.ShareStatistics))
		fx.srv.Clock.Advance(48 * time.Hour)
		for _, p := range []auth.Principal{fx.a1, fx.b1} {
			late, err := s.OverdueResponses(ctx, p)
			if err != nil || len(late) != 1 || late[0].ID != sent.ID {
				t.Errorf("overdue for %s: %+v, %v", p.Email(), late, err)
			}
		}
		if late, _ := s.OverdueResponses(ctx, fx.c); len(late) != 0 {
			t.Errorf("a third office sees overdue referrals: %+v", late)
		}
		if err := s.Accept(ctx, fx.b1, sent.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Decline(ctx, fx.pt, declined.ID, "no_capacity"); err != nil {
			t.Fatal(err)
		}
		if late, _ := s.OverdueResponses(ctx, fx.a1); len(late) != 0 {
			t.Errorf("still overdue after the answer: %+v", late)
		}
		now := fx.srv.App.Clock.Now()
		f, err := s.Figures(ctx, now.AddDate(0, 0, -7), now.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		if f.Total != 2 || f.BySenderProgram["mbe"] != 2 || f.ByRecipientKind[referral.ToOffice] != 1 ||
			f.ByState[referral.Accepted] != 1 || f.ByState[referral.Declined] != 1 || f.Answered != 2 ||
			f.MedianResponse < 47*time.Hour || f.MedianResponse > 49*time.Hour {
			t.Errorf("figures %+v", f)
		}
	})
}

// TestHandoverAt27: a JMD client is handed over to an MBE office; the MBE
// counselor accepts it into a new file with the shared statistics and
// the open goals, and the JMD file is closed as handed over.
func TestHandoverAt27(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx fixture) {
		ctx := context.Background()
		srv := fx.srv
		jmd := srv.Principal(t, srv.CreateAccount(t, "j@r.example", perm.Counselor, perm.Office, "jmd-j"))
		mbe := srv.Principal(t, srv.CreateAccount(t, "m@r.example", perm.Counselor, perm.Office, "mbe-m"))
		v := casework.ViewerOf(jmd)
		today := srv.App.Clock.Today()
		f, err := srv.App.Cases.Create(ctx, v, casework.FileInput{OfficeID: srv.Office(t, "jmd-j"), ProgramID: "jmd", IntakeOn: today,
			BirthYear: today.Year() - 27, Gender: "male", Country: "af", FirstLanguage: "prs", ResidenceStatus: "permanent", ArrivalYear: 2015})
		if err != nil {
			t.Fatal(err)
		}
		measure := []casework.Measure{{Description: "Bewerbungen schreiben", Responsible: "client", Status: casework.MeasureOpen, DueOn: today.AddDate(0, 1, 0)}}
		if _, err := srv.App.Cases.SavePlan(ctx, v, f.ID, 0, casework.PlanInput{StartsOn: today, ReviewOn: today.AddDate(0, 3, 0), Goals: []casework.Goal{
			{Area: "work", Title: "Ausbildungsplatz finden", Measures: measure},
			{Area: "language", Title: "B1 erreicht", Outcome: "reached", Measures: []casework.Measure{}},
		}}); err != nil {
			t.Fatal(err)
		}
		in := referral.Input{FileID: f.ID, To: casework.ReferralScope{Kind: referral.ToOffice, ID: srv.Office(t, "mbe-m"),
			Categories: []string{casework.ShareStatistics, casework.SharePlan}}, Topic: "work", Question: "Übergabe an die MBE mit 27.",
			Handover: true, Consent: casework.ReferralConsent{Input: casework.ConsentInput{GivenOn: today, Form: "written"}}}
		sent, err := srv.App.Referrals.Send(ctx, jmd, in)
		if err != nil {
			t.Fatal(err)
		}
		opened, err := srv.App.Referrals.AcceptIntoFile(ctx, mbe, sent.ID, "mbe")
		if err != nil {
			t.Fatal(err)
		}
		nf, err := srv.App.Cases.Get(ctx, casework.ViewerOf(mbe), opened)
		if err != nil {
			t.Fatal(err)
		}
		if nf.ProgramID != "mbe" || nf.BirthYear != today.Year()-27 || nf.Country != "AF" || nf.Code == f.Code {
			t.Errorf("new file %+v", nf.FileInput)
		}
		plan, err := srv.App.Cases.Plan(ctx, casework.ViewerOf(mbe), opened)
		if err != nil || len(plan.Goals) != 1 || plan.Goals[0].Title != "Ausbildungsplatz finden" {
			t.Errorf("carried goals: %+v, %v", plan, err)
		}
		old, err := srv.App.Cases.Get(ctx, v, f.ID)
		if err != nil || old.Status != casework.Closed || old.CloseReason != casework.CloseHandedOver {
			t.Errorf("the JMD file after the handover: %+v, %v", old, err)
		}
		got, err := srv.App.Referrals.Get(ctx, jmd, sent.ID)
		if err != nil || got.State != referral.Accepted || got.OpenedFileID != opened {
			t.Errorf("the referral after the handover: %+v, %v", got, err)
		}
		// Only a JMD file can be handed over.
		mbeIn := fx.input(referral.ToOffice, fx.officeB, casework.ShareStatistics)
		mbeIn.Handover = true
		if _, err := srv.App.Referrals.Send(ctx, fx.a1, mbeIn); !hasProblem(err, "recipient") {
			t.Errorf("handover of an MBE file: %v", err)
		}
	})
}

// TestExternalConsentNamesItsRecipient: a consent for one organisation
// outside the platform does not cover another.
func TestExternalConsentNamesItsRecipient(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx fixture) {
		in := fx.input(referral.ToExternal, "", casework.ShareStatistics)
		in.ExternalName = "Sprachschule Am Markt"
		sent := fx.send(t, in)
		other := fx.input(referral.ToExternal, "", casework.ShareStatistics)
		other.ExternalName, other.Consent = "Tafel Hannover", casework.ReferralConsent{ID: sent.ConsentID}
		if _, err := fx.srv.App.Referrals.Send(context.Background(), fx.a1, other); !hasProblem(err, "consent_id") {
			t.Errorf("a consent for another outside organisation: %v", err)
		}
		same := fx.input(referral.ToExternal, "", casework.ShareStatistics)
		same.ExternalName, same.Consent = "sprachschule am markt", casework.ReferralConsent{ID: sent.ConsentID}
		if _, err := fx.srv.App.Referrals.Send(context.Background(), fx.a1, same); err != nil {
			t.Errorf("the same outside organisation again: %v", err)
		}
	})
}

// TestDrafts: a draft is the sender's alone, holds no consent and no
// data; sending it takes both; a draft can be discarded.
func TestDrafts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx fixture) {
		ctx := context.Background()
		s := fx.srv.App.Referrals
		before := counts(t, fx)
		draft, err := s.SaveDraft(ctx, fx.a1, fx.input(referral.ToOrganisation, fx.orgID, casework.ShareStatistics))
		if err != nil {
			t.Fatal(err)
		}
		if after := counts(t, fx); after[0] != before[0]+1 || after[1] != before[1] {
			t.Errorf("a draft stored %v (was %v): want the referral without a consent", after, before)
		}
		if _, err := s.Get(ctx, fx.pt, draft.ID); !errors.Is(err, referral.ErrNotFound) {
			t.Errorf("the recipient reads a draft: %v", err)
		}
		if in, _ := s.Incoming(ctx, fx.pt, referral.Filter{}); in.Total != 0 {
			t.Errorf("a draft in the recipient's inbox: %+v", in)
		}
		mine, err := s.Get(ctx, fx.a1, draft.ID)
		if err != nil || mine.State != referral.Draft || mine.Shared != nil || mine.ConsentID != "" {
			t.Errorf("the sender's draft: %+v, %v", mine, err)
		}
		consent := casework.ReferralConsent{Input: casework.ConsentInput{GivenOn: fx.srv.App.Clock.Today(), Form: "oral"}}
		if _, err := s.SendDraft(ctx, fx.pt, draft.ID, consent); !errors.Is(err, referral.ErrNotFound) {
			t.Errorf("someone else sends the draft: %v", err)
		}
		sent, err := s.SendDraft(ctx, fx.a1, draft.ID, consent)
		if err != nil {
			t.Fatal(err)
		}
		if sent.State != referral.Sent || sent.ConsentID == "" {
			t.Errorf("sent draft %+v", sent)
		}
		got, err := s.Get(ctx, fx.pt, draft.ID)
		if err != nil || got.Shared == nil || got.Shared.Statistics == nil {
			t.Errorf("the recipient after sending: %+v, %v", got, err)
		}
		if _, err := s.SendDraft(ctx, fx.a1, draft.ID, consent); !errors.Is(err, referral.ErrChanged) {
			t.Errorf("sending twice: %v", err)
		}
		other, err := s.SaveDraft(ctx, fx.a1, fx.input(referral.ToOffice, fx.officeB, casework.ShareStatistics))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Discard(ctx, fx.b1, other.ID); !errors.Is(err, referral.ErrNotFound) {
			t.Errorf("the recipient discards a draft: %v", err)
		}
		if err := s.Discard(ctx, fx.a1, other.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, fx.a1, other.ID); !errors.Is(err, referral.ErrNotFound) {
			t.Errorf("a discarded draft: %v", err)
		}
		if err := s.Discard(ctx, fx.a1, draft.ID); !errors.Is(err, referral.ErrChanged) {
			t.Errorf("discarding a sent referral: %v", err)
		}
	})
}
