package online

import (
	"context"
	"fmt"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
)

// Handover is what the handing-over counselor's browser prepares: the
// next epoch's key wrapped for the client and the colleague (and the
// office's counselors with team access), and every earlier epoch's key
// wrapped for the colleague, who then reads the whole conversation.
type Handover struct {
	To      string
	Epoch   int
	Keys    []Key
	History []Key
}

// HandoverPlan tells the browser whom to wrap for.
type HandoverPlan struct {
	Epoch      int         `json:"epoch"`
	Recipients []Recipient `json:"recipients"`
	// Colleague receives the earlier epochs' keys too.
	Colleague Recipient `json:"colleague"`
}

// Colleagues lists who the counselor pt may hand conversation c over to:
// the counselors and leads with keys of the routed office, or of pt's own
// offices for a pool conversation.
func (s *Store) Colleagues(ctx context.Context, p auth.Principal, c *Conversation) ([]Recipient, error) {
	offices := p.Offices(perm.Counselor, perm.OfficeLead)
	if c.OfficeID != "" {
		offices = []string{c.OfficeID}
	}
	var cands []candidate
	for _, o := range offices {
		cands = append(cands, candidate{office: officeRef(o)})
	}
	staff, err := s.keyedStaff(ctx, cands)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(staff, func(r Recipient) bool { return r.ID == p.UserID() }), nil
}

// PlanHandover checks that p may hand conversation id over to colleague
// and says whom the browser wraps the next epoch's key for.
func (s *Store) PlanHandover(ctx context.Context, p auth.Principal, id, colleague string) (HandoverPlan, error) {
	c, err := s.Conversation(ctx, StaffParty(p), id)
	if err != nil {
		return HandoverPlan{}, err
	}
	if c.CounselorID != p.UserID() || c.State != StateOpen {
		return HandoverPlan{}, ErrChanged
	}
	colleagues, err := s.Colleagues(ctx, p, c)
	if err != nil {
		return HandoverPlan{}, err
	}
	i := slices.IndexFunc(colleagues, func(r Recipient) bool { return r.ID == colleague })
	if i < 0 {
		return HandoverPlan{}, ErrNotFound
	}
	plan := HandoverPlan{Epoch: c.Epoch + 1, Colleague: colleagues[i],
		Recipients: []Recipient{{ID: c.ClientID, PublicKey: c.ClientKey, Client: true}, colleagues[i]}}
	if s.teamAccess(ctx, s.db, c.OfficeID) {
		for _, r := range colleagues {
			if r.ID != colleague {
				plan.Recipients = append(plan.Recipients, r)
			}
		}
	}
	return plan, nil
}

// HandOver gives the conversation to a colleague with a new epoch: the
// previous counselor keeps no key of it (an honest server deletes them)
// and cannot read what follows.
func (s *Store) HandOver(ctx context.Context, p auth.Principal, id string, h Handover) error {
	plan, err := s.PlanHandover(ctx, p, id, h.To)
	if err != nil {
		return err
	}
	if h.Epoch != plan.Epoch {
		return ErrChanged
	}
	if err := checkKeys(h.Keys, plan.Recipients, plan.Epoch); err != nil {
		return err
	}
	if err := checkHistory(h.History, h.To, plan.Epoch-1); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE online_conversations SET counselor_id = ?, epoch = ?, updated_at = ?, staff_seen = 0
			WHERE id = ? AND counselor_id = ? AND epoch = ? AND state = 'open'`, h.To, plan.Epoch, s.now(), id, p.UserID(), plan.Epoch-1)
		if err != nil {
			return fmt.Errorf("online: hand over: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrChanged
		}
		if _, err := tx.Exec(ctx, `DELETE FROM online_keys WHERE conversation_id = ? AND recipient_id IN (?, ?)`, id, p.UserID(), h.To); err != nil {
			return fmt.Errorf("online: hand over: %w", err)
		}
		if err := insertKeys(ctx, tx, id, append(h.History, h.Keys...)); err != nil {
			return err
		}
		if err := s.tell(ctx, tx, []Recipient{{ID: h.To}}, notify.OnlineEnquiry, "/online/c/"+id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Entry("online.hand_over", audit.ResultSuccess, "online_conversation", id, map[string]string{"to": h.To}))
	})
}

// checkHistory: exactly one key for the colleague per earlier epoch.
func checkHistory(keys []Key, to string, epochs int) error {
	if len(keys) != epochs {
		return ErrRecipients
	}
	for i, k := range keys {
		if k.Epoch != i+1 || k.RecipientID != to {
			return ErrRecipients
		}
		if err := checkKeys([]Key{k}, []Recipient{{ID: to}}, k.Epoch); err != nil {
			return err
		}
	}
	return nil
}
