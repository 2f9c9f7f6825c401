// Command pgcheck exits 0 if the PostgreSQL server at the URL given as its
// argument accepts a connection and lets it create a schema, 1 otherwise,
// saying why on one line. .ci/run uses it so that CI never skips the
// PostgreSQL tests silently.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/tandem-dev/tandem/store"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pgcheck postgres://...")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	schema := fmt.Sprintf("tandem_pgcheck_%d", os.Getpid())
	if _, err := store.CreateSchema(ctx, os.Args[1], schema); err != nil {
		fmt.Fprintln(os.Stderr, "pgcheck:", err)
		os.Exit(1)
	}
	if err := store.DropSchema(ctx, os.Args[1], schema); err != nil {
		fmt.Fprintln(os.Stderr, "pgcheck:", err)
		os.Exit(1)
	}
}
