package casework

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// The due filters of the caseload, over the file's stored deadlines (the
// ones the deadline page lists, deadline_rows.go).
const (
	DueOverdue = "overdue" // a deadline lies before today
	DueToday   = "today"   // a deadline is today
	DueWeek    = "week"    // a deadline lies within the next 7 days, today included
)

// DueFilters lists the due filters in form order.
var DueFilters = []string{DueOverdue, DueToday, DueWeek}

// MaxCaseloadPage bounds one page of the caseload.
const MaxCaseloadPage = 200

// CaseQuery filters and pages the caseload. Empty fields do not filter.
type CaseQuery struct {
	// Code is part of a pseudonym code; case, spaces and hyphens are ignored.
	Code      string
	Status    Status
	ProgramID string
	// Due is one of DueFilters.
	Due string
	// TopicID keeps files with a counseling contact on this registry topic.
	TopicID string
	// Mine narrows a counselor to their own files and those they cover
	// (a lead keeps the led offices whole): the scope of the deadline
	// page, so its links list the same files.
	Mine bool
	// Recent orders by the last change instead of the intake (newest
	// first): the files one worked on lately.
	Recent bool
	// Offset and Limit page the result (Limit 0 means MaxCaseloadPage).
	Offset, Limit int
}

// CasePage is one page of the caseload and the number of all matches.
type CasePage struct {
	Rows  []Summary
	Total int
}

// Caseload lists the files v may see that match q, newest intake first,
// without personal details, with each file's next open deadline. The
// filtering and paging happen in SQL, so the cost follows the viewer's
// scope, not the platform's size. Audited as "case.list" (filters and
// count only; the code search text is not logged).
func (s *Store) Caseload(ctx context.Context, v Viewer, q CaseQuery) (CasePage, error) {
	var page CasePage
	if q.Mine {
		v = v.ownFiles()
	}
	cond, args, ok := v.scope()
	if !ok {
		return page, nil
	}
	where, wargs := q.where(s.today(), v)
	cond += where
	args = append(args, wargs...)
	limit := q.Limit
	if limit <= 0 || limit > MaxCaseloadPage {
		limit = MaxCaseloadPage
	}
	err := s.readAudited(ctx, func(rq db.Querier) (audit.Entry, error) {
		from := " FROM client_files f WHERE " + cond
		// Every filter is a condition on the file's row or one index range
		// of another table (where), so the page reads the office's
		// (office_id, intake_on) index in order and stops after it, and a
		// separate COUNT reads the same index without table rows.
		rows, err := rq.Query(ctx, `SELECT f.id, f.code, f.office_id, f.program_id, f.counselor_id, f.intake_on,
			f.status, f.version, f.next_due_on`+from+` ORDER BY `+q.order()+` LIMIT ? OFFSET ?`,
			append(args, limit, max(0, q.Offset))...)
		if err != nil {
			return audit.Entry{}, fmt.Errorf("casework: caseload: %w", err)
		}
		if page.Rows, err = scanSummaries(rows); err != nil {
			return audit.Entry{}, err
		}
		if err := rq.QueryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&page.Total); err != nil {
			return audit.Entry{}, fmt.Errorf("casework: count caseload: %w", err)
		}
		return v.entry("case.list", "", q.auditDetail(page.Total)), nil
	})
	return page, err
}

// List returns the first MaxCaseloadPage files v may see, newest first.
func (s *Store) List(ctx context.Context, v Viewer) ([]Summary, error) {
	page, err := s.Caseload(ctx, v, CaseQuery{})
	return page.Rows, err
}

// order is the ORDER BY of the page.
func (q CaseQuery) order() string {
	if q.Recent {
		return "f.updated_at DESC, f.id DESC"
	}
	return "f.intake_on DESC, f.id DESC"
}

// NormalizeCode reduces a typed code to what Caseload compares: upper case
// without spaces, hyphens and the "KMN" prefix, at most a code's length
// (longer text cannot be part of a code).
func NormalizeCode(code string) string {
	c := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(valid.SearchText(code)))
	c = strings.TrimPrefix(c, "KMN")
	if len(c) > maxCodeSearch {
		return c[:maxCodeSearch]
	}
	return c
}

