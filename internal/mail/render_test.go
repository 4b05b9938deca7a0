package mail_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	kmail "github.com/kmn-niedersachsen/kmn/internal/mail"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// german is a typical notice with every block.
var german = kmail.Content{
	Lang: "de", Dir: "ltr",
	Greeting:   "Guten Tag,",
	Paragraphs: []string{"Für Ihre Beratungsstelle liegt eine neue Verweisung vor.", "Sie finden sie in der Plattform."},
	Link:       kmail.Link{URL: "https://kmn.example/referrals/7?a=1&b=2", Label: "Verweisung öffnen"},
	Footer:     []string{"KMN – Kooperative Migrationsarbeit Niedersachsen", "Diese E-Mail wurde automatisch versandt."},
}

func TestRenderGolden(t *testing.T) {
	text, html, err := kmail.Render(german)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "message.txt", text)
	golden(t, "message.html", html)
}

// golden compares got with testdata/name, or writes it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update if intended):\n%s", name, got)
	}
}

func TestRenderContent(t *testing.T) {
	c := german
	c.Paragraphs = []string{`<script>alert("x")</script>`, "Tom & Jerry"}
	text, html, err := kmail.Render(c)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name, in, want string
		present        bool
	}{
		{"html escapes script", html, "<script>", false},
		{"html shows escaped script", html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", true},
		{"html escapes ampersand", html, "Tom &amp; Jerry", true},
		{"html link", html, `href="https://kmn.example/referrals/7?a=1&amp;b=2"`, true},
		{"html label", html, ">Verweisung öffnen</a>", true},
		{"html lang and dir", html, `<html lang="de" dir="ltr">`, true},
		{"html no images", html, "<img", false},
		{"html no style element", html, "<style", false},
		{"text keeps paragraph as written", text, `<script>alert("x")</script>`, true},
		{"text link", text, "Verweisung öffnen: https://kmn.example/referrals/7?a=1&b=2", true},
		{"text blank lines", text, "Guten Tag,\n\n<script>", true},
	}
	for _, ch := range checks {
		if strings.Contains(ch.in, ch.want) != ch.present {
			t.Errorf("%s: contains %q = %v, want %v", ch.name, ch.want, !ch.present, ch.present)
		}
	}
}

func TestRenderRTL(t *testing.T) {
	_, html, err := kmail.Render(kmail.Content{Lang: "ar", Dir: "rtl", Paragraphs: []string{"مرحبا"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, `<html lang="ar" dir="rtl">`) || strings.Contains(html, "<a ") {
		t.Errorf("html:\n%s", html)
	}
}

func TestRenderRefuses(t *testing.T) {
	cases := []struct {
		name   string
		change func(*kmail.Content)
		want   string
	}{
		{"no lang", func(c *kmail.Content) { c.Lang = "" }, "language"},
		{"no dir", func(c *kmail.Content) { c.Dir = "" }, "direction"},
		{"bad dir", func(c *kmail.Content) { c.Dir = "auto" }, "direction"},
		{"empty", func(c *kmail.Content) { c.Greeting, c.Paragraphs = "", nil }, "no greeting"},
		{"link without label", func(c *kmail.Content) { c.Link.Label = "" }, "label"},
		{"label without link", func(c *kmail.Content) { c.Link.URL = "" }, "label"},
		{"javascript link", func(c *kmail.Content) { c.Link.URL = "javascript:alert(1)" }, "http(s)"},
		{"relative link", func(c *kmail.Content) { c.Link.URL = "/referrals/7" }, "http(s)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := german
			tc.change(&c)
			if _, _, err := kmail.Render(c); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "mail: render: ") {
				t.Errorf("Render = %v, want a \"mail: render:\" error about %q", err, tc.want)
			}
		})
	}
}
