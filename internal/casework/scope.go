package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// scope returns the condition limiting client_files f to what v may see,
// and false when v may see nothing at all:
//   - every file of an office v leads;
//   - in an office where v counsels, every file, or only v's own where the
//     office's visibility is "own" (case_office_settings) or v.ownOnly;
//   - the files of an absent colleague in an office where v substitutes
//     for them today.
//
// The office lists are bound parameters and the "own" offices an
// uncorrelated list, so both engines keep the index on (office_id,
// counselor_id) usable; no other table is joined.
func (v Viewer) scope() (string, []any, bool) { return v.scopeOn("f") }

// scopeOn is scope for the rows of alias, any table with the file's
// office_id and counselor_id (client_files, case_deadlines).
func (v Viewer) scopeOn(alias string) (string, []any, bool) {
	if v.UserID() == "" {
		return "", nil, false
	}
	var parts []string
	var args []any
	if len(v.lead) > 0 {
		parts = append(parts, alias+".office_id IN ("+db.Placeholders(len(v.lead))+")")
		args = appendIDs(args, v.lead)
	}
	covers := v.covers
	if len(v.counsel) > 0 {
		// Colleagues covered in the one office where v counsels join v in
		// that office's condition: one index range, where an OR of
		// (office, counselor) pairs made SQLite merge and sort.
		counselors, rest := v.foldCovers()
		covers = rest
		mine := alias + ".counselor_id IN (" + db.Placeholders(len(counselors)) + ")"
		own := "(" + mine + " OR " + alias + ".office_id NOT IN (SELECT office_id FROM case_office_settings WHERE visibility = 'own'))"
		if v.ownOnly {
			own = mine
		}
		parts = append(parts, "("+alias+".office_id IN ("+db.Placeholders(len(v.counsel))+") AND "+own+")")
		args = appendIDs(appendIDs(args, v.counsel), counselors)
	}
	for _, c := range covers {
		parts = append(parts, "("+alias+".office_id = ? AND "+alias+".counselor_id = ?)")
		args = append(args, c.office, c.absent)
	}
	if len(parts) == 0 {
		return "", nil, false
	}
	return "(" + strings.Join(parts, " OR ") + ")", args, true
}

// foldCovers splits v's covers: the absent colleagues of the one office
// where v counsels (returned after v as the counselors of that office)
// and the rest. With several counselled offices nothing is folded.
func (v Viewer) foldCovers() (counselors []string, rest []cover) {
	counselors = []string{v.UserID()}
	for _, c := range v.covers {
		if len(v.counsel) == 1 && c.office == v.counsel[0] {
			counselors = append(counselors, c.absent)
		} else {
			rest = append(rest, c)
		}
	}
	return counselors, rest
}

// appendIDs appends ids to args.
func appendIDs(args []any, ids []string) []any {
	for _, id := range ids {
		args = append(args, id)
	}
	return args
}

const fileSelect = `SELECT f.id, f.code, f.office_id, f.program_id, f.counselor_id, f.intake_on,
	f.birth_year, f.gender, f.country, f.first_language, f.residence_status, f.arrival_year,
	f.status, f.closed_on, f.close_reason, f.delete_after, f.version, f.created_at, f.updated_at
	FROM client_files f`

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
