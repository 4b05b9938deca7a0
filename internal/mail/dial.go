package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"slices"

	"github.com/wneessen/go-mail/smtp"
)

// ctxDialer opens the connection for one Send and closes it when the
// Send's context ends. go-mail uses the context only while dialling and
// then relies on per-command timeouts, so without this a cancelled job or
// a server shutting down would wait for a slow relay.
type ctxDialer struct {
	ctx         context.Context
	implicitTLS bool
	tls         *tls.Config
	stopClose   func() bool
}

// DialContext dials addr within dialCtx (go-mail's dial deadline) and ties
// the connection's life to d.ctx.
func (d *ctxDialer) DialContext(dialCtx context.Context, network, addr string) (net.Conn, error) {
	var nd net.Dialer
	conn, err := nd.DialContext(dialCtx, network, addr)
	if err != nil {
		return nil, err
	}
	d.stop() // go-mail dials once per client; be safe if it ever does twice
	d.stopClose = context.AfterFunc(d.ctx, func() { _ = conn.Close() })
	if !d.implicitTLS {
		return conn, nil
	}
	tc := tls.Client(conn, d.tls)
	if err := tc.HandshakeContext(dialCtx); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return tc, nil
}

// stop releases the context watch once the Send is over.
func (d *ctxDialer) stop() {
	if d.stopClose != nil {
		d.stopClose()
	}
}

// plainOrLogin picks AUTH PLAIN, else LOGIN, from what the server offers.
// go-mail's own discovery cannot be used because our dialer does the
// implicit TLS, which go-mail then does not count as encrypted. The
// go-mail mechanisms still refuse to send a password in the clear except
// to localhost.
type plainOrLogin struct {
	user, pass, host string
	chosen           smtp.Auth
}

// Start chooses the mechanism and starts it.
func (a *plainOrLogin) Start(server *smtp.ServerInfo) (string, []byte, error) {
	switch {
	case slices.Contains(server.Auth, "PLAIN"):
		a.chosen = smtp.PlainAuth("", a.user, a.pass, a.host, false)
	case slices.Contains(server.Auth, "LOGIN"):
		a.chosen = smtp.LoginAuth(a.user, a.pass, a.host, false)
	default:
		return "", nil, errors.New("the SMTP server offers neither AUTH PLAIN nor AUTH LOGIN")
	}
	return a.chosen.Start(server)
}

// Next continues the chosen mechanism.
func (a *plainOrLogin) Next(fromServer []byte, more bool) ([]byte, error) {
	return a.chosen.Next(fromServer, more)
}
