package finder

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
)

var testGeo = sync.OnceValues(geo.Load)

// FuzzOrigin feeds arbitrary text to the postcode and place parser: it
// must resolve or give an UnknownPlaceError, never panic.
func FuzzOrigin(f *testing.F) {
	g, err := testGeo()
	if err != nil {
		f.Fatal(err)
	}
	fd := &Finder{geo: g}
	for _, s := range []string{"30159", "3015", "301599", "00000", "28195", "Göttingen", "goettingen", "30159 Hannover",
		"00000 Göttingen", "  ", "3-0-1", "Hann. Münden", "\xff\xfe", "ß", "o\u0308"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxTextLen {
			return // ParseQuery refuses or cleans these first
		}
		o, err := fd.origin(Query{Text: text})
		var up *UnknownPlaceError
		switch {
		case err == nil:
			if o.Lat < 47 || o.Lat > 56 || o.Lon < 5 || o.Lon > 16 {
				t.Fatalf("origin outside Germany: %+v", o)
			}
		case errors.As(err, &up):
			if len(up.Suggestions) > maxSuggestions || up.Text != strings.TrimSpace(text) && up.Text != "" {
				t.Fatalf("error %+v", up)
			}
		default:
			t.Fatalf("unexpected error %v", err)
		}
	})
}
