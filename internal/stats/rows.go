package stats

import (
	"github.com/kmn-niedersachsen/kmn/internal/stats/disclose"
)

// Level is a row's place in the hierarchy.
type Level int

// The levels, from the top.
const (
	StateLevel Level = iota
	RegionLevel
	DistrictLevel
	OfficeLevel
)

// String names the level in URLs and exports.
func (l Level) String() string {
	return [...]string{"state", "region", "district", "office"}[l]
}

// ParseLevel reads a level name.
func ParseLevel(s string) (Level, bool) {
	for l := StateLevel; l <= OfficeLevel; l++ {
		if l.String() == s {
			return l, true
		}
	}
	return 0, false
}

// row is one unit of the hierarchy.
type row struct {
	Level  Level
	ID     string // region id, district AGS, office id; "" for the state
	Name   string
	parent int
}

// hierarchy builds the rows (parents first) from the registry's units:
// the state, then per region its districts, per district its offices.
func hierarchy(units []OfficeUnit) (rows []row, office map[string]int) {
	rows = []row{{Level: StateLevel, parent: -1}}
	office = map[string]int{}
	region, district := -1, -1
	for _, u := range units {
		if region < 0 || rows[region].ID != u.RegionID {
			region = len(rows)
			rows = append(rows, row{Level: RegionLevel, ID: u.RegionID, Name: u.RegionName, parent: 0})
			district = -1
		}
		if district < 0 || rows[district].ID != u.DistrictAGS {
			district = len(rows)
			rows = append(rows, row{Level: DistrictLevel, ID: u.DistrictAGS, Name: u.DistrictName, parent: region})
		}
		office[u.OfficeID] = len(rows)
		rows = append(rows, row{Level: OfficeLevel, ID: u.OfficeID, Name: u.OfficeName, parent: district})
	}
	return rows, office
}

func tableRows(rows []row) []disclose.Row {
	out := make([]disclose.Row, len(rows))
	for i, r := range rows {
		out[i] = disclose.Row{Key: r.Level.String() + ":" + r.ID, Parent: r.parent}
	}
	return out
}

// find is the row of a unit, or -1.
func find(rows []row, l Level, id string) int {
	for i, r := range rows {
		if r.Level == l && (l == StateLevel || r.ID == id) {
			return i
		}
	}
	return -1
}

// children are the rows directly below r.
func children(rows []row, r int) []int {
	var out []int
	for i := r + 1; i < len(rows); i++ {
		if rows[i].parent == r {
			out = append(out, i)
		}
	}
	return out
}
