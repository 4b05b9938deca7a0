package web_test

import (
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

var (
	// accessKeyRe finds a message id of the statement's area that was not
	// translated.
	accessKeyRe = regexp.MustCompile(`>[^<]*\baccess\.[a-z_]+`)
	// germanElementRe matches an element marked German, with its content.
	germanElementRe = regexp.MustCompile(`(?s)<(dd|address|span|a)\b[^>]*\blang="de"[^>]*>.*?</(?:dd|address|span|a)>`)
	// germanWords are words of the statement's German names; on a page in
	// another language they may only appear inside an element marked
	// lang="de".
	germanWords = []string{"Niedersächsisch", "Ministerium", "Gleichstellung", "Abteilung", "Schlichtungsstelle",
		"Behindertengleichstellungsgesetz", "Landesbeauftragten", "Leichte Sprache", "Hannah-Arendt-Platz"}
)

// esc is text as html/template writes it into a page.
func esc(s string) string { return template.HTMLEscapeString(s) }

// unmarkedGerman returns the German words of body outside elements
// marked lang="de" (the head, with its hreflang links, aside).
func unmarkedGerman(body string) []string {
	if i := strings.Index(body, "<body"); i >= 0 {
		body = body[i:]
	}
	rest := germanElementRe.ReplaceAllString(body, "")
	var out []string
	for _, w := range germanWords {
		if strings.Contains(rest, w) {
			out = append(out, w)
		}
	}
	return out
}

func TestAccessibilityStatementInEveryLanguage(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	c := srv.NewClient(t)
	for _, lang := range i18n.Public {
		t.Run(lang, func(t *testing.T) {
			l := cat.Localizer(lang)
			path := "/" + lang + "/accessibility"
			body := publicGet(t, c, path, http.StatusOK)
			wantPublicPage(t, path, lang, body, true)
			for _, want := range []string{
				"<h1>" + esc(l.T("access.title")) + "</h1>",
				esc(l.T("access.status_title")), esc(l.T("access.map_alternative")), esc(l.T("access.sign_language_text")),
				esc(l.T("access.prepared", "Date", l.Date(statementDate))),
				`<dd lang="de" dir="ltr">Niedersächsisches Ministerium für Soziales, Arbeit, Gesundheit und Gleichstellung`,
				`<address lang="de" dir="ltr">`, "hreflang=\"de\" lang=\"de\" dir=\"ltr\">Schlichtungsstelle nach §\u00a09d NBGG",
				`href="https://www.behindertenbeauftragte-niedersachsen.de/`,
				`action="/` + lang + `/accessibility/feedback#feedback"`, `name="message"`, `name="page_address"`,
				`name="reply_email"`, `type="email"`, `name="website"`, `class="hp"`, `name="csrf_token"`,
				`<a href="/de/leichte-sprache" hreflang="de">` + esc(l.T("access.easy_link")) + `</a>`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("%s lacks %q", path, want)
				}
			}
			if k := accessKeyRe.FindString(body); k != "" {
				t.Errorf("%s: untranslated message id in %q", path, k)
			}
			authoritative := `<a href="/de/accessibility" hreflang="de">`
			if lang == "de" {
				if strings.Contains(body, authoritative) {
					t.Errorf("the German statement points to itself as the authoritative version")
				}
				return
			}
			if !strings.Contains(body, authoritative) {
				t.Errorf("%s does not link the authoritative German version", path)
			}
			if words := unmarkedGerman(body); len(words) > 0 {
				t.Errorf("%s: German outside lang=\"de\": %v", path, words)
			}
		})
	}
}

// TestPublicFooterLinksStatementAndEasyGerman: every public page, error
// pages included, links the statement in its language and the Leichte
// Sprache page in German, saying in its own language what that is.
func TestPublicFooterLinksStatementAndEasyGerman(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	f := newPublicFixture(t, srv)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	c := srv.NewClient(t)
	for _, lang := range i18n.Public {
		l := cat.Localizer(lang)
		pages := map[string]int{"/": 200, "/search?q=30159": 200, "/offices/" + f.hannover: 200, "/accessibility": 200,
			"/accessibility/thanks": 200, "/offices/no-such-office": 404}
		for p, status := range pages {
			path := "/" + lang + p
			body := publicGet(t, c, path, status)
			footer := body[strings.Index(body, "<footer"):]
			for _, want := range []string{
				`<a href="/` + lang + `/accessibility">` + esc(l.T("access.footer_statement")) + `</a>`,
				`<a href="/de/leichte-sprache" hreflang="de">` + esc(l.T("access.footer_easy")) + `</a>`,
			} {
				if !strings.Contains(footer, want) {
					t.Errorf("footer of %s lacks %s", path, want)
				}
			}
			if lang != "de" {
				if words := unmarkedGerman(footer); len(words) > 0 {
					t.Errorf("footer of %s: German outside lang=\"de\": %v", path, words)
				}
			}
		}
	}
	if body := publicGet(t, c, "/en/offices/"+f.hannover+"/print", http.StatusOK); strings.Contains(body, "leichte-sprache") {
		t.Errorf("the print view has the footer links")
	}
}

func TestLeichteSprache(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	c := srv.NewClient(t)
	body := publicGet(t, c, "/de/leichte-sprache", http.StatusOK)
	wantPublicPage(t, "/de/leichte-sprache", "de", body, true)
	for _, want := range []string{"<title>Leichte Sprache – ", "<h1>Leichte Sprache: Das ist diese Internet-Seite</h1>",
		"Die Post-Leitzahl ist eine Zahl mit 5 Ziffern.", "Klicken Sie dann auf: Suchen.", `href="/de/accessibility#feedback"`,
		`href="/de/"`} {
		if !strings.Contains(body, want) {
			t.Errorf("Leichte Sprache page lacks %q", want)
		}
	}
	// The page exists in German only: the language switch leads to the
	// start pages, not to pages that do not exist.
	for _, lang := range i18n.Public {
		if !strings.Contains(body, `<a href="/`+lang+`/" lang="`+lang+`" hreflang="`+lang+`"`) {
			t.Errorf("language switch does not lead to /%s/", lang)
		}
	}
	if strings.Contains(body, `href="/en/leichte-sprache"`) {
		t.Errorf("language switch links a Leichte Sprache page in English")
	}
	// Its text keeps to the rules that a test can see: no abbreviations
	// with a full stop, numbers as digits.
	main := body[strings.Index(body, "<main"):strings.Index(body, "</main>")]
	for _, bad := range []string{"z.B.", "z. B.", "bzw.", "usw.", "ca.", "d.h.", " fünf ", " sieben ", " zwölf "} {
		if strings.Contains(main, bad) {
			t.Errorf("Leichte Sprache text contains %q", bad)
		}
	}
	for _, lang := range []string{"en", "ar"} {
		publicGet(t, c, "/"+lang+"/leichte-sprache", http.StatusNotFound)
	}
}

// feedbackForm is a complete message as the public form sends it.
func feedbackForm(message string) url.Values {
	return url.Values{"message": {message}, "page_address": {"/de/search"}, "reply_email": {"antwort@example.org"}, "website": {""}}
}

// statementDate is the statement's date (internal/web/public,
// accessibility_facts.go) the pages must show in each language's form.
var statementDate = time.Date(2026, time.December, 7, 0, 0, 0, 0, time.UTC)
