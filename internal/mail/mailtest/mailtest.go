// Package mailtest runs a real SMTP server in-process for tests: mail
// sent through mail.NewSMTP goes over TCP, with STARTTLS or implicit TLS
// and AUTH PLAIN as in production, and lands in Messages decoded.
package mailtest

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/kmn-niedersachsen/kmn/internal/mail"
)

// loopback is where every test server listens: never reachable from
// outside the machine.
const loopback = "127.0.0.1"

// Server is a running test SMTP server. Its methods are safe for
// concurrent use.
type Server struct {
	t     testing.TB
	opts  options
	tls   *tls.Config // server side; nil WithoutTLS
	roots *x509.CertPool
	port  int

	mu       sync.Mutex
	srv      *smtp.Server
	ln       net.Listener
	serving  chan struct{} // closed when Serve returns
	msgs     []Received
	failN    int
	failCode int
}

// Start runs a server on 127.0.0.1 on a free port, by default with
// STARTTLS and without AUTH, and stops it when the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{t: t, opts: options{security: mail.SecuritySTARTTLS}}
	for _, o := range opts {
		o(&s.opts)
	}
	if s.opts.security != mail.SecurityNone {
		cert, roots, err := selfSigned()
		if err != nil {
			t.Fatalf("mailtest: certificate: %v", err)
		}
		s.tls = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		s.roots = roots
	}
	if err := s.listen(0); err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

// listen serves on port (0: any free one). A go-smtp server cannot serve
// again once closed, so each listen makes a new one.
func (s *Server) listen(port int) error {
	ln, err := net.Listen("tcp", net.JoinHostPort(loopback, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	if s.opts.security == mail.SecurityTLS {
		ln = tls.NewListener(ln, s.tls)
	}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.MaxMessageBytes, srv.MaxRecipients = 10<<20, 50
	if s.opts.security == mail.SecuritySTARTTLS {
		srv.TLSConfig = s.tls
	}
	// Without TLS go-smtp offers AUTH only when allowed in the clear.
	srv.AllowInsecureAuth = s.opts.security == mail.SecurityNone
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	s.mu.Lock()
	s.srv, s.ln, s.serving = srv, ln, done
	s.port = ln.Addr().(*net.TCPAddr).Port
	s.mu.Unlock()
	return nil
}

// Addr is the host and port the server listens on.
func (s *Server) Addr() (host string, port int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return loopback, s.port
}

// TLSConfig is a client configuration that trusts the server's
// certificate; nil for a server started WithoutTLS.
func (s *Server) TLSConfig() *tls.Config {
	if s.roots == nil {
		return nil
	}
	return &tls.Config{RootCAs: s.roots, ServerName: loopback, MinVersion: tls.VersionTLS12}
}

// Config is a mail.Config for NewSMTP that reaches this server with its
// security mode and credentials.
func (s *Server) Config(from string) mail.Config {
	h, p := s.Addr()
	return mail.Config{
		Host: h, Port: p, From: from,
		Username: s.opts.user, Password: s.opts.pass,
		Security: s.opts.security, TLSConfig: s.TLSConfig(),
		Timeout: 5 * time.Second,
	}
}

// Stop closes the listener and all connections; new connections are
// refused until Restart. Stopping twice is harmless.
func (s *Server) Stop() {
	s.mu.Lock()
	srv, ln, done := s.srv, s.ln, s.serving
	s.srv, s.ln = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return
	}
	_ = srv.Close()
	// Close the listener ourselves too: Serve may not have registered
	// it with the server yet.
	_ = ln.Close()
	<-done
}

// Restart stops the server if it runs and listens again on the same port,
// so a sender's configuration stays valid. Messages are kept.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	_, port := s.Addr()
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := s.listen(port)
		if err == nil {
			return
		}
		// The port may linger briefly after the close.
		if !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			s.t.Fatalf("mailtest: restart on port %d: %v", port, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Messages returns the messages received so far, oldest first.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.msgs)
}

// Reset forgets received messages and pending FailNext failures.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs, s.failN, s.failCode = nil, 0, 0
}

// WaitFor polls until at least n messages have arrived and returns them
// all; it fails the test if they do not arrive within timeout.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msgs := s.Messages()
		if len(msgs) >= n {
			return msgs
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailtest: %d message(s) arrived within %s, want %d; subjects: %q",
				len(msgs), timeout, n, subjects(msgs))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// FailNext makes the next n DATA commands answer code after the message
// was transmitted, e.g. 451 (temporary) or 550 (permanent), for tests of
// retries.
func (s *Server) FailNext(n int, code int) {
	if code < 400 || code > 599 {
		s.t.Fatalf("mailtest: FailNext code %d is not a 4xx or 5xx SMTP reply", code)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failCode = n, code
}

// takeFailure returns the code the current DATA must answer, or 0.
func (s *Server) takeFailure() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failN <= 0 {
		return 0
	}
	s.failN--
	return s.failCode
}

// add records a received message.
func (s *Server) add(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, r)
}

// subjects lists the subjects of msgs for failure messages.
func subjects(msgs []Received) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = fmt.Sprintf("%s → %v", m.Subject, m.To)
	}
	return out
}
