package site

import "strconv"

// PageParam reads a 1-based page number, clamped to [1, max].
func PageParam(v string, max int) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 1
	}
	if n > max {
		return max
	}
	return n
}
