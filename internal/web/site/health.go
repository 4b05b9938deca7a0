package site

import (
	"context"
	"net/http"
	"time"
)

// healthz answers while the process runs.
func (k *Kit) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 200 only when the database answers.
func (k *Kit) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := k.o.Ready(ctx); err != nil {
		k.o.Log.Warn("readiness check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// metrics serves the Prometheus registry.
func (k *Kit) metrics(w http.ResponseWriter, r *http.Request) {
	k.metricsHandler.ServeHTTP(w, r)
}
