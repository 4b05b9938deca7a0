package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
)

// encryptedColumns lists every column encrypted with the key file. It is the
// one place to register a new one: key rotation re-encrypts exactly these and
// 'kmn keys retire' checks exactly these before a key is dropped. A missing
// entry means its values are never re-encrypted and become unreadable when
// their key is retired. Key is the table's TEXT primary key; a nil AAD means
// the convention "<table>.<column>:"+id (secret.DefaultAAD).
func encryptedColumns() []secret.Column {
	return []secret.Column{
		// auth.totpAAD: "users.totp_secret:"+userID.
		{Table: "users", Key: "id", Column: "totp_secret", AAD: func(id string) string { return "users.totp_secret:" + id }},
		// casework seals "<table>.<field>:"+rowID into the <field>_enc columns.
		caseColumn("client_contact_data", "file_id", "name"),
		caseColumn("client_contact_data", "file_id", "phone"),
		caseColumn("client_contact_data", "file_id", "email"),
		caseColumn("client_contact_data", "file_id", "address"),
		caseColumn("counseling_contacts", "id", "note"),
		caseColumn("plan_goals", "id", "title"),
		caseColumn("plan_measures", "id", "description"),
		caseColumn("plan_versions", "id", "snapshot"),
		// Documents (up to 10 MiB, sealed as text like every *_enc column):
		// a batch holds its rows in memory, so use a small --batch on
		// servers with many documents.
		caseColumn("case_documents", "id", "title"),
		caseColumn("case_documents", "id", "content"),
		// Accessibility feedback (feedback/seal.go, same convention): what
		// the visitor wrote.
		caseColumn("accessibility_feedback", "id", "message"),
		caseColumn("accessibility_feedback", "id", "page"),
		caseColumn("accessibility_feedback", "id", "email"),
		// Referrals (referral/store.go, same convention): what is asked,
		// the shared snapshot, the recipient's note.
		caseColumn("referrals", "id", "request"),
		caseColumn("referrals", "id", "shared"),
		caseColumn("referrals", "id", "outcome_note"),
		// Online counseling (online/notice.go): a client's notice address.
		// Messages are end-to-end encrypted and not under the key file.
		caseColumn("online_clients", "id", "notice_email"),
		// Event registrations (event/store.go): the registrant's data and
		// the personal link's token.
		caseColumn("event_registrations", "id", "name"),
		caseColumn("event_registrations", "id", "email"),
		caseColumn("event_registrations", "id", "organisation"),
		caseColumn("event_registrations", "id", "role"),
		caseColumn("event_registrations", "id", "needs"),
		caseColumn("event_registrations", "id", "token"),
		caseColumn("event_feedback", "id", "comment"),
		// MSO support requests (mso/store.go): the subject and the notes.
		caseColumn("mso_requests", "id", "subject"),
		caseColumn("mso_request_notes", "id", "body"),
		// Single sign-on (auth/sso_providers.go): the client secret at
		// each identity provider.
		caseColumn("sso_providers", "id", "client_secret"),
		// Volunteers (volunteer/store.go): their contact data, the
		// coordinator's note and the personal link's token.
		caseColumn("volunteers", "id", "name"),
		caseColumn("volunteers", "id", "email"),
		caseColumn("volunteers", "id", "phone"),
		caseColumn("volunteers", "id", "note"),
		caseColumn("volunteers", "id", "token"),
	}
}

func caseColumn(table, key, field string) secret.Column {
	return secret.Column{Table: table, Key: key, Column: field + "_enc",
		AAD: func(id string) string { return table + "." + field + ":" + id }}
}

const keysUsage = "usage: kmn keys rotate|reencrypt|status|retire ID [--data DIR] [--db URL]"

// multiServerWarning is printed by rotate: running servers keep the keys they
// loaded at start, so they cannot read values re-encrypted with a new key.
const multiServerWarning = `WARNING: servers read the key file only when they start, so a server that
still runs with the old key file cannot decrypt values re-encrypted with the
new key (TOTP logins fail there) and keeps encrypting with the old one.
Before values are re-encrypted, copy
  %s
(mode 0600) into the data directory of EVERY server and restart them all.
One server: stop it, rotate, start it (or restart it right away).
Several servers: kmn keys rotate --no-reencrypt, copy the key file
everywhere, restart all servers, then run kmn keys reencrypt.
`

