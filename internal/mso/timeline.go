package mso

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// timeline reads a request's notes and status changes, oldest first,
// opened, with the authors' names.
func (s *Store) timeline(ctx context.Context, q db.Querier, requestID string) ([]Note, error) {
	rows, err := q.Query(ctx, `SELECT id, author_id, status, body_enc, created_at FROM mso_request_notes
		WHERE request_id = ? ORDER BY created_at, id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("mso: timeline: %w", err)
	}
	defer rows.Close()
	var out []Note
	var authors []string
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.ID, &n.AuthorID, &n.Status, &n.Body, &n.At); err != nil {
			return nil, fmt.Errorf("mso: timeline: %w", err)
		}
		n.Body = s.open(n.Body, "mso_request_notes", "body", n.ID)
		out, authors = append(out, n), append(authors, n.AuthorID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("mso: timeline: %w", err)
	}
	rows.Close()
	names, err := auth.NamesOf(ctx, q, distinct(authors))
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Author = names[out[i].AuthorID]
	}
	return out, nil
}

// name fills the organisations' and the creators' names of requests.
func (s *Store) name(ctx context.Context, q db.Querier, list []*Request) error {
	var orgs, people []string
	for _, r := range list {
		orgs, people = append(orgs, r.OrganisationID), append(people, r.CreatedBy)
	}
	orgNames, err := network.OrganisationNames(ctx, q, distinct(orgs))
	if err != nil {
		return err
	}
	names, err := auth.NamesOf(ctx, q, distinct(people))
	if err != nil {
		return err
	}
	for _, r := range list {
		r.Organisation, r.CreatedByName = orgNames[r.OrganisationID], names[r.CreatedBy]
	}
	return nil
}
