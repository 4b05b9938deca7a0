package app

import (
	"flag"
	"os"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/config"
)

// mailFlags adds the SMTP settings. The password is read from the
// environment only (KMN_SMTP_PASSWORD): a flag would show it to every
// user of the machine in the process list.
func mailFlags(fs *flag.FlagSet, cfg *config.Config) {
	m := &cfg.Mail
	fs.StringVar(&m.Host, "smtp-host", envOr("KMN_SMTP_HOST", ""), "SMTP server for outgoing mail; empty: mail is written to the log (refused with --secure) (KMN_SMTP_HOST)")
	fs.IntVar(&m.Port, "smtp-port", envInt("KMN_SMTP_PORT", 0), "SMTP port; 0: 587 for starttls, 465 for tls, 25 for none (KMN_SMTP_PORT)")
	fs.StringVar(&m.Security, "smtp-security", envOr("KMN_SMTP_SECURITY", "starttls"), "starttls, tls, or none (only for a relay on localhost) (KMN_SMTP_SECURITY)")
	fs.StringVar(&m.Username, "smtp-user", envOr("KMN_SMTP_USER", ""), "SMTP user name; the password comes from KMN_SMTP_PASSWORD (KMN_SMTP_USER)")
	fs.StringVar(&m.From, "smtp-from", envOr("KMN_SMTP_FROM", ""), `sender, e.g. "KMN <noreply@kmn.example.org>" (KMN_SMTP_FROM)`)
	m.Password = os.Getenv("KMN_SMTP_PASSWORD")
}

// backupFlags adds the scheduled backups' settings.
func backupFlags(fs *flag.FlagSet, cfg *config.Config) {
	b := &cfg.Backup
	fs.StringVar(&b.Recipients, "backup-recipients", envOr("KMN_BACKUP_RECIPIENTS", ""),
		"age public keys (age1…) or a recipients file: a daily encrypted backup of the SQLite database; empty: none (KMN_BACKUP_RECIPIENTS)")
	fs.StringVar(&b.Dir, "backup-dir", envOr("KMN_BACKUP_DIR", ""), "directory of the scheduled backups; empty: DATA/backups (KMN_BACKUP_DIR)")
	fs.StringVar(&b.Identity, "backup-identity", envOr("KMN_BACKUP_IDENTITY", ""),
		"optional age identity file: verify each backup by decrypting it (else by checksum) (KMN_BACKUP_IDENTITY)")
	fs.IntVar(&b.KeepDaily, "backup-keep-daily", envInt("KMN_BACKUP_KEEP_DAILY", b.KeepDaily), "daily backups kept (KMN_BACKUP_KEEP_DAILY)")
	fs.IntVar(&b.KeepWeekly, "backup-keep-weekly", envInt("KMN_BACKUP_KEEP_WEEKLY", b.KeepWeekly), "weekly backups kept (KMN_BACKUP_KEEP_WEEKLY)")
}

// envInt reads a number from the environment, or def when the variable is
// unset or not a number (the flag's help names the variable; a wrong
// value shows as the default in --help).
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}
