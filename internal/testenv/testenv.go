// Package testenv decides whether an optional test suite (PostgreSQL, the
// browser) runs. Outside CI a missing prerequisite skips the suite; in CI
// (CI=true) it fails it, because a suite that silently skips there proves
// nothing.
package testenv

import (
	"os"
	"testing"
)

// Require returns the value of the environment variable name, or skips the
// test (fails it in CI) when it is empty.
func Require(t testing.TB, name, what string) string {
	t.Helper()
	v := os.Getenv(name)
	if v != "" {
		return v
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not set: the %s suite must run in CI", name, what)
	}
	t.Skipf("%s not set: skipping the %s suite (set it to run)", name, what)
	return ""
}
