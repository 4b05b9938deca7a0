package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Colleague is a person the staff search finds among the people working
// in the searcher's own offices: a name and where they work, never the
// e-mail address (docs/SECURITY.md, "Staff search").
type Colleague struct {
	UserID, Name string
	// Places are the searched offices where the person works, with the
	// role there (a person may counsel in one and lead another).
	Places []Workplace
}

// Workplace is one office and the role a person holds there.
type Workplace struct {
	OfficeID string
	Role     perm.Role
}

// maxColleagueRows bounds one search's read: far more people than work in
// the few offices one person counsels in or leads.
const maxColleagueRows = 2000

// Colleagues lists the enabled people working in any of officeIDs (by
// account scope or membership, the rule of OfficeStaff) whose name
// contains text, each once, by name. The names are compared in Go, case
// folded in every script: SQLite's LOWER folds ASCII letters only, and
// "öz" must find "Özdemir" on both engines. Empty text finds nobody.
func (s *Service) Colleagues(ctx context.Context, officeIDs []string, text string) ([]Colleague, error) {
	needle := valid.SearchText(text)
	if needle == "" || len(officeIDs) == 0 {
		return nil, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(officeIDs)), ", ")
	args := []any{false}
	for _, id := range officeIDs {
		args = append(args, id)
	}
	args = append(append(args, args...), maxColleagueRows)
	rows, err := s.db.Query(ctx, `SELECT u.id, u.name, u.scope_id, u.role FROM users u
		WHERE u.disabled = ? AND u.scope_kind = 'office' AND u.scope_id IN (`+marks+`)
		UNION SELECT u.id, u.name, m.office_id, m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.disabled = ? AND m.office_id IN (`+marks+`)
		ORDER BY 2, 1, 3, 4 LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("auth: colleagues: %w", err)
	}
	defer rows.Close()
	var out []Colleague
	for rows.Next() {
		var c Colleague
		var w Workplace
		if err := rows.Scan(&c.UserID, &c.Name, &w.OfficeID, &w.Role); err != nil {
			return nil, fmt.Errorf("auth: colleagues: %w", err)
		}
		if !strings.Contains(strings.ToLower(c.Name), needle) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].UserID == c.UserID {
			out[n-1].Places = append(out[n-1].Places, w)
			continue
		}
		c.Places = []Workplace{w}
		out = append(out, c)
	}
	return out, rows.Err()
}
