package casework

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Tallies are what the statistics (issue 17) may know of the case tables,
// which it must not read itself: counts by office, program and one field,
// never a file. Naming no file, they are not audited as a read of one.
// Each is one grouped query, so its cost does not depend on Go walking the
// rows of a million files.

// ClientMeasure says which files of a period a client tally counts.
// (Measure is taken: it is a step of a support plan.)
type ClientMeasure string

// The client measures.
const (
	// Active files were counseled in the period: opened by its end and
	// not closed before its start.
	Active ClientMeasure = "active"
	// New files were opened in the period.
	New ClientMeasure = "new"
	// Ended files were closed in the period.
	Ended ClientMeasure = "closed"
)

// ClientField is the statistics field a client tally groups by.
type ClientField string

// The client fields and their keys.
const (
	ByProgram ClientField = "program" // program_id
	// ByAge groups by the age group at the end of the period (To's year
	// minus the birth year): "0-17", "18-26", "27-39", "40-54", "55-64", "65+".
	ByAge       ClientField = "age"
	ByGender    ClientField = "gender"    // gender
	ByCountry   ClientField = "country"   // country, "unknown" when not stated
	ByLanguage  ClientField = "language"  // first language, "unknown" when not stated
	ByResidence ClientField = "residence" // residence status
	// ByArrival groups by the years since arrival at the end of the period
	// (To's year minus the arrival year): "0", "1-2", "3-5", "6-10", "11+",
	// "unknown" without an arrival year.
	ByArrival ClientField = "arrival"
	// ByCloseReason groups by the close reason, "open" for files not
	// closed by the end of the period (meaningful with Ended).
	ByCloseReason ClientField = "close_reason"
)

// ContactField groups counseling contacts.
type ContactField string

// The contact fields and their keys.
const (
	ContactChannel ContactField = "channel" // channel
	// ContactTopic counts mentions: a contact with two topics counts once
	// under each.
	ContactTopic       ContactField = "topic"       // topic id
	ContactLanguage    ContactField = "language"    // language, "unknown" when not stated
	ContactInterpreter ContactField = "interpreter" // "yes" or "no"
)

// GoalField groups the goals of support plans.
type GoalField string

// The goal fields and their keys.
const (
	GoalArea    GoalField = "area"    // area
	GoalOutcome GoalField = "outcome" // outcome, "open" until assessed
)

// TallyQuery bounds a tally: a period (dates, both inclusive) and
// optionally one counselor's own files or one office.
type TallyQuery struct {
	From, To  time.Time
	Counselor string // "" = all files; else only files whose counselor is this user id
	Office    string // "" = all offices; else only this office id
}

// Tally is one count: files (or contacts, or goals) of one office and
// program with one key.
type Tally struct {
	OfficeID, ProgramID, Key string
	N                        int
}

// sqlPart is a piece of SQL with the arguments of its placeholders.
type sqlPart struct {
	sql  string
	args []any
}

// The tables of the tallies; client_files is always f.
const (
	filesTable    = "client_files f"
	contactsTable = "counseling_contacts c JOIN client_files f ON f.id = c.file_id"
	// A topic row carries its contact's file (migration 00009), so the
	// engines may join it to the file and to the contact in either order.
	topicsTable = "counseling_contact_topics t JOIN counseling_contacts c ON c.id = t.contact_id JOIN client_files f ON f.id = t.file_id"
	goalsTable  = "plan_goals g JOIN client_files f ON f.id = g.file_id"
)

