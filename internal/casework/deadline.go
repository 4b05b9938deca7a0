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
	KindJMD27            = "jmd_27"            // JMD client turns 27 (overdue: has turned 27, file still open)
	// kindResidence is how a residence title's expiry is stored; lists name
	// its stage (KindResidence90/30/Expired) by the days left.
	kindResidence = "residence"
)

// Deadline windows in days: how far ahead each kind is listed.
const (
	weekDays      = 7
	residenceFar  = 90
	residenceNear = 30
	jmdDays       = 90
	jmdAge        = 27
)

// DeadlineLimit bounds the overdue and the coming items listed; the counts
// are always complete (Deadlines.Truncated says when a list was cut: the
// nearest dates are kept).
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

// DeadlineCounts counts the items of each section, whatever the lists show.
type DeadlineCounts struct {
	Overdue, Today, ThisWeek, Upcoming int
}

// Deadlines sorts items by Due against today: Overdue before today, Today,
// ThisWeek the next 7 days, Upcoming later (only residence and JMD
// reminders reach that far). Each list is ordered by date, then file code.
type Deadlines struct {
	Overdue, Today, ThisWeek, Upcoming []Deadline
	Counts                             DeadlineCounts
	Truncated                          bool
}

// Deadlines lists the deadlines of the open files in v's scope (for a
// counselor: their own files and those they substitute for; for a lead
// their offices') as of the store clock's today in Lower Saxony, from the
// stored definition (deadline_rows.go): every item that is overdue, and
// the coming ones within their horizon — measures and reviews within the
// week, residence titles and JMD 27th birthdays within 90 days. The
// caseload's due filters and next deadline read the same rows with the same
// scope (CaseQuery.Mine), so the numbers agree. Audited as "deadlines.read"
// with the counts only.
func (s *Store) Deadlines(ctx context.Context, v Viewer) (Deadlines, error) {
	var out Deadlines
	v = v.ownFiles()
	cond, args, ok := v.scopeOn("d")
	if !ok {
		return out, nil
	}
	today := s.today()
	w := deadlineWindow(today)
	var items []Deadline
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		var err error
		if out.Counts, err = countDeadlines(ctx, q, cond, args, w); err != nil {
			return audit.Entry{}, err
		}
		overdue, err := listDeadlines(ctx, q, cond+" AND d.due_on < ?", append(args, today), "DESC", DeadlineLimit)
		if err != nil {
			return audit.Entry{}, err
		}
		coming, err := listDeadlines(ctx, q, cond+" AND d.due_on >= ? AND "+w.horizon, append(append(args, today), w.args...), "ASC", DeadlineLimit)
		if err != nil {
			return audit.Entry{}, err
		}
		items = append(overdue, coming...)
		return deadlinesEntry(v, out.Counts), nil
	})
	if err != nil {
		return Deadlines{}, err
	}
	out.sort(items, today)
	c := out.Counts
	out.Truncated = len(out.Overdue) < c.Overdue || len(out.Today)+len(out.ThisWeek)+len(out.Upcoming) < c.Today+c.ThisWeek+c.Upcoming
	return out, nil
}

// DeadlineSummary is the dashboard's view of the deadlines: the counts of
// each section and the first items in date order (the longest overdue
// first, then the coming ones).
type DeadlineSummary struct {
	Counts DeadlineCounts
	Next   []Deadline
}

// DeadlineSummary reads the counts of Deadlines and its first n items in
// one snapshot, from the same rows and scope, for the price of an index
// range count and one short list at any caseload. Audited as
// "deadlines.read" like the page.
func (s *Store) DeadlineSummary(ctx context.Context, v Viewer, n int) (DeadlineSummary, error) {
	var out DeadlineSummary
	v = v.ownFiles()
	cond, args, ok := v.scopeOn("d")
	if !ok {
		return out, nil
	}
	today := s.today()
	w := deadlineWindow(today)
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		var err error
		if out.Counts, err = countDeadlines(ctx, q, cond, args, w); err != nil {
			return audit.Entry{}, err
		}
		out.Next, err = listDeadlines(ctx, q, cond+" AND "+w.horizon, append(args, w.args...), "ASC", n)
		if err != nil {
			return audit.Entry{}, err
		}
		return deadlinesEntry(v, out.Counts), nil
	})
	if err != nil {
		return DeadlineSummary{}, err
	}
	for i := range out.Next {
		out.Next[i].Kind = residenceKind(out.Next[i], today)
	}
	return out, nil
}

