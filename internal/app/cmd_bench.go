package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/loadtest"
)

// cmdBench measures the public finder and the open-data API against a
// trivial handler of the same binary, in the same run, and prints the
// ratios the targets are stated in (docs/BENCHMARKS.md).
func cmdBench(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("bench", "Loads the demo network (×scale) into a temporary or given data directory, serves it on\nloopback and measures finder and API requests against a trivial handler in the same run.", out)
	fs.StringVar(&cfg.DataDir, "data", "", "data directory to use (default: a new temporary one; an existing demo network is reused)")
	scale := fs.Int("scale", 10, "demo network scale (10 ≈ 1,850 offices)")
	fs.StringVar(&cfg.DatabaseURL, "db", "", "database URL (default: SQLite in the data directory; postgres://… for PostgreSQL)")
	clients := fs.Int("clients", 0, "measure case management instead: caseload, deadlines and case pages over this many\ngenerated client files (200000 for the targets in docs/BENCHMARKS.md)")
	onlineConvs := fs.Int("online", 0, "measure online counseling instead: sending messages into this many open\nconversations (1000 for the target in docs/BENCHMARKS.md; concurrency = senders, default 50)")
	statsBench := fs.Bool("stats", false, "with --clients: measure the statewide annual statistics and report instead\n(1000000 clients for the targets in docs/BENCHMARKS.md)")
	runs := fs.Int("runs", 3, "with --stats: how often each cold figure is computed")
	contacts := fs.Int("contacts", 10, "average counseling contacts per generated client file (with --clients)")
	conc := fs.Int("concurrency", 0, "concurrent connections (default 64; 8 with --clients)")
	dur := fs.Duration("duration", 10*time.Second, "measuring time per target")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile (live objects at the end of the finder run) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *conc == 0 {
		*conc = 64
		if *clients > 0 {
			*conc = 8
		}
		if *onlineConvs > 0 {
			*conc = 50
		}
	}
	if *scale < 1 || *scale > 100 || *conc < 1 || *conc > 1024 || *dur <= 0 || *clients < 0 || *clients > maxDemoClients ||
		*contacts < 1 || *contacts > 100 {
		return &exitError{code: 2, msg: "scale 1–100, concurrency 1–1024, a positive duration, clients 0–2000000 and contacts 1–100, please"}
	}
	if cfg.DataDir == "" {
		dir, err := os.MkdirTemp("", "kmn-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.DataDir = dir
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	// The API's per-client rate limit would turn the load into 429s: the
	// benchmark measures the work, so it lifts the limit.
	cfg.APIRate = 1e9
	o := loadtest.Options{Concurrency: *conc, Duration: *dur, Warmup: 200}
	if *clients > 0 && *statsBench {
		if *runs < 1 || *runs > 20 {
			return &exitError{code: 2, msg: "runs 1–20, please"}
		}
		return runStatsBench(ctx, cfg, *clients, *contacts, *runs, out)
	}
	if *clients > 0 {
		return runCaseBench(ctx, cfg, *clients, *contacts, o, out)
	}
	if *onlineConvs > 0 {
		if *onlineConvs < *conc || *onlineConvs > 100000 {
			return &exitError{code: 2, msg: "online: at least one conversation per sender and at most 100000, please"}
		}
		return runOnlineBench(ctx, cfg, *onlineConvs, o, out)
	}
	heapProfile = *memProfile
	return runBench(ctx, cfg, *scale, o, out)
}

func runBench(ctx context.Context, cfg config.Config, scale int, o loadtest.Options, out io.Writer) error {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := Open(ctx, cfg, quiet)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	if _, err := a.LoadDemoScale(ctx, scale); err != nil {
		return err
	}
	fmt.Fprintf(out, "demo network (scale %d) ready in %s\n", scale, time.Since(start).Round(time.Millisecond))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go a.Serve(sctx, ln)
	base := "http://" + ln.Addr().String()
	targets := benchTargets(a, base)
	if err := warmFinder(targets[1].urls[0]); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d concurrent connections, %s per target, client and server on this machine\n\n%s\n", o.Concurrency, o.Duration, loadtest.Header)
	results := make([]loadtest.Result, len(targets))
	runtime.GC()
	stopRSS := rssPeak()
	for i, t := range targets {
		results[i] = loadtest.Run(ctx, t.name, t.urls, o)
		fmt.Fprintln(out, results[i].Row())
	}
	printRatios(out, results)
	if err := writeHeapProfile(); err != nil {
		return err
	}
	if peak := stopRSS(); peak > 0 {
		fmt.Fprintf(out, "peak RSS under load (server and load generator, one process): %.0f MB (target ≤ 200 MB)\n", peak)
	}
	return pageWeight(out, targets[1].urls[0])
}

type benchTarget struct {
	name string
	urls []string
}

// benchTargets: the trivial baseline, finder searches over real Lower
// Saxony postcodes with a mix of filters, and API proximity queries.
func benchTargets(a *App, base string) []benchTarget {
	filters := []string{"", "&lang_spoken=ar", "&program=mbe", "&open_now=1", "&topic=work&radius=100"}
	var postcodes []string
	for i, p := range a.Geo.NIPostcodes() {
		if i%7 == 0 {
			postcodes = append(postcodes, p.Postcode)
		}
	}
	var finder, unique, api []string
	for i, pc := range postcodes {
		finder = append(finder, base+"/de/search?q="+pc+filters[i%len(filters)])
		api = append(api, base+"/api/hsds/service_at_locations?postcode="+pc+"&proximity=25000&per_page=20")
	}
	// Distinct URLs (postcode × radius) far beyond the page cache: every
	// request renders.
	for i := 0; i < 20000; i++ {
		unique = append(unique, fmt.Sprintf("%s/de/search?q=%s&radius=%d", base, postcodes[i%len(postcodes)], 10+(i/len(postcodes))%290))
	}
	return []benchTarget{
		{"trivial (/healthz)", []string{base + "/healthz"}},
		{"finder (/de/search)", finder},
		{"finder, every page rendered", unique},
		{"api (service_at_locations)", api},
	}
}

// warmFinder makes sure the finder's snapshot is built before measuring.
func warmFinder(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("bench: finder answered %d to %s", resp.StatusCode, url)
	}
	return nil
}

func printRatios(out io.Writer, r []loadtest.Result) {
	if r[0].RPS == 0 {
		return
	}
	for _, x := range r[1:] {
		fmt.Fprintf(out, "%-28s %5.1f%% of trivial throughput, p99 %s\n", x.Name, 100*x.RPS/r[0].RPS, x.P99.Round(10*time.Microsecond))
	}
	fmt.Fprintln(out, "targets for the finder: ≥ 30% of trivial throughput, p99 ≤ 10ms")
}

// pageWeight reports the bytes of a results page and its stylesheets
// (without the map's scripts), uncompressed.
func pageWeight(out io.Writer, url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	total := len(body)
	for _, css := range stylesheetURLs(string(body)) {
		if r, err := http.Get(baseOf(url) + css); err == nil {
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			total += len(b)
		}
	}
	fmt.Fprintf(out, "results page: %d bytes HTML, %d bytes with stylesheets (target ≤ 100 KB without the map)\n", len(body), total)
	return nil
}

// heapProfile is where runBench writes a heap profile ("" for none).
var heapProfile string

func writeHeapProfile() error {
	if heapProfile == "" {
		return nil
	}
	f, err := os.Create(heapProfile)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC()
	return pprof.WriteHeapProfile(f)
}
