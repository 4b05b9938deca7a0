package volunteer_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

func TestAccountSignIn(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		id, _ := fx.confirmed(t, "olena@example.org", "uk")
		if err := fx.s.SendSignIn(ctx, "nobody@example.org", "uk"); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.SendSignIn(ctx, "Olena@example.org", ""); err != nil {
			t.Fatal(err)
		}
		link := fx.mail(t, volunteer.MailSignIn, "Olena@example.org")
		if link.Lang != "uk" {
			t.Errorf("sign-in mail in %q, want the volunteer's language", link.Lang)
		}
		for _, m := range fx.mails {
			if m.Kind == volunteer.MailSignIn && m.To == "nobody@example.org" {
				t.Fatal("a sign-in link went to an unknown address")
			}
		}
		token, err := fx.s.SignIn(ctx, link.Link)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fx.s.SignIn(ctx, link.Link); !errors.Is(err, volunteer.ErrNotFound) {
			t.Fatalf("link used twice: %v", err)
		}
		if got, ok := fx.s.SessionVolunteer(ctx, token); !ok || got != id {
			t.Fatalf("session: %q %v, want %s", got, ok, id)
		}
		fx.srv.Clock.Advance(61 * time.Minute)
		if _, ok := fx.s.SessionVolunteer(ctx, token); ok {
			t.Fatal("idle session still valid")
		}
		if err := fx.s.SendSignIn(ctx, "olena@example.org", "de"); err != nil {
			t.Fatal(err)
		}
		fx.srv.Clock.Advance(31 * time.Minute)
		if _, err := fx.s.SignIn(ctx, fx.mail(t, volunteer.MailSignIn, "olena@example.org").Link); !errors.Is(err, volunteer.ErrNotFound) {
			t.Fatalf("expired link: %v", err)
		}
		for range 5 {
			if err := fx.s.SendSignIn(ctx, "olena@example.org", "de"); err != nil {
				t.Fatal(err)
			}
		}
		sent := 0
		for _, m := range fx.mails {
			if m.Kind == volunteer.MailSignIn {
				sent++
			}
		}
		if sent != 2+3 {
			t.Fatalf("%d sign-in mails, want 5 (three live links at most)", sent)
		}
		fx.srv.Clock.Advance(31 * time.Minute)
		if n, err := fx.s.PurgeSessions(ctx); err != nil || n != 5 {
			t.Fatalf("purge: %d %v", n, err)
		}
	})
}
