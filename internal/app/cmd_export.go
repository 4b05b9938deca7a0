package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/tabular"
)

// cliEditor is who the command line acts as: the ministry, statewide. The
// audit log names it "cli".
var cliEditor = network.EditorOf(auth.SystemPrincipal("cli"))

// exportSubjects builds the table of each list the command line exports.
var exportSubjects = map[string]func(context.Context, *network.Store) (tabular.Table, error){
	"offices": func(ctx context.Context, s *network.Store) (tabular.Table, error) {
		return s.OfficesTable(ctx, network.OfficeFilter{})
	},
	"organisations": func(ctx context.Context, s *network.Store) (tabular.Table, error) {
		return s.OrganisationsTable(ctx, network.OrgFilter{})
	},
	"posts": func(ctx context.Context, s *network.Store) (tabular.Table, error) {
		return s.PostsTable(ctx, network.PostFilter{})
	},
}

const exportUsage = "usage: kmn export offices|organisations|posts [--format csv|xlsx|json] [--data DIR] [--db URL]"

func cmdExport(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || exportSubjects[args[0]] == nil {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(out, exportUsage)
			return nil
		}
		return &exitError{code: 2, msg: exportUsage}
	}
	cfg := config.Default()
	fs := newFlags("export "+args[0], "Writes the list to standard output (CSV in UTF-8 with BOM, XLSX or JSON).\n"+
		"The office CSV has the columns of the import, so an export re-imports unchanged.", out)
	storageFlags(fs, &cfg)
	format := fs.String("format", "csv", "csv, xlsx or json")
	if _, err := parseInterspersed(fs, args[1:]); err != nil {
		return err
	}
	f, err := tabular.ParseFormat(*format)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	t, err := exportSubjects[args[0]](ctx, a.Network)
	if err != nil {
		return err
	}
	return tabular.Write(out, f, t)
}

// parseInterspersed parses flags before and after positional arguments
// ("import offices FILE --dry-run") and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

const importUsage = "usage: kmn import offices FILE [--dry-run] [--lang de|en] [--data DIR] [--db URL]   (FILE - reads standard input)"

func cmdImport(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(out, importUsage)
		return nil
	}
	if len(args) == 0 || args[0] != "offices" {
		return &exitError{code: 2, msg: importUsage}
	}
	cfg := config.Default()
	fs := newFlags("import offices", "Imports offices from a CSV file (comma or semicolon, UTF-8) with the columns of\n"+
		"'kmn export offices'. Rows are matched by external_id: new ones are created, changed ones updated.\n"+
		"All rows are written in one transaction: if any row has an error, nothing is imported (exit code 1).", out)
	storageFlags(fs, &cfg)
	dryRun := fs.Bool("dry-run", false, "check the file and show what would change, without writing")
	lang := fs.String("lang", "de", "language of the messages: de or en")
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return &exitError{code: 2, msg: importUsage}
	}
	in, err := openInput(pos[0])
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	defer in.Close()
	catalog, err := i18n.Load()
	if err != nil {
		return err
	}
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := a.Network.ImportOffices(ctx, cliEditor, in, a.Geo, *dryRun)
	if err != nil {
		return err
	}
	printImport(out, rep)
	if len(rep.Errors) > 0 {
		return &exitError{code: 1, msg: importErrors(catalog.Localizer(*lang), rep.Errors)}
	}
	return nil
}

func openInput(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(os.Stdin), nil
	}
	return os.Open(name)
}

// printImport writes the summary and, for a dry run, the rows that would change.
func printImport(out io.Writer, rep network.ImportReport) {
	switch {
	case len(rep.Errors) > 0:
		fmt.Fprintf(out, "%d rows checked, %d with errors: nothing was imported\n", rep.Rows, countBadRows(rep.Errors))
		return
	case rep.DryRun:
		fmt.Fprintf(out, "dry run, nothing written: %d rows, %d would be created, %d updated, %d unchanged\n",
			rep.Rows, rep.Created, rep.Updated, rep.Unchanged)
	default:
		fmt.Fprintf(out, "imported %d rows: %d created, %d updated, %d unchanged\n", rep.Rows, rep.Created, rep.Updated, rep.Unchanged)
	}
	for _, p := range rep.Preview {
		switch p.Action {
		case network.ActionCreate:
			fmt.Fprintf(out, "line %d: create %s (%s)\n", p.Line, p.ExternalID, p.Name)
		case network.ActionUpdate:
			fmt.Fprintf(out, "line %d: update %s (%s): %s\n", p.Line, p.ExternalID, p.Name, strings.Join(p.Changed, ", "))
		}
	}
}

func countBadRows(errs []network.RowError) int {
	lines := map[int]bool{}
	for _, e := range errs {
		lines[e.Line] = true
	}
	return len(lines)
}

// importErrors renders one line per error: "line N: field: message".
func importErrors(l *i18n.Localizer, errs []network.RowError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "import refused, nothing was imported (%d errors):", len(errs))
	for _, e := range errs {
		b.WriteString("\n  ")
		if e.Line > 0 {
			fmt.Fprintf(&b, "line %d: ", e.Line)
		}
		if e.Field != "" {
			b.WriteString(e.Field + ": ")
		}
		b.WriteString(message(l, e.Key, e.Args))
	}
	return b.String()
}

// message renders a key; a key missing from the catalog is shown with its
// arguments so the line still says what is wrong.
func message(l *i18n.Localizer, key string, args []any) string {
	if s := l.T(key, args...); s != key {
		return s
	}
	var b strings.Builder
	b.WriteString(key)
	for i := 0; i+1 < len(args); i += 2 {
		fmt.Fprintf(&b, " %v=%v", args[i], args[i+1])
	}
	return b.String()
}
