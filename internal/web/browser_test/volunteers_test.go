package browser_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

var (
	volunteerConfirmRe  = regexp.MustCompile(`https?://\S+/uk/volunteer/confirm/[A-Za-z0-9_-]+`)
	volunteerPersonalRe = regexp.MustCompile(`https?://\S+/uk/volunteer/me/[A-Za-z0-9_-]+`)
	mediationLinkRe     = regexp.MustCompile(`https?://\S+/mediation/[0-9a-f-]+`)
)

// The volunteer of the journey: a Ukrainian name, so the pages must carry
// Cyrillic through every step.
const (
	olenaName  = "Олена Коваль"
	olenaEmail = "olena.koval@example.org"
)

// volunteerJourney is what the steps of TestBrowserVolunteerJourney hand
// on to each other.
type volunteerJourney struct {
	srv  *apptest.Server
	smtp *mailtest.Server
	// uk and de read the catalogs, so the checks follow the texts.
	uk, de                  *i18n.Localizer
	visitor, coord, counsel *tab
	coordAcc, counselAcc    apptest.Account
	personal, request       string    // paths of the volunteer's page and the request
	start                   time.Time // the appointment
}

// TestBrowserVolunteerJourney is issue 18's journey: a volunteer signs up
// in Ukrainian (a refused form first) and confirms the address through
// the mailed link; a region coordinator confirms her after the
// conversation (refused without the pledge first); a counselor requests a
// Ukrainian mediator, sees her proposed and asks her; she accepts through
// the link of the ask mail, the counselor sees it and gets the mail;
// after the appointment she logs her hours. The public MSO directory
// lists the MSO that agreed and not the other. Mails are read from the
// real SMTP server; axe on every page; the volunteer's pages at 390 px.
func TestBrowserVolunteerJourney(t *testing.T) {
	smtp := mailtest.Start(t)
	srv := apptest.Start(t, apptest.Options{Mail: smtp})
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	j := &volunteerJourney{srv: srv, smtp: smtp, uk: cat.Localizer("uk"), de: cat.Localizer("de"),
		coordAcc:   srv.CreateAccount(t, "koordination-ehrenamt@example.org", perm.RegionCoordinator, perm.Region, "hannover"),
		counselAcc: srv.CreateAccount(t, "beratung-ehrenamt@example.org", perm.Counselor, perm.Office, "ehrenamt-hannover")}
	j.visitor = newTab(t, srv)

	j.signUp(t)
	j.confirmAddress(t)
	j.confirmByCoordinator(t)
	j.requestMediator(t)
	j.accept(t)
	j.logHours(t)
	checkMSODirectory(t, srv, j.visitor, j.coordAcc)

	// On a phone, the volunteer's pages do not scroll sideways.
	j.visitor.SetWidth(t, browsertest.Phone)
	j.visitor.page(t, "/uk/volunteer", "sign-up at 390 px")
	j.visitor.page(t, j.personal, "personal page at 390 px")
}

// signUp sends the sign-up form empty but for a bad address (422 with the
// error summary), then filled: mediation in Ukrainian (native), every
// morning and afternoon free, so any weekday's 10:00 fits.
func (j *volunteerJourney) signUp(t *testing.T) {
	b := j.visitor
	b.open(t, "/uk/volunteer", "sign-up")
	if l := b.lang(t); l != "uk" {
		t.Errorf("sign-up html lang = %q, want uk", l)
	}
	b.Fill(t, "#email", "kein-postfach")
	b.submit(t, "#signup-submit", http.StatusUnprocessableEntity, "/uk/volunteer")
	b.wantErrorSummary(t, "#email")
	b.check(t, "refused sign-up")

	b.Fill(t, "#name", olenaName)
	b.Fill(t, "#email", olenaEmail)
	b.Fill(t, "#postcode", "30159")
	b.Click(t, "#activity-mediation")
	b.Select(t, "#lang_1", "uk")
	b.Select(t, "#level_1", "5")
	for _, day := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		for _, part := range []string{"morning", "afternoon"} {
			b.Click(t, "#slot-"+day+"-"+part)
		}
	}
	b.Click(t, "#consent")
	b.submit(t, "#signup-submit", http.StatusOK, "/uk/volunteer/thanks")
	b.check(t, "thanks")
}

