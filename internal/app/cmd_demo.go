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
	if err := fs.Parse(args); err != nil {
		return err
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
	fmt.Fprintf(out, "done in %s (engine %s)\n", time.Since(start).Round(time.Millisecond), a.DB.Dialect())
	fmt.Fprintln(out, "demo accounts with public passwords are present (see README): never use this database for real data")
	return nil
}
