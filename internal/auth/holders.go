package auth

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// AccountsHolding lists the enabled accounts that hold one of roles
// within one of the scopes ids of kind, by their own role and scope or by
// a membership: each id once, sorted. ids are ignored for statewide. The
// regional networks ask it whom an announcement reaches.
func AccountsHolding(ctx context.Context, q db.Querier, kind perm.ScopeKind, ids []string, roles []perm.Role) ([]string, error) {
	if len(roles) == 0 || (kind != perm.Statewide && len(ids) == 0) {
		return nil, nil
	}
	part := func(table, scopeCol string) (string, []any) {
		cond := "u.disabled = ? AND " + table + ".scope_kind = ? AND " + table + ".role IN (" + db.Placeholders(len(roles)) + ")"
		args := append([]any{false, kind}, db.Args(roles)...)
		if kind != perm.Statewide {
			cond += " AND " + table + "." + scopeCol + " IN (" + db.Placeholders(len(ids)) + ")"
			args = append(args, db.Args(ids)...)
		}
		return cond, args
	}
	own, ownArgs := part("u", "scope_id")
	member, memberArgs := part("m", "scope_key")
	rows, err := q.Query(ctx, "SELECT u.id FROM users u WHERE "+own+
		" UNION SELECT u.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE "+member+" ORDER BY 1",
		append(ownArgs, memberArgs...)...)
	if err != nil {
		return nil, fmt.Errorf("auth: accounts holding: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("auth: accounts holding: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// AccountsByLocalPart finds the enabled accounts whose e-mail address
// begins with one of the local parts ("beratung" for
// beratung@kmn.example), compared in lower case: the ids by local part.
// Exchange threads resolve their @mentions with it.
func AccountsByLocalPart(ctx context.Context, q db.Querier, parts []string) (map[string][]string, error) {
	out := map[string][]string{}
	var conds []string
	args := []any{false}
	for _, p := range parts {
		p = strings.ToLower(p)
		if p == "" || strings.Contains(p, "@") {
			continue
		}
		conds = append(conds, "SUBSTR(email, 1, ?) = ?")
		args = append(args, utf8.RuneCountInString(p)+1, p+"@")
	}
	if len(conds) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, "SELECT id, email FROM users WHERE disabled = ? AND ("+strings.Join(conds, " OR ")+") ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("auth: accounts by local part: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, email string
		if err := rows.Scan(&id, &email); err != nil {
			return nil, fmt.Errorf("auth: accounts by local part: %w", err)
		}
		local, _, _ := strings.Cut(email, "@")
		out[local] = append(out[local], id)
	}
	return out, rows.Err()
}
