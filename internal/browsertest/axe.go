package browsertest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored from npm; see axe/README.md.
//
//go:embed axe/axe.min.js
var axeSource string

// AxeTags are the rule tags the harness runs: WCAG 2.0 and 2.1, levels A
// and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// Violation is one failed axe rule with the elements that fail it.
type Violation struct {
	ID          string          `json:"id"`
	Impact      string          `json:"impact"` // minor, moderate, serious, critical
	Help        string          `json:"help"`
	HelpURL     string          `json:"helpUrl"`
	Description string          `json:"description"`
	Nodes       []ViolationNode `json:"nodes"`
}

// ViolationNode is one element that fails a rule.
type ViolationNode struct {
	Target         string `json:"target"` // CSS selector; frames/shadow roots joined by " >>> "
	HTML           string `json:"html"`
	FailureSummary string `json:"failureSummary"`
}

// Blocking reports whether the violation fails Axe: impact serious or
// critical.
func (v Violation) Blocking() bool {
	return v.Impact == "serious" || v.Impact == "critical"
}

// String gives the rule id, impact, help and the first few targets.
func (v Violation) String() string {
	const maxTargets = 3
	var targets []string
	for i, n := range v.Nodes {
		if i == maxTargets {
			targets = append(targets, fmt.Sprintf("… and %d more", len(v.Nodes)-maxTargets))
			break
		}
		targets = append(targets, n.Target)
	}
	return fmt.Sprintf("[%s] %s: %s (%s)\n\t\ton: %s", v.Impact, v.ID, v.Help, v.HelpURL, strings.Join(targets, "; "))
}

// axeRunJS runs axe on the document and returns the violations as JSON.
// The targets are flattened to strings so the Go side stays simple.
const axeRunJS = `(async () => {
	const r = await axe.run(document, {
		runOnly: {type: "tag", values: %s},
		resultTypes: ["violations"],
	});
	const sel = (t) => t.map((x) => Array.isArray(x) ? x.join(" >>> ") : String(x)).join(" >>> ");
	return JSON.stringify(r.violations.map((v) => ({
		id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
		description: v.description,
		nodes: v.nodes.map((n) => ({target: sel(n.target), html: n.html, failureSummary: n.failureSummary || ""})),
	})));
})()`

// AxeViolations injects axe-core into the current page (once per document),
// runs the WCAG 2.1 A/AA rules and returns all violations, of every impact.
// It fails the test only when axe cannot run.
func (b *Browser) AxeViolations(t testing.TB) []Violation {
	t.Helper()
	loaded := Get(t, b, chromedp.Evaluate[bool](`typeof window.axe === "object" && typeof window.axe.run === "function"`))
	if !loaded {
		// Runtime.evaluate is not subject to the page's CSP, so this works
		// on pages with script-src 'self'.
		Get(t, b, chromedp.Evaluate[chromedp.Void](axeSource))
	}
	tags, _ := json.Marshal(AxeTags)
	out := Get(t, b, chromedp.Evaluate[string](fmt.Sprintf(axeRunJS, tags), chromedp.EvalAwaitPromise))
	var vs []Violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("browser: axe: decode result: %v", err)
	}
	return vs
}

// Axe runs axe-core on the current page (see AxeViolations) and fails the
// test when a violation has impact serious or critical, listing rule,
// impact, help and the first targets. It returns all violations so the
// caller can log minor and moderate ones.
func (b *Browser) Axe(t testing.TB) []Violation {
	t.Helper()
	vs := b.AxeViolations(t)
	var blocking []string
	for _, v := range vs {
		if v.Blocking() {
			blocking = append(blocking, v.String())
		}
	}
	if len(blocking) > 0 {
		t.Errorf("axe: %d serious/critical accessibility violation(s) on %s:\n\t%s",
			len(blocking), b.where(), strings.Join(blocking, "\n\t"))
	}
	return vs
}
