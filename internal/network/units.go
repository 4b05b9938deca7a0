package network

import (
	"context"
	"fmt"
)

// Unit places one office in the hierarchy the statistics add up along:
// office → district → region → state.
type Unit struct {
	OfficeID, OfficeName      string
	DistrictAGS, DistrictName string
	RegionID, RegionName      string
}

// Units lists every office (also closed ones: their files still count)
// with its district and region, ordered by region, district and office
// name. A district outside every region (none in Lower Saxony) is left
// out, and so are its offices.
func (s *Store) Units(ctx context.Context) ([]Unit, error) {
	rows, err := s.db.Query(ctx, `SELECT o.id, o.name, d.ags, d.name, r.id, r.name
		FROM offices o JOIN districts d ON d.ags = o.district_ags JOIN regions r ON r.id = d.region_id
		ORDER BY r.name, r.id, d.name, d.ags, o.name, o.id`)
	if err != nil {
		return nil, fmt.Errorf("network: units: %w", err)
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		var u Unit
		if err := rows.Scan(&u.OfficeID, &u.OfficeName, &u.DistrictAGS, &u.DistrictName, &u.RegionID, &u.RegionName); err != nil {
			return nil, fmt.Errorf("network: units: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