// confirmAddress opens the confirmation link of the mail and presses the
// button (a mail scanner opening the link confirms nothing): the personal
// page says a coordinator will get in touch.
func (j *volunteerJourney) confirmAddress(t *testing.T) {
	b := j.visitor
	m := waitSubject(t, j.smtp, olenaEmail, j.uk.T("volunteer.mail_confirm_subject"))
	link := volunteerConfirmRe.FindString(m.Text)
	if link == "" {
		t.Fatalf("no confirmation link in %q", m.Text)
	}
	b.open(t, strings.TrimPrefix(link, j.srv.URL), "confirm address")
	j.personal = strings.Replace(strings.TrimPrefix(link, j.srv.URL), "/confirm/", "/me/", 1)
	b.submit(t, "#confirm-submit", http.StatusOK, j.personal)
	b.check(t, "personal page (waiting)")
	if l := b.lang(t); l != "uk" {
		t.Errorf("personal page html lang = %q, want uk", l)
	}
	if got, want := b.Text(t, "#volunteer-state"), j.uk.T("volunteer.state_registered"); got != want {
		t.Errorf("state = %q, want %q", got, want)
	}
}

// confirmByCoordinator: the region's coordinator finds her in the list
// and confirms her; without the ticked pledge the form is refused.
func (j *volunteerJourney) confirmByCoordinator(t *testing.T) {
	j.coord = newTab(t, j.srv)
	b := j.coord
	b.login(t, j.coordAcc.Email, j.coordAcc.Password, j.coordAcc.TOTPSecret)
	b.open(t, "/volunteers", "volunteers")
	profile := b.linkNamed(t, olenaName)
	b.open(t, profile, "volunteer profile")
	b.submit(t, `form[action$="/confirm"] button[type=submit]`, http.StatusUnprocessableEntity, profile+"/confirm")
	b.wantErrorSummary(t, "#pledge")
	b.check(t, "refused confirmation")

	b.Click(t, "#pledge")
	// Typed (Fill clears first, which an empty textarea refuses).
	b.Run(t, chromedp.SendKeys(chromedp.CSS("#note"), "Gespräch geführt, Erklärung liegt vor."))
	b.submit(t, `form[action$="/confirm"] button[type=submit]`, http.StatusOK, profile)
	if flash, want := b.Text(t, ".flash"), j.de.T("flash.volunteer_confirmed"); flash != want {
		t.Errorf("flash = %q, want %q", flash, want)
	}
	b.check(t, "confirmed volunteer")
}

// requestMediator: the counselor asks for a Ukrainian mediator in three
// days at 10:00 Berlin time, in person; Olena is proposed and asked.
func (j *volunteerJourney) requestMediator(t *testing.T) {
	j.counsel = newTab(t, j.srv)
	b := j.counsel
	b.login(t, j.counselAcc.Email, j.counselAcc.Password, j.counselAcc.TOTPSecret)
	b.open(t, "/mediation/new", "new mediation request")
	day := j.srv.Clock.Now().In(clock.Berlin()).AddDate(0, 0, 3)
	j.start = time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, clock.Berlin())
	b.Select(t, "#language", "uk")
	b.setValue(t, "#day", j.start.Format(time.DateOnly))
	b.setValue(t, "#time", "10:00")
	b.setValue(t, "#minutes", "60")
	b.Select(t, "#mode", "in_person")
	b.Fill(t, "#place", "Raum 2")
	b.submitUnder(t, `form[action="/mediation"] button[type=submit]`, "/mediation/")
	b.check(t, "mediation request")
	j.request = strings.TrimPrefix(b.URL(t), j.srv.URL)
	if i := strings.IndexAny(j.request, "?#"); i >= 0 {
		j.request = j.request[:i]
	}
	if got := b.Text(t, ".proposals"); !strings.Contains(got, olenaName) {
		t.Fatalf("proposals do not name %s: %q", olenaName, got)
	}
	b.submit(t, `form[action="`+j.request+`/ask"] button[type=submit]`, http.StatusOK, j.request)
	b.check(t, "asked")
	if got, want := b.Text(t, "main table"), j.de.T("volunteerstaff.ask_asked"); !strings.Contains(got, want) {
		t.Errorf("asks table %q lacks %q", got, want)
	}
}

