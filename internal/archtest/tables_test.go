package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// owners names the package that owns each table: the only package whose
// (non-test) code may name it in SQL. Others call that package's
// functions, which take a db.Querier where the read must be part of the
// caller's transaction. A table the migrations create must be listed here.
var owners = map[string]string{
	"audit_log": "audit",

	"users": "auth", "sessions": "auth", "setup_tokens": "auth", "login_attempts": "auth",
	"user_passkeys": "auth", "webauthn_challenges": "auth", "passkey_required_roles": "auth",
	"sso_providers": "auth", "sso_logins": "auth", "sso_subjects": "auth",
	"recovery_codes": "auth", "memberships": "auth",

	"regions": "network", "districts": "network", "programs": "network", "program_texts": "network",
	"topics": "network", "organisations": "network", "offices": "network", "office_languages": "network",
	"office_programs": "network", "office_topics": "network", "funded_posts": "network",
	"region_contacts": "network", "region_coordinators": "network",
	"office_texts":  "network",
	"notifications": "notify", "notification_prefs": "notify", "notification_digests": "notify",
	"referrals": "referral",

	"client_files": "casework", "consents": "casework", "client_contact_data": "casework",
	"counseling_contacts": "casework", "counseling_contact_topics": "casework", "support_plans": "casework",
	"plan_goals": "casework", "plan_measures": "casework", "plan_versions": "casework",
	"case_documents": "casework", "case_substitutions": "casework", "case_office_settings": "casework",
	"case_deadlines": "casework",

	"accessibility_feedback": "feedback", "accessibility_feedback_senders": "feedback",

	"api_rate_limits": "api",

	"online_clients": "online", "online_sessions": "online", "online_staff_keys": "online",
	"online_offices": "online", "online_conversations": "online", "online_keys": "online",
	"online_messages": "online", "online_attachments": "online",
	"events": "event", "event_texts": "event", "event_dates": "event", "event_registrations": "event", "event_feedback": "event",
	"online_office_keys": "online", "online_key_escrow": "online", "online_key_resets": "online",
	"region_members": "regional", "region_guests": "regional", "meetings": "regional", "agenda_items": "regional",
	"meeting_invitations": "regional", "minutes": "regional", "minute_items": "regional", "decisions": "regional",
	"region_tasks": "regional", "announcements": "regional", "announcement_regions": "regional", "announcement_reads": "regional",
	"library_folders": "regional", "library_documents": "regional", "library_versions": "regional",
	"threads": "regional", "thread_posts": "regional", "thread_subscriptions": "regional",
	"regional_search": "regional", "regional_search_fts": "regional",
	"mso_profiles": "mso", "mso_languages": "mso", "mso_requests": "mso", "mso_request_notes": "mso",
	"volunteers": "volunteer", "volunteer_languages": "volunteer", "volunteer_slots": "volunteer",
	"volunteer_documents": "volunteer", "mediation_requests": "volunteer", "mediation_asks": "volunteer",
	"volunteer_sign_ins": "volunteer", "volunteer_sessions": "volunteer",
}

var (
	createTableRe = regexp.MustCompile(`(?i)\bcreate\s+(?:virtual\s+)?table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)`)
	sqlTableRe    = regexp.MustCompile(`(?i)\b(?:from|join|update|into|table)\s+([a-z_][a-z0-9_]*)`)
)

// TestEveryTableHasAnOwner reads the migrations: a new table must say
// which package owns it.
func TestEveryTableHasAnOwner(t *testing.T) {
	tables := migrationTables(t)
	if len(tables) < 25 {
		t.Fatalf("found only %d tables in the migrations: the scan is broken", len(tables))
	}
	for _, table := range tables {
		if owners[table] == "" {
			t.Errorf("table %s has no owner: add it to owners in this file", table)
		}
	}
	for table := range owners {
		if !slices.Contains(tables, table) {
			t.Errorf("owners lists %s, which no migration creates", table)
		}
	}
}

// TestTablesAreReadByTheirOwnersOnly parses every non-test Go file under
// internal/ and fails when a string literal of one package names another
// package's table after FROM, JOIN, UPDATE, INTO or TABLE.
func TestTablesAreReadByTheirOwnersOnly(t *testing.T) {
	found := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "../")))
		for _, lit := range stringLiterals(t, path) {
			for _, m := range sqlTableRe.FindAllStringSubmatch(lit, -1) {
				owner, known := owners[strings.ToLower(m[1])]
				if !known {
					continue
				}
				found++
				if pkg != owner {
					t.Errorf("%s names table %s (owned by %s) in SQL: call a function of %s instead", path, m[1], owner, owner)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 100 {
		t.Fatalf("found only %d table references: the scan is broken", found)
	}
}

// migrationTables lists the tables the migrations create.
func migrationTables(t *testing.T) []string {
	var out []string
	err := filepath.WalkDir("../db/migrations", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range createTableRe.FindAllStringSubmatch(string(b), -1) {
			if name := strings.ToLower(m[1]); !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// stringLiterals returns the string literals of a Go file (comments are
// not SQL).
func stringLiterals(t *testing.T, path string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				out = append(out, s)
			}
		}
		return true
	})
	return out
}
