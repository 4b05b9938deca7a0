package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"math/bits"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
)

// SeedFile is one complete client file for Seed: generated demo and load
// test data, written in bulk without the per-file checks of the forms (the
// database's constraints still apply).
type SeedFile struct {
	FileInput
	CounselorID        string
	BirthMonth         int       // 0 = unknown
	ResidenceExpiresOn time.Time // zero = not recorded
	Closed             *CloseInput
	Consents           []ConsentInput
	ContactData        *ContactData // needs a contact_data consent
	Contacts           []ContactInput
	Plan               *PlanInput
}

// SeedStats counts what Seed wrote.
type SeedStats struct {
	Files, Closed, Consents, Contacts, Plans, Goals, Measures int
}

// Add adds the counts of o.
func (s *SeedStats) Add(o SeedStats) {
	s.Files += o.Files
	s.Closed += o.Closed
	s.Consents += o.Consents
	s.Contacts += o.Contacts
	s.Plans += o.Plans
	s.Goals += o.Goals
	s.Measures += o.Measures
}

// seedParams bounds the parameters of one multi-row INSERT, far below
// SQLite's 32,766 and PostgreSQL's 65,535.
const seedParams = 8000

// Seed writes files in one transaction, with codes continuing the
// deterministic sequence after the files already stored, free text sealed
// like everywhere else, and one audit entry ("case.seed", counts only)
// instead of one per file. It is for generated data only: nothing here is
// checked against the program's age limits or the forms' rules.
func (s *Store) Seed(ctx context.Context, files []SeedFile) (SeedStats, error) {
	var st SeedStats
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var existing int64
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM client_files").Scan(&existing); err != nil {
			return fmt.Errorf("casework: seed: %w", err)
		}
		b := newSeedBatch(s, existing)
		for i := range files {
			if err := b.add(ctx, tx, &files[i]); err != nil {
				return err
			}
		}
		if err := b.write(ctx, tx); err != nil {
			return err
		}
		ids := make([]string, len(b.files.rows))
		for i, row := range b.files.rows {
			ids[i] = row[0].(string)
		}
		if err := refreshDeadlines(ctx, tx, ids); err != nil {
			return err
		}
		st = b.st
		return s.audit.Append(ctx, tx, audit.Entry{Actor: "kmn demo", Action: "case.seed", ObjectType: objectType,
			Result: audit.ResultSuccess, Detail: map[string]string{"files": fmt.Sprint(st.Files), "contacts": fmt.Sprint(st.Contacts)}})
	})
	return st, err
}

// seedBatch collects the rows of every table before writing them.
type seedBatch struct {
	s                                                                                *Store
	next                                                                             int64
	now                                                                              time.Time
	retention                                                                        map[string]int // years by program
	st                                                                               SeedStats
	tables                                                                           []*seedTable
	files, consents, contactData, contacts, topics, plans, goals, measures, versions *seedTable
}

type seedTable struct {
	name string
	cols []string
	rows [][]any
}

func newSeedBatch(s *Store, existing int64) *seedBatch {
	b := &seedBatch{s: s, next: existing, now: s.now(), retention: map[string]int{}}
	t := func(name string, cols ...string) *seedTable {
		x := &seedTable{name: name, cols: cols}
		b.tables = append(b.tables, x)
		return x
	}
	// In foreign-key order.
	b.files = t("client_files", "id", "code", "office_id", "program_id", "counselor_id", "intake_on", "birth_year",
		"birth_month", "gender", "country", "first_language", "residence_status", "arrival_year", "residence_expires_on",
		"status", "closed_on", "close_reason", "delete_after", "created_at", "updated_at")
	b.consents = t("consents", "id", "file_id", "purpose", "recipient", "given_on", "form", "recorded_by", "created_at")
	b.contactData = t("client_contact_data", "file_id", "name_enc", "phone_enc", "email_enc", "address_enc", "updated_at")
	b.contacts = t("counseling_contacts", "id", "file_id", "contact_on", "minutes", "channel", "language", "interpreter",
		"note_enc", "created_by", "created_at")
	b.topics = t("counseling_contact_topics", "contact_id", "topic_id", "file_id", "office_id", "counselor_id")
	b.plans = t("support_plans", "file_id", "starts_on", "review_on", "version", "updated_at", "updated_by")
	b.goals = t("plan_goals", "id", "file_id", "area", "title_enc", "position", "outcome")
	b.measures = t("plan_measures", "id", "goal_id", "file_id", "description_enc", "responsible", "due_on", "status",
		"review_on", "position")
	b.versions = t("plan_versions", "id", "file_id", "version", "saved_at", "saved_by", "changes", "snapshot_enc")
	return b
}

