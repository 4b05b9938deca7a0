package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/demo"
)

// cmdDemo loads the demo network and the demo accounts into a database.
func cmdDemo(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("demo", "Loads the demo network (organisations, offices, funded posts, regions, staff) and the demo\n"+
		"accounts with public passwords (see README). Does nothing to the network when it has offices already.", out)
	storageFlags(fs, &cfg)
	scale := fs.Int("scale", 1, fmt.Sprintf("multiply the counseling offices for load tests (1–%d)", demo.MaxScale))
	clients := fs.Int("clients", 0, "also add this many generated client files (with contacts and plans) to the offices' staff")
	contacts := fs.Int("contacts", 10, "average counseling contacts per generated client file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *clients < 0 || *clients > maxDemoClients || *contacts < 1 || *contacts > 100 {
		return &exitError{code: 2, msg: fmt.Sprintf("--clients must be 0–%d and --contacts 1–100", maxDemoClients)}
	}
	if *scale < 1 || *scale > demo.MaxScale {
		return &exitError{code: 2, msg: fmt.Sprintf("--scale must be between 1 and %d", demo.MaxScale)}
	}
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	st, err := a.LoadDemoScale(ctx, *scale)
	if err != nil {
		return err
	}
	fmt.Fprint(out, st)
	if *clients > 0 {
		if err := a.loadDemoClients(ctx, *clients, *contacts, out); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "done in %s (engine %s)\n", time.Since(start).Round(time.Millisecond), a.DB.Dialect())
	fmt.Fprintln(out, "demo accounts with public passwords are present (see README): never use this database for real data")
	return nil
}

// maxDemoClients bounds --clients (ten times the benchmark size).
const maxDemoClients = 2_000_000

// loadDemoClients adds generated client files, printing progress.
func (a *App) loadDemoClients(ctx context.Context, clients, contacts int, out io.Writer) error {
	start := time.Now()
	st, err := demo.GenerateClients(ctx, a.Cases, demo.ClientOptions{Clients: clients, ContactsPerClient: contacts,
		Today: time.Now(), Seed: 1, Progress: func(done int) {
			if done%20000 == 0 || done == clients {
				fmt.Fprintf(out, "  %d/%d client files (%s)\n", done, clients, time.Since(start).Round(time.Second))
			}
		}})
	if err != nil {
		return err
	}
	// Fresh statistics for the query planners after a bulk load.
	if _, err := a.DB.Exec(ctx, "ANALYZE"); err != nil {
		return err
	}
	fmt.Fprintf(out, "client files %d (closed %d), consents %d, contacts %d, plans %d with %d goals and %d measures\n",
		st.Files, st.Closed, st.Consents, st.Contacts, st.Plans, st.Goals, st.Measures)
	return nil
}
