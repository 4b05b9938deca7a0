package pdfdoc

import (
	"io"
	"strconv"
	"time"
)

// LetterDoc is a referral letter for a place not on the platform: the
// client takes it there, or the counselor sends it with the client's
// consent. It holds exactly what the referral shares.
type LetterDoc struct {
	Code, From, To, Topic string
	Question, Message     string
	RespondBy, ConsentOn  time.Time // zero: not given
	// BirthYear and FirstLanguage (its name) when statistics are shared.
	BirthYear     int
	FirstLanguage string
	// Contact lines when contact data are shared.
	Contact []string
	// Goals are the plan's open goals when the plan is shared.
	Goals     []string
	PrintedOn time.Time
}

// WriteReferralLetter writes the letter as an A4 PDF, headings in German
// and the client's language (referralletter catalog area).
func WriteReferralLetter(w io.Writer, in LetterDoc, langs Languages) error {
	d := newDoc(langs, langs.De.T("referralletter.title"), "KMN · "+in.Code+" · "+date(in.PrintedOn), in.PrintedOn)
	d.title("referralletter.title")
	d.para("referralletter.intro")
	d.row("referralletter.code", d.text(in.Code))
	d.row("referralletter.from", d.text(in.From))
	d.row("referralletter.to", d.text(in.To))
	d.row("referralletter.date", d.text(date(in.PrintedOn)))
	d.row("referralletter.topic", d.text(in.Topic))
	if !in.RespondBy.IsZero() {
		d.row("referralletter.respond_by", d.text(date(in.RespondBy)))
	}
	if !in.ConsentOn.IsZero() {
		d.row("referralletter.consent", d.text(date(in.ConsentOn)))
	}
	d.section("referralletter.question")
	d.draw(margin, d.width, d.wrap(in.Question, d.width, autoDir))
	if in.Message != "" {
		d.section("referralletter.message")
		d.draw(margin, d.width, d.wrap(in.Message, d.width, autoDir))
	}
	d.letterShared(in)
	d.pdf.Ln(2)
	d.para("referralletter.reply")
	d.ensure(4*lineHeight + 8)
	d.pdf.Ln(10)
	y := d.pdf.GetY()
	d.pdf.Line(margin, y, margin+100, y)
	d.pdf.Ln(1)
	d.draw(margin, 100, d.labelLines(100, "referralletter.signature"))
	return d.finish(w)
}

// letterShared prints the released categories.
func (d *doc) letterShared(in LetterDoc) {
	d.section("referralletter.shared")
	if in.BirthYear == 0 && in.FirstLanguage == "" && len(in.Contact) == 0 && len(in.Goals) == 0 {
		d.para("referralletter.none")
		return
	}
	if in.BirthYear > 0 {
		d.row("referralletter.birth_year", d.text(strconv.Itoa(in.BirthYear)))
	}
	if in.FirstLanguage != "" {
		d.row("referralletter.first_language", d.text(in.FirstLanguage))
	}
	if len(in.Contact) > 0 {
		var lines []line
		for _, c := range in.Contact {
			lines = append(lines, d.text(c)...)
		}
		d.rowLines(d.labelLines(labelWidth-2, "referralletter.contact"), lines)
	}
	if len(in.Goals) > 0 {
		d.section("referralletter.goals")
		for _, g := range in.Goals {
			d.draw(margin, d.width, d.wrap("• "+g, d.width, autoDir))
		}
	}
}