func (b *seedBatch) add(ctx context.Context, tx *db.Tx, f *SeedFile) error {
	id := uuid.Must(uuid.NewV7()).String()
	status, closedOn, reason, deleteAfter := any(string(Open)), any(nil), "", any(nil)
	if f.Closed != nil {
		years, ok := b.retention[f.ProgramID]
		if !ok {
			var err error
			if years, err = b.s.retentionYears(ctx, tx, f.ProgramID); err != nil {
				return err
			}
			b.retention[f.ProgramID] = years
		}
		status, closedOn, reason = string(Closed), day(f.Closed.On), f.Closed.Reason
		deleteAfter = day(f.Closed.On).AddDate(years, 0, 0)
		b.st.Closed++
	}
	b.files.add(id, seedCode(b.next), f.OfficeID, f.ProgramID, f.CounselorID, day(f.IntakeOn), f.BirthYear,
		nullInt(f.BirthMonth), f.Gender, f.Country, f.FirstLanguage, f.ResidenceStatus, nullYear(f.ArrivalYear),
		nullDay(f.ResidenceExpiresOn), status, closedOn, reason, deleteAfter, b.now, b.now)
	b.next++
	b.st.Files++
	for _, c := range f.Consents {
		b.consents.add(uuid.Must(uuid.NewV7()).String(), id, c.Purpose, c.Recipient, day(c.GivenOn), c.Form, f.CounselorID, b.now)
		b.st.Consents++
	}
	if cd := f.ContactData; cd != nil {
		seal := func(col, v string) string { return b.s.seal(v, contactDataTable, col, id) }
		b.contactData.add(id, seal("name", cd.Name), seal("phone", cd.Phone), seal("email", cd.Email),
			seal("address", cd.Address), b.now)
	}
	for _, c := range f.Contacts {
		b.addContact(id, f.OfficeID, f.CounselorID, c)
	}
	if f.Plan != nil {
		b.addPlan(id, f.CounselorID, f.Plan)
	}
	return nil
}

// addContact adds a contact recorded by the file's counselor by.
func (b *seedBatch) addContact(fileID, officeID, by string, c ContactInput) {
	cid := uuid.Must(uuid.NewV7()).String()
	note := ""
	if c.Note != "" {
		note = b.s.seal(c.Note, contactTable, "note", cid)
	}
	b.contacts.add(cid, fileID, day(c.On), c.Minutes, c.Channel, c.Language, c.Interpreter, note, by, b.now)
	for _, t := range c.Topics {
		b.topics.add(cid, t, fileID, officeID, by)
	}
	b.st.Contacts++
}

func (b *seedBatch) addPlan(fileID, by string, in *PlanInput) {
	in.normalize()
	p := in.plan(&Plan{})
	p.FileID, p.Version, p.UpdatedAt, p.UpdatedBy = fileID, 1, b.now, by
	b.plans.add(fileID, p.StartsOn, p.ReviewOn, 1, b.now, by)
	for i, g := range p.Goals {
		b.goals.add(g.ID, fileID, g.Area, b.s.seal(g.Title, goalTable, "title", g.ID), i, nullString(g.Outcome))
		for j, m := range g.Measures {
			b.measures.add(m.ID, g.ID, fileID, b.s.seal(m.Description, measureTable, "description", m.ID),
				m.Responsible, m.DueOn, m.Status, nullDay(m.ReviewOn), j)
			b.st.Measures++
		}
		b.st.Goals++
	}
	snap, _ := json.Marshal(p) // a Plan always marshals
	vid := uuid.Must(uuid.NewV7()).String()
	b.versions.add(vid, fileID, 1, b.now, by, `[{"change":"added"}]`, b.s.seal(string(snap), versionTable, "snapshot", vid))
	b.st.Plans++
}

func (t *seedTable) add(values ...any) { t.rows = append(t.rows, values) }