// maxCodeSearch is longer than any code without prefix and hyphens (8).
const maxCodeSearch = 16

// where is the filter part of the caseload's condition for v, starting
// with " AND".
func (q CaseQuery) where(today time.Time, v Viewer) (string, []any) {
	var b strings.Builder
	var args []any
	if code := NormalizeCode(q.Code); code != "" {
		// A character outside the code alphabet cannot be part of a code:
		// such text matches nothing (and never reaches LIKE as a pattern).
		pattern := "KMN%" + code + "%"
		if onlyCodeSymbols(code) != code {
			pattern = "-"
		}
		b.WriteString(" AND REPLACE(f.code, '-', '') LIKE ?")
		args = append(args, pattern)
	}
	if q.Status != "" {
		b.WriteString(" AND f.status = ?")
		args = append(args, string(q.Status))
	}
	if q.ProgramID != "" {
		b.WriteString(" AND f.program_id = ?")
		args = append(args, q.ProgramID)
	}
	switch from, to, ok := dueWindow(q.Due, today); {
	case q.Due == DueOverdue:
		// The earliest deadline before today: an overdue one exists.
		b.WriteString(" AND f.next_due_on < ?")
		args = append(args, today)
	case ok:
		// The files of the scope's deadlines in the window: one range of
		// the deadline index (office or counselor, due_on), however large
		// the caseload. The scope is repeated inside so that neither
		// engine reads deadlines beyond it (PostgreSQL may hash the whole
		// subquery).
		cond, cargs, _ := v.scopeOn("d")
		b.WriteString(" AND f.id IN (SELECT d.file_id FROM case_deadlines d WHERE " + cond + " AND d.due_on >= ? AND d.due_on < ?)")
		args = append(append(args, cargs...), from, to)
	}
	if q.TopicID != "" {
		// The files of the scope's contacts on the topic: one range of the
		// index (office or counselor, topic) that the topic rows' copy of
		// the file's office and counselor allows (migration 00014).
		cond, cargs, _ := v.scopeOn("t")
		b.WriteString(" AND f.id IN (SELECT t.file_id FROM counseling_contact_topics t WHERE " + cond + " AND t.topic_id = ?)")
		args = append(append(args, cargs...), q.TopicID)
	}
	return b.String(), args
}

// dueWindow is the half-open date range [from, to) of a due filter.
func dueWindow(due string, today time.Time) (from, to time.Time, ok bool) {
	switch due {
	case DueOverdue:
		return time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), today, true
	case DueToday:
		return today, today.AddDate(0, 0, 1), true
	case DueWeek:
		return today, today.AddDate(0, 0, weekDays+1), true
	}
	return time.Time{}, time.Time{}, false
}

// onlyCodeSymbols drops every character outside the code alphabet.
func onlyCodeSymbols(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(codeAlphabet, r) {
			return r
		}
		return -1
	}, s)
}

func (q CaseQuery) auditDetail(total int) map[string]string {
	d := map[string]string{"count": fmt.Sprint(total)}
	if q.Mine {
		d["mine"] = "true"
	}
	for k, v := range map[string]string{"status": string(q.Status), "program": q.ProgramID, "due": q.Due, "topic": q.TopicID} {
		if v != "" {
			d[k] = v
		}
	}
	if q.Code != "" {
		d["search"] = "code"
	}
	return d
}

func scanSummaries(rows *sql.Rows) ([]Summary, error) {
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var x Summary
		var next db.ComputedTime
		if err := rows.Scan(&x.ID, &x.Code, &x.OfficeID, &x.ProgramID, &x.CounselorID, &x.IntakeOn,
			&x.Status, &x.Version, &next); err != nil {
			return nil, fmt.Errorf("casework: caseload: %w", err)
		}
		x.IntakeOn, x.NextDue = day(x.IntakeOn), day(next.Time)
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("casework: caseload: %w", err)
	}
	return out, nil
}
