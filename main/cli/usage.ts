export const USAGE = `Usage: sockscope <command> [options]

Commands:
  list [--json | --csv] [--resolve] [SOURCE]
                                          print every TCP connection and listener once
                                          (--resolve: with host and service names)
  watch [--json] [--interval MS] [SOURCE] print connection events as they happen (NDJSON with --json)
  serve [--host H] [--port N] [--interval MS] [--allow-actions] [--no-resolve] [SOURCE]
                                          run the monitor headless and serve the UI to a browser
                                          (default 127.0.0.1:7878; --port 0 picks a free port);
                                          read-only unless --allow-actions lets it close
                                          connections and end processes; --no-resolve: start
                                          without looking up host names
  close LOCAL REMOTE [SOURCE]             close the connection with these endpoints, written as
                                          list prints them: 127.0.0.1:8080, [::1]:8080,
                                          [fe80::1%2]:22 (Linux: needs root / CAP_NET_ADMIN)
  decode --table KIND FILE                decode a raw Windows TCP table buffer to JSON rows
  dump-raw DIR                            (Windows) write the raw TCP table buffers to DIR

SOURCE (Linux):
  --proc            read /proc/net/tcp{,6} instead of netlink sock_diag
  --proc-root DIR   where procfs is mounted (default /proc), e.g. a host's /proc in a container

Options:
  --interval MS     poll interval in ms (default 1000): serve 250 to 10000, watch 50 to 3600000
  -h, --help        show this help
  -v, --version     show the version`;
