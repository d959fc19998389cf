export const USAGE = `Usage: sockscope <command> [options]

Commands:
  list [--json | --csv] [--resolve] [SOURCE]
                                          print every TCP connection and listener once
                                          (--resolve: with host and service names)
  list --at T [--json | --csv] [--resolve] [--data-dir DIR]
                                          print the table as it was at time T, from the history
  watch [--json] [--interval MS] [SOURCE] print connection events as they happen (NDJSON with --json)
  serve [--host H] [--port N] [--interval MS] [--allow-actions] [--no-resolve]
        [--no-history] [--metrics-token-file FILE] [--tls-cert FILE --tls-key FILE]
        [RECORDING] [SOURCE]
                                          run the monitor headless and serve the UI to a browser
                                          (default 127.0.0.1:7878; --port 0 picks a free port);
                                          read-only unless --allow-actions lets it close
                                          connections and end processes; --no-resolve: start
                                          without looking up host names; records the history
                                          unless --no-history; GET /metrics (Prometheus) with
                                          "Authorization: Bearer TOKEN"; --metrics-token-file:
                                          the token, from a file (kept across restarts);
                                          --tls-cert/--tls-key: serve HTTPS and WSS with this
                                          PEM certificate and key (both or neither)
  record [--interval MS] [--metrics-port N [--metrics-host H] [--metrics-token-file FILE]]
         [RECORDING] [SOURCE]
                                          record the history headless until SIGINT or SIGTERM;
                                          --metrics-port: serve /metrics too (token printed
                                          unless from FILE; host default 127.0.0.1)
  history [--json | --csv] [--since T] [--until T] [--pid N] [--process NAME]
          [--remote ADDR] [--port N] [--limit N] [--data-dir DIR]
                                          print recorded events, oldest first (NDJSON with --json,
                                          as watch --json); --limit N: the newest N
  close LOCAL REMOTE [SOURCE]             close the connection with these endpoints, written as
                                          list prints them: 127.0.0.1:8080, [::1]:8080,
                                          [fe80::1%2]:22 (Linux: needs root / CAP_NET_ADMIN)
  decode --table KIND FILE                decode a raw Windows TCP table buffer to JSON rows
  dump-raw DIR                            (Windows) write the raw TCP table buffers to DIR

RECORDING (serve, record):
  --data-dir DIR    where the history is kept (default: $XDG_DATA_HOME/sockscope, i.e.
                    ~/.local/share/sockscope; Windows %LOCALAPPDATA%\\Sockscope; macOS
                    ~/Library/Application Support/Sockscope)
  --keep-days N     prune records older than N days (default 7)
  --max-size SIZE   prune the oldest records beyond this size, e.g. 500M, 2G (default 1G)

T: an ISO-8601 time (2026-11-01T14:02:31Z; without an offset, local time) or relative to now
  (-30s, -10m, -2h, -1h30m, -7d)

SOURCE (Linux):
  --proc            read /proc/net/tcp{,6} instead of netlink sock_diag
  --proc-root DIR   where procfs is mounted (default /proc), e.g. a host's /proc in a container

Options:
  --interval MS     poll interval in ms (default 1000): serve 250 to 10000, watch 50 to 3600000
  -h, --help        show this help
  -v, --version     show the version`;
