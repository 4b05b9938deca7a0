package auth

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// StepUp renews the second factor of p's session with a fresh TOTP code
// before a dangerous action (erasing or exporting a file, handing it over,
// changing roles, rotating the key). The code's time step must be newer
// than the last one used, wrong codes count for throttling like at the
// login, and both outcomes are audited ("auth.step_up"). ErrInvalidCode
// when the code is wrong, ErrSessionInvalid without a complete session.
func (s *Service) StepUp(ctx context.Context, p Principal, code string) error {
	if !p.Staff() || p.sessionID == "" {
		return ErrSessionInvalid
	}
	u, err := UserByID(ctx, s.db, p.userID)
	if err != nil {
		return err
	}
	if err := s.checkThrottle(ctx, u.Email, p, "auth.step_up"); err != nil {
		return err
	}
	secret, err := s.totpSecret(u)
	if err != nil {
		return err
	}
	step := matchTOTP(secret, code, s.now())
	if step <= u.totpLastStep {
		return s.codeFailed(ctx, u, p, "auth.step_up")
	}
	refused := false
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", step, u.ID, step)
		if err != nil {
			return fmt.Errorf("auth: step-up: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			refused = true // the same code was used meanwhile
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE sessions SET factor_at = ? WHERE id = ? AND user_id = ?", s.now(), p.sessionID, u.ID); err != nil {
			return fmt.Errorf("auth: step-up: %w", err)
		}
		return s.record(ctx, tx, p, "auth.step_up", audit.ResultSuccess, "user", u.ID, nil)
	})
	if err == nil && refused {
		return s.codeFailed(ctx, u, p, "auth.step_up")
	}
	return err
}
