package web

import (
	"net/url"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

func urlQuery(s string) string { return url.QueryEscape(s) }

// pageParam reads a 1-based page number, clamped to [1, max].
func pageParam(v string, max int) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 1
	}
	if n > max {
		return max
	}
	return n
}
