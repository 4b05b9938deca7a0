package finder_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/finder"
)

func TestParseQuery(t *testing.T) {
	q, errs := finder.ParseQuery(url.Values{"q": {"  Göttingen\x00 Mitte "}, "program": {"JMD"}, "lang_spoken": {"AR"},
		"topic": {"housing"}, "age": {"27"}, "online": {"on"}, "step_free": {"1"}, "open_now": {"true"}, "radius": {"25"}, "page": {"3"}})
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if q.Text != "Göttingen Mitte" || q.Program != "jmd" || q.Language != "ar" || q.Topic != "housing" || *q.Age != 27 ||
		!q.Online || !q.StepFree || !q.OpenNow || q.RadiusKm != 25 || q.Page != 3 || q.Lat != nil {
		t.Fatalf("%+v", q)
	}
	q, errs = finder.ParseQuery(url.Values{"lat": {"52.37"}, "lon": {"9.73"}, "online": {"0"}, "program": {"unknown-but_fine9"}})
	if len(errs) != 0 || *q.Lat != 52.37 || *q.Lon != 9.73 || q.Online || q.RadiusKm != finder.DefaultRadiusKm || q.Page != 1 ||
		q.Program != "unknown-but_fine9" {
		t.Fatalf("%+v %v", q, errs)
	}
}

func TestParseQueryRefuses(t *testing.T) {
	long := strings.Repeat("x", finder.MaxTextLen+1)
	tests := []struct {
		name, param, value, field, key string
	}{
		{"text too long", "q", long, "q", "finder.too_long"},
		{"negative radius", "radius", "-5", "radius", "finder.radius"},
		{"zero radius", "radius", "0", "radius", "finder.radius"},
		{"huge radius", "radius", "301", "radius", "finder.radius"},
		{"radius not a number", "radius", "10km", "radius", "finder.radius"},
		{"radius float", "radius", "2.5", "radius", "finder.radius"},
		{"radius overflow", "radius", "99999999999999999999999", "radius", "finder.radius"},
		{"page 0", "page", "0", "page", "finder.page"},
		{"page 10^9", "page", "1000000000", "page", "finder.page"},
		{"page text", "page", "two", "page", "finder.page"},
		{"negative age", "age", "-1", "age", "finder.age"},
		{"age 121", "age", "121", "age", "finder.age"},
		{"age text", "age", "old", "age", "finder.age"},
		{"unknown language", "lang_spoken", "xx", "lang_spoken", "finder.language"},
		{"language too long", "lang_spoken", "arabic", "lang_spoken", "finder.language"},
		{"language one letter", "lang_spoken", "a", "lang_spoken", "finder.language"},
		{"language with region", "lang_spoken", "ar-SY", "lang_spoken", "finder.language"},
		{"language und", "lang_spoken", "und", "lang_spoken", "finder.language"},
		{"program with space", "program", "m be", "program", "finder.choice"},
		{"program sql", "program", "mbe'--", "program", "finder.choice"},
		{"program too long", "program", strings.Repeat("a", 41), "program", "finder.choice"},
		{"topic unicode", "topic", "wöhnen", "topic", "finder.choice"},
		{"flag garbage", "online", "maybe", "online", "finder.flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := finder.ParseQuery(url.Values{tt.param: {tt.value}})
			p, ok := errs.For(tt.field)
			if !ok || p.Key != tt.key || len(errs) != 1 {
				t.Fatalf("want %s on %s, got %v", tt.key, tt.field, errs)
			}
		})
	}
	locations := []url.Values{
		{"lat": {"52.3"}},
		{"lon": {"9.7"}},
		{"lat": {"91"}, "lon": {"9.7"}},
		{"lat": {"52.3"}, "lon": {"-181"}},
		{"lat": {"NaN"}, "lon": {"9.7"}},
		{"lat": {"52.3"}, "lon": {"Inf"}},
		{"lat": {"north"}, "lon": {"east"}},
	}
	for _, v := range locations {
		if _, errs := finder.ParseQuery(v); !errs.Has("lat") || errs[0].Key != "finder.location" {
			t.Errorf("%v: %v", v, errs)
		}
	}
	q, errs := finder.ParseQuery(url.Values{"radius": {"-5"}, "page": {"0"}})
	if len(errs) != 2 || errs[0].Args[1] != finder.MaxRadiusKm || errs[1].Args[1] != finder.MaxPage || q.RadiusKm != finder.DefaultRadiusKm {
		t.Errorf("problem args %v, fallback radius %d", errs, q.RadiusKm)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"q=30159", "q=G%C3%B6ttingen&radius=20&page=2", "lat=52.3&lon=9.7", "lang_spoken=ar&age=27&online=on",
		"radius=-1", "page=1000000000", "lat=1e309&lon=-0", "q=%ff%fe", "program=JMD&topic=a_b-c", "age=0x10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, errs := finder.ParseQuery(v)
		if len(errs) > 0 {
			for _, p := range errs {
				if !strings.HasPrefix(p.Key, "finder.") || p.Field == "" {
					t.Fatalf("problem %+v", p)
				}
			}
			return
		}
		if q.RadiusKm < 1 || q.RadiusKm > finder.MaxRadiusKm || q.Page < 1 || q.Page > finder.MaxPage ||
			len([]rune(q.Text)) > finder.MaxTextLen || (q.Lat == nil) != (q.Lon == nil) ||
			(q.Age != nil && (*q.Age < 0 || *q.Age > finder.MaxAge)) || len(q.Program) > finder.MaxChoiceID {
			t.Fatalf("accepted out-of-range query %+v", q)
		}
	})
}

// Values is the canonical form: the same search spelled differently (order,
// case, defaults, flags, unknown parameters) encodes the same, and parsing
// it gives the query back.
func TestQueryValuesCanonical(t *testing.T) {
	tests := []struct {
		name string
		a, b string
	}{
		{"order and unknown parameter", "q=30159&program=mbe&utm_source=x", "utm_source=y&program=mbe&q=30159"},
		{"case and spaces", "q=+30159+&program=MBE&lang_spoken=AR", "q=30159&program=mbe&lang_spoken=ar"},
		{"defaults left out", "q=Celle&radius=50&page=1&online=0", "q=Celle"},
		{"flag spellings", "q=Celle&online=on&step_free=true&open_now=yes", "open_now=1&step_free=1&online=1&q=Celle"},
		{"location", "lat=52.370&lon=9.73000&age=27", "age=27&lon=9.73&lat=52.37"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := canonical(t, tt.a), canonical(t, tt.b)
			if a != b {
				t.Fatalf("%q → %q, %q → %q", tt.a, a, tt.b, b)
			}
			again := canonical(t, a)
			if again != a {
				t.Fatalf("not stable: %q → %q", a, again)
			}
		})
	}
	if canonical(t, "q=Celle") == canonical(t, "q=Celle&page=2") {
		t.Fatal("different pages share a name")
	}
}

func canonical(t *testing.T, raw string) string {
	t.Helper()
	v, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	q, errs := finder.ParseQuery(v)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	return q.Values().Encode()
}
