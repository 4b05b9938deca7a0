package site

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
)

// CSRF protection is a signed double submit: a random HttpOnly cookie, and
// in every form its HMAC under a server key. A forged request has neither
// the cookie's value nor the key. Cross-origin POSTs are refused earlier as
// well (http.CrossOriginProtection).

const csrfField = "csrf_token"

// csrfToken returns the form token for this visitor, setting the cookie on
// the first visit.
func (k *Kit) csrfToken(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(k.cookies.CSRF)
	value := ""
	if err == nil && len(c.Value) >= 32 {
		value = c.Value
	} else {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		value = base64.RawURLEncoding.EncodeToString(b)
		k.SetCookie(w, k.cookies.CSRF, value, 0)
		// Make the new value visible to this request too.
		r.AddCookie(&http.Cookie{Name: k.cookies.CSRF, Value: value})
	}
	return k.signCSRF(value)
}

func (k *Kit) signCSRF(value string) string {
	m := hmac.New(sha256.New, k.o.CSRFKey)
	m.Write([]byte(value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// validCSRF checks the submitted token against the cookie.
func (k *Kit) validCSRF(r *http.Request) bool {
	c, err := r.Cookie(k.cookies.CSRF)
	if err != nil || c.Value == "" {
		return false
	}
	sent := r.Header.Get("X-CSRF-Token")
	if sent == "" {
		sent = r.PostFormValue(csrfField)
	}
	return sent != "" && hmac.Equal([]byte(sent), []byte(k.signCSRF(c.Value)))
}
