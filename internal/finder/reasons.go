package finder

import (
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
)

// The keys of the reasons, in the order they are given.
const (
	ReasonDistance      = "finder.reason_distance"       // Km
	ReasonLanguage      = "finder.reason_language"       // Language (ISO 639 code)
	ReasonProgram       = "finder.reason_program"        // Program (id)
	ReasonTopic         = "finder.reason_topic"          // Topic (id)
	ReasonOnline        = "finder.reason_online"         //
	ReasonStepFree      = "finder.reason_step_free"      //
	ReasonOpenUntil     = "finder.reason_open_until"     // Until ("16:00")
	ReasonOpens         = "finder.reason_opens"          // Day (0 = Monday), Time ("09:00"), Date (time.Time)
	ReasonByAppointment = "finder.reason_by_appointment" //
)

// result builds one shown result: status and the reasons why it matches.
func (ix *index) result(i int, org Origin, q Query, clock *minuteCache) Result {
	o := &ix.snap.Offices[i]
	km := geo.DistanceKm(org.Lat, org.Lon, o.Lat, o.Lon)
	st := ix.status(clock, i)
	r := Result{Office: o, Ordinal: i, DistanceKm: km, Status: st, Reasons: make([]Reason, 0, 4)}
	add := func(key string, args ...any) { r.Reasons = append(r.Reasons, Reason{Key: key, Args: args}) }
	add(ReasonDistance, "Km", FormatKm(km))
	if q.Language != "" {
		add(ReasonLanguage, "Language", q.Language)
	}
	if q.Program != "" {
		add(ReasonProgram, "Program", q.Program)
	}
	if q.Topic != "" {
		add(ReasonTopic, "Topic", q.Topic)
	}
	if q.Online {
		add(ReasonOnline)
	}
	if q.StepFree {
		add(ReasonStepFree)
	}
	switch {
	case st.Open:
		add(ReasonOpenUntil, "Until", clockText(st.Until))
	case st.HasNext:
		next := st.Next.In(hours.Berlin())
		add(ReasonOpens, "Day", (int(next.Weekday())+6)%7, "Time", clockText(hours.ClockOf(next.Hour(), next.Minute())), "Date", next)
	case o.Hours.ByAppointment:
		add(ReasonByAppointment)
	}
	return r
}

// FormatKm formats a distance for the reason line: one decimal below
// 10 km ("3.2"), whole kilometres above ("104"). The UI may localise the
// decimal point using Result.DistanceKm.
func FormatKm(km float64) string {
	if km < 9.95 {
		return strconv.FormatFloat(km, 'f', 1, 64)
	}
	return strconv.FormatFloat(km, 'f', 0, 64)
}

// clockTexts holds "00:00" … "24:00": formatting a clock is the main cost
// of building a result otherwise.
var clockTexts = func() []string {
	out := make([]string, hours.Midnight+1)
	for c := range out {
		out[c] = hours.Clock(c).String()
	}
	return out
}()

func clockText(c hours.Clock) string {
	if c >= 0 && int(c) < len(clockTexts) {
		return clockTexts[c]
	}
	return c.String()
}
