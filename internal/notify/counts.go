package notify

import "fmt"

// DeadlineCounts are a counselor's deadlines of the day, by section, as
// the deadline page counts them (own files).
type DeadlineCounts struct {
	Overdue, Today, Week int
}

// Total is the number of deadlines counted.
func (c DeadlineCounts) Total() int { return c.Overdue + c.Today + c.Week }

func (c DeadlineCounts) encode() string {
	if c.Total() == 0 {
		return ""
	}
	return fmt.Sprintf("%d,%d,%d", c.Overdue, c.Today, c.Week)
}

func decodeCounts(s string) DeadlineCounts {
	var c DeadlineCounts
	if s != "" {
		_, _ = fmt.Sscanf(s, "%d,%d,%d", &c.Overdue, &c.Today, &c.Week)
	}
	return c
}
