package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// MaxSubstitutionDays bounds a substitution's period (first and last day
// included); a longer absence needs a transfer or a new substitution.
const MaxSubstitutionDays = 90

// substitutionType names substitutions in the audit log.
const substitutionType = "case_substitution"

// SubstitutionInput names a substitute for an absent counselor in one
// office for the days StartsOn to EndsOn (both included).
type SubstitutionInput struct {
	OfficeID, AbsentID, SubstituteID string
	StartsOn, EndsOn                 time.Time
}

// Substitution is a recorded substitution with the people's names.
type Substitution struct {
	ID string
	SubstitutionInput
	AbsentName, SubstituteName, CreatedBy string
	CreatedAt                             time.Time
	// EndedAt is set when the substitution was ended early.
	EndedAt time.Time
}

// InForce says whether the substitution applies on today.
func (x Substitution) InForce(today time.Time) bool {
	today = day(today)
	return x.EndedAt.IsZero() && !today.Before(x.StartsOn) && !today.After(x.EndsOn)
}

// SubstitutionGrants adds to a principal (an auth.GrantSource) the
// substitutions in force on its day that name it as substitute: each a
// grant to work on the absent colleague's files of that office until the
// substitution's last day. Only people who work in an office can hold one.
func SubstitutionGrants(ctx context.Context, q db.Querier, p auth.Principal) ([]auth.Grant, error) {
	if len(p.Offices(perm.Counselor, perm.OfficeLead)) == 0 {
		return nil, nil
	}
	today := p.Today()
	rows, err := q.Query(ctx, `SELECT office_id, absent_id, ends_on FROM case_substitutions WHERE substitute_id = ?
		AND ended_at IS NULL AND starts_on <= ? AND ends_on >= ? ORDER BY starts_on, id`, p.UserID(), today, today)
	if err != nil {
		return nil, fmt.Errorf("casework: substitution grants: %w", err)
	}
	defer rows.Close()
	var out []auth.Grant
	for rows.Next() {
		g := auth.Grant{Role: perm.Counselor, Kind: perm.Office}
		if err := rows.Scan(&g.ScopeID, &g.OnBehalfOf, &g.Until); err != nil {
			return nil, fmt.Errorf("casework: substitution grants: %w", err)
		}
		g.Until = day(g.Until)
		out = append(out, g)
	}
	return out, rows.Err()
}

