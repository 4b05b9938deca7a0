package db

import (
	"fmt"
	"time"
)

// sqliteTimeFormats are the forms modernc's SQLite driver writes time.Time
// in (its default and the RFC 3339 variants a migration may have used).
var sqliteTimeFormats = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999",
	time.DateOnly,
}

// ComputedTime scans a time that an expression computed (MIN, MAX,
// COALESCE, a scalar subquery): PostgreSQL returns a time, but SQLite only
// knows a column's declared type and hands over the stored text. NULL
// gives the zero time.
type ComputedTime struct{ Time time.Time }

// Scan implements sql.Scanner.
func (c *ComputedTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		c.Time = time.Time{}
	case time.Time:
		c.Time = x
	case string:
		return c.parse(x)
	case []byte:
		return c.parse(string(x))
	default:
		return fmt.Errorf("db: cannot scan %T as a time", v)
	}
	return nil
}

func (c *ComputedTime) parse(s string) error {
	for _, f := range sqliteTimeFormats {
		if t, err := time.Parse(f, s); err == nil {
			c.Time = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("db: unknown time format %q", s)
}
