package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

var templateKeyRe = regexp.MustCompile(`\.(?:T|N) "([a-z_]+\.[a-z0-9_.-]+)"`)

// TestEveryUsedKeyIsTranslated finds the message keys the templates and the
// web handlers use and checks each staff language has them.
func TestEveryUsedKeyIsTranslated(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	files, _ := filepath.Glob("*/templates/*/*.html")
	layout, _ := filepath.Glob("*/templates/*.html")
	for _, f := range append(files, layout...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range templateKeyRe.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	for k := range goStringKeys(t) {
		keys[k] = true
	}
	for _, r := range perm.Roles {
		keys["role."+string(r)] = true
	}
	for _, k := range perm.ScopeKinds {
		keys["scope."+string(k)] = true
	}
	for _, a := range []string{"disable", "enable", "reset-password", "reset-2fa"} {
		keys["action."+a], keys["confirm."+a] = true, true
	}
	for _, a := range []string{"disable", "enable", "reset-2fa"} {
		keys["flash.user_"+a] = true
	}
	for _, r := range []string{"success", "failure", "denied"} {
		keys["audit.result_"+r] = true
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	for _, lang := range i18n.Staff {
		l := cat.Localizer(lang)
		for k := range keys {
			if l.T(k, "Count", 1) == k {
				t.Errorf("%s: key %q is used but not in the catalog", lang, k)
			}
		}
	}
}

// goStringKeys collects string literals in the handlers of every surface
// that look like message keys of a known catalog area.
func goStringKeys(t *testing.T) map[string]bool {
	areas := map[string]bool{"error": true, "flash": true, "login": true, "code": true, "setup": true, "users": true,
		"validation": true, "password": true, "auth": true}
	out := map[string]bool{}
	files, _ := filepath.Glob("*/*.go")
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			if area, _, ok := strings.Cut(s, "."); ok && areas[area] && !strings.ContainsAny(s, " /") && !strings.HasSuffix(s, "_") && !strings.HasSuffix(s, ".") {
				out[s] = true
			}
			return true
		})
	}
	return out
}