// accept: the ask mail (subject with the date in Ukrainian) links the
// personal page, where Olena takes the appointment; the counselor's page
// and mail say so.
func (j *volunteerJourney) accept(t *testing.T) {
	b := j.visitor
	m := waitSubject(t, j.smtp, olenaEmail, j.uk.T("volunteer.mail_ask_subject", "When", j.uk.DateTime(j.start)))
	link := volunteerPersonalRe.FindString(m.Text)
	if link == "" {
		t.Fatalf("no personal link in the ask mail: %q", m.Text)
	}
	if path := strings.TrimPrefix(link, j.srv.URL); path != j.personal {
		t.Errorf("ask mail links %s, want %s", path, j.personal)
	}
	b.open(t, j.personal, "personal page with the ask")
	b.submit(t, `#asks form[action$="/accept"] button[type=submit]`, http.StatusOK, j.personal)
	b.check(t, "accepted")
	if got, want := b.Text(t, "#notice"), j.uk.T("volunteer.done_accepted"); got != want {
		t.Errorf("notice = %q, want %q", got, want)
	}
	if got := b.Text(t, "#accepted"); !strings.Contains(got, "Raum 2") {
		t.Errorf("the accepted appointment is not listed: %q", got)
	}

	c := j.counsel
	c.open(t, j.request, "filled request")
	if got, want := c.Text(t, "main .lead"), j.de.T("volunteerstaff.request_filled"); got != want {
		t.Errorf("request state = %q, want %q", got, want)
	}
	if got, want := c.Text(t, "main table"), j.de.T("volunteerstaff.ask_accepted"); !strings.Contains(got, want) {
		t.Errorf("asks table %q lacks %q", got, want)
	}
	m = waitSubject(t, j.smtp, j.counselAcc.Email, j.de.T("volunteer.mail_accepted_subject", "When", j.de.DateTime(j.start)))
	if link := mediationLinkRe.FindString(m.Text); strings.TrimPrefix(link, j.srv.URL) != j.request {
		t.Errorf("accepted mail links %q, want %s", link, j.request)
	}
}

// logHours: four days on, the appointment is past and Olena enters an
// hour and a half, which the counselor's request shows too.
func (j *volunteerJourney) logHours(t *testing.T) {
	j.srv.Clock.Advance(4 * 24 * time.Hour)
	b := j.visitor
	b.open(t, j.personal, "personal page after the appointment")
	form := b.attr(t, `#hours form[id^="hours-"]`, "id")
	id := strings.TrimPrefix(form, "hours-")
	b.Fill(t, "#hours-h-"+id, "1")
	b.Fill(t, "#hours-m-"+id, "30")
	b.submit(t, "#"+form+" button[type=submit]", http.StatusOK, j.personal)
	b.check(t, "hours logged")
	if got, want := b.Text(t, "#notice"), j.uk.T("volunteer.done_hours"); got != want {
		t.Errorf("notice = %q, want %q", got, want)
	}
	if got, want := b.Text(t, "#hours"), j.uk.T("volunteer.hours_logged", "Hours", 1, "Minutes", 30); !strings.Contains(got, want) {
		t.Errorf("past appointments %q lack %q", got, want)
	}
	// Four days outlast the staff session: the counselor signs in again.
	j.counsel.login(t, j.counselAcc.Email, j.counselAcc.Password, j.counselAcc.TOTPSecret)
	j.counsel.open(t, j.request, "request with hours")
	if got := j.counsel.Text(t, "main table"); !strings.Contains(got, "1,5") {
		t.Errorf("asks table %q lacks the 1,5 hours", got)
	}
}

