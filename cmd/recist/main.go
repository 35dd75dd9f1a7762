// Command recist is RECIST View's headless CLI: it signs in to a Blaze research FHIR server,
// loads one study, recomputes every response under RECIST 1.1 and writes the study as JSON or
// CSV. The contract is documented in docs/cli.md.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
