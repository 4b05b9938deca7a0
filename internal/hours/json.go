package hours

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// The stored form of a Schedule is compact JSON with intervals as text,
// days in week order and empty fields left out, e.g.
//
//	{"weekly":{"mon":["09:00-12:00","13:00-16:00"],"thu":["14:00-18:00"]},
//	 "exceptions":[{"date":"2026-12-24","closed":true}],"by_appointment":true}
//
// Encoding the same schedule always gives the same bytes.

// MarshalText writes iv as "09:00-12:00"; clocks outside 00:00–24:00
// cannot be written.
func (iv Interval) MarshalText() ([]byte, error) {
	if !iv.From.valid() || !iv.To.valid() {
		return nil, fmt.Errorf("hours: interval %s out of range", iv)
	}
	return []byte(iv.String()), nil
}

// UnmarshalText reads "09:00-12:00". An inverted interval is accepted so
// that Validate can report it.
func (iv *Interval) UnmarshalText(b []byte) error {
	v, err := parseInterval(string(b))
	if err != nil {
		return err
	}
	*iv = v
	return nil
}

// MarshalJSON writes w as an object keyed "mon" … "sun" in week order;
// closed days are left out.
func (w Weekly) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for d, ivs := range w {
		if len(ivs) == 0 {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(`"` + dayKey[d] + `":[`)
		for i, iv := range ivs {
			text, err := iv.MarshalText()
			if err != nil {
				return nil, err
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('"')
			b.Write(text)
			b.WriteByte('"')
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads the object MarshalJSON writes; day keys may be any
// name ParseWeekly knows ("mon", "Mo", "Montag").
func (w *Weekly) UnmarshalJSON(b []byte) error {
	var m map[string][]Interval
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	var out Weekly
	var seen [7]bool
	for k, ivs := range m {
		d, ok := dayNames[strings.ToLower(k)]
		if !ok {
			return fmt.Errorf("hours: unknown day %q", excerpt(k))
		}
		if seen[d] {
			return fmt.Errorf("hours: day %q given twice", excerpt(k))
		}
		seen[d] = true
		if len(ivs) > 0 {
			out[d] = ivs
		}
	}
	*w = out
	return nil
}

// Encode returns the stored form of s for a TEXT column. It fails only for
// clocks outside 00:00–24:00, which Validate reports first.
func (s Schedule) Encode() (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// Decode reads the stored form; "" is the empty schedule (always closed).
// The result is not validated.
func Decode(text string) (Schedule, error) {
	var s Schedule
	if strings.TrimSpace(text) == "" {
		return s, nil
	}
	if err := json.Unmarshal([]byte(text), &s); err != nil {
		return Schedule{}, fmt.Errorf("hours: decode schedule: %w", err)
	}
	return s, nil
}
