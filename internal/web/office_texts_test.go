package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

const (
	germanAppointment = "Bitte rufen Sie uns an oder schreiben Sie eine E-Mail."
	arabicAppointment = "يرجى الاتصال بنا أو إرسال بريد إلكتروني."
	farsiNote         = "این متن فقط به زبان آلمانی موجود است."
	ukrainianNote     = "Цей текст доступний лише німецькою мовою."
)

// appointmentRe finds the appointment text's element with its attributes.
var appointmentRe = regexp.MustCompile(`<p id="appointment-text"([^>]*)>([^<]*)</p>`)

// appointmentOn returns the attributes and text of the appointment text on
// a public page.
func appointmentOn(t *testing.T, body string) (attrs, text string) {
	t.Helper()
	m := appointmentRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no appointment text on the page: %s", excerptOf(body))
	}
	return m[1], m[2]
}

// leadTextsForm is the office's edit form with the appointment text in
// German and the given translations.
func leadTextsForm(t *testing.T, c *apptest.Client, officeID string, texts map[string]string) url.Values {
	t.Helper()
	form := officeEditForm(t, c, officeID)
	form.Set("appointment_info", germanAppointment)
	for lang, text := range texts {
		form.Set("appointment_info."+lang, text)
	}
	return form
}

// TestOfficeLeadTranslatesAppointmentText: the office lead adds an Arabic
// version of the appointment text; the Arabic office page and its print
// view show it, pages in languages without a translation show the German
// text marked lang="de" with a note in the reader's language.
func TestOfficeLeadTranslatesAppointmentText(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	lead := srv.CreateAccount(t, "lead@example.org", perm.OfficeLead, perm.Office, fx.officeID)
	c := srv.NewClient(t)
	c.Login(t, lead)

	_, form := c.Get(t, "/network/offices/"+fx.officeID+"/edit")
	for _, want := range []string{`<textarea id="appointment_info-ar" name="appointment_info.ar" rows="3" lang="ar" dir="rtl"`,
		`<textarea id="appointment_info-uk" name="appointment_info.uk" rows="3" lang="uk" dir="ltr"`,
		`<details class="translation" id="translation-fa">`, "Noch keine Übersetzung."} {
		if !strings.Contains(form, want) {
			t.Errorf("edit form lacks %q", want)
		}
	}

	resp, body := c.Post(t, "/network/offices/"+fx.officeID, leadTextsForm(t, c, fx.officeID, map[string]string{"ar": arabicAppointment}))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", resp.StatusCode, errorSummary(body))
	}
	_, form = c.Get(t, "/network/offices/"+fx.officeID+"/edit")
	if !strings.Contains(form, "Übersetzt in: Arabisch") || !strings.Contains(form, `(<span lang="ar" dir="rtl">العربية</span>): übersetzt`) {
		t.Errorf("edit form does not say that Arabic is filled: %s", excerptOf(form))
	}
	_, page := c.Get(t, "/network/offices/"+fx.officeID)
	if !strings.Contains(page, `<span lang="ar" dir="rtl">`+arabicAppointment+`</span>`) || !strings.Contains(page, "nur auf Deutsch") {
		t.Errorf("office page does not show the translations: %s", excerptOf(page))
	}

	if err := srv.App.Finder.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	anon := srv.NewClient(t)
	tests := []struct {
		path, text, note string
		fallback         bool
	}{
		{"/ar/offices/" + fx.officeID, arabicAppointment, "", false},
		{"/ar/offices/" + fx.officeID + "/print", arabicAppointment, "", false},
		{"/de/offices/" + fx.officeID, germanAppointment, "", false},
		{"/fa/offices/" + fx.officeID, germanAppointment, farsiNote, true},
		{"/uk/offices/" + fx.officeID + "/print", germanAppointment, ukrainianNote, true},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			body := publicGet(t, anon, tt.path, http.StatusOK)
			attrs, text := appointmentOn(t, body)
			if text != tt.text {
				t.Errorf("appointment text %q, want %q", text, tt.text)
			}
			if marked := attrs == ` lang="de" dir="ltr"`; marked != tt.fallback {
				t.Errorf("attributes %q: marked as German = %v, want %v", attrs, marked, tt.fallback)
			}
			if tt.note != "" && !strings.Contains(body, `<p class="hint text-lang-note">`+tt.note+`</p>`) {
				t.Errorf("no note that the text is only in German")
			}
			if !tt.fallback && strings.Contains(body, "text-lang-note") {
				t.Errorf("a note although the text is in the page's language")
			}
		})
	}

	// The open data carries every version and says which one it shows.
	for lang, want := range map[string]string{"ar": `"appointment_info":"` + arabicAppointment + `","appointment_info_language":"ar"`,
		"fa": `"appointment_info":"` + germanAppointment + `","appointment_info_language":"de"`} {
		resp, body := anon.Get(t, "/api/hsds/locations/"+fx.officeID+"?lang="+lang)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, want) ||
			!strings.Contains(body, `"translations":{"ar":{"appointment_info":"`+arabicAppointment+`"},"de":{"appointment_info":"`+germanAppointment+`"}}`) {
			t.Errorf("HSDS location in %s: %d %s", lang, resp.StatusCode, body)
		}
	}
}

