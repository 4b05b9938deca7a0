package volunteer

import (
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/linktoken"
)

// Key is how a volunteer reaches their own record: the personal link of
// their mails or the session of their account. The store resolves either
// in SQL, so a key never names a volunteer by id and cannot be widened to
// another's record.
type Key struct {
	link, session string
}

// ByLink is the key of a personal link's token.
func ByLink(token string) Key { return Key{link: token} }

// BySession is the key of an account's session token (the cookie).
func BySession(token string) Key { return Key{session: token} }

// cond is the SQL condition on volunteers v that selects the key's
// volunteer (none for an empty key), with its arguments.
func (k Key) cond(now time.Time) (string, []any) {
	switch {
	case k.link != "":
		return `v.token_hash = ? AND v.state <> 'unconfirmed'`, []any{linktoken.Hash(k.link)}
	case k.session != "":
		return `v.id = (SELECT volunteer_id FROM volunteer_sessions WHERE token_hash = ? AND expires_at > ? AND seen_at > ?)
			AND v.state IN ('registered', 'confirmed')`, []any{linktoken.Hash(k.session), now, now.Add(-sessionIdle)}
	}
	return `1 = 0`, nil
}
