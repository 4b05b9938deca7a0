package geo

import "math"

// EarthRadiusKm is the mean Earth radius (IUGG) used by DistanceKm.
const EarthRadiusKm = 6371.0088

// DistanceKm returns the great-circle (haversine) distance in kilometres
// between two WGS84 points given in degrees, using a mean Earth radius of
// 6371.0088 km. NaN input yields NaN.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	s1, s2 := math.Sin(dLat/2), math.Sin(dLon/2)
	a := s1*s1 + math.Cos(lat1*rad)*math.Cos(lat2*rad)*s2*s2
	a = min(max(a, 0), 1) // guard against rounding outside [0, 1]
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(a))
}
