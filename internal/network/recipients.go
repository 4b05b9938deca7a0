package network

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
)

// Recipient is an office or organisation a referral can go to.
type Recipient struct {
	// Kind is "office" or "organisation".
	Kind, ID, Name string
	// Place is the office's town, or the organisation's kind for a list.
	Place string
	// OrganisationID is the office's organisation ("" for organisations).
	OrganisationID string
	// Open is false for an office that is closed or temporarily closed.
	Open bool
}

// ReferralRecipients lists the offices that are open and every
// organisation but the ministry, by name: the choices of a referral form.
func (s *Store) ReferralRecipients(ctx context.Context) ([]Recipient, error) {
	rows, err := s.db.Query(ctx, `SELECT 'office', id, name, city, organisation_id FROM offices WHERE status = 'active'
		UNION ALL SELECT 'organisation', id, name, kind, '' FROM organisations WHERE kind <> 'ministry'
		ORDER BY 1 DESC, 3, 2`)
	if err != nil {
		return nil, fmt.Errorf("network: referral recipients: %w", err)
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		r := Recipient{Open: true}
		if err := rows.Scan(&r.Kind, &r.ID, &r.Name, &r.Place, &r.OrganisationID); err != nil {
			return nil, fmt.Errorf("network: referral recipients: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReferralRecipient reads one recipient (in the caller's transaction);
// db.ErrNotFound when the row does not exist.
func ReferralRecipient(ctx context.Context, q db.Querier, kind, id string) (Recipient, error) {
	r := Recipient{Kind: kind, ID: id}
	var err error
	switch kind {
	case "office":
		var status string
		err = q.QueryRow(ctx, "SELECT name, city, organisation_id, status FROM offices WHERE id = ?", id).
			Scan(&r.Name, &r.Place, &r.OrganisationID, &status)
		r.Open = status == "active"
	case "organisation":
		err = q.QueryRow(ctx, "SELECT name, kind FROM organisations WHERE id = ? AND kind <> 'ministry'", id).Scan(&r.Name, &r.Place)
		r.Open = true
	default:
		return Recipient{}, db.ErrNotFound
	}
	if errors.Is(err, sql.ErrNoRows) {
		return Recipient{}, db.ErrNotFound
	}
	if err != nil {
		return Recipient{}, fmt.Errorf("network: referral recipient: %w", err)
	}
	return r, nil
}

// RecipientNames names offices and organisations by id (unknown ids are
// left out), for lists of referrals.
func RecipientNames(ctx context.Context, q db.Querier, offices, orgs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range []struct {
		table string
		ids   []string
	}{{"offices", offices}, {"organisations", orgs}} {
		if len(part.ids) == 0 {
			continue
		}
		rows, err := q.Query(ctx, "SELECT id, name FROM "+part.table+" WHERE id IN ("+db.Placeholders(len(part.ids))+")", anyArgs(part.ids)...)
		if err != nil {
			return nil, fmt.Errorf("network: recipient names: %w", err)
		}
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, fmt.Errorf("network: recipient names: %w", err)
			}
			out[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OfficesNear lists the open offices offering program, nearest to office
// from first (by the offices' coordinates; ties by name), at most limit:
// the recipients of a handover (JMD → MBE at 27).
func (s *Store) OfficesNear(ctx context.Context, program, from string, limit int) ([]Recipient, error) {
	var lat, lon float64
	if err := s.db.QueryRow(ctx, "SELECT lat, lon FROM offices WHERE id = ?", from).Scan(&lat, &lon); err != nil {
		return nil, fmt.Errorf("network: offices near: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT o.id, o.name, o.city, o.organisation_id, o.lat, o.lon FROM offices o
		JOIN office_programs p ON p.office_id = o.id WHERE p.program_id = ? AND o.status = 'active' AND o.id <> ?`, program, from)
	if err != nil {
		return nil, fmt.Errorf("network: offices near: %w", err)
	}
	defer rows.Close()
	type near struct {
		r Recipient
		d float64
	}
	var all []near
	for rows.Next() {
		n := near{r: Recipient{Kind: "office", Open: true}}
		var olat, olon float64
		if err := rows.Scan(&n.r.ID, &n.r.Name, &n.r.Place, &n.r.OrganisationID, &olat, &olon); err != nil {
			return nil, fmt.Errorf("network: offices near: %w", err)
		}
		n.d = geo.DistanceKm(lat, lon, olat, olon)
		all = append(all, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(all, func(a, b near) int { return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.r.Name, b.r.Name)) })
	out := make([]Recipient, 0, min(limit, len(all)))
	for _, n := range all[:min(limit, len(all))] {
		out = append(out, n.r)
	}
	return out, nil
}
