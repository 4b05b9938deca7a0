package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// scope returns the condition limiting client_files f (joined with offices
// o) to what v may see, and false when v may see nothing at all.
//
// A counselor sees the files of their offices, only their own where the
// office's case_visibility is "own"; on v.Today they also see the files an
// absent colleague holds in an office where a substitution names them as
// substitute for that day (see substitution.go). The office list still
// bounds everything: a substitution never opens another office.
func (v Viewer) scope() (string, []any, bool) {
	if v.UserID == "" || len(v.OfficeIDs) == 0 {
		return "", nil, false
	}
	args := make([]any, 0, len(v.OfficeIDs)+4)
	for _, id := range v.OfficeIDs {
		args = append(args, id)
	}
	cond := "f.office_id IN (" + placeholders(len(v.OfficeIDs)) + ")"
	if v.Lead {
		return cond, args, true
	}
	visible := "o.case_visibility = 'office' OR "
	if v.OwnOnly {
		visible = ""
	}
	cond += " AND (" + visible + "f.counselor_id = ?"
	args = append(args, v.UserID)
	if !v.Today.IsZero() {
		today := day(v.Today)
		// Not correlated with f: both engines evaluate the (usually empty)
		// list once and keep the index on (office_id, counselor_id) usable
		// for the "own files" branch.
		cond += ` OR f.id IN (SELECT sf.id FROM case_substitutions cs JOIN client_files sf
			ON sf.office_id = cs.office_id AND sf.counselor_id = cs.absent_id WHERE cs.substitute_id = ?
			AND cs.ended_at IS NULL AND cs.starts_on <= ? AND cs.ends_on >= ?)`
		args = append(args, v.UserID, today, today)
	}
	return cond + ")", args, true
}

// placeholders returns n comma-separated question marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

const fileSelect = `SELECT f.id, f.code, f.office_id, f.program_id, f.counselor_id, f.intake_on,
	f.birth_year, f.gender, f.country, f.first_language, f.residence_status, f.arrival_year,
	f.status, f.closed_on, f.close_reason, f.delete_after, f.version, f.created_at, f.updated_at
	FROM client_files f JOIN offices o ON o.id = f.office_id`

// loadFile reads the file's own row if v may see it; ErrNotFound otherwise.
func loadFile(ctx context.Context, q db.Querier, v Viewer, id string) (*File, error) {
	cond, args, ok := v.scope()
	if !ok {
		return nil, ErrNotFound
	}
	row := q.QueryRow(ctx, fileSelect+" WHERE f.id = ? AND "+cond, append([]any{id}, args...)...)
	f, err := scanFile(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("casework: load file: %w", err)
	}
	return f, nil
}

// scanFile reads one row of fileSelect.
func scanFile(row interface{ Scan(...any) error }) (*File, error) {
	var f File
	var arrival sql.NullInt64
	var closedOn, deleteAfter sql.NullTime
	err := row.Scan(&f.ID, &f.Code, &f.OfficeID, &f.ProgramID, &f.CounselorID, &f.IntakeOn,
		&f.BirthYear, &f.Gender, &f.Country, &f.FirstLanguage, &f.ResidenceStatus, &arrival,
		&f.Status, &closedOn, &f.CloseReason, &deleteAfter, &f.Version, &f.CreatedAt, &f.UpdatedAt)
	if err != nil {
		return nil, err
	}
	f.ArrivalYear = int(arrival.Int64)
	f.ClosedOn, f.DeleteAfter = closedOn.Time, deleteAfter.Time
	f.IntakeOn = day(f.IntakeOn)
	return &f, nil
}
