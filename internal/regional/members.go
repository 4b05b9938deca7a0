package regional

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Member is an organisation in a region's network with the people who
// represent it.
type Member struct {
	ID, RegionID, OrganisationID, Organisation, Kind string
	// RepresentativeID and DeputyID are staff accounts ("" until named).
	RepresentativeID, Representative string
	DeputyID, Deputy                 string
}

// Guest is a staff account invited to a region's network.
type Guest struct {
	ID, RegionID, UserID, Name, Email, Note string
	// Until is the last day (zero: for good).
	Until time.Time
}

// Person is a staff account as the regional pages name it.
type Person struct {
	UserID, Name, Email string
}

// Members lists the member organisations of a region x sees, by name.
func (s *Store) Members(ctx context.Context, x Participant, region string) ([]Member, error) {
	if region == StateSpace || !x.Sees(region) {
		return nil, ErrNotFound
	}
	return members(ctx, s.db, "m.region_id = ?", region)
}

func members(ctx context.Context, q db.Querier, cond string, args ...any) ([]Member, error) {
	rows, err := q.Query(ctx, `SELECT m.id, m.region_id, m.organisation_id, COALESCE(m.representative_id, ''), COALESCE(m.deputy_id, '')
		FROM region_members m WHERE `+cond+` ORDER BY m.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("regional: members: %w", err)
	}
	defer rows.Close()
	var out []Member
	var orgs, people []string
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.ID, &m.RegionID, &m.OrganisationID, &m.RepresentativeID, &m.DeputyID); err != nil {
			return nil, fmt.Errorf("regional: members: %w", err)
		}
		out = append(out, m)
		orgs, people = append(orgs, m.OrganisationID), append(people, m.RepresentativeID, m.DeputyID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("regional: members: %w", err)
	}
	rows.Close()
	orgNames, err := network.OrganisationNames(ctx, q, orgs)
	if err != nil {
		return nil, err
	}
	names, err := auth.NamesOf(ctx, q, nonEmpty(people))
	if err != nil {
		return nil, err
	}
	for i := range out {
		m := &out[i]
		m.Organisation, m.Representative, m.Deputy = orgNames[m.OrganisationID], names[m.RepresentativeID], names[m.DeputyID]
	}
	slices.SortStableFunc(out, func(a, b Member) int {
		return strings.Compare(strings.ToLower(a.Organisation), strings.ToLower(b.Organisation))
	})
	return out, nil
}

// nonEmpty drops the empty strings of a list.
func nonEmpty(list []string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == "" })
}

// AddMember adds an organisation of the registry to a region x
// coordinates; it answers a problem for the field when the organisation
// is unknown or already a member.
func (s *Store) AddMember(ctx context.Context, x Participant, region, orgID string) (string, error) {
	if !x.Coordinates(region) || region == StateSpace {
		return "", s.hidden(x, region)
	}
	id, now := newID(), s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		known, err := network.OrganisationNames(ctx, tx, []string{orgID})
		if err != nil {
			return err
		}
		if len(known) == 0 {
			return valid.Errors{{Field: "organisation", Key: "regions.member_unknown"}}
		}
		_, err = tx.Exec(ctx, `INSERT INTO region_members (id, region_id, organisation_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?)`, id, region, orgID, now, now)
		if db.IsUniqueViolation(err) {
			return valid.Errors{{Field: "organisation", Key: "regions.member_exists"}}
		}
		if err != nil {
			return fmt.Errorf("regional: add member: %w", err)
		}
		return s.audit.Append(ctx, tx, x.p.Entry("region.member_add", audit.ResultSuccess, "region", region, map[string]string{"organisation": orgID}))
	})
	return id, err
}

// SetRepresentatives names who represents a member organisation and who
// deputises ("" for nobody); both must work for the organisation.
func (s *Store) SetRepresentatives(ctx context.Context, x Participant, region, memberID, representative, deputy string) error {
	if !x.Coordinates(region) {
		return s.hidden(x, region)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		org, err := memberOrganisation(ctx, tx, region, memberID)
		if err != nil {
			return err
		}
		staff, err := organisationStaff(ctx, tx, org)
		if err != nil {
			return err
		}
		var e valid.Errors
		for _, f := range []struct{ field, id string }{{"representative", representative}, {"deputy", deputy}} {
			if f.id != "" && !hasPerson(staff, f.id) {
				e.Add(f.field, "regions.person_not_of_member")
			}
		}
		if representative != "" && representative == deputy {
			e.Add("deputy", "regions.deputy_same")
		}
		if err := e.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE region_members SET representative_id = ?, deputy_id = ?, updated_at = ? WHERE id = ?`,
			nullable(representative), nullable(deputy), s.now(), memberID); err != nil {
			return fmt.Errorf("regional: representatives: %w", err)
		}
		return s.audit.Append(ctx, tx, x.p.Entry("region.member_people", audit.ResultSuccess, "region", region, map[string]string{"organisation": org}))
	})
}

// memberOrganisation is the organisation of a member row of region.
func memberOrganisation(ctx context.Context, tx *db.Tx, region, memberID string) (string, error) {
	var org string
	err := tx.QueryRow(ctx, "SELECT organisation_id FROM region_members WHERE id = ? AND region_id = ?", memberID, region).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("regional: member: %w", err)
	}
	return org, nil
}

