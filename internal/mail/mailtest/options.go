package mailtest

import "github.com/kmn-niedersachsen/kmn/internal/mail"

// Option changes how Start sets up the server.
type Option func(*options)

// options holds the choices of Start; security uses mail's Security
// values so Config can pass it on unchanged.
type options struct {
	user, pass string
	security   string
}

// WithAuth requires AUTH PLAIN with these credentials before MAIL FROM.
func WithAuth(user, pass string) Option {
	return func(o *options) { o.user, o.pass = user, pass }
}

// WithImplicitTLS speaks TLS from the first byte, like port 465.
func WithImplicitTLS() Option {
	return func(o *options) { o.security = mail.SecurityTLS }
}

// WithoutTLS offers no TLS at all, for mail.SecurityNone; AUTH, if set,
// then travels in the clear, which is fine on 127.0.0.1.
func WithoutTLS() Option {
	return func(o *options) { o.security = mail.SecurityNone }
}
