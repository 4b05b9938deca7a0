package online_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
)

// TestConversation: a client's enquiry reaches the routed counselors
// only; one takes it and the others lose it (no team access); messages
// must be the next in order, of the current epoch and from the writer;
// nobody else reads or writes; a closed conversation takes no message; what
// the counselor reads opens with the counselor's key.
func TestConversation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		c := fx.signUp(t, "Zahra")
		id, ck := fx.start(t, c, enquiry, "سؤال عن الإقامة")
		a1, a2, b1 := online.StaffParty(fx.a1), online.StaffParty(fx.a2), online.StaffParty(fx.b1)
		for _, who := range []struct {
			name string
			pt   online.Party
			sees bool
		}{{"a1", a1, true}, {"a2", a2, true}, {"a3 without a key", online.StaffParty(fx.a3), false}, {"b1 of another office", b1, false},
			{"another client", online.ClientParty(fx.signUp(t, "Other").ID), false}} {
			_, err := fx.s.Conversation(ctx, who.pt, id)
			if who.sees != (err == nil) {
				t.Errorf("%s sees the new enquiry: %v, want %v", who.name, err == nil, who.sees)
			}
		}
		if err := fx.s.Take(ctx, a1, id); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.Take(ctx, a2, id); !errors.Is(err, online.ErrNotFound) && !errors.Is(err, online.ErrChanged) {
			t.Errorf("a second take: %v, want refused", err)
		}
		if _, err := fx.s.Conversation(ctx, a2, id); !errors.Is(err, online.ErrNotFound) {
			t.Errorf("a2 still sees the taken conversation: %v", err)
		}
		v, err := fx.s.View(ctx, a1, id, 0)
		if err != nil || len(v.Keys) != 1 || len(v.Messages) != 1 || !v.CanWrite {
			t.Fatalf("a1's view = %+v, %v", v, err)
		}
		key, err := e2e.UnwrapConversationKey(v.Keys[0].Wrapped, fx.keys[fx.a1.UserID()], id, 1, fx.a1.UserID())
		if err != nil {
			t.Fatal(err)
		}
		if text, err := e2e.DecryptMessage(key, id, 1, 1, c.ID, v.Messages[0].Body); err != nil || text != "سؤال عن الإقامة" {
			t.Errorf("a1 reads %q, %v", text, err)
		}
		steps := []struct {
			name string
			pt   online.Party
			m    online.Message
			want error
		}{
			{"the counselor answers", a1, encrypt(t, ck, id, 2, fx.a1.UserID(), "Antwort"), nil},
			{"replayed", a1, encrypt(t, ck, id, 2, fx.a1.UserID(), "Antwort"), online.ErrSequence},
			{"skipping a number", online.ClientParty(c.ID), encrypt(t, ck, id, 4, c.ID, "x"), online.ErrSequence},
			{"in another's name", online.ClientParty(c.ID), encrypt(t, ck, id, 3, fx.a1.UserID(), "x"), online.ErrSequence},
			{"a counselor not assigned", a2, encrypt(t, ck, id, 3, fx.a2.UserID(), "x"), online.ErrNotFound},
			{"a counselor of another office", b1, encrypt(t, ck, id, 3, fx.b1.UserID(), "x"), online.ErrNotFound},
			{"the client", online.ClientParty(c.ID), encrypt(t, ck, id, 3, c.ID, "شكراً"), nil},
		}
		for _, st := range steps {
			if err := fx.s.Post(ctx, st.pt, id, st.m); !errors.Is(err, st.want) {
				t.Errorf("%s: %v, want %v", st.name, err, st.want)
			}
		}
		big := encrypt(t, ck, id, 4, c.ID, string(make([]byte, online.MaxBody)))
		if err := fx.s.Post(ctx, online.ClientParty(c.ID), id, big); err == nil {
			t.Error("an oversized message was taken")
		}
		if err := fx.s.Close(ctx, a1, id); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.Post(ctx, online.ClientParty(c.ID), id, encrypt(t, ck, id, 4, c.ID, "x")); !errors.Is(err, online.ErrChanged) {
			t.Errorf("writing into a closed conversation: %v, want ErrChanged", err)
		}
		cv, err := fx.s.Conversation(ctx, online.ClientParty(c.ID), id)
		if err != nil || cv.DeleteAfter == nil || cv.LastSeq != 3 {
			t.Fatalf("closed conversation = %+v, %v", cv, err)
		}
	})
}

