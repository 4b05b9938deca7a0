package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/stats"
)

// runStatsBench measures the statewide annual statistics over the demo
// network and generated files (loaded unless the database holds that
// many): computing a year's snapshot cold (every tally, then the
// protection of every table), the tallies alone, the statistics page
// cold and cached, and the statewide annual report PDF – each beside
// the trivial handler (/healthz) of the same server in the same run.
func runStatsBench(ctx context.Context, cfg config.Config, clients, contacts, runs int, out io.Writer) error {
	a, base, cookie, stop, err := openCaseBench(ctx, cfg, clients, contacts, DemoAccounts[1], out)
	if err != nil {
		return err
	}
	defer stop()
	year := a.Clock.Today().Year() - 1 // a whole year
	p := stats.YearPeriod(year)
	fmt.Fprintf(out, "engine %s; statewide statistics of %d, signed in as %s\n\n", a.DB.Dialect(), year, DemoAccounts[1].Email)
	trivial, err := timeGet(base+"/healthz", "", 200)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%-44s %10s (median of 200)\n", "trivial handler /healthz", trivial)
	row := func(name string, d []time.Duration) {
		slices.Sort(d)
		med := d[len(d)/2]
		fmt.Fprintf(out, "%-44s median %9s  best %9s  = %7.0f × trivial\n", name, med.Round(time.Millisecond), d[0].Round(time.Millisecond),
			float64(med)/float64(max(trivial, time.Microsecond)))
	}
	breakdowns := 0
	tallies, err := timeRuns(runs, func() error {
		var err error
		breakdowns, err = a.Stats.Tallies(ctx, p)
		return err
	})
	if err != nil {
		return err
	}
	row(fmt.Sprintf("tallies only (%d breakdowns)", breakdowns), tallies)
	cold, err := timeRuns(runs, func() error {
		a.Stats.Reset()
		_, err := a.Stats.Snapshot(ctx, p)
		return err
	})
	if err != nil {
		return err
	}
	row("snapshot cold (tallies + protection)", cold)
	page := fmt.Sprintf("%s/statistics?kind=year&value=%d", base, year)
	coldPage, err := timeRuns(runs, func() error {
		a.Stats.Reset() // the page computes this year and the one before
		_, err := timeGet(page, cookie, 1)
		return err
	})
	if err != nil {
		return err
	}
	row("statistics page, cold (two snapshots)", coldPage)
	warm, err := timeGet(page, cookie, 20)
	if err != nil {
		return err
	}
	row("statistics page, cached", []time.Duration{warm})
	report := fmt.Sprintf("%s/statistics/report.pdf?kind=year&value=%d", base, year)
	coldPDF, err := timeRuns(runs, func() error {
		a.Stats.Reset()
		_, err := timeGet(report, cookie, 1)
		return err
	})
	if err != nil {
		return err
	}
	row("annual report PDF, cold (two snapshots)", coldPDF)
	warmPDF, err := timeGet(report, cookie, 3)
	if err != nil {
		return err
	}
	row("annual report PDF, cached snapshots", []time.Duration{warmPDF})
	verdict := func(d time.Duration, target time.Duration) string {
		if d <= target {
			return "met"
		}
		return "NOT met"
	}
	slices.Sort(cold)
	slices.Sort(coldPDF)
	target := 5 * time.Second
	if a.DB.Dialect() == "postgres" {
		target = 2 * time.Second
	}
	fmt.Fprintf(out, "\nstatewide annual statistics cold: %s (target ≤ %s: %s); report PDF cold: %s (target ≤ 10s: %s)\n",
		cold[len(cold)/2].Round(time.Millisecond), target, verdict(cold[len(cold)/2], target),
		coldPDF[len(coldPDF)/2].Round(time.Millisecond), verdict(coldPDF[len(coldPDF)/2], 10*time.Second))
	return nil
}

// timeRuns times fn runs times (the median and the best are printed).
func timeRuns(runs int, fn func() error) ([]time.Duration, error) {
	var out []time.Duration
	for range runs {
		start := time.Now()
		if err := fn(); err != nil {
			return nil, err
		}
		out = append(out, time.Since(start))
	}
	return out, nil
}

// timeGet requests url n times and returns the median time; any status
// but 200 is an error.
func timeGet(url, cookie string, n int) (time.Duration, error) {
	var d []time.Duration
	for range n {
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err != nil {
			return 0, err
		}
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("bench: %s answered %d", url, resp.StatusCode)
		}
		d = append(d, time.Since(start))
	}
	slices.Sort(d)
	return d[len(d)/2], nil
}
