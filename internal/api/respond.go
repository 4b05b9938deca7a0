package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// apiError is a refused request; it is written as
// {"error": {"code": ..., "message": ..., "parameter": ...}}.
type apiError struct {
	status              int
	code, message, item string
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Parameter string `json:"parameter,omitempty"`
}

func notFoundError(what, id string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "not_found", message: "no " + what + " with id " + excerpt(id)}
}

// writeError writes a JSON error; errors are never cached.
func writeError(w http.ResponseWriter, status int, code, message, param string) {
	h := w.Header()
	h.Del("ETag")
	h.Del("Last-Modified")
	h.Set("Cache-Control", "no-store")
	writeJSON(w, status, errorBody{errorDetail{Code: code, Message: message, Parameter: param}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	out := buf.Bytes
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		out = func() []byte { return []byte(`{"error":{"code":"internal","message":"internal error"}}` + "\n") }
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(out())
}

// handlerFunc computes a response body from the model and the validated
// parameters.
type handlerFunc func(m *model, p params, r *http.Request) (any, *apiError)

// serve runs the common steps of every data endpoint: validate the query,
// take the snapshot, answer conditional requests, then build the body.
func (a *API) serve(w http.ResponseWriter, r *http.Request, allowed []string, fn handlerFunc) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_parameter", "malformed query string", "")
		return
	}
	p, perr := parseParams(q, allowed, a.geo)
	if perr != nil {
		writeError(w, http.StatusBadRequest, "invalid_parameter", perr.message, perr.param)
		return
	}
	snap, err := a.src.Snapshot(r.Context())
	if err != nil || snap == nil {
		a.opts.Logger.Error("api: snapshot", "err", err)
		writeError(w, http.StatusServiceUnavailable, "unavailable", "the directory is temporarily unavailable", "")
		return
	}
	etag := etagOf(snap.Version, snap.Built.String(), r.URL.RequestURI())
	if notModified(r, etag, snap.Built) {
		setCacheHeaders(w, etag, snap.Built)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, aerr := fn(a.model(snap, p.lang), p, r)
	if aerr != nil {
		writeError(w, aerr.status, aerr.code, aerr.message, aerr.item)
		return
	}
	setCacheHeaders(w, etag, snap.Built)
	writeJSON(w, http.StatusOK, body)
}

func setCacheHeaders(w http.ResponseWriter, etag string, modified time.Time) {
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, max-age=60")
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	}
}

// etagOf is a weak validator over the data version and the request URL.
func etagOf(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return `W/"` + hex.EncodeToString(sum[:12]) + `"`
}

// notModified evaluates If-None-Match (weak comparison), or, without it,
// If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
				return true
			}
		}
		return false
	}
	ims, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !modified.IsZero() && !modified.Truncate(time.Second).After(ims)
}
