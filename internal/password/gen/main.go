//go:build ignore

// Command gen turns the passwords dictionary of the npm package
// @zxcvbn-ts/language-common (src/passwords.json, a JSON array ordered by
// frequency) into common-passwords.txt: one password a line, NFC-normalised,
// lower-cased, deduplicated, in the original frequency order.
//
// Usage (from internal/password/): see README.md.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"golang.org/x/text/unicode/norm"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run gen/main.go path/to/passwords.json > common-passwords.txt")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	out := bufio.NewWriter(os.Stdout)
	seen := make(map[string]bool, len(list))
	for _, pw := range list {
		// Same folding as the package's lookup: NFC, then lower case.
		pw = strings.ToLower(norm.NFC.String(pw))
		if pw == "" || seen[pw] || strings.ContainsAny(pw, "\r\n") {
			continue
		}
		seen[pw] = true
		fmt.Fprintln(out, pw)
	}
	return out.Flush()
}
