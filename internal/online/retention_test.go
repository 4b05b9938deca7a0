package online_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/online"
)

// TestDeletion, with the platform's clock moved: a closed conversation
// lives until its retention ends, an account unused for 90 days goes with
// everything, and a client's own deletion is immediate.
func TestDeletion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		kept, gone := fx.signUp(t, "Bleibt"), fx.signUp(t, "Geht")
		closed, _ := fx.start(t, kept, enquiry, "eins")
		open, _ := fx.start(t, kept, enquiry, "zwei")
		if err := fx.s.Take(ctx, online.StaffParty(fx.a1), closed); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.Close(ctx, online.StaffParty(fx.a1), closed); err != nil {
			t.Fatal(err)
		}
		fx.start(t, gone, enquiry, "drei")
		exists := func(c client, id string) bool {
			_, err := fx.s.Conversation(ctx, online.ClientParty(c.ID), id)
			return err == nil
		}
		steps := []struct {
			advance   time.Duration
			touch     bool // the kept client logs in
			closedToo bool
			goneToo   bool
		}{
			{29 * 24 * time.Hour, true, true, true},
			{2 * 24 * time.Hour, true, false, true},
			{60 * 24 * time.Hour, true, false, false},
		}
		for i, st := range steps {
			fx.srv.Clock.Advance(st.advance)
			if st.touch {
				touch(t, fx, kept)
			}
			if _, _, err := fx.s.Purge(ctx); err != nil {
				t.Fatal(err)
			}
			if got := exists(kept, closed); got != st.closedToo {
				t.Errorf("step %d: closed conversation exists = %v, want %v", i, got, st.closedToo)
			}
			if !exists(kept, open) {
				t.Errorf("step %d: the open conversation of an active client was deleted", i)
			}
			if _, err := fx.s.Client(ctx, gone.ID); (err == nil) != st.goneToo {
				t.Errorf("step %d: unused account exists = %v, want %v", i, err == nil, st.goneToo)
			}
		}
		if err := fx.s.DeleteClient(ctx, kept.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := fx.s.Client(ctx, kept.ID); !errors.Is(err, online.ErrNotFound) || exists(kept, open) {
			t.Errorf("after deleting the account: %v, conversation exists %v", err, exists(kept, open))
		}
	})
}

// touch is the client's activity (what a request with its session does).
func touch(t *testing.T, fx *fixture, c client) {
	t.Helper()
	if _, err := fx.srv.App.DB.Exec(context.Background(), `UPDATE online_clients SET active_at = ? WHERE id = ?`, fx.srv.Clock.Now(), c.ID); err != nil {
		t.Fatal(err)
	}
}
