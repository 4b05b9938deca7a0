package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Main runs the kmn command line and returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmds := map[string]func(context.Context, []string, io.Writer) error{
		"serve": cmdServe, "migrate": cmdMigrate, "user": cmdUser, "backup": cmdBackup,
		"restore": cmdRestore, "audit": cmdAudit, "version": cmdVersion, "totp": cmdTOTP,
		"demo": cmdDemo, "export": cmdExport, "import": cmdImport, "bench": cmdBench,
		"keys": cmdKeys, "jobs": cmdJobs,
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	run, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stderr, "kmn: unknown command %q\n\n%s", name, usage)
		return 2
	}
	err := run(ctx, args[1:], stdout)
	var exit *exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &exit):
		fmt.Fprintln(stderr, "kmn:", exit.msg)
		return exit.code
	default:
		fmt.Fprintln(stderr, "kmn:", err)
		return 1
	}
}

// exitError carries a specific exit code (e.g. 2 for "use another tool").
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

const usage = `kmn – platform of the Kooperative Migrationsarbeit Niedersachsen

Usage: kmn <command> [flags]   (kmn <command> --help for its flags)

Commands:
  serve          run the web server (migrates the database first)
  migrate        apply database migrations and exit
  user add       create a staff account and print its one-time setup link
  backup         consistent online copy of the SQLite database
  restore        restore a SQLite backup into a data directory
  audit verify   check the hash chain of the audit log
  demo           load the demo network (offices, organisations, posts, staff) [--scale N]
  export offices write all offices as csv, xlsx or json to standard output
  import offices import offices from a CSV file [--dry-run]
  bench          measure finder and API speed against a trivial handler (prints ratios)
  keys           rotate|reencrypt|status|retire ID: rotate the encryption key and re-encrypt stored values
  jobs           background jobs: counts and jobs in trouble [--all] [--retry ID]; exit 1 when jobs are discarded
  totp           print the current TOTP code for a secret (demo helper)
  version        print the version
`

// newFlags makes a flag set that prints its help to out.
func newFlags(name, summary string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("kmn "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: kmn %s [flags]\n\n%s\n\nFlags (each also as KMN_* environment variable):\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// envOr returns the environment variable or the default.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envBool(name string) bool {
	v := strings.ToLower(os.Getenv(name))
	return v == "1" || v == "true" || v == "yes"
}