// ClientTallies counts the files of the period that m selects, by office,
// program and field f.
func (s *Store) ClientTallies(ctx context.Context, q TallyQuery, m ClientMeasure, f ClientField) ([]Tally, error) {
	out, err := s.ClientTalliesBy(ctx, q, m, []ClientField{f})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// ClientTalliesBy counts the files m selects by each of fields, in one
// pass over the files (one query grouped by all the fields at once, split
// here): at a million files the pass, not the grouping, is what costs.
func (s *Store) ClientTalliesBy(ctx context.Context, q TallyQuery, m ClientMeasure, fields []ClientField) ([][]Tally, error) {
	q = q.days()
	keys := make([]sqlPart, len(fields))
	for i, f := range fields {
		var err error
		if keys[i], err = clientKey(f, q.To); err != nil {
			return nil, fmt.Errorf("casework: client tallies: %w", err)
		}
	}
	files, err := filesOf(m, q)
	if err != nil {
		return nil, fmt.Errorf("casework: client tallies: %w", err)
	}
	return s.tallyMany(ctx, keys, filesTable, files, q)
}

// ContactTallies counts the contacts dated in the period, by the office
// and program of their file and field f.
func (s *Store) ContactTallies(ctx context.Context, q TallyQuery, f ContactField) ([]Tally, error) {
	out, err := s.ContactTalliesBy(ctx, q, []ContactField{f})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// ContactTalliesBy counts the contacts of the period by each of fields:
// one pass for the fields of the contact itself, one for topics.
func (s *Store) ContactTalliesBy(ctx context.Context, q TallyQuery, fields []ContactField) ([][]Tally, error) {
	q = q.days()
	byTable := map[string][]int{}
	keys := make([]sqlPart, len(fields))
	var tables []string
	for i, f := range fields {
		key, from, err := contactKey(f)
		if err != nil {
			return nil, fmt.Errorf("casework: contact tallies: %w", err)
		}
		if byTable[from] == nil {
			tables = append(tables, from)
		}
		keys[i], byTable[from] = key, append(byTable[from], i)
	}
	dated := sqlPart{"c.contact_on >= ? AND c.contact_on <= ?", []any{q.From, q.To}}
	out := make([][]Tally, len(fields))
	for _, from := range tables {
		idx := byTable[from]
		part := make([]sqlPart, len(idx))
		for k, i := range idx {
			part[k] = keys[i]
		}
		got, err := s.tallyMany(ctx, part, from, dated, q)
		if err != nil {
			return nil, err
		}
		for k, i := range idx {
			out[i] = got[k]
		}
	}
	return out, nil
}

// GoalTallies counts the goals of the plans of files active in the period
// (as Active counts files), by the office and program of their file and
// field f.
func (s *Store) GoalTallies(ctx context.Context, q TallyQuery, f GoalField) ([]Tally, error) {
	out, err := s.GoalTalliesBy(ctx, q, []GoalField{f})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// GoalTalliesBy counts those goals by each of fields, in one pass.
func (s *Store) GoalTalliesBy(ctx context.Context, q TallyQuery, fields []GoalField) ([][]Tally, error) {
	q = q.days()
	keys := make([]sqlPart, len(fields))
	for i, f := range fields {
		switch f {
		case GoalArea:
			keys[i] = sqlPart{sql: "g.area"}
		case GoalOutcome:
			keys[i] = sqlPart{sql: "COALESCE(g.outcome, 'open')"}
		default:
			return nil, fmt.Errorf("casework: goal tallies: unknown field %q", f)
		}
	}
	return s.tallyMany(ctx, keys, goalsTable, activeFiles(q), q)
}

// days turns the period into the DATE columns' form (midnight UTC).
func (q TallyQuery) days() TallyQuery {
	q.From, q.To = day(q.From), day(q.To)
	return q
}

// filesOf is the condition on f of the files m counts.
func filesOf(m ClientMeasure, q TallyQuery) (sqlPart, error) {
	switch m {
	case Active:
		return activeFiles(q), nil
	case New:
		return sqlPart{"f.intake_on >= ? AND f.intake_on <= ?", []any{q.From, q.To}}, nil
	case Ended:
		return sqlPart{"f.closed_on >= ? AND f.closed_on <= ?", []any{q.From, q.To}}, nil
	}
	return sqlPart{}, fmt.Errorf("unknown measure %q", m)
}

// activeFiles is the condition on f of the files counseled in the period.
func activeFiles(q TallyQuery) sqlPart {
	return sqlPart{"f.intake_on <= ? AND (f.closed_on IS NULL OR f.closed_on >= ?)", []any{q.To, q.From}}
}

// yearBand holds the years up to and including upTo (from the previous
// band's end).
type yearBand struct {
	upTo int
	key  string
}

var (
	ageBands     = []yearBand{{17, "0-17"}, {26, "18-26"}, {39, "27-39"}, {54, "40-54"}, {64, "55-64"}}
	arrivalBands = []yearBand{{0, "0"}, {2, "1-2"}, {5, "3-5"}, {10, "6-10"}}
)

// clientKey is the key expression of field f at the end of the period.
func clientKey(f ClientField, to time.Time) (sqlPart, error) {
	switch f {
	case ByProgram:
		return sqlPart{sql: "f.program_id"}, nil
	case ByAge:
		return yearsSince("f.birth_year", to.Year(), ageBands, "65+"), nil
	case ByGender:
		return sqlPart{sql: "f.gender"}, nil
	case ByCountry:
		return orUnknown("f.country"), nil
	case ByLanguage:
		return orUnknown("f.first_language"), nil
	case ByResidence:
		return sqlPart{sql: "f.residence_status"}, nil
	case ByArrival:
		years := yearsSince("f.arrival_year", to.Year(), arrivalBands, "11+")
		return sqlPart{"CASE WHEN f.arrival_year IS NULL THEN 'unknown' ELSE " + years.sql + " END", years.args}, nil
	case ByCloseReason:
		// A file closed after the period was still open in it.
		return sqlPart{"CASE WHEN f.closed_on IS NULL OR f.closed_on > ? THEN 'open' ELSE f.close_reason END", []any{to}}, nil
	}
	return sqlPart{}, fmt.Errorf("unknown field %q", f)
}

// contactKey is the key expression of field f and the tables it needs.
func contactKey(f ContactField) (sqlPart, string, error) {
	switch f {
	case ContactChannel:
		return sqlPart{sql: "c.channel"}, contactsTable, nil
	case ContactTopic:
		return sqlPart{sql: "t.topic_id"}, topicsTable, nil
	case ContactLanguage:
		return orUnknown("c.language"), contactsTable, nil
	case ContactInterpreter:
		return sqlPart{sql: "CASE WHEN c.interpreter THEN 'yes' ELSE 'no' END"}, contactsTable, nil
	}
	return sqlPart{}, "", fmt.Errorf("unknown field %q", f)
}

// yearsSince groups by the years from column to year: the key of the
// first band holding them, else above. The year is a parameter of each
// WHEN, since the engines share no way of naming it once; the bands are
// constants of this file, so writing them into the SQL is safe.
func yearsSince(column string, year int, bands []yearBand, above string) sqlPart {
	var b strings.Builder
	args := make([]any, 0, len(bands))
	b.WriteString("CASE")
	for _, band := range bands {
		fmt.Fprintf(&b, " WHEN ? - %s <= %d THEN '%s'", column, band.upTo, band.key)
		args = append(args, year)
	}
	b.WriteString(" ELSE '" + above + "' END")
	return sqlPart{b.String(), args}
}

// orUnknown is column, "unknown" where it is empty (not stated).
func orUnknown(column string) sqlPart {
	return sqlPart{sql: "CASE WHEN " + column + " = '' THEN 'unknown' ELSE " + column + " END"}
}

// tallyMany counts the rows of from that match cond and q's scope,
// grouped by the file's office and program and each of keys: one query
// grouped by all keys at once, whose groups are then summed per key.
func (s *Store) tallyMany(ctx context.Context, keys []sqlPart, from string, cond sqlPart, q TallyQuery) ([][]Tally, error) {
	where := cond.sql
	var args []any
	cols := make([]string, len(keys))
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = fmt.Sprintf("tally_key%d", i)
		cols[i] = k.sql + " AS " + names[i]
		args = append(args, k.args...)
	}
	args = append(args, cond.args...)
	if q.Counselor != "" {
		where += " AND f.counselor_id = ?"
		args = append(args, q.Counselor)
	}
	if q.Office != "" {
		where += " AND f.office_id = ?"
		args = append(args, q.Office)
	}
	// The keys lead the GROUP BY: led by office_id, SQLite walked an index
	// starting with it to group in its order, fetching every row through
	// it, two to three times slower than its own choice of index for the
	// period's condition. PostgreSQL hashes the groups either way.
	rows, err := s.db.Query(ctx, "SELECT f.office_id, f.program_id, "+strings.Join(cols, ", ")+", COUNT(*) FROM "+from+
		" WHERE "+where+" GROUP BY "+strings.Join(names, ", ")+", f.office_id, f.program_id", args...)
	if err != nil {
		return nil, fmt.Errorf("casework: tally: %w", err)
	}
	defer rows.Close()
	sums := make([]map[Tally]int, len(keys)) // N unset: the map key is office, program, key
	for i := range sums {
		sums[i] = map[Tally]int{}
	}
	vals := make([]string, len(keys))
	dest := make([]any, 0, len(keys)+3)
	var office, program string
	var n int
	dest = append(dest, &office, &program)
	for i := range vals {
		dest = append(dest, &vals[i])
	}
	dest = append(dest, &n)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("casework: tally: %w", err)
		}
		for i, v := range vals {
			sums[i][Tally{OfficeID: office, ProgramID: program, Key: v}] += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("casework: tally: %w", err)
	}
	out := make([][]Tally, len(keys))
	for i, m := range sums {
		out[i] = sortedTallies(m)
	}
	return out, nil
}

// sortedTallies lists counts by office, program and key. Sorted here
// rather than by ORDER BY: PostgreSQL's collation may order "1-2" and
// "11+" differently from SQLite's bytes.
func sortedTallies(m map[Tally]int) []Tally {
	if len(m) == 0 {
		return nil
	}
	out := make([]Tally, 0, len(m))
	for t, n := range m {
		t.N = n
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Tally) int {
		return cmp.Or(strings.Compare(a.OfficeID, b.OfficeID), strings.Compare(a.ProgramID, b.ProgramID),
			strings.Compare(a.Key, b.Key))
	})
	return out
}

