package network

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Known holds the ids that references may point to, so validation can name
// the field instead of failing on a foreign key.
type Known struct {
	orgs, programs, topics map[string]bool
}

// Organisation reports whether an organisation id exists.
func (k Known) Organisation(id string) bool { return k.orgs[id] }

// Program reports whether a program id exists.
func (k Known) Program(id string) bool { return k.programs[id] }

// Topic reports whether a topic id exists.
func (k Known) Topic(id string) bool { return k.topics[id] }

func loadKnown(ctx context.Context, q db.Querier, orgIDs []string) (Known, error) {
	k := Known{orgs: map[string]bool{}, programs: map[string]bool{}, topics: map[string]bool{}}
	if err := idSet(ctx, q, "SELECT id FROM programs", k.programs); err != nil {
		return k, err
	}
	if err := idSet(ctx, q, "SELECT id FROM topics", k.topics); err != nil {
		return k, err
	}
	for _, id := range orgIDs {
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", id).Scan(&n); err != nil {
			return k, fmt.Errorf("network: %w", err)
		}
		k.orgs[id] = n > 0
	}
	return k, nil
}

func idSet(ctx context.Context, q db.Querier, query string, into map[string]bool) error {
	rows, err := q.Query(ctx, query)
	if err != nil {
		return fmt.Errorf("network: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("network: %w", err)
		}
		into[id] = true
	}
	return rows.Err()
}
