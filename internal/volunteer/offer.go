package volunteer

import (
	"context"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// UpdateOffer changes what the volunteer of key offers: phone, gender,
// reach, activities, languages and weekly times, checked as at the
// sign-up. Name, address and postcode stay (their coordinator changes
// those with them: the postcode decides who coordinates them).
func (s *Store) UpdateOffer(ctx context.Context, key Key, in SignUpInput) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		cond, args := key.cond(s.now())
		vs, err := s.volunteers(ctx, tx, cond, args...)
		if err != nil || len(vs) == 0 {
			return notFoundOr(err)
		}
		v := vs[0]
		in.Name, in.Email, in.Postcode, in.Consent, in.Lang = v.Name, v.Email, v.Postcode, true, v.Lang
		if e := in.check(); len(e) > 0 {
			return e
		}
		if _, err := tx.Exec(ctx, `UPDATE volunteers SET phone_enc = ?, gender = ?, max_km = ?, remote = ?, activities = ?, updated_at = ?
			WHERE id = ?`, s.seal(strings.TrimSpace(in.Phone), "phone", v.ID), in.Gender, in.MaxKm, in.Remote,
			strings.Join(in.Activities, ","), s.now(), v.ID); err != nil {
			return fmt.Errorf("volunteer: offer: %w", err)
		}
		for _, table := range []string{"volunteer_languages", "volunteer_slots"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE volunteer_id = ?`, v.ID); err != nil {
				return fmt.Errorf("volunteer: offer: %w", err)
			}
		}
		if err := writeSkills(ctx, tx, v.ID, in.Languages, in.Slots); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, auth.Anonymous(auth.Client{}).Entry("volunteer.offer_update", audit.ResultSuccess, "volunteer", v.ID, nil))
	})
}
