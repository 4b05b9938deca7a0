package auth

import (
	"context"
	"fmt"
)

// AccountFigures count the staff accounts for the admin's dashboard.
type AccountFigures struct {
	// Active accounts can sign in; Pending have not finished their set-up
	// (no password or no second factor yet); Disabled are locked by an
	// admin.
	Active, Pending, Disabled int
}

// AccountFigures counts the accounts by state.
func (s *Service) AccountFigures(ctx context.Context) (AccountFigures, error) {
	var f AccountFigures
	err := s.db.QueryRow(ctx, `SELECT
		SUM(CASE WHEN disabled THEN 1 ELSE 0 END),
		SUM(CASE WHEN NOT disabled AND (password_hash = '' OR NOT totp_enabled) THEN 1 ELSE 0 END),
		SUM(CASE WHEN NOT disabled AND password_hash <> '' AND totp_enabled THEN 1 ELSE 0 END)
		FROM users`).Scan(&nullInt{&f.Disabled}, &nullInt{&f.Pending}, &nullInt{&f.Active})
	if err != nil {
		return f, fmt.Errorf("auth: account figures: %w", err)
	}
	return f, nil
}

// nullInt scans a SUM that is NULL over no rows as 0.
type nullInt struct{ n *int }

func (c *nullInt) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.n = 0
	case int64:
		*c.n = int(v)
	default:
		return fmt.Errorf("auth: count of type %T", src)
	}
	return nil
}
