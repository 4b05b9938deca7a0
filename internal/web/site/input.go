package site

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// MaxQueryValue bounds every name and value of a query string. No search,
// filter or link parameter of the platform comes near it; a longer one (a
// search of 60,000 characters, which SQLite refuses as a LIKE pattern) is
// turned away before any handler, store or audit entry sees it.
const MaxQueryValue = 1000

// The problems the input check finds; each is a message of the error page
// ("error.<problem>" on staff pages, "public.error_<problem>" on public ones).
const (
	problemBadInput = "bad_input" // invalid UTF-8, a NUL character or a broken escape
	problemTooLong  = "too_long"  // a query value longer than MaxQueryValue
)

// textProblem says what is wrong with one incoming value ("" if nothing):
// invalid UTF-8 or a NUL character anywhere, and above max bytes (max > 0).
func textProblem(s string, max int) string {
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		return problemBadInput
	}
	if max > 0 && len(s) > max {
		return problemTooLong
	}
	return ""
}

// urlProblem checks the path (and so every path value) and every name and
// value of the query string.
func urlProblem(r *http.Request) string {
	if p := textProblem(r.URL.Path, 0); p != "" {
		return p
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return problemBadInput
	}
	return valuesProblem(q, MaxQueryValue)
}

// formProblem checks every name and value of a parsed form body (uploaded
// files are bytes, not text, and are not looked at here). The body limit
// bounds their length.
func formProblem(r *http.Request) string {
	return valuesProblem(r.PostForm, 0)
}

func valuesProblem(v url.Values, max int) string {
	for name, values := range v {
		if p := textProblem(name, MaxQueryValue); p != "" {
			return p
		}
		for _, s := range values {
			if p := textProblem(s, max); p != "" {
				return p
			}
		}
	}
	return ""
}