// StatsVersion is a fingerprint of everything the tallies read: it changes
// whenever a file, contact, plan or goal is written or deleted, on any
// server, so a cache keyed by it is not served stale.
//
// Counts and latest timestamps alone miss edits in place within one clock
// tick or from a server whose clock is behind, so the sums of the versions
// of files and plans are in it: every UPDATE of a file's tallied columns
// (statistics fields, closing, reopening, a transfer to another counselor,
// a handed-over referral) raises the file's version, and goals are only
// ever rewritten by a plan save, which raises the plan's. Contacts are
// never edited in place (a key rotation rewrites only their sealed note,
// which no tally reads) and their topics are written with them, so the
// count of contacts covers both; contacts, topics, plans and goals are
// deleted only with their file, which the file count and version sum see.
// The topic and goal tables, the largest, are therefore not read: at a
// million files their counts alone would cost more than most tallies.
// Whoever adds a way to edit a contact, its topics or a goal without
// touching the file's or the plan's version must add it here.
func (s *Store) StatsVersion(ctx context.Context) (string, error) {
	var files, fileVersions, contacts, plans, planVersions int64
	var filesChanged, plansChanged db.ComputedTime
	err := s.db.QueryRow(ctx, `SELECT f.n, f.versions, f.latest, c.n, p.n, p.versions, p.latest FROM
		(SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS versions, MAX(updated_at) AS latest FROM client_files) f,
		(SELECT COUNT(*) AS n FROM counseling_contacts) c,
		(SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS versions, MAX(updated_at) AS latest FROM support_plans) p`).
		Scan(&files, &fileVersions, &filesChanged, &contacts, &plans, &planVersions, &plansChanged)
	if err != nil {
		return "", fmt.Errorf("casework: stats version: %w", err)
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%d;%d;%d;%d;%d;%d;%d", files, fileVersions, filesChanged.Time.UnixNano(),
		contacts, plans, planVersions, plansChanged.Time.UnixNano()))
	return hex.EncodeToString(sum[:16]), nil
}