// AddSubstitution records that in.SubstituteID works on in.AbsentID's files
// of in.OfficeID during the period. Who may: the absent counselor, or a
// lead of the office (by the tables); both people must be counselors or
// leads of the office, the period must start today or later and last at
// most MaxSubstitutionDays, and must not overlap another of the same pair.
// An office outside v's offices is ErrNotFound. Audited as
// "case.substitution.add" with the user ids and dates.
func (s *Store) AddSubstitution(ctx context.Context, v Viewer, in SubstitutionInput) (*Substitution, error) {
	in.StartsOn, in.EndsOn = day(in.StartsOn), day(in.EndsOn)
	if !v.WorksIn(in.OfficeID) {
		return nil, ErrNotFound
	}
	id := uuid.Must(uuid.NewV7()).String()
	var out *Substitution
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		staff, err := officeStaff(ctx, tx, in.OfficeID)
		if err != nil {
			return err
		}
		if me, _ := staffMember(staff, v.UserID()); v.UserID() != in.AbsentID && !me.Lead {
			return ErrNotAllowed
		}
		if err := s.checkSubstitution(ctx, tx, staff, in); err != nil {
			return err
		}
		now := s.now()
		kind, started := substitutionNotice(in, s.today())
		if _, err := tx.Exec(ctx, `INSERT INTO case_substitutions (id, office_id, absent_id, substitute_id, starts_on,
			ends_on, created_by, created_at, start_noticed, end_noticed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, in.OfficeID, in.AbsentID,
			in.SubstituteID, in.StartsOn, in.EndsOn, v.UserID(), now, started, false); err != nil {
			return fmt.Errorf("casework: add substitution: %w", err)
		}
		detail := map[string]string{"office": in.OfficeID, "absent": in.AbsentID, "substitute": in.SubstituteID,
			"starts_on": in.StartsOn.Format(time.DateOnly), "ends_on": in.EndsOn.Format(time.DateOnly)}
		if err := s.audit.Append(ctx, tx, substitutionEntry(v, "case.substitution.add", id, detail)); err != nil {
			return err
		}
		if err := s.tell(ctx, tx, v, in.SubstituteID, kind, "/substitutions"); err != nil {
			return err
		}
		out, err = loadSubstitution(ctx, tx, id)
		return err
	})
	return out, err
}

// checkSubstitution validates in against the office's staff and today.
func (s *Store) checkSubstitution(ctx context.Context, q db.Querier, staff []Colleague, in SubstitutionInput) error {
	var e valid.Errors
	if _, ok := staffMember(staff, in.AbsentID); !ok {
		e.Add("absent_id", "caseteam.not_in_office")
	}
	switch _, ok := staffMember(staff, in.SubstituteID); {
	case in.SubstituteID == in.AbsentID:
		e.Add("substitute_id", "caseteam.substitute_self")
	case !ok:
		e.Add("substitute_id", "caseteam.not_in_office")
	}
	switch {
	case in.StartsOn.IsZero():
		e.Add("starts_on", "caseteam.date_required")
	case in.StartsOn.Before(s.today()):
		e.Add("starts_on", "caseteam.start_past")
	}
	switch {
	case in.EndsOn.IsZero():
		e.Add("ends_on", "caseteam.date_required")
	case !in.StartsOn.IsZero() && in.EndsOn.Before(in.StartsOn):
		e.Add("ends_on", "caseteam.end_before_start")
	case !in.StartsOn.IsZero() && !in.EndsOn.Before(in.StartsOn.AddDate(0, 0, MaxSubstitutionDays)):
		e.Add("ends_on", "caseteam.period_too_long", "Max", MaxSubstitutionDays)
	}
	if len(e) > 0 {
		return e
	}
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM case_substitutions WHERE office_id = ? AND absent_id = ?
		AND substitute_id = ? AND ended_at IS NULL AND starts_on <= ? AND ends_on >= ?`,
		in.OfficeID, in.AbsentID, in.SubstituteID, in.EndsOn, in.StartsOn).Scan(&n)
	if err != nil {
		return fmt.Errorf("casework: substitution overlap: %w", err)
	}
	if n > 0 {
		e.Add("starts_on", "caseteam.overlap")
	}
	return e.Err()
}

