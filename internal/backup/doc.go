// Package backup takes consistent copies of the running SQLite database and
// restores them into a data directory.
//
// Two kinds of backup exist:
//
//   - SQLite writes a plain copy to a file (kmn backup --out FILE). It holds
//     the database as it is, so it must be kept as carefully as the server.
//   - Encrypted writes kmn-<UTC time>.db.age into a directory, encrypted
//     with age to one or more public keys (recipients), and verifies what
//     it wrote. This is the one to schedule and to ship off the machine.
//
// Scheduled use: a periodic job (registered in internal/jobs, wired in
// internal/app) calls Encrypted with the operators' recipients, then Prune
// on the same directory to keep a number of daily and weekly backups. The
// server only ever holds the public keys: the operators keep the age
// identity (the private key) off the server, so someone who takes the
// server and its backup directory cannot read the backups. Verification on
// the server is therefore by checksum; a full decrypt-and-check needs the
// identity and is meant for restore drills on another machine (or tests).
//
// Restore (plain) and RestoreEncrypted (kmn restore --identity FILE) share
// one path: fill a 0600 temporary file in the data directory, check it
// (integrity_check, migrations table), and rename it into place, so a failed
// restore changes nothing.
//
// Neither kind includes the key file (kmn.key) that encrypts free text in
// the database; it is backed up separately. PostgreSQL deployments use the
// engine's own tools (pg_dump, WAL archiving with base backups) instead of
// this package; its functions refuse PostgreSQL with ErrPostgres.
package backup
