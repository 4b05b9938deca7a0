package network

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

const officeColumns = `o.id, COALESCE(o.external_id, ''), o.organisation_id, org.name, o.name, o.street, o.postcode, o.city,
	o.district_ags, d.name, COALESCE(d.region_id, ''), COALESCE(r.name, ''), o.lat, o.lon, o.phone, o.email, o.website,
	o.hours, o.appointment_info, o.step_free, o.accessible_toilet, o.hearing_loop, o.online_counseling, o.status, o.updated_at`

const officeJoins = ` FROM offices o JOIN organisations org ON org.id = o.organisation_id
	JOIN districts d ON d.ags = o.district_ags LEFT JOIN regions r ON r.id = d.region_id`

func scanOffice(row interface{ Scan(...any) error }) (*Office, error) {
	var o Office
	var hoursJSON string
	err := row.Scan(&o.ID, &o.ExternalID, &o.OrganisationID, &o.OrganisationName, &o.Name, &o.Street, &o.Postcode, &o.City,
		&o.DistrictAGS, &o.DistrictName, &o.RegionID, &o.RegionName, &o.Lat, &o.Lon, &o.Phone, &o.Email, &o.Website,
		&hoursJSON, &o.AppointmentInfo, &o.StepFree, &o.AccessibleToilet, &o.HearingLoop, &o.OnlineCounseling, &o.Status, &o.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("network: scan office: %w", err)
	}
	if err := json.Unmarshal([]byte(hoursJSON), &o.Hours); err != nil {
		return nil, fmt.Errorf("network: office %s hours: %w", o.ID, err)
	}
	return &o, nil
}

// Office loads one office with its languages, programs and topics.
func (s *Store) Office(ctx context.Context, id string) (*Office, error) {
	return officeByID(ctx, s.db, id)
}

func officeByID(ctx context.Context, q db.Querier, id string) (*Office, error) {
	o, err := scanOffice(q.QueryRow(ctx, "SELECT "+officeColumns+officeJoins+" WHERE o.id = ?", id))
	if err != nil {
		return nil, err
	}
	for _, l := range []struct {
		into  *[]string
		query string
	}{
		{&o.Languages, "SELECT lang FROM office_languages WHERE office_id = ? ORDER BY lang"},
		{&o.Programs, "SELECT program_id FROM office_programs WHERE office_id = ? ORDER BY program_id"},
		{&o.Topics, "SELECT t.id FROM office_topics ot JOIN topics t ON t.id = ot.topic_id WHERE ot.office_id = ? ORDER BY t.position"},
	} {
		if *l.into, err = strings1(ctx, q, l.query, id); err != nil {
			return nil, err
		}
	}
	one := []Office{*o}
	if err := attachTexts(ctx, q, one, map[string]int{id: 0}, []any{id}); err != nil {
		return nil, err
	}
	return &one[0], nil
}

func strings1(ctx context.Context, q db.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("network: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("network: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// CreateOffice adds an office (ministry only: checked by the route).
func (s *Store) CreateOffice(ctx context.Context, ed Editor, in OfficeInput, loc Locator) (*Office, error) {
	in.Normalize()
	var o *Office
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.check(ctx, tx, in, loc)
		if err != nil {
			return err
		}
		id := uuid.Must(uuid.NewV7()).String()
		if err := insertOffice(ctx, tx, id, r, s.now()); err != nil {
			return err
		}
		if o, err = officeByID(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, ed, "office.create", "office", id, diff(nil, officeFields(o)))
	})
	return o, err
}

func (s *Store) check(ctx context.Context, tx *db.Tx, in OfficeInput, loc Locator) (resolved, error) {
	known, err := loadKnown(ctx, tx, []string{in.OrganisationID})
	if err != nil {
		return resolved{}, err
	}
	return in.validate(loc, known)
}

