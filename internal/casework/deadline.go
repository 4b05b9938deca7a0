package casework

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// The kinds of deadline.
const (
	KindMeasure          = "measure"           // an open measure's due date
	KindReview           = "review"            // a plan's review date, or an open measure's (MeasureID set)
	KindResidence90      = "residence_90"      // residence title expires in 31–90 days
	KindResidence30      = "residence_30"      // residence title expires in 0–30 days
	KindResidenceExpired = "residence_expired" // residence title expired
	KindJMD27            = "jmd_27"            // JMD client turns 27 within 90 days
)

// Deadline windows in days.
const (
	weekDays      = 7
	residenceFar  = 90
	residenceNear = 30
	jmdDays       = 90
	jmdAge        = 27
)

// DeadlineLimit bounds the rows read per kind; Deadlines.Truncated says
// when it was reached (the nearest dates are kept, the oldest overdue ones
// dropped).
const DeadlineLimit = 200

// Deadline is one dated item on the dashboard, without personal data: the
// file's pseudonym code, the date and what it is.
type Deadline struct {
	Kind      string
	FileID    string
	FileCode  string
	Due       time.Time // the due, review, expiry or birthday date
	GoalArea  string    // measures and their reviews
	MeasureID string    // measures and their reviews
}

// Deadlines sorts items by Due against today: Overdue before today, Today,
// ThisWeek the next 7 days, Upcoming later (only residence and JMD
// reminders reach that far). Each list is ordered by date, then file code.
type Deadlines struct {
	Overdue, Today, ThisWeek, Upcoming []Deadline
	Truncated                          bool
}

// Deadlines lists the dated items of the open files in v's scope (for a
// counselor: their own files and those they substitute for) as of the store
// clock's today (its calendar date in Lower Saxony):
//   - open measures due within the week or overdue (KindMeasure), and their
//     review dates (KindReview with MeasureID);
//   - plan review dates within the week or overdue (KindReview);
//   - residence titles expiring within 90 days (KindResidence90), within 30
//     days (KindResidence30) or expired (KindResidenceExpired), Due being
//     the expiry date;
//   - JMD clients whose 27th birthday lies within 90 days (KindJMD27). Only
//     birth year and month are stored, so the birthday is taken as the first
//     of the month; files without a birth month get no reminder.
//
// The listing is audited as "deadlines.read" with the count only.
func (s *Store) Deadlines(ctx context.Context, v Viewer) (Deadlines, error) {
	var out Deadlines
	// A counselor's deadlines are those of their own files (and of the
	// files they substitute for); leads see their offices'. Otherwise every
	// counselor of a large office would face all colleagues' dates.
	v = v.ownFiles()
	cond, args, ok := v.scope()
	if !ok {
		return out, nil
	}
	today := s.today()
	var items []Deadline
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		items = nil
		queries := deadlineQueries(today)
		for _, dq := range queries {
			got, truncated, err := runDeadlineQuery(ctx, q, dq, cond, args)
			if err != nil {
				return audit.Entry{}, err
			}
			items = append(items, got...)
			out.Truncated = out.Truncated || truncated
		}
		detail := map[string]string{"count": fmt.Sprint(len(items))}
		return v.entry("deadlines.read", "", detail), nil
	})
	if err != nil {
		return Deadlines{}, err
	}
	for i := range items {
		items[i].Kind = residenceKind(items[i], today)
	}
	slices.SortFunc(items, func(a, b Deadline) int {
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.FileCode, b.FileCode), cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.MeasureID, b.MeasureID))
	})
	week := today.AddDate(0, 0, weekDays)
	for _, it := range items {
		switch {
		case it.Due.Before(today):
			out.Overdue = append(out.Overdue, it)
		case it.Due.Equal(today):
			out.Today = append(out.Today, it)
		case !it.Due.After(week):
			out.ThisWeek = append(out.ThisWeek, it)
		default:
			out.Upcoming = append(out.Upcoming, it)
		}
	}
	return out, nil
}

// residenceKind names the stage of a residence reminder by days left.
func residenceKind(it Deadline, today time.Time) string {
	if it.Kind != KindResidence90 {
		return it.Kind
	}
	switch {
	case it.Due.Before(today):
		return KindResidenceExpired
	case !it.Due.After(today.AddDate(0, 0, residenceNear)):
		return KindResidence30
	}
	return KindResidence90
}

