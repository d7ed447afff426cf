/** The CLI's help texts (plain English: the tool is for scripts, CI logs and developers). */

/** `cpq-kit --help`. */
export const MAIN_HELP = `cpq-kit — price quotes, render quote PDFs and verify order events

Usage:
  cpq-kit validate <catalog.json>...             check catalogs: located errors and warnings
  cpq-kit price  <catalog.json> <quote.json>...  price quotes against a catalog
  cpq-kit verify <catalog.json> <event.json>...  verify order events (CloudEvents) against a catalog
  cpq-kit pdf    <catalog.json> <quote.json>     render a quote's PDF
  cpq-kit serve  [--store …] [--port 8787]       run the quote service
  cpq-kit deliveries list|retry|replay [--store …]
                                                 see and re-drive order event deliveries
  cpq-kit <command> --help                       options of one command
  cpq-kit --version

A file name "-" reads standard input (for one input of a run).

Exit codes (stable):
  0  everything is in order
  1  pricing errors, catalog errors found by validate, or differences found by
     verification; deliveries: nothing matched, or a retry or replay refused
  2  usage error, unreadable file, invalid JSON, an invalid catalog, or output that
     cannot be written (a full disk, a closed pipe)
`;

/** `cpq-kit price --help`. */
export const PRICE_HELP = `Usage: cpq-kit price <catalog.json> <quote.json>... [options]

Prices each quote against the catalog. The priced quote goes to stdout as JSON (an object for
one quote, an array for several); a summary line and every issue go to stderr. A file name "-"
reads standard input (once).

Options:
  --locale <tag>      language of names and messages (zh-CN or en); default the quote's
  --today <date>      date for quotes without one (YYYY-MM-DD, a day that exists); default
                      today (UTC)
  --expect <file>     compare with a priced quote saved earlier (one quote only): every
                      difference in lines, amounts and totals is a problem — for CI of
                      catalog changes
  --strict            warnings count as problems too
  -h, --help          this text

Exit codes: 0 priced without errors; 1 a quote has errors (or warnings with --strict, or
differs from --expect); 2 usage error, unreadable file, invalid JSON, an invalid catalog or
output that cannot be written.
`;

/** `cpq-kit verify --help`. */
export const VERIFY_HELP = `Usage: cpq-kit verify <catalog.json> <events>... [options]

Prices each order event again from the catalog and reports every difference: envelope
(CloudEvents 1.0), prices, quantities, discounts, added or removed lines, totals, currency,
approvals, acceptance and digest. A file holds one event, a JSON array of events, or JSON
lines (one event per line); or what the quote service returns: an order (GET /orders/:id,
its event inside, whose id, quote, version, total and currency are checked too) or a list of
them ({ "data": [...] }). A file name "-" reads standard input.

Options:
  --accepted-digest <sha-256:…>  the digest recorded when the customer accepted
  --json              print the results as JSON to stdout
  -h, --help          this text

Exit codes: 0 every event verified; 1 differences found; 2 usage error, unreadable file,
invalid JSON, an invalid catalog or output that cannot be written.
`;

/** `cpq-kit pdf --help`. */
export const PDF_HELP = `Usage: cpq-kit pdf <catalog.json> <quote.json> [options]

Prices the quote and renders its PDF. A file name "-" reads standard input (once).

Options:
  --out <file.pdf>    where to write the PDF; "-" writes it to standard output; default the
                      quote file's name with .pdf (required when the quote is "-")
  --font <file>       a TTF/OTF/TTC font for the text; default Noto Sans SC when the optional
                      package @expo-google-fonts/noto-sans-sc is installed, else the
                      standard Latin font (which cannot print Chinese)
  --locale <tag>      language of the document (zh-CN or en); default the quote's
  --options <file>    more renderQuotePdf options as JSON (seller, buyer, terms, …)
  --status <status>   the status to print: draft, pending-approval, expired, superseded
                      (a watermark and a header mark on every page) or final (clean);
                      default from the quote's lifecycle and approvals
  -h, --help          this text

The attached cpq-quote.json is the customer's copy (no cost, margin, floor price or
approval); only "attachment": "internal-priced-quote" in --options attaches the seller's.

Exit codes: 0 written; 1 the quote has pricing errors; 2 usage error, unreadable input, a
font without the quote's characters, a PDF that cannot be written, or PDF rendering not
available in this build.
`;

