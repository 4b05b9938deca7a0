package auth_test

import (
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

func TestStepUp(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		tok := e.fullLogin(u)
		sess, p := e.authenticate(tok)
		if !sess.FreshFactor(e.clock.Now()) {
			t.Fatal("a login just now is no fresh second factor")
		}
		e.clock.Advance(auth.StepUpWindow + time.Second)
		if sess, _ = e.authenticate(tok); sess.FreshFactor(e.clock.Now()) {
			t.Fatal("the login's factor is still fresh after the window")
		}
		wantErr(t, e.svc.StepUp(e.ctx, p, wrongCode(e.code(u.secret, 0))), auth.ErrInvalidCode)
		if err := e.svc.StepUp(e.ctx, p, e.code(u.secret, 0)); err != nil {
			t.Fatal(err)
		}
		if sess, _ = e.authenticate(tok); !sess.FreshFactor(e.clock.Now()) {
			t.Fatal("step-up did not renew the factor")
		}
		// The same code again is refused: each time step is used once.
		wantErr(t, e.svc.StepUp(e.ctx, p, e.code(u.secret, 0)), auth.ErrInvalidCode)
		if e.countAudit("auth.step_up", audit.ResultSuccess) != 1 || e.countAudit("auth.step_up", audit.ResultFailure) != 2 {
			t.Error("step-up outcomes not audited")
		}
		// Without a complete session there is nothing to step up.
		wantErr(t, e.svc.StepUp(e.ctx, actor(), e.code(u.secret, 1)), auth.ErrSessionInvalid)
		e.verifyAudit()
	})
}

func TestChangeRole(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		admin := e.enrolledUser("admin@example.org", perm.Admin)
		u, _ := e.createUser("lea@example.org", perm.Counselor)
		wantProblem(t, e.svc.ChangeRole(e.ctx, u.ID, "king", perm.Office, "office-1", e.as(admin.User)), "role", "validation.choice")
		wantProblem(t, e.svc.ChangeRole(e.ctx, u.ID, perm.OfficeLead, perm.Office, "", e.as(admin.User)), "scope_id", "validation.scope_required")
		wantProblem(t, e.svc.ChangeRole(e.ctx, u.ID, perm.OfficeLead, perm.Office, "atlantis", e.as(admin.User)), "scope_id", "validation.scope_unknown")
		if err := e.svc.ChangeRole(e.ctx, u.ID, perm.OfficeLead, perm.Office, "office-2-ext", e.as(admin.User)); err != nil {
			t.Fatal(err)
		}
		if got := e.user(u.ID); got.Role != perm.OfficeLead || got.ScopeID != "office-2" {
			t.Fatalf("role %s scope %s, want office_lead of office-2 (resolved)", got.Role, got.ScopeID)
		}
		rec := e.lastAudit("user.role_change")
		if rec.Detail["role.before"] != "counselor" || rec.Detail["role.after"] != "office_lead" || rec.Detail["scope.after"] != "office:office-2" {
			t.Errorf("audit row = %+v", rec)
		}
		wantErr(t, e.svc.ChangeRole(e.ctx, admin.ID, perm.Counselor, perm.Office, "office-1", e.as(admin.User)), auth.ErrOwnRole)
		// The last active admin stays an admin.
		other := e.enrolledUser("b@example.org", perm.Admin)
		if err := e.svc.SetDisabled(e.ctx, other.ID, true, e.as(admin.User)); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.SetDisabled(e.ctx, other.ID, false, e.as(admin.User)); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.ChangeRole(e.ctx, other.ID, perm.Ministry, perm.Statewide, "", e.as(admin.User)); err != nil {
			t.Fatal(err)
		}
		wantErr(t, e.svc.ChangeRole(e.ctx, admin.ID, perm.Ministry, perm.Statewide, "", e.as(other.User)), auth.ErrLastAdmin)
		e.verifyAudit()
	})
}