// RemoveMember takes an organisation out of a region's network. Its tasks
// and what the minutes recorded stay.
func (s *Store) RemoveMember(ctx context.Context, x Participant, region, memberID string) error {
	if !x.Coordinates(region) {
		return s.hidden(x, region)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		org, err := memberOrganisation(ctx, tx, region, memberID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM region_members WHERE id = ?", memberID); err != nil {
			return fmt.Errorf("regional: remove member: %w", err)
		}
		return s.audit.Append(ctx, tx, x.p.Entry("region.member_remove", audit.ResultSuccess, "region", region, map[string]string{"organisation": org}))
	})
}

// Guests lists the guests of a region x sees (those whose invitation ran
// out included, marked by Until).
func (s *Store) Guests(ctx context.Context, x Participant, region string) ([]Guest, error) {
	if region == StateSpace || !x.Sees(region) {
		return nil, ErrNotFound
	}
	rows, err := s.db.Query(ctx, `SELECT id, region_id, user_id, note, until_on FROM region_guests WHERE region_id = ? ORDER BY created_at, id`, region)
	if err != nil {
		return nil, fmt.Errorf("regional: guests: %w", err)
	}
	defer rows.Close()
	var out []Guest
	var ids []string
	for rows.Next() {
		var g Guest
		var until sql.NullTime
		if err := rows.Scan(&g.ID, &g.RegionID, &g.UserID, &g.Note, &until); err != nil {
			return nil, fmt.Errorf("regional: guests: %w", err)
		}
		g.Until = until.Time
		out, ids = append(out, g), append(ids, g.UserID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("regional: guests: %w", err)
	}
	rows.Close()
	contacts, err := auth.ContactsOf(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		c := contacts[out[i].UserID]
		out[i].Name, out[i].Email = c.Name, c.Email
	}
	return out, nil
}

// GuestInput invites a staff account, named by its e-mail address.
type GuestInput struct {
	Email, Note string
	Until       time.Time
}

// maxNote bounds a guest's note in characters.
const maxNote = 200

// AddGuest invites a staff account to a region x coordinates.
func (s *Store) AddGuest(ctx context.Context, x Participant, region string, in GuestInput) error {
	if !x.Coordinates(region) || region == StateSpace {
		return s.hidden(x, region)
	}
	var e valid.Errors
	if len([]rune(in.Note)) > maxNote {
		e.Add("note", "regions.note_too_long", "Max", maxNote)
	}
	if !in.Until.IsZero() && in.Until.Before(x.p.Today()) {
		e.Add("until", "regions.until_past")
	}
	if err := e.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		u, err := auth.UserByEmail(ctx, tx, in.Email)
		if errors.Is(err, db.ErrNotFound) || (err == nil && (u.Disabled || u.Role == perm.Admin)) {
			return valid.Errors{{Field: "email", Key: "regions.guest_unknown"}}
		}
		if err != nil {
			return err
		}
		user := u.ID
		var until any
		if !in.Until.IsZero() {
			until = in.Until
		}
		_, err = tx.Exec(ctx, `INSERT INTO region_guests (id, region_id, user_id, note, until_on, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			newID(), region, user, strings.TrimSpace(in.Note), until, s.now())
		if db.IsUniqueViolation(err) {
			return valid.Errors{{Field: "email", Key: "regions.guest_exists"}}
		}
		if err != nil {
			return fmt.Errorf("regional: add guest: %w", err)
		}
		return s.audit.Append(ctx, tx, x.p.Entry("region.guest_add", audit.ResultSuccess, "region", region, map[string]string{"user": user}))
	})
}

// RemoveGuest ends a guest's invitation.
func (s *Store) RemoveGuest(ctx context.Context, x Participant, region, guestID string) error {
	if !x.Coordinates(region) {
		return s.hidden(x, region)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM region_guests WHERE id = ? AND region_id = ?", guestID, region)
		if err != nil {
			return fmt.Errorf("regional: remove guest: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return s.audit.Append(ctx, tx, x.p.Entry("region.guest_remove", audit.ResultSuccess, "region", region, nil))
	})
}

// OrganisationStaff lists who may represent an organisation: enabled
// accounts scoped to it or to one of its offices, or with a membership
// there, by name.
func (s *Store) OrganisationStaff(ctx context.Context, orgID string) ([]Person, error) {
	return organisationStaff(ctx, s.db, orgID)
}

func organisationStaff(ctx context.Context, q db.Querier, orgID string) ([]Person, error) {
	all, err := auth.OrganisationMembers(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	offices, err := network.OfficesOfOrganisation(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	for _, o := range offices {
		staff, err := auth.OfficeStaff(ctx, q, o)
		if err != nil {
			return nil, err
		}
		all = append(all, staff...)
	}
	var out []Person
	for _, m := range all {
		if m.Role != perm.Admin && !hasPerson(out, m.UserID) {
			out = append(out, Person{UserID: m.UserID, Name: m.Name, Email: m.Email})
		}
	}
	slices.SortFunc(out, func(a, b Person) int { return strings.Compare(a.Name+a.UserID, b.Name+b.UserID) })
	return out, nil
}

func hasPerson(list []Person, id string) bool {
	for _, p := range list {
		if p.UserID == id {
			return true
		}
	}
	return false
}

// hidden is the error for an action x may not take in space: 404 when x
// does not even see it, else ErrForbidden.
func (s *Store) hidden(x Participant, space string) error {
	if x.Sees(space) {
		return ErrForbidden
	}
	return ErrNotFound
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
