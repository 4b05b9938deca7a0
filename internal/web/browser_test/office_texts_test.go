package browser_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

const (
	texts390German = "Rufen Sie uns an oder schreiben Sie eine E-Mail; wir vereinbaren dann einen Termin mit Ihnen."
	texts390Arabic = "اتصلوا بنا أو أرسلوا إلينا بريدًا إلكترونيًا، وسنحدد معكم موعدًا."
	texts390Farsi  = "با ما تماس بگیرید یا ایمیل بفرستید تا با شما وقت ملاقات هماهنگ کنیم."
)

// seedTextsOffice creates an office with a long Latin name ending in a
// period, a long e-mail address and website, hours exceptions, and the
// appointment text in German and Arabic.
func seedTextsOffice(t *testing.T, srv *apptest.Server) *network.Office {
	t.Helper()
	ctx := context.Background()
	org, err := srv.App.Network.CreateOrganisation(ctx, ministry, network.OrganisationInput{Name: "Caritasverband für die Region Hannover e. V.",
		Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	w, _ := hours.ParseWeekly("Mo 09:00-12:00,13:00-16:00; Di 09:00-12:00; Do 14:00-18:00")
	o, err := srv.App.Network.CreateOffice(ctx, ministry, network.OfficeInput{OrganisationID: org.ID,
		Name: "Migrationsberatung für Erwachsene des Caritasverbands Hannover e. V.", Street: "Leibnizufer 13", Postcode: "30159",
		City: "Hannover", Phone: "0511 123456-78", Email: "migrationsberatung.erwachsene.hannover-mitte@caritas-hannover.example.org",
		Website:   "https://www.caritas-hannover.example.org/beratung/migrationsberatung-fuer-erwachsene/hannover-mitte",
		Hours:     hours.Schedule{Weekly: w, Exceptions: []hours.Exception{{Date: "2099-12-24", Closed: true, Note: "Heiligabend"}}},
		Languages: []string{"de", "ar", "fa", "uk", "en", "ti"}, Programs: []string{"mbe"}, Topics: []string{"residence_law", "work", "housing"},
		StepFree: true, AppointmentInfo: texts390German,
		Translations: map[string]network.OfficeText{"ar": {AppointmentInfo: texts390Arabic}}}, srv.App.Geo)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestBrowserOfficeTexts: at 390 px, the Arabic office page shows the
// Arabic appointment text, the Russian one the German text marked as
// German with the note; the office lead opens the Farsi field of the
// form, types right to left and saves. Every page is axe clean and
// does not scroll sideways.
func TestBrowserOfficeTexts(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	o := seedTextsOffice(t, srv)

	t.Run("public office page at 390 px", func(t *testing.T) {
		b := newTab(t, srv)
		b.SetWidth(t, browsertest.Phone)
		pages := []struct {
			path, name, text, lang, dir string
			note                        bool
		}{
			{"/ar/offices/" + o.ID, "office (ar)", texts390Arabic, "", "rtl", false},
			{"/ar/offices/" + o.ID + "/print", "print view (ar)", texts390Arabic, "", "rtl", false},
			{"/ru/offices/" + o.ID, "office (ru)", texts390German, "de", "ltr", true},
			{"/fa/offices/" + o.ID, "office (fa)", texts390German, "de", "ltr", true},
		}
		for _, p := range pages {
			b.open(t, p.path, p.name)
			b.wantNoHorizontalScroll(t, p.name)
			if got := b.Text(t, "#appointment-text"); got != p.text {
				t.Errorf("%s: appointment text %q, want %q", p.name, got, p.text)
			}
			if got := b.attr(t, "#appointment-text", "lang"); got != p.lang {
				t.Errorf("%s: appointment text lang=%q, want %q", p.name, got, p.lang)
			}
			js := `getComputedStyle(document.querySelector("#appointment-text")).direction`
			if got := browsertest.Get(t, b.Browser, chromedp.Evaluate[string](js)); got != p.dir {
				t.Errorf("%s: appointment text runs %s, want %s", p.name, got, p.dir)
			}
			if got := b.Exists(t, ".text-lang-note"); got != p.note {
				t.Errorf("%s: note that the text is German only shown = %v, want %v", p.name, got, p.note)
			}
		}
		b.Screenshot(t, "/tmp/kmn-office-ar-390.png")
	})

	t.Run("office lead fills Farsi at 390 px", func(t *testing.T) {
		lead := srv.CreateAccount(t, "leitung-texte@example.org", perm.OfficeLead, perm.Office, o.ID)
		b := newTab(t, srv)
		b.SetWidth(t, browsertest.Phone)
		b.login(t, lead.Email, lead.Password, lead.TOTPSecret)
		b.open(t, "/network/offices/"+o.ID+"/edit", "office form (390 px)")
		b.wantNoHorizontalScroll(t, "office form")
		if got := b.Text(t, "#texts-filled"); got != "Übersetzt in: Arabisch" {
			t.Errorf("filled languages: %q", got)
		}
		if b.Exists(t, "#translation-fa[open]") {
			t.Errorf("the empty Farsi field is open before asked")
		}
		b.Click(t, "#translation-fa summary")
		b.check(t, "office form with Farsi open")
		b.wantNoHorizontalScroll(t, "office form with Farsi open")
		js := `getComputedStyle(document.querySelector("#appointment_info-fa")).direction`
		if got := browsertest.Get(t, b.Browser, chromedp.Evaluate[string](js)); got != "rtl" {
			t.Errorf("the Farsi field runs %s, want rtl", got)
		}
		// browsertest.Fill clears first, which chromedp cannot do on an
		// empty textarea; the field is empty, so typing is enough.
		b.Run(t, chromedp.SendKeys(chromedp.CSS("#appointment_info-fa"), texts390Farsi))
		b.Screenshot(t, "/tmp/kmn-office-form-fa-390.png")
		b.submit(t, `form.office-form button[type=submit]`, http.StatusOK, "/network/offices/"+o.ID)
		b.check(t, "office page after saving Farsi (390 px)")
		b.wantNoHorizontalScroll(t, "office page")
		if got := b.Text(t, `#office-texts span[lang="fa"]`); got != texts390Farsi {
			t.Errorf("office page shows Farsi %q", got)
		}

		public := newTab(t, srv)
		public.SetWidth(t, browsertest.Phone)
		if err := srv.App.Finder.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		public.open(t, "/fa/offices/"+o.ID, "office (fa) after the lead's save")
		if got := public.Text(t, "#appointment-text"); got != texts390Farsi || public.Exists(t, ".text-lang-note") {
			t.Errorf("Farsi page after the save: %q", got)
		}
	})
}