// write inserts every table's rows with multi-row INSERTs.
func (b *seedBatch) write(ctx context.Context, tx *db.Tx) error {
	for _, t := range b.tables {
		per := max(1, seedParams/len(t.cols))
		for start := 0; start < len(t.rows); start += per {
			chunk := t.rows[start:min(len(t.rows), start+per)]
			if err := t.insert(ctx, tx, chunk); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *seedTable) insert(ctx context.Context, tx *db.Tx, rows [][]any) error {
	var q strings.Builder
	q.WriteString("INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES ")
	row := "(" + db.Placeholders(len(t.cols)) + ")"
	args := make([]any, 0, len(rows)*len(t.cols))
	for i, r := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(row)
		args = append(args, r...)
	}
	if _, err := tx.Exec(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("casework: seed %s: %w", t.name, err)
	}
	return nil
}

// seedCode is the n-th pseudonym code of the seed sequence: n times a
// constant coprime to 30⁸, modulo 30⁸, written in the code alphabet. The
// map is a bijection, so codes never repeat within 30⁸ files, and they do
// not look sequential. Codes drawn at random by Create may in theory meet
// one; the UNIQUE constraint refuses the seed batch then.
func seedCode(n int64) string {
	const space = 30 * 30 * 30 * 30 * 30 * 30 * 30 * 30
	const step = 1_000_000_007 // prime, so coprime to 2, 3 and 5
	hi, lo := bits.Mul64(uint64(n%space), step)
	_, v := bits.Div64(hi, lo, space)
	b := []byte("KMN-XXXX-XXXX")
	for _, i := range []int{12, 11, 10, 9, 7, 6, 5, 4} {
		b[i] = codeAlphabet[v%30]
		v /= 30
	}
	return string(b)
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func nullDay(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return day(t)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// SeedOffice is an office that can take generated files: the case programs
// it offers and the counselors and leads whose account is scoped to it.
type SeedOffice struct {
	ID       string
	Programs []string
	Staff    []string
}

// SeedOffices lists the offices with at least one counseling program
// (every program but the Kommunale Leitstellen) and at least one counselor
// or lead whose account is scoped to it, in id order.
func (s *Store) SeedOffices(ctx context.Context) ([]SeedOffice, error) {
	offices, err := network.CaseOffices(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("casework: seed offices: %w", err)
	}
	staff, err := auth.OfficeAccounts(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("casework: seed offices: %w", err)
	}
	var out []SeedOffice
	for _, o := range offices {
		if len(staff[o.ID]) > 0 {
			out = append(out, SeedOffice{ID: o.ID, Programs: o.Programs, Staff: staff[o.ID]})
		}
	}
	return out, nil
}

// Sizes counts all client files and counseling contacts of the platform
// (for load tests and operations; no personal data, not audited).
func (s *Store) Sizes(ctx context.Context) (files, contacts int, err error) {
	err = s.db.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM client_files), (SELECT COUNT(*) FROM counseling_contacts)").
		Scan(&files, &contacts)
	if err != nil {
		return 0, 0, fmt.Errorf("casework: sizes: %w", err)
	}
	return files, contacts, nil
}

// SeedSubstitution records a generated substitution as recorded by the
// user by (the demo's lead), with one audit entry ("case.seed"). Like
// Seed it is for generated data: the period is not checked against today.
func (s *Store) SeedSubstitution(ctx context.Context, by string, in SubstitutionInput) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		id := uuid.Must(uuid.NewV7()).String()
		in.StartsOn, in.EndsOn = day(in.StartsOn), day(in.EndsOn)
		kind, started := substitutionNotice(in, s.today())
		if _, err := tx.Exec(ctx, `INSERT INTO case_substitutions (id, office_id, absent_id, substitute_id, starts_on,
			ends_on, created_by, created_at, start_noticed, end_noticed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, in.OfficeID, in.AbsentID,
			in.SubstituteID, in.StartsOn, in.EndsOn, by, s.now(), started, false); err != nil {
			return fmt.Errorf("casework: seed substitution: %w", err)
		}
		if err := s.audit.Append(ctx, tx, audit.Entry{Actor: "kmn demo", Action: "case.seed", ObjectType: substitutionType,
			ObjectID: id, Result: audit.ResultSuccess}); err != nil {
			return err
		}
		if s.notes == nil {
			return nil
		}
		return s.notes.Add(ctx, tx, notify.Note{UserID: in.SubstituteID, Kind: kind, Link: "/substitutions"})
	})
}
