package config_test

import (
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
)

// TestMailSettings: production mode (--secure without --demo) refuses to
// start without SMTP; development and demo write mail to the log; bad SMTP
// settings are refused in words an operator can act on.
func TestMailSettings(t *testing.T) {
	smtp := mail.Config{Host: "mail.example.org", From: "KMN <noreply@example.org>"}
	cases := []struct {
		name            string
		secure, demo    bool
		mail            mail.Config
		keepDaily       int
		wantErrContains string
		wantProduction  bool
	}{
		{name: "development without SMTP"},
		{name: "demo over TLS without SMTP", secure: true, demo: true},
		{name: "production without SMTP", secure: true, wantProduction: true, wantErrContains: "no SMTP server configured"},
		{name: "production with SMTP", secure: true, mail: smtp, wantProduction: true},
		{name: "plain SMTP to another host", mail: mail.Config{Host: "mail.example.org", From: smtp.From, Security: "none"},
			wantErrContains: "only allowed for a relay on localhost"},
		{name: "no sender", mail: mail.Config{Host: "mail.example.org"}, wantErrContains: "sender address"},
		{name: "no daily backup kept", keepDaily: -1, wantErrContains: "daily backup"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.SecureCookies, cfg.Demo, cfg.Mail = c.secure, c.demo, c.mail
			if c.keepDaily != 0 {
				cfg.Backup.KeepDaily = c.keepDaily
			}
			err := cfg.Validate()
			if c.wantErrContains == "" && err != nil {
				t.Errorf("Validate: %v", err)
			}
			if c.wantErrContains != "" && (err == nil || !strings.Contains(err.Error(), c.wantErrContains)) {
				t.Errorf("Validate = %v, want an error about %q", err, c.wantErrContains)
			}
			if cfg.Production() != c.wantProduction {
				t.Errorf("Production() = %v", cfg.Production())
			}
		})
	}
}
