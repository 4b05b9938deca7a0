// Command kmn runs the platform of the Kooperative Migrationsarbeit
// Niedersachsen: the web server and its administration commands.
package main

import (
	"context"
	"os"

	"github.com/kmn-niedersachsen/kmn/internal/app"
)

func main() {
	os.Exit(app.Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
