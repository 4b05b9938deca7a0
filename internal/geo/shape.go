package geo

import (
	"errors"
	"math"
)

// point is a GeoJSON position: [lon, lat].
type point = [2]float64

type bbox struct{ minLon, minLat, maxLon, maxLat float64 }

func (b bbox) contains(lon, lat float64) bool {
	return lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat
}

func (b *bbox) extend(o bbox) {
	b.minLon, b.minLat = min(b.minLon, o.minLon), min(b.minLat, o.minLat)
	b.maxLon, b.maxLat = max(b.maxLon, o.maxLon), max(b.maxLat, o.maxLat)
}

var emptyBox = bbox{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}

// polygon is an outer ring followed by zero or more holes.
type polygon struct {
	rings [][]point
	box   bbox // of the outer ring
}

// districtShape is the boundary of one Lower Saxony district.
type districtShape struct {
	district int // index into Gazetteer.districts
	polys    []polygon
	box      bbox
	// area in square degrees (planar, only used to rank overlapping
	// matches) and the area centroid.
	area                     float64
	centroidLat, centroidLon float64
}

func newShape(district int, coords [][][]point) (districtShape, error) {
	s := districtShape{district: district, box: emptyBox}
	var sx, sy float64
	for _, rings := range coords {
		if len(rings) == 0 {
			return s, errors.New("polygon without rings")
		}
		pg := polygon{rings: rings, box: emptyBox}
		for ri, ring := range rings {
			if len(ring) < 4 {
				return s, errors.New("ring with fewer than 4 positions")
			}
			for _, p := range ring {
				if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
					return s, errors.New("non-finite coordinate")
				}
			}
			a, cx, cy := ringAreaCentroid(ring)
			a = math.Abs(a)
			if ri > 0 { // hole
				a = -a
			} else {
				for _, p := range ring {
					pg.box.extend(bbox{p[0], p[1], p[0], p[1]})
				}
			}
			s.area += a
			sx += a * cx
			sy += a * cy
		}
		s.box.extend(pg.box)
		s.polys = append(s.polys, pg)
	}
	if len(s.polys) == 0 || s.area <= 0 {
		return s, errors.New("empty geometry")
	}
	s.centroidLon, s.centroidLat = sx/s.area, sy/s.area
	return s, nil
}

// ringAreaCentroid returns the signed planar area and the centroid of a
// closed ring (shoelace formula). Coordinates are shifted to the first
// vertex for numerical stability.
func ringAreaCentroid(ring []point) (area, cx, cy float64) {
	ox, oy := ring[0][0], ring[0][1]
	var a2, x, y float64
	for i := 0; i+1 < len(ring); i++ {
		x0, y0 := ring[i][0]-ox, ring[i][1]-oy
		x1, y1 := ring[i+1][0]-ox, ring[i+1][1]-oy
		c := x0*y1 - x1*y0
		a2 += c
		x += (x0 + x1) * c
		y += (y0 + y1) * c
	}
	if a2 == 0 {
		return 0, ox, oy
	}
	return a2 / 2, x/(3*a2) + ox, y/(3*a2) + oy
}

// inRing is the even-odd ray casting test.
func inRing(ring []point, lon, lat float64) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		xi, yi := ring[i][0], ring[i][1]
		xj, yj := ring[j][0], ring[j][1]
		if (yi > lat) != (yj > lat) && lon < (xj-xi)*(lat-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}

func (pg *polygon) contains(lon, lat float64) bool {
	if !pg.box.contains(lon, lat) || !inRing(pg.rings[0], lon, lat) {
		return false
	}
	for _, hole := range pg.rings[1:] {
		if inRing(hole, lon, lat) {
			return false
		}
	}
	return true
}

func (s *districtShape) contains(lon, lat float64) bool {
	if !s.box.contains(lon, lat) {
		return false
	}
	for i := range s.polys {
		if s.polys[i].contains(lon, lat) {
			return true
		}
	}
	return false
}

// shapeAt returns the index of the district shape containing the point.
// If several (coarse, possibly overlapping) shapes match, the smallest one
// wins, so an enclosed city beats the surrounding Landkreis even where the
// data has no hole for it.
func (g *Gazetteer) shapeAt(lat, lon float64) (int, bool) {
	if math.IsNaN(lat) || math.IsNaN(lon) {
		return 0, false
	}
	best := -1
	for i := range g.shapes {
		s := &g.shapes[i]
		if s.contains(lon, lat) && (best < 0 || s.area < g.shapes[best].area) {
			best = i
		}
	}
	return best, best >= 0
}
