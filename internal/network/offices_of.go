package network

import (
	"context"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// OfficesOfOrganisations lists the ids of the offices of the
// organisations, each once (the regional networks reach the staff of
// their member organisations' offices).
func OfficesOfOrganisations(ctx context.Context, q db.Querier, orgIDs []string) ([]string, error) {
	var out []string
	if len(orgIDs) == 0 {
		return out, nil
	}
	err := eachString(ctx, q, "SELECT id FROM offices WHERE organisation_id IN ("+db.Placeholders(len(orgIDs))+") ORDER BY id",
		anyArgs(orgIDs), func(s string) { out = append(out, s) })
	return out, err
}