/** `cpq-kit serve --help`. */
export const SERVE_HELP = `Usage: cpq-kit serve [options]

Runs the quote service (the system of record for quotes, approvals, acceptances and orders)
until SIGINT or SIGTERM. Its API is described at /openapi.json.

Options:
  --store <spec>      sqlite:<file> (default sqlite:./data/cpq.sqlite; one process) or a
                      postgres://user@host:5432/db URL (several instances); env CPQ_STORE
  --port <n>          default 8787 (env PORT); 0 picks a free port
  --host <addr>       default 127.0.0.1
  --prefix <path>     mount every route under this path, e.g. /api/cpq
  --time-zone <iana>  time zone of quote dates and move times, e.g. Asia/Shanghai (default UTC)
  --config <file>     JSON: approvalLevels, validityDays, maxValidityDays, timeZone, prefix,
                      shareLinkDays, limits, auth { issuer, audience, jwks, algorithms },
                      dispatch (the order dispatcher's settings, or false), nats,
                      serverTiming (true: a Server-Timing header with each answer's time)
  -h, --help          this text

Environment (secrets never go on the command line):
  CPQ_JWT_SECRET      HS256 secret of the host's user tokens (≥ 32 bytes), unless auth.jwks is set
  CPQ_SHARE_SECRET    secret that signs customers' share links (≥ 32 bytes)

Prints one line "cpq-kit serve: listening on <url>" once it accepts requests.
`;

/** `cpq-kit deliveries --help`. */
export const DELIVERIES_HELP = `Usage: cpq-kit deliveries <command> [options]

The order events' deliveries to subscribers (webhooks, NATS): see them, and send them again.
The command opens the service's store itself (the same --store as cpq-kit serve), so it works
while the service is down. A retry or replay makes the deliveries pending and due now, in a new
round of attempts; a running dispatcher sends them on its next poll (every 500 ms by default).

Commands:
  list                          the deliveries, newest first: a table (event, subscriber,
                                status, attempts, next attempt, last error), or --json
    --status <s>                pending, delivered or dead
    --subscriber <id>           one subscriber's (sub_…)
    --limit <n>                 at most n (1 to 10000; default 50)
  retry <eventId> <subscriberId>
                                send one delivery again, whatever its status
  replay                        send every dead delivery again (the dead letters)
    --subscriber <id>           only one subscriber's

Options of every command:
  --store <spec>      sqlite:<file> (default sqlite:./data/cpq.sqlite) or a
                      postgres://user@host:5432/db URL; env CPQ_STORE
  --tenant <id>       one tenant's deliveries (default: every tenant's)
  --json              print the result as JSON to stdout
  -h, --help          this text

Exit codes: 0 done (list: something matched); 1 nothing matched (list: no delivery matches;
replay: no dead delivery), or refused (retry: no such delivery; replay: no such subscriber);
2 usage error, or a store that cannot be opened or read.
`;

/** `cpq-kit validate --help`. */
export const VALIDATE_HELP = `Usage: cpq-kit validate <catalog.json>... [options]

Checks each catalog with the kit's own validator — what the elements and pricing accept: the
shape (schemas/catalog.schema.json says the same for editors) and what a schema cannot say
(SKUs that exist, rules that can match, decimal values). One line per error and warning, each
at its path (products[2].price.tiers[0].upTo), then a summary line per file, on stdout.
A file name "-" reads standard input (once).

Options:
  --strict   warnings count as problems too (exit 1)
  --json     one JSON report per file instead of lines: { file, valid, errors, warnings,
             problems: [{ severity, path, message }] }

Exit codes: 0 every catalog is valid, 1 a catalog has errors (--strict: or warnings),
2 usage error, unreadable file or invalid JSON.
`;