// deadlinesEntry audits a read of the deadlines with its counts only.
func deadlinesEntry(v Viewer, c DeadlineCounts) audit.Entry {
	detail := map[string]string{"overdue": fmt.Sprint(c.Overdue), "coming": fmt.Sprint(c.Today + c.ThisWeek + c.Upcoming)}
	return v.entry("deadlines.read", "", detail)
}

// sort puts items into their sections, by date, then file code.
func (d *Deadlines) sort(items []Deadline, today time.Time) {
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
			d.Overdue = append(d.Overdue, it)
		case it.Due.Equal(today):
			d.Today = append(d.Today, it)
		case !it.Due.After(week):
			d.ThisWeek = append(d.ThisWeek, it)
		default:
			d.Upcoming = append(d.Upcoming, it)
		}
	}
}

// window is the horizon of coming deadlines as an SQL condition on d: a
// week for measures and reviews, 90 days for residence titles and JMD
// birthdays.
//
// Overdue items always lie within it, so it alone selects every listed
// item: one range on due_on, where an OR of ranges would cost SQLite the
// index order.
type window struct {
	horizon string
	args    []any
	today   time.Time
	week    time.Time
}

func deadlineWindow(today time.Time) window {
	week := today.AddDate(0, 0, weekDays)
	far := today.AddDate(0, 0, max(residenceFar, jmdDays))
	return window{horizon: "d.due_on <= ? AND (d.kind NOT IN ('measure', 'review') OR d.due_on <= ?)",
		args: []any{far, week}, today: today, week: week}
}

// countDeadlines counts the sections in one pass over the scope's rows.
func countDeadlines(ctx context.Context, q db.Querier, cond string, args []any, w window) (DeadlineCounts, error) {
	var c DeadlineCounts
	var overdue, today, week, later *int64
	err := q.QueryRow(ctx, `SELECT SUM(CASE WHEN d.due_on < ? THEN 1 ELSE 0 END), SUM(CASE WHEN d.due_on = ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.due_on > ? AND d.due_on <= ? THEN 1 ELSE 0 END), SUM(CASE WHEN d.due_on > ? THEN 1 ELSE 0 END)
		FROM case_deadlines d WHERE `+cond+" AND "+w.horizon,
		append(append([]any{w.today, w.today, w.today, w.week, w.week}, args...), w.args...)...).
		Scan(&overdue, &today, &week, &later)
	if err != nil {
		return c, fmt.Errorf("casework: count deadlines: %w", err)
	}
	deref := func(n *int64) int {
		if n == nil {
			return 0
		}
		return int(*n)
	}
	return DeadlineCounts{Overdue: deref(overdue), Today: deref(today), ThisWeek: deref(week), Upcoming: deref(later)}, nil
}

// listDeadlines reads at most limit rows matching cond, the nearest first
// in the given order of due dates.
func listDeadlines(ctx context.Context, q db.Querier, cond string, args []any, order string, limit int) ([]Deadline, error) {
	rows, err := q.Query(ctx, `SELECT d.kind, d.file_id, d.file_code, d.due_on, d.area, d.item_id FROM case_deadlines d
		WHERE `+cond+" ORDER BY d.due_on "+order+", d.file_code LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("casework: deadlines: %w", err)
	}
	defer rows.Close()
	var out []Deadline
	for rows.Next() {
		var it Deadline
		if err := rows.Scan(&it.Kind, &it.FileID, &it.FileCode, &it.Due, &it.GoalArea, &it.MeasureID); err != nil {
			return nil, fmt.Errorf("casework: deadlines: %w", err)
		}
		it.Due = day(it.Due)
		out = append(out, it)
	}
	return out, rows.Err()
}

// residenceKind names the stage of a residence reminder by days left.
func residenceKind(it Deadline, today time.Time) string {
	if it.Kind != kindResidence {
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
