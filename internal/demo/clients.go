package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
)

// ClientOptions size the generated client files.
type ClientOptions struct {
	// Clients is the number of files to add.
	Clients int
	// ContactsPerClient is the average number of counseling contacts.
	ContactsPerClient int
	// Today anchors the dates (intake in the three years before, plans and
	// deadlines around it).
	Today time.Time
	// Seed makes the run reproducible (with the same offices and staff).
	Seed int64
	// Progress, when set, is called after each batch with the files so far.
	Progress func(done int)
	// SkipOffices get no files (the demo office keeps its own caseload).
	SkipOffices []string
}

// clientBatch is the number of files written per transaction.
const clientBatch = 1000

// streamClients is the random stream of the client generator.
const streamClients = 101

// ErrNoCaseOffices is returned when no office has a counseling program and
// staff to own files (load the demo network first).
var ErrNoCaseOffices = errors.New("demo: no office with a counseling program and staff; load the demo network first")

// GenerateClients adds o.Clients client files with consents, contact data,
// counseling contacts (with notes and topics) and support plans to the
// offices that have staff, every counselor getting about the same number.
// Files, notes and plans go through casework.Store.Seed: sealed and
// audited like all case data. Dates are spread over the three years before
// o.Today; about a quarter of the files are closed.
func GenerateClients(ctx context.Context, cases *casework.Store, o ClientOptions) (casework.SeedStats, error) {
	var st casework.SeedStats
	offices, err := cases.SeedOffices(ctx)
	if err != nil {
		return st, err
	}
	if len(offices) == 0 {
		return st, ErrNoCaseOffices
	}
	if o.ContactsPerClient < 1 {
		o.ContactsPerClient = 10
	}
	g := clientGen{r: newRandom(o.Seed, streamClients), o: o, today: dateOf(o.Today)}
	for _, off := range offices {
		if slices.Contains(o.SkipOffices, off.ID) {
			continue
		}
		for _, u := range off.Staff {
			g.slots = append(g.slots, staffSlot{office: off, user: u})
		}
	}
	for done := 0; done < o.Clients; {
		n := min(clientBatch, o.Clients-done)
		files := make([]casework.SeedFile, n)
		for i := range files {
			files[i] = g.file(done + i)
		}
		bst, err := cases.Seed(ctx, files)
		if err != nil {
			return st, fmt.Errorf("demo: clients: %w", err)
		}
		st.Add(bst)
		done += n
		if o.Progress != nil {
			o.Progress(done)
		}
	}
	return st, nil
}

// staffSlot is one counselor or lead in one office: files are dealt to the
// slots in turn.
type staffSlot struct {
	office casework.SeedOffice
	user   string
}

