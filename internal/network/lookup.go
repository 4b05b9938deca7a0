package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// The functions here answer other packages' questions about registry rows.
// The registry's tables are read and written by this package only; the
// functions take a db.Querier so that a caller's transaction can include
// the read (the case store checks a program's age limits in the same
// transaction that opens a file, say).

// anyArgs turns ids into query arguments.
func anyArgs(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// ProgramAges are a program's age limits for new clients (nil: no limit).
type ProgramAges struct {
	Min, Max *int
}

// ProgramAgesAt returns the age limits of program; when officeID is set,
// only if that office offers the program. ErrNotFound when the program
// does not exist (or the office does not offer it).
func ProgramAgesAt(ctx context.Context, q db.Querier, programID, officeID string) (ProgramAges, error) {
	query, args := "SELECT p.min_age, p.max_age FROM programs p WHERE p.id = ?", []any{programID}
	if officeID != "" {
		query = `SELECT p.min_age, p.max_age FROM programs p
			JOIN office_programs op ON op.program_id = p.id AND op.office_id = ? WHERE p.id = ?`
		args = []any{officeID, programID}
	}
	var minAge, maxAge sql.NullInt64
	err := q.QueryRow(ctx, query, args...).Scan(&minAge, &maxAge)
	if errors.Is(err, sql.ErrNoRows) {
		return ProgramAges{}, ErrNotFound
	}
	if err != nil {
		return ProgramAges{}, fmt.Errorf("network: program ages: %w", err)
	}
	return ProgramAges{Min: intOrNil(minAge), Max: intOrNil(maxAge)}, nil
}

func intOrNil(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// RetentionYears is how many years files of program are kept after
// closing (the program form's setting); 0 when the program does not exist
// or sets none.
func RetentionYears(ctx context.Context, q db.Querier, programID string) (int, error) {
	var y int
	err := q.QueryRow(ctx, "SELECT retention_years FROM programs WHERE id = ?", programID).Scan(&y)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("network: retention years: %w", err)
	}
	return max(y, 0), nil
}

// KnownTopics returns which of ids are topics of the taxonomy.
func KnownTopics(ctx context.Context, q db.Querier, ids []string) (map[string]bool, error) {
	known := map[string]bool{}
	if len(ids) == 0 {
		return known, nil
	}
	err := eachString(ctx, q, "SELECT id FROM topics WHERE id IN ("+db.Placeholders(len(ids))+")", anyArgs(ids), func(id string) {
		known[id] = true
	})
	return known, err
}

// OfficeNames names the offices with the given ids (unknown ids are left out).
func (s *Store) OfficeNames(ctx context.Context, ids []string) (map[string]string, error) {
	return namesIn(ctx, s.db, "offices", ids)
}

// ScopeNames names the registry rows that roles are scoped to, by kind
// and id (unknown ids are left out; statewide has no row).
func (s *Store) ScopeNames(ctx context.Context, refs map[perm.ScopeKind][]string) (map[perm.ScopeKind]map[string]string, error) {
	out := map[perm.ScopeKind]map[string]string{}
	for kind, ids := range refs {
		table, ok := scopeTables[kind]
		if !ok {
			continue
		}
		names, err := namesIn(ctx, s.db, table, ids)
		if err != nil {
			return nil, err
		}
		out[kind] = names
	}
	return out, nil
}

// scopeTables are the tables of the scope kinds that name a registry row.
var scopeTables = map[perm.ScopeKind]string{perm.Office: "offices", perm.Organisation: "organisations", perm.Region: "regions"}

func namesIn(ctx context.Context, q db.Querier, table string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, "SELECT id, name FROM "+table+" WHERE id IN ("+db.Placeholders(len(ids))+")", anyArgs(ids)...)
	if err != nil {
		return nil, fmt.Errorf("network: names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("network: names: %w", err)
		}
		out[id] = name
	}
	return out, rows.Err()
}

// ScopeRef is how people name the registry row of a scope: its external id
// where it has one (an office's "mbe-hannover-mitte"), else its id.
func (s *Store) ScopeRef(ctx context.Context, kind perm.ScopeKind, id string) (string, error) {
	table, ok := scopeTables[kind]
	if !ok || kind == perm.Region || id == "" {
		return id, nil
	}
	var ext sql.NullString
	err := s.db.QueryRow(ctx, "SELECT external_id FROM "+table+" WHERE id = ?", id).Scan(&ext)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && ext.String == "") {
		return id, nil
	}
	if err != nil {
		return "", fmt.Errorf("network: scope ref: %w", err)
	}
	return ext.String, nil
}

