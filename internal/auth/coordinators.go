package auth

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// RegionCoordinators lists the enabled people who coordinate a region's
// network, by account (role region coordinator, scoped to the region) or
// by a membership, by name: the regional networks invite them to every
// meeting of the region.
func RegionCoordinators(ctx context.Context, q db.Querier, regionID string) ([]StaffMember, error) {
	rows, err := q.Query(ctx, `SELECT u.id, u.name, u.email, u.role FROM users u
		WHERE u.disabled = ? AND u.role = ? AND u.scope_kind = 'region' AND u.scope_id = ?
		UNION SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.disabled = ? AND m.role = ? AND m.region_id = ?
		ORDER BY 2, 1, 4`, false, perm.RegionCoordinator, regionID, false, perm.RegionCoordinator, regionID)
	if err != nil {
		return nil, fmt.Errorf("auth: region coordinators: %w", err)
	}
	defer rows.Close()
	var out []StaffMember
	for rows.Next() {
		var m StaffMember
		if err := rows.Scan(&m.UserID, &m.Name, &m.Email, &m.Role); err != nil {
			return nil, fmt.Errorf("auth: region coordinators: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
