package site

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// The JSON endpoints of the online counseling pages: the browser encrypts,
// so it sends JSON with fetch (CSRF token in the X-CSRF-Token header)
// instead of forms.

// MaxMessageBytes bounds a JSON message of online counseling with its
// attachment (5 MiB of file, base64-encoded, and the message).
const MaxMessageBytes = 8 << 20

// ReadJSON decodes the request body into v; unknown fields and trailing
// data are refused (the guard already bounds the body's size).
func ReadJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("site: trailing data after JSON")
	}
	return nil
}

// TooLarge reports whether err is a body over the route's limit (413).
func TooLarge(err error) bool {
	var tooBig *http.MaxBytesError
	return errors.As(err, &tooBig)
}

// WriteJSON answers v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// JSONError is the body of a refused JSON request: a translated message
// for the page, and one per field for the form.
type JSONError struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

// FailJSON answers a JSON request with a translated message.
func (k *Kit) FailJSON(w http.ResponseWriter, r *http.Request, status int, key string) {
	WriteJSON(w, status, JSONError{Error: StateOf(r).Loc.T(key)})
}

// ProblemsJSON answers 422 with the translated problems of each field.
func (k *Kit) ProblemsJSON(w http.ResponseWriter, r *http.Request, e valid.Errors) {
	loc := StateOf(r).Loc
	out := JSONError{Error: loc.T("online.form_problems"), Fields: map[string]string{}}
	for _, p := range e {
		if _, seen := out.Fields[p.Field]; !seen {
			out.Fields[p.Field] = loc.T(p.Key, p.Args...)
		}
	}
	WriteJSON(w, http.StatusUnprocessableEntity, out)
}