// ResolveScope finds the registry row a role's scope names: an office or
// organisation by id or external id, a region by id. Statewide has no row
// (""). An unknown reference is a valid.Errors on "scope_id".
func (s *Store) ResolveScope(ctx context.Context, q db.Querier, kind perm.ScopeKind, ref string) (string, error) {
	table, ok := scopeTables[kind]
	if !ok {
		return "", nil
	}
	match := "id = ? OR external_id = ?"
	if kind == perm.Region {
		match = "id = ? OR id = ?"
	}
	var id string
	err := q.QueryRow(ctx, "SELECT id FROM "+table+" WHERE "+match, ref, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", valid.Errors{{Field: "scope_id", Key: "validation.scope_unknown"}}
	}
	if err != nil {
		return "", fmt.Errorf("network: scope: %w", err)
	}
	return id, nil
}

// CaseOffice is an active office offering case programs.
type CaseOffice struct {
	ID       string
	Programs []string
}

// CaseOffices lists the active offices with their counseling programs
// (every program but the Kommunale Leitstellen), in id order.
func CaseOffices(ctx context.Context, q db.Querier) ([]CaseOffice, error) {
	rows, err := q.Query(ctx, `SELECT o.id, op.program_id FROM offices o
		JOIN office_programs op ON op.office_id = o.id
		WHERE o.status = 'active' AND op.program_id <> 'leitstelle' ORDER BY o.id, op.program_id`)
	if err != nil {
		return nil, fmt.Errorf("network: case offices: %w", err)
	}
	defer rows.Close()
	var out []CaseOffice
	for rows.Next() {
		var id, program string
		if err := rows.Scan(&id, &program); err != nil {
			return nil, fmt.Errorf("network: case offices: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].ID != id {
			out = append(out, CaseOffice{ID: id})
		}
		out[len(out)-1].Programs = append(out[len(out)-1].Programs, program)
	}
	return out, rows.Err()
}

// eachString calls fn with the single column of every row of query.
func eachString(ctx context.Context, q db.Querier, query string, args []any, fn func(string)) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("network: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return fmt.Errorf("network: %w", err)
		}
		fn(v)
	}
	return rows.Err()
}

// Version fingerprints what the public finder shows, so its snapshot is
// rebuilt as soon as any office, organisation or program changes.
func (s *Store) Version(ctx context.Context) (string, error) {
	var counts [3]int64
	var latest [3]sql.NullString
	err := s.db.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM offices), (SELECT MAX(updated_at) FROM offices),
		(SELECT COUNT(*) FROM organisations), (SELECT MAX(updated_at) FROM organisations),
		(SELECT COUNT(*) FROM program_texts), (SELECT MAX(updated_at) FROM programs)`).
		Scan(&counts[0], &latest[0], &counts[1], &latest[1], &counts[2], &latest[2])
	if err != nil {
		return "", fmt.Errorf("network: registry version: %w", err)
	}
	return fmt.Sprint(counts, latest), nil
}

// OrganisationsOfOffices lists the organisations the offices belong to,
// each once.
func OrganisationsOfOffices(ctx context.Context, q db.Querier, officeIDs []string) ([]string, error) {
	var out []string
	if len(officeIDs) == 0 {
		return out, nil
	}
	err := eachString(ctx, q, "SELECT DISTINCT organisation_id FROM offices WHERE id IN ("+db.Placeholders(len(officeIDs))+") ORDER BY organisation_id",
		anyArgs(officeIDs), func(s string) { out = append(out, s) })
	return out, err
}

// OfficesOfOrganisation lists the ids of an organisation's offices.
func OfficesOfOrganisation(ctx context.Context, q db.Querier, orgID string) ([]string, error) {
	var out []string
	err := eachString(ctx, q, "SELECT id FROM offices WHERE organisation_id = ? ORDER BY id", []any{orgID}, func(s string) { out = append(out, s) })
	return out, err
}

// RegionNames names every region by id.
func RegionNames(ctx context.Context, q db.Querier) (map[string]string, error) {
	out := map[string]string{}
	rows, err := q.Query(ctx, "SELECT id, name FROM regions")
	if err != nil {
		return nil, fmt.Errorf("network: region names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("network: region names: %w", err)
		}
		out[id] = name
	}
	return out, rows.Err()
}

// OrganisationNames names the organisations with the given ids (unknown
// ids are left out).
func OrganisationNames(ctx context.Context, q db.Querier, ids []string) (map[string]string, error) {
	return namesIn(ctx, q, "organisations", ids)
}
