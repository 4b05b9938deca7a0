package db

import "strings"

// Placeholders returns n comma-separated question marks for an IN list
// ("?, ?, ?"); Rebind turns them into $1… on PostgreSQL.
func Placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// Args turns values into query arguments (for an IN list).
func Args[T any](values []T) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}
