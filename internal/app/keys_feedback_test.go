package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/feedback"
)

// TestKeyRotationCoversFeedback: after `kmn keys rotate`, the message,
// page and e-mail of accessibility feedback are on the new key and still
// read back unchanged.
func TestKeyRotationCoversFeedback(t *testing.T) {
	dir := t.TempDir()
	a := openDemo(t, dir)
	ctx := context.Background()
	id, err := a.Feedback.Submit(ctx, auth.Anonymous(auth.Client{IP: "198.51.100.1"}),
		feedback.Input{Lang: "de", Message: "Nachricht-XYZ", Page: "/de/search", Email: "xyz@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if code, out, stderr := run("keys", "rotate", "--data", dir); code != 0 {
		t.Fatalf("rotate: %d\n%s\n%s", code, out, stderr)
	}
	cfg := config.Default()
	cfg.DataDir, cfg.PasswordCost = dir, config.CostTest
	b, err := app.Open(ctx, cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var msg, page, email string
	if err := b.DB.QueryRow(ctx, "SELECT message_enc, page_enc, email_enc FROM accessibility_feedback WHERE id = ?", id).Scan(&msg, &page, &email); err != nil {
		t.Fatal(err)
	}
	for _, cell := range []string{msg, page, email} {
		if !strings.HasPrefix(cell, b.Keys.ActiveID()+":") {
			t.Errorf("cell not re-encrypted with the new key %s: %.20s…", b.Keys.ActiveID(), cell)
		}
	}
	u, err := auth.UserByEmail(ctx, b.DB, app.DemoAccounts[0].Email) // the admin
	if err != nil {
		t.Fatal(err)
	}
	p, err := b.Auth.PrincipalOf(ctx, u.ID, auth.Client{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := b.Feedback.Get(ctx, p, id)
	if err != nil || m.Text != "Nachricht-XYZ" || m.Page != "/de/search" || m.Email != "xyz@example.org" {
		t.Fatalf("feedback after rotation: %+v %v", m, err)
	}
}