// Substitutions lists the substitutions of v's offices that are in force
// or still to come, where v is the absent counselor, the substitute or the
// one who recorded it, and all of them in offices v leads; by start date.
func (s *Store) Substitutions(ctx context.Context, v Viewer) ([]Substitution, error) {
	cond, args, ok := v.substitutionScope()
	if !ok {
		return nil, nil
	}
	rows, err := s.db.Query(ctx, substitutionSelect+" WHERE cs.ended_at IS NULL AND cs.ends_on >= ? AND "+cond+
		" ORDER BY cs.starts_on, cs.ends_on, cs.id", append([]any{s.today()}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("casework: substitutions: %w", err)
	}
	defer rows.Close()
	var out []Substitution
	for rows.Next() {
		x, err := scanSubstitution(rows)
		if err != nil {
			return nil, fmt.Errorf("casework: substitutions: %w", err)
		}
		out = append(out, *x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("casework: substitutions: %w", err)
	}
	rows.Close()
	return out, nameSubstitutions(ctx, s.db, out)
}

// nameSubstitutions fills in the names of the people (auth knows them).
func nameSubstitutions(ctx context.Context, q db.Querier, xs []Substitution) error {
	var ids []string
	for _, x := range xs {
		ids = append(ids, x.AbsentID, x.SubstituteID)
	}
	names, err := auth.NamesOf(ctx, q, ids)
	if err != nil {
		return fmt.Errorf("casework: substitution names: %w", err)
	}
	for i := range xs {
		xs[i].AbsentName, xs[i].SubstituteName = names[xs[i].AbsentID], names[xs[i].SubstituteID]
	}
	return nil
}

// oneSubstitution reads a row of substitutionSelect with its names.
func oneSubstitution(ctx context.Context, q db.Querier, row *sql.Row) (*Substitution, error) {
	x, err := scanSubstitution(row)
	if err != nil {
		return nil, err
	}
	xs := []Substitution{*x}
	if err := nameSubstitutions(ctx, q, xs); err != nil {
		return nil, err
	}
	return &xs[0], nil
}

// Substitution reads one substitution v may list (see Substitutions, ended
// ones included); anything else is ErrNotFound.
func (s *Store) Substitution(ctx context.Context, v Viewer, id string) (*Substitution, error) {
	return s.visibleSubstitution(ctx, s.db, v, id)
}

func (s *Store) visibleSubstitution(ctx context.Context, q db.Querier, v Viewer, id string) (*Substitution, error) {
	cond, args, ok := v.substitutionScope()
	if !ok {
		return nil, ErrNotFound
	}
	x, err := oneSubstitution(ctx, q, q.QueryRow(ctx, substitutionSelect+" WHERE cs.id = ? AND "+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("casework: substitution: %w", err)
	}
	return x, nil
}

// EndSubstitution ends a substitution at once (v: anyone who may list it,
// see Substitutions); from then on it grants nothing. Ending one that is
// over or already ended is a valid.Errors. Audited as
// "case.substitution.end".
func (s *Store) EndSubstitution(ctx context.Context, v Viewer, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		x, err := s.visibleSubstitution(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if !x.EndedAt.IsZero() || x.EndsOn.Before(s.today()) {
			var e valid.Errors
			e.Add("substitution", "caseteam.already_over")
			return e
		}
		if _, err := tx.Exec(ctx, "UPDATE case_substitutions SET ended_at = ?, ended_by = ?, end_noticed = ? WHERE id = ? AND ended_at IS NULL",
			s.now(), v.UserID(), true, id); err != nil {
			return fmt.Errorf("casework: end substitution: %w", err)
		}
		detail := map[string]string{"office": x.OfficeID, "absent": x.AbsentID, "substitute": x.SubstituteID}
		if err := s.audit.Append(ctx, tx, substitutionEntry(v, "case.substitution.end", id, detail)); err != nil {
			return err
		}
		return s.tell(ctx, tx, v, x.SubstituteID, notify.SubstitutionEnds, "/substitutions")
	})
}

// substitutionScope limits case_substitutions cs to v's offices and, in
// offices v does not lead, to rows naming v; false when v has no office.
func (v Viewer) substitutionScope() (string, []any, bool) {
	offices := v.Offices()
	if v.UserID() == "" || len(offices) == 0 {
		return "", nil, false
	}
	args := appendIDs(nil, offices)
	cond := "cs.office_id IN (" + db.Placeholders(len(offices)) + ") AND (cs.absent_id = ? OR cs.substitute_id = ? OR cs.created_by = ?"
	args = append(args, v.UserID(), v.UserID(), v.UserID())
	if len(v.lead) > 0 {
		cond += " OR cs.office_id IN (" + db.Placeholders(len(v.lead)) + ")"
		args = appendIDs(args, v.lead)
	}
	return cond + ")", args, true
}

const substitutionSelect = `SELECT cs.id, cs.office_id, cs.absent_id, cs.substitute_id, cs.starts_on,
	cs.ends_on, cs.created_by, cs.created_at, cs.ended_at FROM case_substitutions cs`

func loadSubstitution(ctx context.Context, q db.Querier, id string) (*Substitution, error) {
	x, err := oneSubstitution(ctx, q, q.QueryRow(ctx, substitutionSelect+" WHERE cs.id = ?", id))
	if err != nil {
		return nil, fmt.Errorf("casework: substitution: %w", err)
	}
	return x, nil
}

func scanSubstitution(row interface{ Scan(...any) error }) (*Substitution, error) {
	var x Substitution
	var ended sql.NullTime
	if err := row.Scan(&x.ID, &x.OfficeID, &x.AbsentID, &x.SubstituteID,
		&x.StartsOn, &x.EndsOn, &x.CreatedBy, &x.CreatedAt, &ended); err != nil {
		return nil, err
	}
	x.StartsOn, x.EndsOn, x.EndedAt = day(x.StartsOn), day(x.EndsOn), ended.Time
	return &x, nil
}

// substitutionEntry starts an audit entry by v about substitution id.
func substitutionEntry(v Viewer, action, id string, detail map[string]string) audit.Entry {
	return v.p.Entry(action, audit.ResultSuccess, substitutionType, id, detail)
}