func insertOffice(ctx context.Context, tx *db.Tx, id string, r resolved, now time.Time) error {
	hoursJSON, err := json.Marshal(r.Hours)
	if err != nil {
		return fmt.Errorf("network: hours: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO offices (id, external_id, organisation_id, name, street, postcode, city, district_ags,
		lat, lon, phone, email, website, hours, appointment_info, step_free, accessible_toilet, hearing_loop,
		online_counseling, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, nullIfEmpty(r.ExternalID), r.OrganisationID, r.Name, r.Street, r.Postcode, r.City, r.DistrictAGS, r.Lat, r.Lon,
		r.Phone, r.Email, r.Website, string(hoursJSON), r.AppointmentInfo, r.StepFree, r.AccessibleToilet, r.HearingLoop,
		r.OnlineCounseling, r.Status, now, now)
	if db.IsUniqueViolation(err) {
		return duplicateExternalID()
	}
	if err != nil {
		return fmt.Errorf("network: insert office: %w", err)
	}
	return replaceOfficeLists(ctx, tx, id, r.OfficeInput)
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// replaceOfficeLists stores the office's languages, programs, topics and
// translations instead of the ones it had.
func replaceOfficeLists(ctx context.Context, tx *db.Tx, id string, in OfficeInput) error {
	if err := replaceOfficeTexts(ctx, tx, id, in.Translations); err != nil {
		return err
	}
	lists := []struct {
		table, column string
		values        []string
	}{
		{"office_languages", "lang", in.Languages},
		{"office_programs", "program_id", in.Programs},
		{"office_topics", "topic_id", in.Topics},
	}
	for _, l := range lists {
		if _, err := tx.Exec(ctx, "DELETE FROM "+l.table+" WHERE office_id = ?", id); err != nil {
			return fmt.Errorf("network: %s: %w", l.table, err)
		}
		for _, v := range l.values {
			if _, err := tx.Exec(ctx, "INSERT INTO "+l.table+" (office_id, "+l.column+") VALUES (?, ?)", id, v); err != nil {
				return fmt.Errorf("network: %s: %w", l.table, err)
			}
		}
	}
	return nil
}

// UpdateOffice changes an office within the editor's scope. version is the
// UpdatedAt the editor saw; a newer one means somebody else saved in
// between, and the change is refused with ErrStale instead of overwriting.
func (s *Store) UpdateOffice(ctx context.Context, ed Editor, id string, version time.Time, in OfficeInput, loc Locator) (*Office, error) {
	in.Normalize()
	var o *Office
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.editableOffice(ctx, tx, ed, id)
		if err != nil {
			return err
		}
		if !before.UpdatedAt.Equal(version) {
			return ErrStale
		}
		r, err := s.check(ctx, tx, in, loc)
		if err != nil {
			return err
		}
		if err := updateOffice(ctx, tx, id, r, s.stamp(before.UpdatedAt)); err != nil {
			return err
		}
		if o, err = officeByID(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, ed, "office.update", "office", id, diff(officeFields(before), officeFields(o)))
	})
	return o, err
}

func updateOffice(ctx context.Context, tx *db.Tx, id string, r resolved, now time.Time) error {
	hoursJSON, err := json.Marshal(r.Hours)
	if err != nil {
		return fmt.Errorf("network: hours: %w", err)
	}
	_, err = tx.Exec(ctx, `UPDATE offices SET external_id = ?, organisation_id = ?, name = ?, street = ?, postcode = ?, city = ?,
		district_ags = ?, lat = ?, lon = ?, phone = ?, email = ?, website = ?, hours = ?, appointment_info = ?, step_free = ?,
		accessible_toilet = ?, hearing_loop = ?, online_counseling = ?, status = ?, updated_at = ? WHERE id = ?`,
		nullIfEmpty(r.ExternalID), r.OrganisationID, r.Name, r.Street, r.Postcode, r.City, r.DistrictAGS, r.Lat, r.Lon,
		r.Phone, r.Email, r.Website, string(hoursJSON), r.AppointmentInfo, r.StepFree, r.AccessibleToilet, r.HearingLoop,
		r.OnlineCounseling, r.Status, now, id)
	if db.IsUniqueViolation(err) {
		return duplicateExternalID()
	}
	if err != nil {
		return fmt.Errorf("network: update office: %w", err)
	}
	return replaceOfficeLists(ctx, tx, id, r.OfficeInput)
}

// editableOffice loads an office if the editor may change it: the ministry
// any office, a region coordinator the offices in their region, an office
// lead their own office. Anything else looks like a missing office.
func (s *Store) editableOffice(ctx context.Context, q db.Querier, ed Editor, id string) (*Office, error) {
	o, err := officeByID(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !CanEditOffice(ed, o) {
		return nil, ErrNotFound
	}
	return o, nil
}

// CanEditOffice reports whether ed may change office o.
func CanEditOffice(ed Editor, o *Office) bool {
	return ed.statewide() || ed.holds(perm.RegionCoordinator, perm.Region, o.RegionID) ||
		ed.holds(perm.OfficeLead, perm.Office, o.ID)
}

func (s *Store) record(ctx context.Context, tx *db.Tx, ed Editor, action, objType, objID string, detail map[string]string) error {
	return s.audit.Append(ctx, tx, ed.p.Entry(action, audit.ResultSuccess, objType, objID, detail))
}
