package geo

import "errors"

// ErrOutsideLowerSaxony is returned by Locate for a valid postcode whose
// district is not in Lower Saxony.
var ErrOutsideLowerSaxony = errors.New("geo: postcode is not in Lower Saxony")

// Locate resolves a postcode of a Lower Saxony office to its centroid and
// district. Postcodes that mostly lie in another state are refused with
// ErrOutsideLowerSaxony; malformed or unknown ones with ErrPostcodeFormat or
// ErrUnknownPostcode.
func (g *Gazetteer) Locate(postcode string) (lat, lon float64, ags string, err error) {
	pc, err := ParsePostcode(postcode)
	if err != nil {
		return 0, 0, "", err
	}
	lat, lon, ags, err = g.Centroid(pc)
	if err != nil {
		return 0, 0, "", err
	}
	if !g.IsLowerSaxony(ags) {
		return 0, 0, "", ErrOutsideLowerSaxony
	}
	return lat, lon, ags, nil
}
