// Package valid collects validation problems as translatable message keys,
// so domain packages can refuse bad input without knowing the language and
// handlers can show an error summary next to the fields.
package valid

import "strings"

// Problem is one refused field. Key is an i18n message id; Args are
// name/value pairs for the message template.
type Problem struct {
	Field string
	Key   string
	Args  []any
}

// Errors is a list of problems; it is an error when not empty.
type Errors []Problem

// Add records a problem for field.
func (e *Errors) Add(field, key string, args ...any) {
	*e = append(*e, Problem{Field: field, Key: key, Args: args})
}

// Err returns e as an error, or nil when there is no problem.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// Error lists the keys, for logs and tests.
func (e Errors) Error() string {
	parts := make([]string, len(e))
	for i, p := range e {
		parts[i] = p.Field + ": " + p.Key
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// For returns the first problem of field, if any.
func (e Errors) For(field string) (Problem, bool) {
	for _, p := range e {
		if p.Field == field {
			return p, true
		}
	}
	return Problem{}, false
}

// Has reports whether field has a problem.
func (e Errors) Has(field string) bool { _, ok := e.For(field); return ok }