// checkMSODirectory: of two MSOs in Hannover with a profile, only the one
// that agreed is in the public directory (German and Arabic); the other's
// page is not found.
func checkMSODirectory(t *testing.T, srv *apptest.Server, b *tab, coord apptest.Account) {
	t.Helper()
	agreed := newMSO(t, srv, coord, "Мрія – Ukrainischer Verein Hannover e. V.", true)
	silent := newMSO(t, srv, coord, "Stiller Kulturverein Hannover e. V.", false)
	for _, lang := range []string{"de", "ar"} {
		b.page(t, "/"+lang+"/mso", "MSO directory ("+lang+")")
		list := b.textContent(t, "main")
		if !strings.Contains(list, agreed.Name) || strings.Contains(list, silent.Name) {
			t.Errorf("%s directory lists %q but not %q? %q", lang, agreed.Name, silent.Name, list)
		}
	}
	b.page(t, "/de/mso/"+agreed.ID, "MSO profile")
	if resp, _ := srv.NewClient(t).Get(t, "/de/mso/"+silent.ID); resp.StatusCode != http.StatusNotFound {
		t.Errorf("profile of the MSO without consent: %d, want 404", resp.StatusCode)
	}
}

// newMSO registers an MSO in Hannover and has the region's coordinator
// save its profile and, when public, record its consent to the directory.
func newMSO(t *testing.T, srv *apptest.Server, coord apptest.Account, name string, public bool) *network.Organisation {
	t.Helper()
	ctx := context.Background()
	o, err := srv.App.Network.CreateOrganisation(ctx, network.EditorOf(auth.SystemPrincipal("test")),
		network.OrganisationInput{Name: name, Kind: network.MSO, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	p := srv.Principal(t, coord)
	in := mso.ProfileInput{Description: "Beratung und Begegnung für Familien.", Languages: []string{"de", "uk"}}
	if err := srv.App.MSO.SaveProfile(ctx, p, o.ID, 0, in); err != nil {
		t.Fatal(err)
	}
	if public {
		if err := srv.App.MSO.SetConsent(ctx, p, o.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

// linkNamed returns the href of the first link in main whose text
// contains text (a list's row, whose id the test does not know).
func (b *tab) linkNamed(t *testing.T, text string) string {
	t.Helper()
	js := `(() => { const a = Array.from(document.querySelectorAll('main a')).find((a) => a.textContent.includes(` +
		jsString(text) + `)); return a ? a.getAttribute('href') : ""; })()`
	href := browsertest.Get(t, b.Browser, chromedp.Evaluate[string](js))
	if href == "" {
		t.Fatalf("no link %q on %s", text, b.URL(t))
	}
	return href
}

// waitSubject waits for a mail to addr with the subject and returns the
// newest such (the volunteer gets several mails; the subject tells which).
func waitSubject(t *testing.T, smtp *mailtest.Server, addr, subject string) mailtest.Received {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var found *mailtest.Received
		for _, m := range smtp.Messages() {
			if len(m.To) == 1 && m.To[0] == addr && m.Subject == subject {
				found = &m
			}
		}
		if found != nil {
			return *found
		}
		time.Sleep(100 * time.Millisecond)
	}
	var got []string
	for _, m := range smtp.Messages() {
		got = append(got, strings.Join(m.To, ",")+": "+m.Subject)
	}
	t.Fatalf("no mail to %s with subject %q; mails: %q", addr, subject, got)
	return mailtest.Received{}
}
