package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/loadtest"
)

// benchCounselor is the demo account whose caseload the case benchmark
// reads: a counselor in the demo's Hannover office.
const benchCounselor = 4

// runCaseBench loads the demo network and clients generated files (unless
// the database holds that many already), signs in as the demo counselor
// through the real login and measures the caseload, the deadline
// dashboard and case pages against /healthz of the same server.
func runCaseBench(ctx context.Context, cfg config.Config, clients, contacts int, o loadtest.Options, out io.Writer) error {
	a, base, cookie, stop, err := openCaseBench(ctx, cfg, clients, contacts, DemoAccounts[benchCounselor], out)
	if err != nil {
		return err
	}
	defer stop()
	o.Header = http.Header{"Cookie": {cookie}}
	targets, err := caseBenchTargets(base, o.Header)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "engine %s; %d concurrent connections, %s per target, signed in as %s\n\n%s\n",
		a.DB.Dialect(), o.Concurrency, o.Duration, DemoAccounts[benchCounselor].Email, loadtest.Header)
	results := make([]loadtest.Result, len(targets))
	for i, t := range targets {
		results[i] = loadtest.Run(ctx, t.name, t.urls, o)
		fmt.Fprintln(out, results[i].Row())
	}
	for _, r := range results[1:] {
		verdict := "met"
		if r.P95 > 50*time.Millisecond || r.Errors > 0 {
			verdict = "NOT met"
		}
		fmt.Fprintf(out, "%-28s p95 %-9s (target ≤ 50ms: %s), %5.1f%% of trivial throughput\n", r.Name,
			r.P95.Round(10*time.Microsecond), verdict, 100*r.RPS/max(results[0].RPS, 1))
	}
	return nil
}

// openCaseBench opens the platform, loads the demo network and clients
// generated files (unless there), serves it on loopback and signs in as
// acc; stop closes everything.
func openCaseBench(ctx context.Context, cfg config.Config, clients, contacts int, acc DemoAccount, out io.Writer) (a *App, base, cookie string, stop func(), err error) {
	a, err = Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, "", "", nil, err
	}
	if err := a.ensureBenchClients(ctx, clients, contacts, out); err != nil {
		a.Close()
		return nil, "", "", nil, err
	}
	base, halt, err := a.serveLoopback(ctx)
	if err != nil {
		a.Close()
		return nil, "", "", nil, err
	}
	stop = func() { halt(); a.Close() }
	if cookie, err = benchLogin(base, acc); err != nil {
		stop()
		return nil, "", "", nil, err
	}
	return a, base, cookie, stop, nil
}

// ensureBenchClients loads the demo network and tops the client files up
// to clients.
func (a *App) ensureBenchClients(ctx context.Context, clients, contacts int, out io.Writer) error {
	start := time.Now()
	if _, err := a.LoadDemoScale(ctx, 1); err != nil {
		return err
	}
	have, _, err := a.Cases.Sizes(ctx)
	if err != nil {
		return err
	}
	if have < clients {
		if err := a.loadDemoClients(ctx, clients-have, contacts, out); err != nil {
			return err
		}
	}
	files, notes, err := a.Cases.Sizes(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d client files, %d counseling contacts ready in %s\n", files, notes, time.Since(start).Round(time.Second))
	return nil
}

// benchLogin signs in with password and TOTP code like a browser and
// returns the session cookie header.
func benchLogin(base string, acc DemoAccount) (string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	token, err := csrfToken(c, base+"/login")
	if err != nil {
		return "", err
	}
	if err := postForm(c, base+"/login", url.Values{"email": {acc.Email}, "password": {acc.Password}, "csrf_token": {token}}); err != nil {
		return "", err
	}
	code, err := auth.TOTPCode(acc.TOTPSecret, time.Now())
	if err != nil {
		return "", err
	}
	if err := postForm(c, base+"/login/code", url.Values{"code": {code}, "csrf_token": {token}}); err != nil {
		return "", err
	}
	u, _ := url.Parse(base)
	var parts []string
	for _, ck := range jar.Cookies(u) {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	return strings.Join(parts, "; "), nil
}

var benchCSRF = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func csrfToken(c *http.Client, page string) (string, error) {
	body, err := getBody(c, page, nil)
	if err != nil {
		return "", err
	}
	m := benchCSRF.FindStringSubmatch(body)
	if m == nil {
		return "", errors.New("bench: no CSRF token on " + page)
	}
	return m[1], nil
}

func postForm(c *http.Client, target string, form url.Values) error {
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", baseOf(target))
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("bench: %s answered %d", target, resp.StatusCode)
	}
	return nil
}

func getBody(c *http.Client, target string, h http.Header) (string, error) {
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return "", err
	}
	maps.Copy(req.Header, h)
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("bench: %s answered %d", target, resp.StatusCode)
	}
	return string(b), err
}

var caseLink = regexp.MustCompile(`href="/cases/([0-9a-f-]{36})"`)

// caseBenchTargets: the baseline, caseload pages with the filters people
// use, the deadline dashboard and the dashboard, and case pages of files
// found on the caseload's first pages.
func caseBenchTargets(base string, h http.Header) ([]benchTarget, error) {
	c := &http.Client{}
	var ids []string
	for page := 1; page <= 8; page++ {
		body, err := getBody(c, fmt.Sprintf("%s/cases?page=%d", base, page), h)
		if err != nil {
			return nil, err
		}
		for _, m := range caseLink.FindAllStringSubmatch(body, -1) {
			ids = append(ids, m[1])
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("bench: the counselor's caseload is empty")
	}
	list := []string{base + "/cases", base + "/cases?status=open", base + "/cases?due=week",
		base + "/cases?due=overdue", base + "/cases?topic=work&status=open", base + "/cases?q=" + url.QueryEscape("K"),
		base + "/cases?page=5", base + "/cases?program=mbe&page=2"}
	var files, plans []string
	for _, id := range ids {
		files = append(files, base+"/cases/"+id)
		plans = append(plans, base+"/cases/"+id+"/plan")
	}
	return []benchTarget{
		{"trivial (/healthz)", []string{base + "/healthz"}},
		{"caseload (/cases + filters)", list},
		{"deadlines (/deadlines)", []string{base + "/deadlines"}},
		{"dashboard (/dashboard)", []string{base + "/dashboard"}},
		{"case page (/cases/{id})", files},
		{"plan page (/cases/{id}/plan)", plans},
	}, nil
}
