package pdfdoc

import (
	"io"
	"time"
)

// CertificateDoc is a certificate of attendance of a training or event:
// who attended what, when, for how many hours, given by whom, and the code
// a public page confirms.
type CertificateDoc struct {
	Name, Event, Organiser string
	Dates                  []string
	Hours                  string
	Code, VerifyURL        string
	IssuedOn               time.Time
}

// WriteCertificate writes the certificate as an A4 PDF, in German and, when
// given, the participant's language (certificate catalog area).
func WriteCertificate(w io.Writer, in CertificateDoc, langs Languages) error {
	d := newDoc(langs, langs.De.T("certificate.title"), "KMN · "+in.Code, in.IssuedOn)
	d.title("certificate.title")
	d.para("certificate.intro")
	d.row("certificate.name", d.text(in.Name))
	d.row("certificate.event", d.text(in.Event))
	for i, day := range in.Dates {
		key := "certificate.date"
		if i > 0 {
			key = "certificate.date_more"
		}
		d.row(key, d.text(day))
	}
	d.row("certificate.hours", d.text(in.Hours))
	d.row("certificate.organiser", d.text(in.Organiser))
	d.row("certificate.issued", d.text(date(in.IssuedOn)))
	d.section("certificate.verify")
	d.row("certificate.code", d.text(in.Code))
	d.draw(margin, d.width, d.wrap(in.VerifyURL, d.width, autoDir))
	return d.finish(w)
}
