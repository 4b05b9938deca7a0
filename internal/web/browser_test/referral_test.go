package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// referralFile opens a file of the counselor's office through the store
// (the file journey is TestBrowserCaseFile) and returns its id.
func referralFile(t *testing.T, srv *apptest.Server, acc apptest.Account, office, program string, birthYear int) string {
	t.Helper()
	f, err := srv.App.Cases.Create(context.Background(), casework.ViewerOf(srv.Principal(t, acc)), casework.FileInput{OfficeID: office,
		ProgramID: program, IntakeOn: srv.App.Clock.Today(), BirthYear: birthYear, Gender: "female", Country: "UA",
		FirstLanguage: "uk", ResidenceStatus: "temporary", ArrivalYear: 2022})
	if err != nil {
		t.Fatal(err)
	}
	return f.ID
}

// TestBrowserReferralToThePartner: at 1280 and 390 px, a counselor records
// the consent and refers a client to the Jobcenter; the Jobcenter's
// partner account finds it in its inbox, accepts and completes it; the
// counselor sees the outcome on the file and a notification. Every page is
// axe-clean and fits the screen.
func TestBrowserReferralToThePartner(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	jc, err := srv.App.Network.CreateOrganisation(ctx, ministry, network.OrganisationInput{Name: "Jobcenter Region Hannover",
		Kind: network.Authority, Authority: "jobcenter", RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	counselor := srv.CreateAccount(t, "beratung-ref@example.org", perm.Counselor, perm.Office, "mbe-ref")
	partner := srv.CreateAccount(t, "jobcenter@example.org", perm.Partner, perm.Organisation, jc.ID)
	for _, width := range []int{browsertest.Desktop, browsertest.Phone} {
		t.Run(fmt.Sprintf("%d px", width), func(t *testing.T) {
			at := fmt.Sprintf(" at %d px", width)
			file := referralFile(t, srv, counselor, srv.Office(t, "mbe-ref"), "mbe", 1988)
			b := newTab(t, srv)
			b.SetWidth(t, width)
			b.login(t, counselor.Email, counselor.Password, counselor.TOTPSecret)
			b.page(t, "/cases/"+file, "file"+at)
			b.submit(t, `a[href="/cases/`+file+`/refer"]`, http.StatusOK, "/cases/"+file+"/refer")
			b.check(t, "referral form"+at)
			b.wantNoHorizontalScroll(t, "referral form"+at)
			// Sent without anything: the problems, linked, and nothing stored.
			b.submit(t, `form[action$="/refer"] button[type=submit]`, http.StatusUnprocessableEntity, "/cases/"+file+"/refer")
			b.wantErrorSummary(t, "#recipient")
			b.check(t, "refused referral form"+at)
			b.Select(t, "#recipient", "organisation:"+jc.ID)
			b.Select(t, "#topic", "work")
			b.setValue(t, "#question", "Bitte Beratung zur Arbeitsvermittlung.")
			b.Click(t, "#categories-statistics")
			b.setValue(t, "#respond_by", time.Now().AddDate(0, 0, 7).Format(time.DateOnly))
			b.submitUnder(t, `form[action$="/refer"] button[type=submit]`, "/referrals/")
			b.check(t, "referral sent"+at)
			refURL := strings.TrimPrefix(b.URL(t), srv.URL)

			p := newTab(t, srv)
			p.SetWidth(t, width)
			p.login(t, partner.Email, partner.Password, partner.TOTPSecret)
			p.page(t, "/referrals", "partner's inbox"+at)
			p.submit(t, `main a[href="`+refURL+`"]`, http.StatusOK, refURL)
			p.check(t, "referral as the partner"+at)
			p.wantNoHorizontalScroll(t, "referral as the partner"+at)
			if txt := p.Text(t, "main"); !strings.Contains(txt, "Bitte Beratung zur Arbeitsvermittlung.") || !strings.Contains(txt, "1988") {
				t.Errorf("the partner does not read the request and the shared statistics: %q", txt)
			}
			p.submit(t, `form[action$="/accept"] button[type=submit]`, http.StatusOK, refURL)
			p.check(t, "accepted"+at)
			p.Click(t, "#complete-outcome-unsuccessful")
			p.Select(t, "#complete-reason", "did_not_come")
			p.setValue(t, "#complete-note", "Zwei Termine nicht wahrgenommen.")
			p.submit(t, `form[action$="/complete"] button[type=submit]`, http.StatusOK, refURL)
			p.check(t, "completed"+at)

			b.page(t, "/cases/"+file, "file with the outcome"+at)
			if txt := b.Text(t, "#referrals"); !strings.Contains(txt, "Zwei Termine nicht wahrgenommen.") {
				t.Errorf("the file does not show the outcome: %q", txt)
			}
			b.page(t, "/notifications", "notifications"+at)
			if txt := b.Text(t, "main"); !strings.Contains(txt, "Eine Ihrer Weitervermittlungen wurde beantwortet.") {
				t.Errorf("no notification of the answer: %q", txt)
			}
		})
	}
}

// TestBrowserHandoverToMBE: a JMD counselor hands a client of 27 over to
// the nearest MBE office; its counselor accepts into a new file, which
// carries the open goal; the JMD file is closed.
func TestBrowserHandoverToMBE(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	jmd := srv.CreateAccount(t, "jmd-ho@example.org", perm.Counselor, perm.Office, "jmd-ho")
	mbe := srv.CreateAccount(t, "mbe-ho@example.org", perm.Counselor, perm.Office, "mbe-ho")
	today := srv.App.Clock.Today()
	file := referralFile(t, srv, jmd, srv.Office(t, "jmd-ho"), "jmd", today.Year()-27)
	v := casework.ViewerOf(srv.Principal(t, jmd))
	if _, err := srv.App.Cases.SavePlan(context.Background(), v, file, 0, casework.PlanInput{StartsOn: today, ReviewOn: today.AddDate(0, 3, 0),
		Goals: []casework.Goal{{Area: "work", Title: "Ausbildung in der Pflege beginnen", Measures: []casework.Measure{
			{Description: "Bewerbung schreiben", Responsible: "client", Status: casework.MeasureOpen, DueOn: today.AddDate(0, 0, 14)}}}}}); err != nil {
		t.Fatal(err)
	}
	b := newTab(t, srv)
	b.SetWidth(t, browsertest.Phone)
	b.login(t, jmd.Email, jmd.Password, jmd.TOTPSecret)
	b.page(t, "/cases/"+file, "JMD file")
	b.submit(t, `a[href="/cases/`+file+`/refer?handover=1"]`, http.StatusOK, "/cases/"+file+"/refer")
	b.check(t, "handover form")
	b.wantNoHorizontalScroll(t, "handover form")
	b.Select(t, "#recipient", "office:"+srv.Office(t, "mbe-ho"))
	b.submitUnder(t, `form[action$="/refer"] button[type=submit]`, "/referrals/")
	refURL := strings.TrimPrefix(b.URL(t), srv.URL)

	m := newTab(t, srv)
	m.SetWidth(t, browsertest.Phone)
	m.login(t, mbe.Email, mbe.Password, mbe.TOTPSecret)
	m.page(t, refURL, "handover as the MBE")
	if got := m.attr(t, `#accept-open_in option[selected]`, "value"); got != "mbe" {
		t.Errorf("the handover does not propose an MBE file: %q", got)
	}
	m.submitUnder(t, `form[action$="/accept"] button[type=submit]`, "/cases/")
	m.check(t, "new MBE file")
	m.page(t, strings.TrimPrefix(m.URL(t), srv.URL)+"/plan", "the new file's plan")
	carried := browsertest.Get(t, m.Browser, chromedp.Evaluate[bool](
		`[...document.querySelectorAll("main input, main textarea")].some(e => e.value === "Ausbildung in der Pflege beginnen")`))
	if !carried {
		t.Error("the new file's plan lacks the carried goal")
	}
	b.page(t, "/cases/"+file, "JMD file after the handover")
	if txt := b.Text(t, "main"); !strings.Contains(txt, "geschlossen") {
		t.Errorf("the JMD file is not closed: %q", txt)
	}
}

// submitUnder clicks selector and expects a 200 page whose path starts
// with prefix (a new referral or file, whose id the test does not know).
func (b *tab) submitUnder(t *testing.T, selector, prefix string) {
	t.Helper()
	if status := b.Submit(t, selector); status != http.StatusOK {
		t.Fatalf("submit %q: status %d (now at %s)", selector, status, b.URL(t))
	}
	if path := strings.TrimPrefix(b.URL(t), b.srv.URL); !strings.HasPrefix(path, prefix) {
		t.Fatalf("submit %q led to %s, want %s…", selector, path, prefix)
	}
}