// TestStartNeedsEveryRecipient: keys for fewer or other recipients than
// the route has, or a first message out of place, are refused.
func TestStartNeedsEveryRecipient(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		c := fx.signUp(t, "Zahra")
		route, err := fx.s.RouteOf(ctx, enquiry)
		if err != nil {
			t.Fatal(err)
		}
		me := online.Recipient{ID: c.ID, PublicKey: c.Key.PublicB64(), Client: true}
		id, ck := online.NewConversationID(), e2e.NewConversationKey()
		cases := []struct {
			name  string
			keys  []online.Key
			first online.Message
			want  error
		}{
			{"a counselor left out", wrapFor(t, ck, id, []online.Recipient{me, route.Staff[0]}), encrypt(t, ck, id, 1, c.ID, "x"), online.ErrRecipients},
			{"the client left out", wrapFor(t, ck, id, route.Staff), encrypt(t, ck, id, 1, c.ID, "x"), online.ErrRecipients},
			{"first message numbered 2", wrapFor(t, ck, id, append([]online.Recipient{me}, route.Staff...)), encrypt(t, ck, id, 2, c.ID, "x"), online.ErrSequence},
		}
		for _, cs := range cases {
			err := fx.s.StartConversation(ctx, c.ID, online.Start{ID: id, Enquiry: enquiry, Keys: cs.keys, First: cs.first})
			if !errors.Is(err, cs.want) {
				t.Errorf("%s: %v, want %v", cs.name, err, cs.want)
			}
		}
		if list, _ := fx.s.List(ctx, online.ClientParty(c.ID), online.ViewMine, 10); len(list) != 0 {
			t.Errorf("refused starts left %d conversations", len(list))
		}
	})
}

// TestHandOver: the counselor hands the conversation to a colleague with a
// new epoch; the colleague reads the earlier messages and writes in the
// new epoch, the client reads them, the previous counselor no longer sees
// the conversation, and the old epoch takes no message.
func TestHandOver(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		c := fx.signUp(t, "Amal")
		id, ck := fx.start(t, c, enquiry, "eins")
		a1, a2 := online.StaffParty(fx.a1), online.StaffParty(fx.a2)
		if err := fx.s.Take(ctx, a1, id); err != nil {
			t.Fatal(err)
		}
		if _, err := fx.s.PlanHandover(ctx, fx.a1, id, fx.b1.UserID()); !errors.Is(err, online.ErrNotFound) {
			t.Errorf("hand over to another office's counselor: %v, want ErrNotFound", err)
		}
		if _, err := fx.s.PlanHandover(ctx, fx.a2, id, fx.a1.UserID()); err == nil {
			t.Error("a counselor not assigned may hand over")
		}
		plan, err := fx.s.PlanHandover(ctx, fx.a1, id, fx.a2.UserID())
		if err != nil || plan.Epoch != 2 || len(plan.Recipients) != 2 {
			t.Fatalf("plan = %+v, %v", plan, err)
		}
		ck2 := e2e.NewConversationKey()
		var keys []online.Key
		for _, r := range plan.Recipients {
			w, _ := e2e.WrapConversationKey(ck2, r.PublicKey, id, 2, r.ID)
			keys = append(keys, online.Key{Epoch: 2, RecipientID: r.ID, Wrapped: w})
		}
		old, _ := e2e.WrapConversationKey(ck, plan.Colleague.PublicKey, id, 1, fx.a2.UserID())
		bad := online.Handover{To: fx.a2.UserID(), Epoch: 2, Keys: keys}
		if err := fx.s.HandOver(ctx, fx.a1, id, bad); !errors.Is(err, online.ErrRecipients) {
			t.Errorf("without the history: %v, want ErrRecipients", err)
		}
		bad.History = []online.Key{{Epoch: 1, RecipientID: fx.a2.UserID(), Wrapped: old}}
		if err := fx.s.HandOver(ctx, fx.a1, id, bad); err != nil {
			t.Fatal(err)
		}
		if _, err := fx.s.Conversation(ctx, a1, id); !errors.Is(err, online.ErrNotFound) {
			t.Errorf("the previous counselor still sees it: %v", err)
		}
		v, err := fx.s.View(ctx, a2, id, 0)
		if err != nil || len(v.Keys) != 2 || v.Epoch != 2 || !v.CanWrite {
			t.Fatalf("colleague's view = %+v, %v", v, err)
		}
		k1, err := e2e.UnwrapConversationKey(v.Keys[0].Wrapped, fx.keys[fx.a2.UserID()], id, 1, fx.a2.UserID())
		if err != nil {
			t.Fatal(err)
		}
		if text, err := e2e.DecryptMessage(k1, id, 1, 1, c.ID, v.Messages[0].Body); err != nil || text != "eins" {
			t.Errorf("colleague reads %q, %v", text, err)
		}
		m := encrypt(t, ck, id, 2, fx.a2.UserID(), "alt")
		if err := fx.s.Post(ctx, a2, id, m); !errors.Is(err, online.ErrSequence) {
			t.Errorf("a message in the old epoch: %v, want ErrSequence", err)
		}
		body, _ := e2e.EncryptMessage(ck2, id, 2, 2, fx.a2.UserID(), "neu")
		if err := fx.s.Post(ctx, a2, id, online.Message{Seq: 2, Epoch: 2, SenderID: fx.a2.UserID(), Body: body}); err != nil {
			t.Fatal(err)
		}
		cv, err := fx.s.View(ctx, online.ClientParty(c.ID), id, 1)
		if err != nil || len(cv.Keys) != 2 {
			t.Fatalf("client's view: %+v, %v", cv, err)
		}
		k2, _ := e2e.UnwrapConversationKey(cv.Keys[1].Wrapped, c.Key, id, 2, c.ID)
		if text, err := e2e.DecryptMessage(k2, id, 2, 2, fx.a2.UserID(), cv.Messages[0].Body); err != nil || text != "neu" {
			t.Errorf("client reads %q, %v", text, err)
		}
	})
}
