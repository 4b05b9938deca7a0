package archtest

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

// TestWhoActsHasNoExportedFields: the principal and the views derived from
// it carry no field another package could set.
func TestWhoActsHasNoExportedFields(t *testing.T) {
	for _, v := range []any{auth.Principal{}, casework.Viewer{}, network.Editor{}, regional.Participant{}} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() {
				t.Errorf("%s has the exported field %s: anyone could widen it", typ, f.Name)
			}
		}
	}
}

// forgeries are attempts, outside their packages, to build a principal or
// a scope view with more rights than the platform gave. Each must fail to
// compile with the error named.
var forgeries = []struct {
	name, code, wantErr string
}{
	// The control: the one way to a viewer compiles (and grants nothing
	// to the zero principal), so the errors below are about the fields.
	{"control: derived from a principal", `casework.ViewerOf(auth.Principal{})`, ""},
	{"viewer with offices", `casework.Viewer{lead: []string{"office"}}`, "lead"},
	{"editor with a principal", `network.Editor{p: auth.Principal{}}`, "p"},
	{"principal with grants", `auth.Principal{grants: []auth.Grant{{Role: perm.Ministry, Kind: perm.Statewide}}}`, "grants"},
	{"participant of every region", `regional.Participant{statewide: true}`, "statewide"},
}

// TestWhoActsCannotBeForged type-checks each forgery as code of another
// package against the real packages and wants a compile error.
func TestWhoActsCannotBeForged(t *testing.T) {
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	for _, f := range forgeries {
		t.Run(f.name, func(t *testing.T) {
			src := `package forger
import (
	"time"
	"` + module + `/internal/auth"
	"` + module + `/internal/auth/perm"
	"` + module + `/internal/casework"
	"` + module + `/internal/network"
	"` + module + `/internal/regional"
)
var _ = time.Time{}
var _ = regional.Participant{}
var _ = perm.Ministry
var _ = network.Editor{}
var _ = casework.Viewer{}
var _ = auth.Principal{}
var forged = ` + f.code + "\n"
			file, err := parser.ParseFile(fset, "forger.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			var errs []string
			conf := types.Config{Importer: imp, Error: func(err error) { errs = append(errs, err.Error()) }}
			_, _ = conf.Check("example.org/forger", fset, []*ast.File{file}, nil)
			joined := strings.Join(errs, "; ")
			if f.wantErr == "" {
				if len(errs) > 0 {
					t.Fatalf("control %s does not compile: %s", f.code, joined)
				}
				return
			}
			if len(errs) == 0 {
				t.Fatalf("%s compiles outside its package", f.code)
			}
			t.Log(joined)
			if !strings.Contains(joined, f.wantErr) || strings.Contains(joined, "could not import") {
				t.Fatalf("%s: want a compile error about %q, got %s", f.code, f.wantErr, joined)
			}
		})
	}
}

// privileged are the functions that make a principal without a request:
// who may call them outside tests. The web layer never may.
var privileged = map[string][]string{
	// The platform acting for itself: command line and demo generator
	// (and the test platform's fixtures).
	"SystemPrincipal": {"app", "demo", "app/apptest"},
	// A person's principal without a session: the test platform, and the
	// demo loader in app, which sends the demo referrals as the demo
	// counselor through the real store (consent, checks, audit).
	"PrincipalOf": {"app/apptest", "app"},
}

// TestPrivilegedPrincipalsStayInTheirPlace finds every call of the
// functions above in non-test code and fails outside the allowed packages.
func TestPrivilegedPrincipalsStayInTheirPlace(t *testing.T) {
	calls := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "../")))
		if pkg == "auth" {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			// site.PrincipalOf reads the request's principal: not a maker.
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "site" {
				return true
			}
			if allowed, ok := privileged[sel.Sel.Name]; ok {
				calls++
				if !slices.Contains(allowed, pkg) {
					t.Errorf("%s calls %s: only %v may", path, sel.Sel.Name, allowed)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 3 {
		t.Fatalf("found only %d calls: the scan is broken", calls)
	}
}
