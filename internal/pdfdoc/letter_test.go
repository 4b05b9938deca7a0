package pdfdoc

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// TestWriteReferralLetter: the letter renders in German with each public
// language (Arabic and Farsi right to left), with and without shared data,
// on one or two pages, and the headings exist in every language.
func TestWriteReferralLetter(t *testing.T) {
	full := LetterDoc{Code: "KMN-7Q2X-9MAB", From: "MBE Hannover-Mitte", To: "Sprachschule Am Markt", Topic: "Sprachkurse",
		Question: "Anmeldung zum Integrationskurs B1.", Message: "Vormittags möglich.", RespondBy: time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC),
		BirthYear: 1990, FirstLanguage: "Ukrainisch", Contact: []string{"Olena Beispiel", "0511 123456"},
		Goals: []string{"Deutsch B1 erreichen", "Arbeit in der Pflege finden"}, PrintedOn: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}
	bare := full
	bare.BirthYear, bare.FirstLanguage, bare.Contact, bare.Goals, bare.RespondBy = 0, "", nil, nil, time.Time{}
	for _, lang := range i18n.Public {
		for name, in := range map[string]LetterDoc{"full": full, "bare": bare} {
			t.Run(lang+"/"+name, func(t *testing.T) {
				ls := languagesOf(t, lang)
				for _, key := range []string{"referralletter.title", "referralletter.intro", "referralletter.shared", "referralletter.signature"} {
					if got := ls.De.T(key); got == key || strings.TrimSpace(got) == "" {
						t.Errorf("%s missing in German", key)
					}
					if ls.Other != nil {
						if got := ls.Other.T(key); got == key {
							t.Errorf("%s missing in %s", key, lang)
						}
					}
				}
				var buf bytes.Buffer
				if err := WriteReferralLetter(&buf, in, ls); err != nil {
					t.Fatal(err)
				}
				if pages := checkPDF(t, buf.Bytes()); pages < 1 || pages > 2 {
					t.Errorf("%d pages", pages)
				}
				keep(t, "letter-"+lang+"-"+name+".pdf", buf.Bytes())
			})
		}
	}
}
