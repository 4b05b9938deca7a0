package jobs

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
)

// metrics are the queue's figures for /metrics: jobs by state (read at
// each scrape), failed runs by kind, mail sent and failed.
type metrics struct {
	failed     *prometheus.CounterVec
	mailSent   prometheus.Counter
	mailFailed prometheus.Counter
}

func newMetrics() *metrics {
	return &metrics{
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kmn_jobs_failed_total",
			Help: "Job runs that returned an error or panicked, by kind (each is retried or discarded)."}, []string{"kind"}),
		mailSent: prometheus.NewCounter(prometheus.CounterOpts{Name: "kmn_mail_sent_total",
			Help: "E-mails handed over: accepted by the SMTP server (or written to the log in development)."}),
		mailFailed: prometheus.NewCounter(prometheus.CounterOpts{Name: "kmn_mail_failed_total",
			Help: "Attempts to send an e-mail that failed (retried unless refused for good)."}),
	}
}

func (m *metrics) count(events <-chan *river.Event) {
	for ev := range events {
		if ev.Kind == river.EventKindJobFailed && ev.Job != nil {
			m.failed.WithLabelValues(ev.Job.Kind).Inc()
		}
	}
}

// Collectors are the queue's metrics, for the server's registry.
func (q *Queue) Collectors() []prometheus.Collector {
	return []prometheus.Collector{q.metrics.failed, q.metrics.mailSent, q.metrics.mailFailed, depthCollector{q: q}}
}

// depthCollector reports the number of jobs per state when scraped.
type depthCollector struct{ q *Queue }

var depthDesc = prometheus.NewDesc("kmn_jobs", "Jobs in the queue by state (available, scheduled, retryable, running, discarded, cancelled, completed).", []string{"state"}, nil)

func (c depthCollector) Describe(ch chan<- *prometheus.Desc) { ch <- depthDesc }

func (c depthCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, err := c.q.Counts(ctx)
	if err != nil {
		return
	}
	for state, n := range counts {
		ch <- prometheus.MustNewConstMetric(depthDesc, prometheus.GaugeValue, float64(n), state)
	}
}
