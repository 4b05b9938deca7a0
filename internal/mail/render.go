package mail

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"golang.org/x/text/language"
)

//go:embed templates/message.html
var templateFS embed.FS

// messageHTML is parsed at start-up so a broken template stops the app
// instead of the first mail.
var messageHTML = template.Must(template.ParseFS(templateFS, "templates/message.html"))

// Content is the structured body of a mail, already translated. Render
// turns it into both parts so every mail looks the same.
type Content struct {
	// Lang is the BCP 47 tag of the text and Dir its direction, "ltr" or
	// "rtl" (i18n's Localizer.Dir); both are required because a guess
	// would set Arabic left to right.
	Lang       string
	Dir        string
	Greeting   string
	Paragraphs []string
	// Link is the one action of the mail, optional.
	Link   Link
	Footer []string
}

// Link is an http(s) address with a label that says where it leads
// ("Open the referral"), never "click here": screen readers list links by
// their label alone.
type Link struct {
	URL   string
	Label string
}

// Render returns the text and HTML parts for c. All content is escaped;
// callers pass plain text, never markup.
func Render(c Content) (text, html string, err error) {
	if err := c.validate(); err != nil {
		return "", "", err
	}
	var b bytes.Buffer
	if err := messageHTML.Execute(&b, c); err != nil {
		return "", "", fmt.Errorf("mail: render: %w", err)
	}
	return c.text(), b.String(), nil
}

// text joins the blocks of c with blank lines, the link as "Label: URL".
func (c Content) text() string {
	var blocks []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			blocks = append(blocks, s)
		}
	}
	add(c.Greeting)
	for _, p := range c.Paragraphs {
		add(p)
	}
	if c.Link.URL != "" {
		add(c.Link.Label + ": " + c.Link.URL)
	}
	for _, f := range c.Footer {
		add(f)
	}
	return strings.Join(blocks, "\n\n") + "\n"
}

// validate refuses content that would render wrong or empty.
func (c Content) validate() error {
	if _, err := language.Parse(c.Lang); err != nil {
		return fmt.Errorf("mail: render: the language %q is not a BCP 47 tag", c.Lang)
	}
	if c.Dir != "ltr" && c.Dir != "rtl" {
		return fmt.Errorf("mail: render: the direction %q is neither \"ltr\" nor \"rtl\"", c.Dir)
	}
	if strings.TrimSpace(c.Greeting) == "" && len(c.Paragraphs) == 0 {
		return errors.New("mail: render: no greeting and no paragraphs")
	}
	if (c.Link.URL == "") != (c.Link.Label == "") {
		return errors.New("mail: render: a link needs both a URL and a label")
	}
	if c.Link.URL != "" {
		u, err := url.Parse(c.Link.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("mail: render: the link %q is not an absolute http(s) URL", c.Link.URL)
		}
	}
	return nil
}