type clientGen struct {
	r     random
	o     ClientOptions
	today time.Time
	slots []staffSlot
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// file draws the i-th file.
func (g *clientGen) file(i int) casework.SeedFile {
	r := g.r
	slot := g.slots[i%len(g.slots)]
	program := pick(r, slot.office.Programs)
	intake := g.today.AddDate(0, 0, -r.IntN(3*365))
	f := casework.SeedFile{CounselorID: slot.user, BirthMonth: 1 + r.IntN(12)}
	f.FileInput = casework.FileInput{OfficeID: slot.office.ID, ProgramID: program, IntakeOn: intake,
		BirthYear: intake.Year() - g.age(program), Gender: pick(r, []string{"female", "male", "female", "male", "diverse", "not_stated"}),
		Country: pick(r, clientCountries), ResidenceStatus: pick(r, casework.ResidenceStatuses)}
	f.FirstLanguage = countryLanguage[f.Country]
	f.ResidenceStatus = residenceFor(r, f.Country, f.ResidenceStatus)
	if r.chance(0.8) {
		f.ArrivalYear = max(f.BirthYear, intake.Year()-r.IntN(8))
	}
	end := g.today
	if r.chance(0.25) && intake.Before(g.today.AddDate(0, 0, -30)) {
		closed := intake.AddDate(0, 0, 30+r.IntN(max(1, int(g.today.Sub(intake).Hours()/24)-30)))
		f.Closed = &casework.CloseInput{On: minDate(closed, g.today), Reason: pick(r, casework.CloseReasons)}
		end = f.Closed.On
	}
	if f.ResidenceStatus != "eu_citizen" && f.ResidenceStatus != "permanent" && r.chance(0.3) {
		f.ResidenceExpiresOn = g.today.AddDate(0, 0, r.IntN(400)-30)
	}
	g.consents(&f, intake)
	n := 1 + r.IntN(2*g.o.ContactsPerClient-1)
	for range n {
		f.Contacts = append(f.Contacts, g.contact(f, intake, end))
	}
	if r.chance(0.7) {
		f.Plan = g.plan(intake)
	}
	return f
}

// age at intake fitting the program: JMD 12–26, MBE 27–69, others 18–69.
func (g *clientGen) age(program string) int {
	switch program {
	case "jmd":
		return 12 + g.r.IntN(15)
	case "mbe":
		return 27 + g.r.IntN(43)
	}
	return 18 + g.r.IntN(52)
}

func (g *clientGen) consents(f *casework.SeedFile, on time.Time) {
	r := g.r
	form := pick(r, casework.Forms)
	f.Consents = append(f.Consents, casework.ConsentInput{Purpose: casework.PurposeCounseling, GivenOn: on, Form: form})
	if r.chance(0.8) {
		f.Consents = append(f.Consents, casework.ConsentInput{Purpose: casework.PurposeStatistics, GivenOn: on, Form: form})
	}
	if r.chance(0.5) {
		f.Consents = append(f.Consents, casework.ConsentInput{Purpose: casework.PurposeContactData, GivenOn: on, Form: form})
		f.ContactData = &casework.ContactData{Name: clientName(r, f.FirstLanguage), Phone: fmt.Sprintf("0511 %07d", r.IntN(10_000_000)),
			Address: fmt.Sprintf("%s %d", pick(r, streets), 1+r.IntN(120))}
	}
}

func (g *clientGen) contact(f casework.SeedFile, from, to time.Time) casework.ContactInput {
	r := g.r
	days := max(1, int(to.Sub(from).Hours()/24)+1)
	c := casework.ContactInput{On: from.AddDate(0, 0, r.IntN(days)), Minutes: 15 * (1 + r.IntN(6)),
		Channel: pick(r, casework.Channels), Language: pick(r, []string{"de", "de", f.FirstLanguage}),
		Interpreter: r.chance(0.15)}
	c.Topics = r.weightedSample(topicWeights[f.ProgramID], 1+r.IntN(2))
	slices.Sort(c.Topics)
	if r.chance(0.85) {
		c.Note = pick(r, contactNotes)
	}
	return c
}

func (g *clientGen) plan(intake time.Time) *casework.PlanInput {
	r := g.r
	start := intake.AddDate(0, 0, r.IntN(14))
	p := &casework.PlanInput{StartsOn: start, ReviewOn: start.AddDate(0, 3+r.IntN(4), 0)}
	if p.ReviewOn.Before(g.today) && r.chance(0.7) {
		// Most old plans were reviewed: the next review lies ahead.
		p.ReviewOn = g.today.AddDate(0, 0, r.IntN(120))
	}
	for _, area := range r.weightedSample(planAreaWeights, 1+r.IntN(3)) {
		goal := casework.Goal{Area: area, Title: pick(r, goalTitles[area])}
		// Distinct measures: a plan listing the same step three times
		// looked like a bug.
		texts := distinct(r, measureTexts[area], 1+r.IntN(3))
		for _, text := range texts {
			due := start.AddDate(0, 0, 7+r.IntN(270))
			status := casework.MeasureOpen
			if due.Before(g.today) && r.chance(0.8) {
				status = pick(r, []string{"done", "done", "done", "cancelled"})
			}
			goal.Measures = append(goal.Measures, casework.Measure{Description: text,
				Responsible: pick(r, casework.Responsibles), DueOn: due, Status: status})
		}
		p.Goals = append(p.Goals, goal)
	}
	return p
}

func minDate(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// distinct draws up to n different elements of xs.
func distinct[T any](r random, xs []T, n int) []T {
	idx := r.Perm(len(xs))
	out := make([]T, 0, min(n, len(xs)))
	for _, i := range idx[:min(n, len(xs))] {
		out = append(out, xs[i])
	}
	return out
}

// euCountries are the EU member states among clientCountries.
var euCountries = []string{"PL", "RO", "BG"}

// residenceFor keeps a drawn residence status that fits the country: EU
// citizens have "eu_citizen" (or none stated), nobody else has it.
func residenceFor(r random, country, drawn string) string {
	if slices.Contains(euCountries, country) {
		if drawn == "not_stated" {
			return drawn
		}
		return "eu_citizen"
	}
	if drawn == "eu_citizen" {
		return pick(r, []string{"temporary", "permanent", "humanitarian"})
	}
	return drawn
}
