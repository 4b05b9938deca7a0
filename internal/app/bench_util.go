package app

import (
	"context"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var stylesheetRe = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)

// stylesheetURLs lists the stylesheet paths a page links, except the map's.
func stylesheetURLs(html string) []string {
	var out []string
	for _, m := range stylesheetRe.FindAllStringSubmatch(html, -1) {
		if !strings.Contains(m[1], "leaflet") && !strings.Contains(m[1], "markercluster") {
			out = append(out, m[1])
		}
	}
	return out
}

func baseOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// rssKB reads the process's resident memory in kB from Linux's /proc (0
// elsewhere).
func rssKB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}

// rssPeak samples the resident memory every 50 ms until stop is called and
// returns the highest sample in MB. It measures the load phase only (the
// demo generator's peak before it is not the server's). The load
// generator runs in the same process, so the figure is an upper bound for
// the server alone.
func rssPeak() (stop func() float64) {
	done := make(chan struct{})
	peak := make(chan int)
	go func() {
		highest := rssKB()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				highest = max(highest, rssKB())
			case <-done:
				peak <- highest
				return
			}
		}
	}()
	return func() float64 {
		close(done)
		return float64(<-peak) / 1024
	}
}

// serveLoopback serves a on a free loopback port for a benchmark and
// returns its base URL and the function that stops it.
func (a *App) serveLoopback(ctx context.Context) (string, context.CancelFunc, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	sctx, stop := context.WithCancel(ctx)
	go a.Serve(sctx, ln)
	return "http://" + ln.Addr().String(), stop, nil
}