func cmdKeys(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return &exitError{code: 2, msg: keysUsage}
	}
	switch args[0] {
	case "rotate":
		return keysRotate(ctx, args[1:], out)
	case "reencrypt":
		return keysReencrypt(ctx, args[1:], out)
	case "status":
		return keysStatus(ctx, args[1:], out)
	case "retire":
		return keysRetire(ctx, args[1:], out)
	case "-h", "--help", "help":
		fmt.Fprintln(out, keysUsage)
		return nil
	}
	return &exitError{code: 2, msg: keysUsage}
}

// openKeys opens the app for a keys command. It refuses a data directory
// without a key file: creating one here would silently orphan every value
// encrypted with the real one.
func openKeys(ctx context.Context, cfg config.Config) (*App, error) {
	path := filepath.Join(cfg.DataDir, secret.KeyFileName)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, &exitError{code: 2, msg: fmt.Sprintf("no key file at %s: point --data at the data directory that holds kmn.key", path)}
	}
	return Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func keysRotate(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("keys rotate", "Adds a new active key to the key file (kmn.key), then re-encrypts every encrypted column with it.\n"+
		"Old values stay readable until re-encrypted. Copy the new key file to EVERY server and restart them before re-encrypting\n"+
		"(see --no-reencrypt and 'kmn keys reencrypt').", out)
	storageFlags(fs, &cfg)
	batch := fs.Int("batch", secret.DefaultBatch, "rows per transaction while re-encrypting")
	noReencrypt := fs.Bool("no-reencrypt", false, "only add the new key; run 'kmn keys reencrypt' once every server has the new key file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return &exitError{code: 2, msg: "usage: kmn keys rotate [--data DIR] [--db URL] [--batch N] [--no-reencrypt]"}
	}
	a, err := openKeys(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	previous := a.Keys.ActiveID()
	id, err := a.Keys.Rotate()
	if err != nil {
		return err
	}
	path := filepath.Join(cfg.DataDir, secret.KeyFileName)
	fmt.Fprintf(out, "new active key %s (previous %s) written to %s\n\n", id, previous, path)
	fmt.Fprintf(out, multiServerWarning, path)
	if *noReencrypt {
		fmt.Fprintln(out, "\nnot re-encrypted (--no-reencrypt): once every server runs with the new key file, run kmn keys reencrypt")
		return nil
	}
	fmt.Fprintln(out)
	return reencrypt(ctx, a, *batch, out)
}

func keysReencrypt(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("keys reencrypt", "Re-encrypts every encrypted value that is not on the active key, in batches (one transaction each).\n"+
		"Idempotent. Every server must already run with the current key file.", out)
	storageFlags(fs, &cfg)
	batch := fs.Int("batch", secret.DefaultBatch, "rows per transaction")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return &exitError{code: 2, msg: "usage: kmn keys reencrypt [--data DIR] [--db URL] [--batch N]"}
	}
	a, err := openKeys(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	return reencrypt(ctx, a, *batch, out)
}

func reencrypt(ctx context.Context, a *App, batch int, out io.Writer) error {
	st, err := secret.Reencrypt(ctx, a.DB, a.Keys, encryptedColumns(), batch)
	for _, c := range st.Columns {
		fmt.Fprintf(out, "%-28s %6d re-encrypted  %6d already current  %6d failed", c.Column, c.Changed, c.Current, c.Failed)
		if c.Conflicts > 0 {
			fmt.Fprintf(out, "  %d changed meanwhile", c.Conflicts)
		}
		fmt.Fprintln(out)
		if c.Failed > 0 {
			more := ""
			if c.Failed > len(c.FailedKeys) {
				more = fmt.Sprintf(" (and %d more)", c.Failed-len(c.FailedKeys))
			}
			fmt.Fprintf(out, "  could not decrypt (left unchanged), rows: %s%s\n", strings.Join(c.FailedKeys, ", "), more)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "total: %d re-encrypted to key %s, %d already current, %d failed\n", st.Changed, a.Keys.ActiveID(), st.Current, st.Failed)
	if st.Conflicts > 0 {
		fmt.Fprintf(out, "%d values changed while running; run kmn keys reencrypt again to cover them\n", st.Conflicts)
	}
	if st.Failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d values could not be decrypted and still use their old key; their keys cannot be retired", st.Failed)}
	}
	return nil
}

func keysStatus(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("keys status", "Lists the keys in the key file, which one is active, and how many values of each encrypted column use each key.", out)
	storageFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return &exitError{code: 2, msg: "usage: kmn keys status [--data DIR] [--db URL]"}
	}
	a, err := openKeys(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	use, err := secret.Usage(ctx, a.DB, encryptedColumns(), 0)
	if err != nil {
		return err
	}
	ids := a.Keys.KeyIDs()
	known := map[string]bool{}
	fmt.Fprintln(out, "keys (oldest first):")
	for _, id := range ids {
		known[id] = true
		total := 0
		for _, u := range use {
			total += u.ByKey[id]
		}
		mark := ""
		if id == a.Keys.ActiveID() {
			mark = "  (active)"
		}
		fmt.Fprintf(out, "  %-24s %6d values%s\n", id, total, mark)
	}
	fmt.Fprintln(out, "columns:")
	for _, u := range use {
		fmt.Fprintf(out, "  %s: %d empty\n", u.Column, u.Empty)
		for _, id := range ids {
			fmt.Fprintf(out, "    %-22s %6d\n", id, u.ByKey[id])
		}
		var unknown []string
		for id := range u.ByKey {
			if !known[id] {
				unknown = append(unknown, id)
			}
		}
		slices.Sort(unknown)
		for _, id := range unknown {
			fmt.Fprintf(out, "    %-22s %6d  (key not in the key file: unreadable)\n", id, u.ByKey[id])
		}
	}
	return nil
}

func keysRetire(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("keys retire", "Removes a key from the key file once no encrypted value uses it. The active key cannot be retired.\n"+
		"Run it only when every server runs with the current key file, then copy the key file to every server.", out)
	storageFlags(fs, &cfg)
	// Accept the id before or after the flags.
	var id string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if id == "" && fs.NArg() == 1 {
		id = fs.Arg(0)
	} else if fs.NArg() != 0 || id == "" {
		return &exitError{code: 2, msg: "usage: kmn keys retire ID [--data DIR] [--db URL]"}
	}
	a, err := openKeys(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	ids := a.Keys.KeyIDs()
	if !slices.Contains(ids, id) {
		return &exitError{code: 2, msg: fmt.Sprintf("no key %q in the key file (keys: %s)", id, strings.Join(ids, ", "))}
	}
	if id == a.Keys.ActiveID() {
		return &exitError{code: 1, msg: fmt.Sprintf("key %s is the active key: run kmn keys rotate first", id)}
	}
	use, err := secret.Usage(ctx, a.DB, encryptedColumns(), 0)
	if err != nil {
		return err
	}
	var still []string
	for _, u := range use {
		if n := u.ByKey[id]; n > 0 {
			still = append(still, fmt.Sprintf("%s: %d", u.Column, n))
		}
	}
	if len(still) > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("key %s is still used (%s): run kmn keys reencrypt first; values that fail to decrypt must be fixed or cleared by hand",
			id, strings.Join(still, ", "))}
	}
	if err := a.Keys.Retire(id); err != nil {
		return err
	}
	fmt.Fprintf(out, "retired key %s; keys now: %s\ncopy %s to every server (mode 0600)\n", id, strings.Join(a.Keys.KeyIDs(), ", "),
		filepath.Join(cfg.DataDir, secret.KeyFileName))
	if id == ids[0] {
		fmt.Fprintln(out, "note: it was the oldest key, from which the CSRF key is derived; after the restart, forms opened before it must be reloaded once")
	}
	return nil
}
