package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

const regionColumns = `r.id, r.name, r.seat, r.email, r.phone, COALESCE(c.organisation_id, ''), COALESCE(g.name, ''), r.updated_at,
	(SELECT COUNT(*) FROM offices o JOIN districts d ON d.ags = o.district_ags WHERE d.region_id = r.id)`

const regionJoins = ` FROM regions r LEFT JOIN region_coordinators c ON c.region_id = r.id LEFT JOIN organisations g ON g.id = c.organisation_id`

func scanRegion(row interface{ Scan(...any) error }) (*Region, error) {
	var r Region
	err := row.Scan(&r.ID, &r.Name, &r.Seat, &r.Email, &r.Phone, &r.CoordinatorID, &r.CoordinatorName, &r.UpdatedAt, &r.OfficeCount)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("network: scan region: %w", err)
	}
	return &r, nil
}

// Regions lists the regions by name with their districts.
func (s *Store) Regions(ctx context.Context) ([]Region, error) {
	rows, err := s.db.Query(ctx, "SELECT "+regionColumns+regionJoins+" ORDER BY r.name")
	if err != nil {
		return nil, fmt.Errorf("network: regions: %w", err)
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	districts, err := s.Districts(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for _, d := range districts {
			if d.RegionID == out[i].ID {
				out[i].Districts = append(out[i].Districts, d)
			}
		}
	}
	return out, nil
}

// Region loads one region with its districts and contacts.
func (s *Store) Region(ctx context.Context, id string) (*Region, error) {
	r, err := scanRegion(s.db.QueryRow(ctx, "SELECT "+regionColumns+regionJoins+" WHERE r.id = ?", id))
	if err != nil {
		return nil, err
	}
	districts, err := s.Districts(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range districts {
		if d.RegionID == id {
			r.Districts = append(r.Districts, d)
		}
	}
	r.Contacts, err = s.contacts(ctx, id)
	return r, err
}

func (s *Store) contacts(ctx context.Context, regionID string) ([]Contact, error) {
	rows, err := s.db.Query(ctx, "SELECT id, name, function, email, phone FROM region_contacts WHERE region_id = ? ORDER BY position, name", regionID)
	if err != nil {
		return nil, fmt.Errorf("network: contacts: %w", err)
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		if err := rows.Scan(&c.ID, &c.Name, &c.Function, &c.Email, &c.Phone); err != nil {
			return nil, fmt.Errorf("network: contacts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Districts lists the districts by name with their region.
func (s *Store) Districts(ctx context.Context) ([]District, error) {
	rows, err := s.db.Query(ctx, `SELECT d.ags, d.name, d.kind, d.population, COALESCE(d.region_id, ''), COALESCE(r.name, '')
		FROM districts d LEFT JOIN regions r ON r.id = d.region_id ORDER BY d.name`)
	if err != nil {
		return nil, fmt.Errorf("network: districts: %w", err)
	}
	defer rows.Close()
	var out []District
	for rows.Next() {
		var d District
		if err := rows.Scan(&d.AGS, &d.Name, &d.Kind, &d.Population, &d.RegionID, &d.RegionName); err != nil {
			return nil, fmt.Errorf("network: districts: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// RegionInput is what an editor changes on a region.
type RegionInput struct {
	Name, Seat, Email, Phone string
	CoordinatorID            string
}

// CanEditRegion reports whether ed may change region id.
func CanEditRegion(ed Editor, id string) bool {
	return ed.statewide() || ed.holds(perm.RegionCoordinator, perm.Region, id)
}

// UpdateRegion changes a region's data (ministry, or its own coordinator).
func (s *Store) UpdateRegion(ctx context.Context, ed Editor, id string, version time.Time, in RegionInput) error {
	in.Name, in.Seat, in.Email, in.Phone = strings.TrimSpace(in.Name), strings.TrimSpace(in.Seat), strings.ToLower(strings.TrimSpace(in.Email)), strings.TrimSpace(in.Phone)
	if !CanEditRegion(ed, id) {
		return ErrNotFound
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := scanRegion(tx.QueryRow(ctx, "SELECT "+regionColumns+regionJoins+" WHERE r.id = ?", id))
		if err != nil {
			return err
		}
		if !before.UpdatedAt.Equal(version) {
			return ErrStale
		}
		if err := in.validate(ctx, tx); err != nil {
			return err
		}
		if err := writeRegion(ctx, tx, id, in, s.stamp(before.UpdatedAt)); err != nil {
			return err
		}
		return s.record(ctx, tx, ed, "region.update", "region", id, diff(regionFields(*before),
			map[string]string{"name": in.Name, "seat": in.Seat, "email": in.Email, "phone": in.Phone, "coordinator": in.CoordinatorID}))
	})
}

func (in RegionInput) validate(ctx context.Context, q db.Querier) error {
	var e valid.Errors
	required(&e, "name", in.Name, 100)
	optional(&e, "seat", in.Seat, 100)
	checkContact(&e, in.Phone, in.Email, "")
	if in.CoordinatorID != "" {
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", in.CoordinatorID).Scan(&n); err != nil {
			return fmt.Errorf("network: %w", err)
		}
		if n == 0 {
			e.Add("coordinator_id", "validation.choice")
		}
	}
	return e.Err()
}

func writeRegion(ctx context.Context, tx *db.Tx, id string, in RegionInput, now time.Time) error {
	_, err := tx.Exec(ctx, "UPDATE regions SET name = ?, seat = ?, email = ?, phone = ?, updated_at = ? WHERE id = ?",
		in.Name, in.Seat, in.Email, in.Phone, now, id)
	if db.IsUniqueViolation(err) {
		return valid.Errors{{Field: "name", Key: "network.region_name_taken"}}
	}
	if err != nil {
		return fmt.Errorf("network: update region: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM region_coordinators WHERE region_id = ?", id); err != nil {
		return fmt.Errorf("network: %w", err)
	}
	if in.CoordinatorID == "" {
		return nil
	}
	_, err = tx.Exec(ctx, "INSERT INTO region_coordinators (region_id, organisation_id) VALUES (?, ?)", id, in.CoordinatorID)
	return err
}

func regionFields(r Region) map[string]string {
	return map[string]string{"name": r.Name, "seat": r.Seat, "email": r.Email, "phone": r.Phone, "coordinator": r.CoordinatorID}
}

// AddContact adds a contact person to a region.
func (s *Store) AddContact(ctx context.Context, ed Editor, regionID string, c Contact) error {
	c.Name, c.Function, c.Email, c.Phone = strings.TrimSpace(c.Name), strings.TrimSpace(c.Function), strings.ToLower(strings.TrimSpace(c.Email)), strings.TrimSpace(c.Phone)
	if !CanEditRegion(ed, regionID) {
		return ErrNotFound
	}
	var e valid.Errors
	required(&e, "contact_name", c.Name, 200)
	optional(&e, "contact_function", c.Function, 200)
	checkContact(&e, c.Phone, c.Email, "")
	if err := e.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		id := uuid.Must(uuid.NewV7()).String()
		if _, err := tx.Exec(ctx, `INSERT INTO region_contacts (id, region_id, name, function, email, phone, position)
			VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM region_contacts WHERE region_id = ?))`,
			id, regionID, c.Name, c.Function, c.Email, c.Phone, regionID); err != nil {
			return fmt.Errorf("network: add contact: %w", err)
		}
		return s.record(ctx, tx, ed, "region.contact_add", "region", regionID, diff(nil, map[string]string{"name": c.Name, "function": c.Function, "email": c.Email, "phone": c.Phone}))
	})
}

// RemoveContact deletes a contact person of a region.
func (s *Store) RemoveContact(ctx context.Context, ed Editor, regionID, contactID string) error {
	if !CanEditRegion(ed, regionID) {
		return ErrNotFound
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var name string
		err := tx.QueryRow(ctx, "SELECT name FROM region_contacts WHERE id = ? AND region_id = ?", contactID, regionID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("network: %w", err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM region_contacts WHERE id = ?", contactID); err != nil {
			return fmt.Errorf("network: %w", err)
		}
		return s.record(ctx, tx, ed, "region.contact_remove", "region", regionID, map[string]string{"name.before": name})
	})
}
