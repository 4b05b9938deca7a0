package archtest

import (
	"slices"
	"strings"
	"testing"
)

// TestImportGraph parses `go list -deps` for each package that must stay
// away from others and fails on any path, direct or transitive, to them.
// The public surface serves anonymous visitors: it must not be able to
// reach client files or the encryption keys even by mistake, at compile
// time. The shared site layer is part of it.
func TestImportGraph(t *testing.T) {
	rules := []struct {
		pkg       string
		forbidden []string
	}{
		{"web/public", []string{"casework", "secret", "pdfdoc", "web/staff"}},
		{"web/site", []string{"casework", "secret", "pdfdoc", "web/staff", "web/public", "network", "finder"}},
		{"web/staff", []string{"web/public"}},
		// Domain packages never import the web layer or the API.
		{"casework", []string{"web", "web/site", "web/staff", "web/public", "api", "app"}},
		{"network", []string{"web", "web/site", "web/staff", "web/public", "api", "app", "casework", "secret"}},
		{"auth", []string{"web", "web/site", "web/staff", "web/public", "api", "app", "casework", "network", "secret"}},
		// The public surface submits feedback, so feedback must not reach
		// the keys (it takes them as auth.Sealer) or case data either.
		{"feedback", []string{"web", "web/site", "web/staff", "web/public", "api", "app", "casework", "network", "secret"}},
		// The statistics get aggregates through a Source the platform wires
		// (internal/app): they reach no case or registry store, no key.
		{"stats", []string{"web", "web/site", "web/staff", "web/public", "api", "app", "casework", "network", "online", "secret", "pdfdoc"}},
		// Figures are shown on the public site too.
		{"web/statsview", []string{"casework", "secret", "pdfdoc", "web/staff", "web/public", "network"}},
		// The regional networks hold no client data and never reach it.
		{"regional", []string{"web", "web/site", "web/staff", "web/public", "api", "app", "casework", "online", "secret"}},
		// MSO profiles and requests hold no client data; the public
		// directory reads them, so they must not reach cases or keys.
		{"mso", []string{"web", "web/site", "web/staff", "web/public", "api", "app", "casework", "online", "secret"}},
	}
	for _, r := range rules {
		t.Run(r.pkg, func(t *testing.T) {
			deps := goList(t, "-deps", "-f", "{{.ImportPath}}", "./internal/"+r.pkg)
			if !slices.Contains(deps, module+"/internal/"+r.pkg) {
				t.Fatalf("go list found no package %s: %v", r.pkg, deps)
			}
			for _, d := range deps {
				for _, f := range r.forbidden {
					if d == module+"/internal/"+f {
						t.Errorf("%s reaches %s; its imports: %s", r.pkg, f, importersOf(t, r.pkg, d))
					}
				}
			}
		})
	}
}

// importersOf names the packages in pkg's dependencies that import dep
// directly, to say where the forbidden arrow is.
func importersOf(t *testing.T, pkg, dep string) string {
	lines := goList(t, "-deps", "-f", `{{.ImportPath}}:{{join .Imports ","}}`, "./internal/"+pkg)
	var out []string
	for _, l := range lines {
		name, imports, _ := strings.Cut(l, ":")
		if slices.Contains(strings.Split(imports, ","), dep) {
			out = append(out, strings.TrimPrefix(name, module+"/"))
		}
	}
	return strings.Join(out, ", ")
}

// TestStatisticsReadNoTable: the statistics hold no database handle, so
// they cannot read a client file or any other row; their figures come
// from the case store's aggregate functions through stats.Source.
func TestStatisticsReadNoTable(t *testing.T) {
	for _, l := range goList(t, "-f", `{{.ImportPath}}:{{join .Imports ","}}`, "./internal/stats/...") {
		name, imports, _ := strings.Cut(l, ":")
		for _, imp := range strings.Split(imports, ",") {
			if imp == "database/sql" || imp == module+"/internal/db" {
				t.Errorf("%s imports %s", name, imp)
			}
		}
	}
}
