package secret

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Column names one encrypted column: Table and Column hold the ciphertexts,
// Key is the table's primary key column (TEXT), whose value is passed to AAD.
// A nil AAD means the platform's convention "<table>.<column>:"+rowKey (see
// DefaultAAD), which is what e.g. users.totp_secret uses.
type Column struct {
	Table, Key, Column string
	AAD                func(rowKey string) string
}

// Name is "table.column".
func (c Column) Name() string { return c.Table + "." + c.Column }

// DefaultAAD is the platform's AAD convention for a column's row:
// "<table>.<column>:"+rowKey.
func DefaultAAD(table, column, rowKey string) string { return table + "." + column + ":" + rowKey }

func (c Column) aad(rowKey string) string {
	if c.AAD != nil {
		return c.AAD(rowKey)
	}
	return DefaultAAD(c.Table, c.Column, rowKey)
}

var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// validate keeps the names, which are spliced into SQL, to plain identifiers.
func (c Column) validate() error {
	for _, s := range []string{c.Table, c.Key, c.Column} {
		if !identifier.MatchString(s) {
			return fmt.Errorf("secret: column %q.%q (key %q): not a plain SQL identifier", c.Table, c.Column, c.Key)
		}
	}
	return nil
}

// Store is the database Reencrypt works on; *db.DB provides it.
type Store interface {
	db.Querier
	InTx(ctx context.Context, fn func(tx *db.Tx) error) error
}

// DefaultBatch is the batch size used when Reencrypt or Usage get batch ≤ 0.
const DefaultBatch = 500

// maxFailedKeys bounds how many row keys of undecryptable values are kept.
const maxFailedKeys = 100

// ColumnStats reports what Reencrypt did to one column.
type ColumnStats struct {
	Column string // "table.column"
	// Scanned counts the non-empty values looked at (empty ones are skipped).
	Scanned int
	// Current counts values already on the active key, left alone.
	Current int
	// Changed counts values re-encrypted with the active key.
	Changed int
	// Failed counts values that could not be decrypted (unknown key, edited
	// bytes, wrong row); they are left unchanged.
	Failed int
	// FailedKeys holds the row keys of the first failed values.
	FailedKeys []string
	// Conflicts counts values changed by someone else between reading and
	// writing; they are left to the other writer (run again to cover them).
	Conflicts int
}

// Stats reports a Reencrypt run: totals and one entry per column.
type Stats struct {
	Scanned, Current, Changed, Failed, Conflicts int
	Columns                                      []ColumnStats
}

func (s *Stats) add(c ColumnStats) {
	s.Scanned += c.Scanned
	s.Current += c.Current
	s.Changed += c.Changed
	s.Failed += c.Failed
	s.Conflicts += c.Conflicts
	s.Columns = append(s.Columns, c)
}

// Reencrypt walks every column in batches of batch rows (keyset pagination
// by the key column) and re-encrypts each value that is not sealed with the
// active key. Every batch runs in a transaction of its own, so a large table
// never holds a long write lock. It is idempotent: values already on the
// active key are not touched, so a second run changes nothing. Values that
// do not decrypt are counted in Failed and never overwritten. The update is
// conditional on the value read, so a concurrent change is not lost.
func Reencrypt(ctx context.Context, q Store, k *Keyring, cols []Column, batch int) (Stats, error) {
	var st Stats
	if batch <= 0 {
		batch = DefaultBatch
	}
	for _, c := range cols {
		if err := c.validate(); err != nil {
			return st, err
		}
		cs, err := reencryptColumn(ctx, q, k, c, batch)
		st.add(cs)
		if err != nil {
			return st, fmt.Errorf("secret: re-encrypt %s: %w", c.Name(), err)
		}
	}
	return st, nil
}

type cell struct{ key, value string }

func reencryptColumn(ctx context.Context, q Store, k *Keyring, c Column, batch int) (ColumnStats, error) {
	cs := ColumnStats{Column: c.Name()}
	active := k.ActiveID()
	update := fmt.Sprintf("UPDATE %s SET %s = ? WHERE %s = ? AND %s = ?", c.Table, c.Column, c.Key, c.Column)
	after, first := "", true
	for {
		if err := ctx.Err(); err != nil {
			return cs, err
		}
		var page []cell
		var b ColumnStats // this batch; merged only when it commits
		err := q.InTx(ctx, func(tx *db.Tx) error {
			var err error
			b = ColumnStats{}
			page, err = readPage(ctx, tx, c, after, first, batch)
			if err != nil {
				return err
			}
			for _, r := range page {
				if r.value == "" {
					continue
				}
				b.Scanned++
				if id, _, _ := strings.Cut(r.value, ":"); id == active {
					b.Current++
					continue
				}
				aad := c.aad(r.key)
				plain, err := k.Decrypt(r.value, aad)
				if err != nil {
					b.Failed++
					b.FailedKeys = append(b.FailedKeys, r.key)
					continue
				}
				res, err := tx.Exec(ctx, update, k.Encrypt(plain, aad), r.key, r.value)
				if err != nil {
					return err
				}
				if n, err := res.RowsAffected(); err != nil {
					return err
				} else if n == 1 {
					b.Changed++
				} else {
					b.Conflicts++
				}
			}
			return nil
		})
		if err != nil {
			return cs, err // the batch rolled back; cs covers the committed ones
		}
		cs.Scanned += b.Scanned
		cs.Current += b.Current
		cs.Changed += b.Changed
		cs.Failed += b.Failed
		cs.Conflicts += b.Conflicts
		for _, fk := range b.FailedKeys {
			if len(cs.FailedKeys) < maxFailedKeys {
				cs.FailedKeys = append(cs.FailedKeys, fk)
			}
		}
		if len(page) < batch {
			return cs, nil
		}
		after, first = page[len(page)-1].key, false
	}
}

