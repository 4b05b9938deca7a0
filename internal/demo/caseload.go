package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
)

// CaseloadOptions shape the caseload of the demo accounts' office.
type CaseloadOptions struct {
	// OfficeID is the office (its row id).
	OfficeID string
	// Counselor gets the files that show each deadline state; the other
	// files are dealt to all of the office's staff.
	Counselor string
	// Files is the number of files in all (at least the scenarios).
	Files int
	// Today anchors every date.
	Today time.Time
}

// streamCaseload is the random stream of the demo caseload.
const streamCaseload = 102

// Caseload gives the demo office a caseload a newcomer can look at: files
// of the demo counselor in every deadline state (an overdue measure, one
// due today, a plan review this week, a residence title expired, expiring
// within 30 and within 90 days, a JMD client turning 27 where the office
// has the program, a file opened today, a closed one), and further
// generated files with contacts and plans for the office's staff.
func Caseload(ctx context.Context, cases *casework.Store, o CaseloadOptions) (casework.SeedStats, error) {
	offices, err := cases.SeedOffices(ctx)
	if err != nil {
		return casework.SeedStats{}, err
	}
	i := slices.IndexFunc(offices, func(x casework.SeedOffice) bool { return x.ID == o.OfficeID })
	if i < 0 {
		return casework.SeedStats{}, fmt.Errorf("demo: office %s has no counseling program or no staff", o.OfficeID)
	}
	office := offices[i]
	g := clientGen{r: newRandom(1, streamCaseload), o: ClientOptions{ContactsPerClient: 4}, today: dateOf(o.Today)}
	for _, u := range office.Staff {
		g.slots = append(g.slots, staffSlot{office: office, user: u})
	}
	files := g.scenarios(office, o.Counselor)
	for n := len(files); n < o.Files; n++ {
		files = append(files, g.file(n))
	}
	return cases.Seed(ctx, files)
}

// scenarios are the counselor's files with one deadline state each.
func (g *clientGen) scenarios(office casework.SeedOffice, counselor string) []casework.SeedFile {
	t := g.today
	day := func(n int) time.Time { return t.AddDate(0, 0, n) }
	var out []casework.SeedFile
	add := func(edit func(f *casework.SeedFile)) {
		f := g.file(len(out))
		f.CounselorID, f.Closed, f.ResidenceExpiresOn = counselor, nil, time.Time{}
		f.ProgramID = office.Programs[0]
		f.IntakeOn = day(-60 - g.r.IntN(200))
		f.BirthYear = f.IntakeOn.Year() - g.age(f.ProgramID)
		f.Contacts = g.contactsBetween(f, f.IntakeOn, t)
		f.Plan = g.planWith(f.IntakeOn, day(40))
		edit(&f)
		out = append(out, f)
	}
	add(func(f *casework.SeedFile) { f.Plan.Goals[0].Measures[0].DueOn = day(-5) })
	add(func(f *casework.SeedFile) { f.Plan.Goals[0].Measures[0].DueOn = t })
	add(func(f *casework.SeedFile) { f.Plan.ReviewOn = day(3) })
	add(func(f *casework.SeedFile) { f.ResidenceStatus, f.ResidenceExpiresOn = "temporary", day(-10) })
	add(func(f *casework.SeedFile) { f.ResidenceStatus, f.ResidenceExpiresOn = "temporary", day(20) })
	add(func(f *casework.SeedFile) { f.ResidenceStatus, f.ResidenceExpiresOn = "temporary", day(60) })
	if slices.Contains(office.Programs, "jmd") {
		add(func(f *casework.SeedFile) {
			f.ProgramID = "jmd"
			birthday := day(45)
			f.BirthYear, f.BirthMonth = birthday.Year()-jmdAge, int(birthday.Month())
		})
	}
	add(func(f *casework.SeedFile) {
		f.IntakeOn, f.Plan, f.ContactData = t, nil, nil
		f.Consents = f.Consents[:1]
		f.Contacts = g.contactsBetween(*f, t, t)[:1]
	})
	add(func(f *casework.SeedFile) {
		f.Closed = &casework.CloseInput{On: day(-14), Reason: casework.CloseReasons[0]}
		f.Contacts = g.contactsBetween(*f, f.IntakeOn, day(-14))
	})
	return out
}

// jmdAge is the age at which JMD counseling ends.
const jmdAge = 27

// contactsBetween draws 2–5 contacts between two days.
func (g *clientGen) contactsBetween(f casework.SeedFile, from, to time.Time) []casework.ContactInput {
	var out []casework.ContactInput
	for range 2 + g.r.IntN(4) {
		out = append(out, g.contact(f, from, to))
	}
	slices.SortFunc(out, func(a, b casework.ContactInput) int { return a.On.Compare(b.On) })
	return out
}

// planWith draws a plan started at intake whose open measures lie after
// today and whose review is on review: the scenario then moves one date.
func (g *clientGen) planWith(intake, review time.Time) *casework.PlanInput {
	p := g.plan(intake)
	for len(p.Goals) == 0 {
		p = g.plan(intake)
	}
	p.ReviewOn = review
	for gi := range p.Goals {
		for mi := range p.Goals[gi].Measures {
			m := &p.Goals[gi].Measures[mi]
			m.Status = casework.MeasureOpen
			m.DueOn = g.today.AddDate(0, 0, 14+g.r.IntN(120))
		}
	}
	return p
}
