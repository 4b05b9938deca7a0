package online

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Hub tells the readers connected to this server that a conversation has
// something new (live updates). With PostgreSQL several servers run behind
// a load balancer: a change made through one reaches readers connected to
// another through LISTEN/NOTIFY on channel "kmn_online". The payload is the
// conversation id only, never content.
type Hub struct {
	mu   sync.Mutex
	subs map[string]map[chan struct{}]struct{}
	// notify sends a change to every server (PostgreSQL), or nil: this
	// server is the only one (SQLite).
	notify func(ctx context.Context, conversationID string) error
	log    *slog.Logger
}

// NewHub returns a hub for one server.
func NewHub(log *slog.Logger) *Hub {
	return &Hub{subs: map[string]map[chan struct{}]struct{}{}, log: log}
}

// Subscribe returns a channel that receives a signal when the
// conversation changes, and the function that ends the subscription. The
// channel holds one pending signal: a reader catches up by reading
// everything after its last message anyway.
func (h *Hub) Subscribe(conversationID string) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	if h.subs[conversationID] == nil {
		h.subs[conversationID] = map[chan struct{}]struct{}{}
	}
	h.subs[conversationID][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[conversationID], ch)
		if len(h.subs[conversationID]) == 0 {
			delete(h.subs, conversationID)
		}
		h.mu.Unlock()
	}
}

// Publish announces a change: through PostgreSQL to every server (which
// then tells its readers), or directly to this server's readers.
func (h *Hub) Publish(conversationID string) {
	if h.notify != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := h.notify(ctx, conversationID); err == nil {
			return
		} else {
			h.log.Warn("online: notify", "err", err)
		}
	}
	h.deliver(conversationID)
}

// deliver signals this server's readers of a conversation.
func (h *Hub) deliver(conversationID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[conversationID] {
		select {
		case ch <- struct{}{}:
		default: // a signal is pending already
		}
	}
}

// Subscribers counts the open subscriptions (for tests and metrics).
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, s := range h.subs {
		n += len(s)
	}
	return n
}

// Channel is the PostgreSQL notification channel of online counseling.
const Channel = "kmn_online"

// ListenPostgres makes the hub send changes through PostgreSQL and
// deliver those of every server, until ctx ends. notify runs
// pg_notify on the shared pool; the listening connection is its own and
// comes back after a failure.
func (h *Hub) ListenPostgres(ctx context.Context, url string, notify func(ctx context.Context, conversationID string) error) {
	h.notify = notify
	go func() {
		for ctx.Err() == nil {
			if err := h.listen(ctx, url); err != nil && ctx.Err() == nil {
				h.log.Warn("online: listen", "err", err)
				select {
				case <-ctx.Done():
				case <-time.After(2 * time.Second):
				}
			}
		}
	}()
}

func (h *Hub) listen(ctx context.Context, url string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		h.deliver(n.Payload)
	}
}
