export const USAGE = `Usage: sockscope <command> [options]

Commands:
  list [--json | --csv] [--proc]          print every TCP connection and listener once
  watch [--json] [--interval MS] [--proc] print connection events as they happen (NDJSON with --json)
  serve [--host H] [--port N] [--interval MS] [--proc]
                                          run the monitor headless and serve the UI to a browser
                                          (default 127.0.0.1:7878; --port 0 picks a free port)
  decode --table KIND FILE                decode a raw Windows TCP table buffer to JSON rows
  dump-raw DIR                            (Windows) write the raw TCP table buffers to DIR

Options:
  --proc            Linux: read /proc/net/tcp{,6} instead of netlink sock_diag
  --interval MS     poll interval in ms (default 1000): serve 250 to 10000, watch 50 to 3600000
  -h, --help        show this help
  -v, --version     show the version`;

/** A mistake in how the command was called: usage on stderr, exit code 2. */
export class UsageError extends Error {}

/** An expected failure at run time (port in use, bad file): one line on stderr, exit code 2. */
export class CliError extends Error {}