// readPage reads the next batch of (key, value) pairs after the key after.
func readPage(ctx context.Context, q db.Querier, c Column, after string, first bool, batch int) ([]cell, error) {
	query := fmt.Sprintf("SELECT %s, %s FROM %s", c.Key, c.Column, c.Table)
	args := []any{}
	if !first {
		query += fmt.Sprintf(" WHERE %s > ?", c.Key)
		args = append(args, after)
	}
	query += fmt.Sprintf(" ORDER BY %s LIMIT ?", c.Key)
	args = append(args, batch)
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var page []cell
	for rows.Next() {
		var r cell
		var v *string
		if err := rows.Scan(&r.key, &v); err != nil {
			return nil, err
		}
		if v != nil {
			r.value = *v
		}
		page = append(page, r)
	}
	return page, rows.Err()
}

// Malformed is the key id Usage reports for non-empty values that name no
// key at all (no "keyID:" prefix).
const Malformed = "(malformed)"

// ColumnUsage counts one column's values by the key id they name.
type ColumnUsage struct {
	Column string         // "table.column"
	Empty  int            // empty values (nothing encrypted)
	ByKey  map[string]int // key id (as written in the value, known or not) → count
}

// Usage counts, for each column, how many values name each key id. It only
// reads prefixes and does not decrypt; values naming a key that the keyring
// does not hold appear under their own id. It reads in batches without a
// transaction, so on a busy database the counts are a close snapshot.
func Usage(ctx context.Context, q db.Querier, cols []Column, batch int) ([]ColumnUsage, error) {
	if batch <= 0 {
		batch = DefaultBatch
	}
	var out []ColumnUsage
	for _, c := range cols {
		if err := c.validate(); err != nil {
			return out, err
		}
		u := ColumnUsage{Column: c.Name(), ByKey: map[string]int{}}
		after, first := "", true
		for {
			page, err := readPage(ctx, q, c, after, first, batch)
			if err != nil {
				return out, fmt.Errorf("secret: read %s: %w", c.Name(), err)
			}
			for _, r := range page {
				if r.value == "" {
					u.Empty++
					continue
				}
				id, _, ok := strings.Cut(r.value, ":")
				if !ok || id == "" {
					id = Malformed
				}
				u.ByKey[id]++
			}
			if len(page) < batch {
				break
			}
			after, first = page[len(page)-1].key, false
		}
		out = append(out, u)
	}
	return out, nil
}

// KeyIDs lists the ids of all keys, oldest first. The first one is also the
// root that Derive uses.
func (k *Keyring) KeyIDs() []string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	ids := make([]string, len(k.file.Keys))
	for i, kk := range k.file.Keys {
		ids[i] = kk.ID
	}
	return ids
}

// ErrActiveKey is returned when asked to retire the key that encrypts.
var ErrActiveKey = errors.New("secret: the active key cannot be retired")

// ErrUnknownKey is returned when asked to retire a key that is not there.
var ErrUnknownKey = errors.New("secret: no such key")

// Retire removes a key from the key file. Values sealed with it can no
// longer be decrypted afterwards, so the caller must first make sure that
// none is left (Usage). The active key cannot be retired. Retiring the first
// key changes what Derive returns (e.g. the CSRF key) once servers restart.
func (k *Keyring) Retire(id string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	i := slices.IndexFunc(k.file.Keys, func(kk key) bool { return kk.ID == id })
	if i < 0 {
		return fmt.Errorf("%w: %q", ErrUnknownKey, id)
	}
	if id == k.active {
		return fmt.Errorf("%w (%s); rotate first", ErrActiveKey, id)
	}
	file := k.file
	file.Keys = slices.Delete(slices.Clone(file.Keys), i, i+1)
	next, err := ringOf(k.path, file)
	if err != nil {
		return err
	}
	if err := next.save(false); err != nil {
		return err
	}
	k.ring = next
	return nil
}