// TestOfficeTextsRefused: a translation that copies the German text or is
// too long comes back in its open field, named by its language, and
// changes nothing; a stale form is refused with 409.
func TestOfficeTextsRefused(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	lead := srv.CreateAccount(t, "lead@example.org", perm.OfficeLead, perm.Office, fx.officeID)
	c := srv.NewClient(t)
	c.Login(t, lead)
	before, err := srv.App.Network.Office(context.Background(), fx.officeID)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, lang, text, message string
		version                   string
		status                    int
	}{
		{"copy of German", "fa", germanAppointment, "Persisch: Die Übersetzung ist derselbe Text wie der deutsche.", "", 422},
		{"too long", "uk", strings.Repeat("ї", 2001), "Ukrainisch: Bitte höchstens 2000 Zeichen eingeben.", "", 422},
		{"stale", "ar", arabicAppointment, "Jemand anderes", "2020-01-01T00:00:00Z", 409},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := leadTextsForm(t, c, fx.officeID, map[string]string{tt.lang: tt.text})
			if tt.version != "" {
				form.Set("version", tt.version)
			}
			resp, body := c.Post(t, "/network/offices/"+fx.officeID, form)
			if resp.StatusCode != tt.status || !strings.Contains(errorSummary(body), tt.message) {
				t.Fatalf("status %d (want %d), summary: %s", resp.StatusCode, tt.status, errorSummary(body))
			}
			if tt.status == 422 && (!strings.Contains(body, `<details class="translation" id="translation-`+tt.lang+`" open>`) ||
				!strings.Contains(body, `name="appointment_info.`+tt.lang+`" rows="3" lang="`+tt.lang+`" dir="`)) {
				t.Errorf("the refused field is not open and marked: %s", excerptOf(body))
			}
			after, err := srv.App.Network.Office(context.Background(), fx.officeID)
			if err != nil || !after.UpdatedAt.Equal(before.UpdatedAt) || len(after.Translations) != 0 {
				t.Fatalf("a refused form changed the office: %v %v", after.Translations, err)
			}
		})
	}
}

var officeLanguagesRe = regexp.MustCompile(`<dd id="office-languages">([^<]*)</dd>`)

// TestPublicOfficeRightToLeft: Latin names are isolated with <bdi> so
// their punctuation stays with them on right-to-left pages, and lists
// use the language's separator and names, never codes.
func TestPublicOfficeRightToLeft(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	c := srv.NewClient(t)
	tests := []struct{ lang, languages string }{
		{"ar", "الألمانية، العربية"},
		{"fa", "آلمانی، عربی"},
		{"de", "Arabisch, Deutsch"},
		{"uk", "арабська, німецька"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			body := publicGet(t, c, "/"+tt.lang+"/offices/"+fx.officeID, http.StatusOK)
			for _, want := range []string{"<h1><bdi lang=\"de\">MBE AWO Hannover</bdi></h1>", ": <bdi lang=\"de\">AWO Hannover</bdi></p>", "<bdi lang=\"de\">30159 "} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if m := officeLanguagesRe.FindStringSubmatch(body); m == nil || m[1] != tt.languages {
				t.Errorf("languages %v, want %q", m, tt.languages)
			}
		})
	}
}
