package online

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// maxNote bounds the welcome and absence notes.
const maxNote = 1000

// Programs lists the programs that offer online counseling, in order.
func Programs() []string { return []string{"jmd", "mbe"} }

// OfficeSettingsOf returns how an office takes online enquiries (none
// until its lead says so).
func (s *Store) OfficeSettingsOf(ctx context.Context, officeID string) (OfficeSettings, error) {
	o := OfficeSettings{OfficeID: officeID}
	var programs string
	err := s.db.QueryRow(ctx, `SELECT programs, team_access, welcome, absence FROM online_offices WHERE office_id = ?`,
		officeID).Scan(&programs, &o.TeamAccess, &o.Welcome, &o.Absence)
	if errors.Is(err, sql.ErrNoRows) {
		return o, nil
	}
	if err != nil {
		return o, fmt.Errorf("online: office settings: %w", err)
	}
	o.Programs = splitList(programs)
	return o, nil
}

// SetOfficeSettings stores an office's settings; only a lead of the office.
func (s *Store) SetOfficeSettings(ctx context.Context, p auth.Principal, o OfficeSettings) error {
	if !p.Holds(perm.OfficeLead, perm.Office, o.OfficeID) {
		return ErrNotFound
	}
	var e valid.Errors
	for _, prog := range o.Programs {
		if !slices.Contains(Programs(), prog) {
			e.Add("programs", "online.error_malformed")
		}
	}
	o.Welcome, o.Absence = strings.TrimSpace(o.Welcome), strings.TrimSpace(o.Absence)
	if utf8.RuneCountInString(o.Welcome) > maxNote {
		e.Add("welcome", "online.note_long", "Max", maxNote)
	}
	if utf8.RuneCountInString(o.Absence) > maxNote {
		e.Add("absence", "online.note_long", "Max", maxNote)
	}
	if len(e) > 0 {
		return e
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM online_offices WHERE office_id = ?`, o.OfficeID); err != nil {
			return fmt.Errorf("online: office settings: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO online_offices (office_id, programs, team_access, welcome, absence, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, o.OfficeID, strings.Join(o.Programs, ","), o.TeamAccess, o.Welcome, o.Absence, s.now()); err != nil {
			return fmt.Errorf("online: office settings: %w", err)
		}
		return s.audit.Append(ctx, tx, p.Entry("online.office_settings", audit.ResultSuccess, "office", o.OfficeID, nil))
	})
}

// takingOffices maps the offices that take online enquiries of program to
// their settings.
func (s *Store) takingOffices(ctx context.Context, q db.Querier, program string) (map[string]OfficeSettings, error) {
	rows, err := q.Query(ctx, `SELECT office_id, programs, team_access, welcome, absence FROM online_offices`)
	if err != nil {
		return nil, fmt.Errorf("online: offices: %w", err)
	}
	defer rows.Close()
	out := map[string]OfficeSettings{}
	for rows.Next() {
		var o OfficeSettings
		var programs string
		if err := rows.Scan(&o.OfficeID, &programs, &o.TeamAccess, &o.Welcome, &o.Absence); err != nil {
			return nil, fmt.Errorf("online: offices: %w", err)
		}
		if o.Programs = splitList(programs); slices.Contains(o.Programs, program) {
			out[o.OfficeID] = o
		}
	}
	return out, rows.Err()
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
