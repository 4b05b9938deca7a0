package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
	"github.com/kmn-niedersachsen/kmn/internal/network"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
)

// TestBrowserCaseFile: a counselor opens a new client file, records the
// contact-data consent, stores contact details and a counseling contact,
// and sees them on the file page; axe checks every page on the way.
func TestBrowserCaseFile(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	org, err := srv.App.Network.CreateOrganisation(ctx, ministry, network.OrganisationInput{Name: "AWO Göttingen", Kind: network.Provider, RegionID: "suedniedersachsen"})
	if err != nil {
		t.Fatal(err)
	}
	office, err := srv.App.Network.CreateOffice(ctx, ministry, network.OfficeInput{OrganisationID: org.ID, Name: "MBE AWO Göttingen",
		Postcode: "37073", Languages: []string{"de"}, Programs: []string{"mbe"}}, srv.App.Geo)
	if err != nil {
		t.Fatal(err)
	}
	acc := srv.CreateAccount(t, "beratung-goe@example.org", perm.Counselor, perm.Office, office.ID)
	b := newTab(t, srv)
	b.login(t, acc.Email, acc.Password, acc.TOTPSecret)
	b.open(t, "/cases", "caseload (empty)")
	b.open(t, "/cases/new", "new file form")

	yesterday := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	b.setValue(t, "#intake_on", yesterday)
	b.Select(t, "#program_id", "mbe")
	b.Fill(t, "#birth_year", "1986")
	b.Select(t, "#gender", "female")
	b.Select(t, "#country", "SY")
	b.Select(t, "#first_language", "ar")
	b.Fill(t, "#arrival_year", "2015")
	if status := b.Submit(t, `form[action="/cases"] button[type=submit]`); status != http.StatusOK {
		t.Fatalf("create file: status %d at %s", status, b.URL(t))
	}
	b.check(t, "file page")
	fileURL := b.URL(t)
	// The forms are folded until asked for; the facts show names, not codes.
	for _, d := range []string{"#contact-new", "#consent-new", "#dates-edit", "#close-form"} {
		if b.isOpen(t, d) {
			t.Errorf("%s is open on a fresh file page", d)
		}
	}
	if txt := b.Text(t, "#statistics"); !strings.Contains(txt, "Syrien") || !strings.Contains(txt, "Arabisch") {
		t.Errorf("statistics do not name country and language: %q", txt)
	}

	// The overview's "record a contact" opens the folded form, no script needed.
	b.Click(t, `.overview a[href="#contact-form"]`)
	if !b.isOpen(t, "#contact-new") {
		t.Error("the overview's contact button does not open the contact form")
	}
	b.Click(t, "#consent-new > summary")
	b.Select(t, "#consent-purpose", "contact_data")
	b.setValue(t, "#consent-given_on", yesterday)
	b.submitTo(t, `form[action$="/consents"] button[type=submit]`, fileURL)
	b.check(t, "file page with consent")
	b.Click(t, "#contact_data-edit > summary")
	b.Fill(t, "#contact_data-name", "Amal Beispiel")
	b.submitTo(t, `form[action$="/contact-data"] button[type=submit]`, fileURL)
	// A refused contact comes back with its form open and the problem in it.
	if !b.isOpen(t, "#contact-new") {
		b.Click(t, "#contact-new > summary")
	}
	b.setValue(t, "#contact-on", yesterday)
	b.Fill(t, "#contact-minutes", "9999")
	if status := b.Submit(t, `form[action$="/contacts"] button[type=submit]`); status != http.StatusUnprocessableEntity {
		t.Fatalf("refused contact: status %d", status)
	}
	b.expected = fmt.Sprintf("Failed to load resource: the server responded with a status of 422 (Unprocessable Entity) (%s)", b.URL(t))
	b.check(t, "refused contact")
	if !b.isOpen(t, "#contact-new") || b.attr(t, "#contact-minutes", "aria-invalid") != "true" {
		t.Error("the refused contact form is not open with its problem")
	}
	b.Select(t, "#contact-language", "ar")
	b.setValue(t, "#contact-on", yesterday)
	b.Fill(t, "#contact-minutes", "45")
	b.setValue(t, "#contact-note", "Erstgespräch zu Sprachkursen")
	b.submitTo(t, `form[action$="/contacts"] button[type=submit]`, fileURL)
	b.check(t, "file page with contact")
	page := browsertest.Get(t, b.Browser, chromedp.Evaluate[string](`document.body.innerText`))
	for _, want := range []string{"Amal Beispiel", "Erstgespräch zu Sprachkursen"} {
		if !strings.Contains(page, want) {
			t.Errorf("file page lacks %q", want)
		}
	}
	b.open(t, "/cases", "caseload")
	path := strings.TrimPrefix(fileURL, srv.URL)
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path = path[:i]
	}
	b.open(t, path+"/plan", "support plan")
	b.Fill(t, `input[name="goals[0].title"]`, "Deutschkurs B1 abschließen")
	b.setValue(t, `input[name="starts_on"]`, time.Now().Format(time.DateOnly))
	b.setValue(t, `input[name="review_on"]`, time.Now().AddDate(0, 3, 0).Format(time.DateOnly))
	b.Select(t, `select[name="goals[0].area"]`, "language")
	b.setValue(t, `textarea[name="goals[0].measures[0].description"]`, "Anmeldung zum Integrationskurs")
	b.Select(t, `select[name="goals[0].measures[0].responsible"]`, "client")
	b.setValue(t, `input[name="goals[0].measures[0].due_on"]`, time.Now().AddDate(0, 0, 3).Format(time.DateOnly))
	// A second goal with its own deadline, in the second (empty) goal block.
	b.Fill(t, `input[name="goals[1].title"]`, "Arbeitsstelle in der Pflege finden")
	b.Select(t, `select[name="goals[1].area"]`, "work")
	b.setValue(t, `textarea[name="goals[1].measures[0].description"]`, "Lebenslauf mit der Beraterin schreiben")
	b.Select(t, `select[name="goals[1].measures[0].responsible"]`, "counselor")
	b.setValue(t, `input[name="goals[1].measures[0].due_on"]`, time.Now().AddDate(0, 0, 5).Format(time.DateOnly))
	if status := b.Submit(t, `form#plan button[type=submit]`); status != http.StatusOK {
		t.Fatalf("save plan: %d: %s", status, b.Text(t, ".error-summary"))
	}
	b.check(t, "support plan after save")
	b.open(t, path+"/plan/history", "plan history")
	b.open(t, path+"/plan/print", "printable plan")
	printed := b.Text(t, "main")
	for _, want := range []string{"Deutschkurs B1 abschließen", "Arbeitsstelle in der Pflege finden", "Lebenslauf mit der Beraterin schreiben"} {
		if !strings.Contains(printed, want) {
			t.Errorf("printed plan lacks %q", want)
		}
	}
	b.open(t, "/deadlines", "deadlines")
	// Both measures (due in 3 and 5 days) are listed this week, by file code.
	rows := browsertest.Get(t, b.Browser, chromedp.Evaluate[int](`[...document.querySelectorAll("main tbody tr")].filter(r => r.innerText.includes("KMN-")).length`))
	if rows < 2 {
		t.Errorf("deadlines page lists %d rows with the file code, want the two measures: %q", rows, b.Text(t, "main"))
	}
	b.open(t, "/dashboard", "dashboard with deadlines")
	if txt := b.Text(t, "main"); !strings.Contains(txt, "KMN-") {
		t.Errorf("dashboard shows no deadline of the file: %q", txt)
	}
	b.open(t, path+"/erase", "erase confirmation")
}

// setValue sets an input's value by script (date inputs do not take typed
// text in every locale).
func (b *tab) setValue(t *testing.T, selector, value string) {
	t.Helper()
	js := `(() => { const e = document.querySelector(` + jsString(selector) + `); if (!e) return false; e.value = ` + jsString(value) + `; return true; })()`
	if !browsertest.Get(t, b.Browser, chromedp.Evaluate[bool](js)) {
		t.Fatalf("no element %s", selector)
	}
}

// submitTo submits a form that redirects back to page (perhaps with a
// #fragment for the section) and expects 200.
func (b *tab) submitTo(t *testing.T, selector, page string) {
	t.Helper()
	if status := b.Submit(t, selector); status != http.StatusOK {
		t.Fatalf("submit %s: status %d at %s", selector, status, b.URL(t))
	}
	if u := b.URL(t); !strings.HasPrefix(u, page) {
		t.Fatalf("after %s: at %s, want %s", selector, u, page)
	}
}

// isOpen reports whether the <details> at selector is open.
func (b *tab) isOpen(t *testing.T, selector string) bool {
	t.Helper()
	return browsertest.Get(t, b.Browser, chromedp.Evaluate[bool](`!!document.querySelector(`+jsString(selector)+`).open`))
}
