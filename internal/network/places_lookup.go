package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// DistrictRegion is the regional network a district belongs to ("" for
// none): where a volunteer's postcode places them.
func DistrictRegion(ctx context.Context, q db.Querier, ags string) (string, error) {
	var region sql.NullString
	err := q.QueryRow(ctx, `SELECT region_id FROM districts WHERE ags = ?`, ags).Scan(&region)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("network: district region: %w", err)
	}
	return region.String, nil
}

// OfficePlace is where an office is: its name, region and position (for
// distances to the people who come there).
type OfficePlace struct {
	Name, RegionID string
	Lat, Lon       float64
}

// OfficePlaces returns the places of the offices with the given ids
// (unknown ids are left out).
func OfficePlaces(ctx context.Context, q db.Querier, ids []string) (map[string]OfficePlace, error) {
	out := map[string]OfficePlace{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, `SELECT o.id, o.name, COALESCE(d.region_id, ''), o.lat, o.lon FROM offices o
		LEFT JOIN districts d ON d.ags = o.district_ags WHERE o.id IN (`+db.Placeholders(len(ids))+`)`, anyArgs(ids)...)
	if err != nil {
		return nil, fmt.Errorf("network: office places: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var p OfficePlace
		if err := rows.Scan(&id, &p.Name, &p.RegionID, &p.Lat, &p.Lon); err != nil {
			return nil, fmt.Errorf("network: office places: %w", err)
		}
		out[id] = p
	}
	return out, rows.Err()
}