// deadlineQuery selects kind, file id, code, date, area and measure id of
// one kind of deadline; where is ANDed with the scope and "open file".
type deadlineQuery struct {
	kind, from, where, date, area, measure string
	args                                   []any
}

// deadlineQueries compares dates only with parameters computed here, so the
// SQL is the same on both engines and can use the indexes.
func deadlineQueries(today time.Time) []deadlineQuery {
	week := today.AddDate(0, 0, weekDays)
	measures := `plan_measures m JOIN plan_goals g ON g.id = m.goal_id JOIN client_files f ON f.id = m.file_id`
	lo, hi := jmdBirthRange(today)
	return []deadlineQuery{
		{kind: KindMeasure, from: measures, where: "m.status = 'open' AND m.due_on <= ?", date: "m.due_on",
			area: "g.area", measure: "m.id", args: []any{week}},
		{kind: KindReview, from: measures, where: "m.status = 'open' AND m.review_on IS NOT NULL AND m.review_on <= ?",
			date: "m.review_on", area: "g.area", measure: "m.id", args: []any{week}},
		{kind: KindReview, from: "support_plans p JOIN client_files f ON f.id = p.file_id", where: "p.review_on <= ?",
			date: "p.review_on", area: "''", measure: "''", args: []any{week}},
		{kind: KindResidence90, from: "client_files f", where: "f.residence_expires_on IS NOT NULL AND f.residence_expires_on <= ?",
			date: "f.residence_expires_on", area: "''", measure: "''", args: []any{today.AddDate(0, 0, residenceFar)}},
		// birth_year*12 + birth_month counts months; see jmdBirthRange.
		{kind: KindJMD27, from: "client_files f",
			where: "f.program_id = 'jmd' AND f.birth_month IS NOT NULL AND f.birth_year * 12 + f.birth_month BETWEEN ? AND ?",
			date:  "f.birth_year", area: "f.birth_month", measure: "''", args: []any{lo, hi}},
	}
}

// jmdBirthRange bounds birth_year*12 + birth_month for clients whose 27th
// birthday (the first of their birth month) lies in [today, today+90 days].
func jmdBirthRange(today time.Time) (int, int) {
	months := func(t time.Time) int { return t.Year()*12 + int(t.Month()) }
	first := today
	if today.Day() != 1 {
		first = time.Date(today.Year(), today.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	}
	shift := jmdAge * 12
	return months(first) - shift, months(today.AddDate(0, 0, jmdDays)) - shift
}

func runDeadlineQuery(ctx context.Context, q db.Querier, dq deadlineQuery, cond string, scopeArgs []any) ([]Deadline, bool, error) {
	query := `SELECT f.id, f.code, ` + dq.date + `, ` + dq.area + `, ` + dq.measure + ` FROM ` + dq.from +
		` WHERE f.status = 'open' AND ` + cond + ` AND ` + dq.where +
		` ORDER BY ` + dq.date + ` DESC, f.code LIMIT ?`
	args := append(append(append([]any{}, scopeArgs...), dq.args...), DeadlineLimit+1)
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, false, fmt.Errorf("casework: deadlines %s: %w", dq.kind, err)
	}
	defer rows.Close()
	var out []Deadline
	for rows.Next() {
		it := Deadline{Kind: dq.kind}
		if dq.kind == KindJMD27 {
			var year, month int
			if err := rows.Scan(&it.FileID, &it.FileCode, &year, &month, &it.MeasureID); err != nil {
				return nil, false, fmt.Errorf("casework: deadlines %s: %w", dq.kind, err)
			}
			it.Due = time.Date(year+jmdAge, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
		} else {
			if err := rows.Scan(&it.FileID, &it.FileCode, &it.Due, &it.GoalArea, &it.MeasureID); err != nil {
				return nil, false, fmt.Errorf("casework: deadlines %s: %w", dq.kind, err)
			}
			it.Due = day(it.Due)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("casework: deadlines %s: %w", dq.kind, err)
	}
	if len(out) > DeadlineLimit {
		return out[:DeadlineLimit], true, nil
	}
	return out, false, nil
}
