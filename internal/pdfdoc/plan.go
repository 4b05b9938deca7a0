package pdfdoc

import (
	"io"
	"strconv"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
)

// PlanDoc is what the plan PDF shows besides the plan itself.
type PlanDoc struct {
	// Code is the file's pseudonym code; Office the office's name.
	Code, Office string
	Plan         *casework.Plan
	// PrintedOn is the day of printing (also the document's date).
	PrintedOn time.Time
}

// WritePlan writes the support plan as an A4 PDF: headings from the
// planprint and pdf catalog areas in both languages, goals by area with
// their measures, room for signatures.
func WritePlan(w io.Writer, in PlanDoc, langs Languages) error {
	d := newDoc(langs, langs.De.T("planprint.title"), "KMN · "+in.Code+" · "+date(in.PrintedOn), in.PrintedOn)
	d.planBody(in)
	return d.finish(w)
}

// planBody writes the plan: facts, goals, signatures.
func (d *doc) planBody(in PlanDoc) {
	d.title("planprint.title")
	d.planFacts(in.Code, in.Office, in.Plan)
	d.row("pdf.printed_on", d.text(date(in.PrintedOn)))
	if len(in.Plan.Goals) == 0 {
		d.para("planprint.no_goals")
	}
	for i, g := range in.Plan.Goals {
		d.goal(i, g)
	}
	d.signatures()
}

// planFacts prints the file code, office, version and plan dates.
func (d *doc) planFacts(code, office string, p *casework.Plan) {
	d.row("planprint.file_code", d.text(code))
	if office != "" {
		d.row("pdf.office", d.text(office))
	}
	if p.Version > 0 {
		d.row("planprint.version", d.text(strconv.Itoa(p.Version)))
	}
	d.row("planprint.starts_on", d.text(date(p.StartsOn)))
	d.row("planprint.review_on", d.text(date(p.ReviewOn)))
}

// goal prints one goal with its measures.
func (d *doc) goal(i int, g casework.Goal) {
	d.section("planprint.goal_n", "n", strconv.Itoa(i+1))
	d.draw(margin, d.width, d.wrap(g.Title, d.width, autoDir))
	d.pdf.Ln(1)
	d.row("planprint.area", d.term("planprint.area."+g.Area))
	if g.Outcome != "" {
		d.row("planprint.outcome", d.term("planprint.outcome."+g.Outcome))
	}
	d.pdf.SetFont(fontFamily, "B", bodySize+0.5)
	d.heading("planprint.measures", lineHeight, 1)
	if len(g.Measures) == 0 {
		d.para("planprint.no_measures")
	}
	for j, m := range g.Measures {
		if j > 0 {
			d.rule()
		}
		d.measure(m)
	}
}

// measure prints one measure as label/value rows.
func (d *doc) measure(m casework.Measure) {
	d.row("planprint.measure", d.text(m.Description))
	d.row("planprint.responsible", d.term("planprint.responsible."+m.Responsible))
	d.row("planprint.due_on", d.text(date(m.DueOn)))
	d.row("planprint.status", d.term("planprint.status."+m.Status))
	d.row("planprint.review", d.text(date(m.ReviewOn)))
}

// signatures leaves room for the client's and the counselor's signature.
func (d *doc) signatures() {
	d.section("planprint.signatures")
	for _, key := range []string{"planprint.sign_client", "planprint.sign_counselor"} {
		d.ensure(4*lineHeight + 8)
		d.pdf.Ln(10)
		y := d.pdf.GetY()
		d.pdf.SetDrawColor(0, 0, 0)
		d.pdf.Line(margin, y, margin+100, y)
		d.pdf.Ln(1)
		d.pdf.SetFont(fontFamily, "", bodySize-1)
		d.draw(margin, 100, d.labelLines(100, key))
		d.pdf.SetFont(fontFamily, "", bodySize)
	}
}
