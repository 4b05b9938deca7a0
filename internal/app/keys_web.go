package app

import (
	"context"
	"strconv"
	"sync"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
	"github.com/kmn-niedersachsen/kmn/internal/web/staff"
)

// webKeys rotates the key of a running platform for the admin pages: a new
// active key at once, then the sealed columns re-encrypted one by one in
// the background, with the progress kept for the page. Only on SQLite,
// where this server holds the one key file; with PostgreSQL other servers
// would keep the old file, so the command line does it there.
type webKeys struct {
	a  *App
	mu sync.Mutex
	st staff.KeyStatus
}

// KeyStatus reports the keys and the last re-encryption.
func (k *webKeys) KeyStatus() staff.KeyStatus {
	k.mu.Lock()
	st := k.st
	k.mu.Unlock()
	st.Active, st.Keys = k.a.Keys.ActiveID(), k.a.Keys.KeyIDs()
	st.Rotatable = k.a.DB.Dialect() == db.SQLite
	return st
}

// RotateKey makes a new key active (audited "keys.rotate") and starts the
// re-encryption.
func (k *webKeys) RotateKey(ctx context.Context, p auth.Principal) error {
	if k.a.DB.Dialect() != db.SQLite {
		return staff.ErrRotateWithCLI
	}
	k.mu.Lock()
	if k.st.Running {
		k.mu.Unlock()
		return staff.ErrRotationRunning
	}
	k.st = staff.KeyStatus{Running: true, Started: k.a.Clock.Now(), Total: len(encryptedColumns())}
	k.mu.Unlock()
	previous := k.a.Keys.ActiveID()
	id, err := k.a.Keys.Rotate()
	if err == nil {
		err = k.a.DB.InTx(ctx, func(tx *db.Tx) error {
			return k.a.Audit.Append(ctx, tx, p.Entry("keys.rotate", audit.ResultSuccess, "key", id,
				map[string]string{"previous": previous}))
		})
	}
	if err != nil {
		k.finish(err)
		return err
	}
	go k.reencrypt(k.a.backgroundContext(), id)
	return nil
}

// reencrypt moves every sealed value to the key id, a column at a time,
// and audits the outcome ("keys.reencrypt", counts only).
func (k *webKeys) reencrypt(ctx context.Context, id string) {
	var total secret.Stats
	var err error
	for _, c := range encryptedColumns() {
		var st secret.Stats
		st, err = secret.Reencrypt(ctx, k.a.DB, k.a.Keys, []secret.Column{c}, secret.DefaultBatch)
		total.Changed, total.Failed = total.Changed+st.Changed, total.Failed+st.Failed
		k.mu.Lock()
		k.st.Done, k.st.Changed, k.st.Failed = k.st.Done+1, total.Changed, total.Failed
		k.mu.Unlock()
		if err != nil {
			break
		}
	}
	result := audit.ResultSuccess
	if err != nil || total.Failed > 0 {
		result = audit.ResultFailure
	}
	detail := map[string]string{"changed": strconv.Itoa(total.Changed), "failed": strconv.Itoa(total.Failed)}
	actx := context.WithoutCancel(ctx) // the outcome is recorded even when the server stops
	aerr := k.a.DB.InTx(actx, func(tx *db.Tx) error {
		return k.a.Audit.Append(actx, tx, auth.SystemPrincipal("key-rotation").Entry("keys.reencrypt", result, "key", id, detail))
	})
	if err == nil {
		err = aerr
	}
	k.finish(err)
}

// finish ends the run, keeping err for the page (and the log).
func (k *webKeys) finish(err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.st.Running, k.st.Finished = false, k.a.Clock.Now()
	if err != nil {
		k.st.Err = err.Error()
		k.a.Log.Error("key rotation", "err", err)
	}
}
