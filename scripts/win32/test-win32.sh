#!/usr/bin/env bash
# npm run test:win32 — the Windows data source against a real iphlpapi: Wine's, on Linux.
#
# Sets up (idempotently, cached outside the repo: see wine-env.sh) wine64, a private prefix,
# node.exe and koffi's Windows binary; then, inside a private network namespace with its own
# wineserver (outside one, Wine's per-row PID lookup takes seconds on a busy machine):
#   1. native-bridge/win32/testing/wine-selftest.ts under node.exe: its own listener and client sockets
#      (one half-closed), checked through the source and all seven table calls, with its own PID and
#      user; closing a connection (SetTcpEntry, a stub in Wine): the suite requires the selftest's
#      "the OS accepted the request but the connection is still open";
#   2. `node bin/sockscope list --json` under node.exe, compared with `ss -tanH`, for sockets a
#      Linux process made (scripts/win32/linux-sockets.mjs), one pair of them on a link-local
#      address of an interface in the namespace (a dummy one; a veth pair where the kernel has no
#      dummy driver), whose scope ids are checked against ss and the interface index;
#   3. `node bin/sockscope dump-raw DIR` under node.exe, each file decoded by Linux node
#      (`bin/sockscope decode`), compared with ss; and a malformed file: exit 2 with one line.
# Both Wine runs go through the shipped entry point (bin/sockscope → out/main/cli.js and its lazily
# imported chunks), so they test the CLI's own command table and error handling.
# Needs the built CLI (out/main/cli.js): built here if missing or older than a source file under
# main/ or native-bridge/, or always with SOCKSCOPE_WINE_BUILD=1.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=wine-env.sh
source "$HERE/wine-env.sh"

if [ "${1:-}" != "--inside" ]; then
  wine_setup
  stale=
  if [ -f "$REPO/out/main/cli.js" ]; then
    stale=$(cd "$REPO" && find main native-bridge -name '*.ts' ! -name '*.test.ts' -newer out/main/cli.js -print -quit)
  fi
  if [ ! -f "$REPO/out/main/cli.js" ] || [ -n "$stale" ] || [ "${SOCKSCOPE_WINE_BUILD:-0}" = 1 ]; then
    log "building (electron-vite build)${stale:+: $stale is newer than out/main/cli.js}"
    (cd "$REPO" && npx electron-vite build >/dev/null) || { log "the build failed: see 'npx electron-vite build'"; exit 1; }
  fi
  wine_app_tree
  node "$HERE/bundle.mjs" "$APP"
  # A wineserver already running for this prefix would answer from the host's namespace.
  wineserver -k >/dev/null 2>&1 || true
  wineserver -w >/dev/null 2>&1 || true
  if [ "$(id -u)" = 0 ]; then ns=(-n); else ns=(-r -n); fi
  exec unshare "${ns[@]}" bash "${BASH_SOURCE[0]}" --inside
fi

# ---- inside the network namespace ----
ip link set lo up
# A link-local address on an interface of its own: its scope id is that interface's index.
LINK_LOCAL=fe80::5c:1
LINK_IF=sock0
if ip link add "$LINK_IF" type dummy 2>/dev/null; then
  link_kind="dummy interface"
else
  # This kernel has no dummy driver (CONFIG_DUMMY): one end of a veth pair serves the same way.
  ip link add "$LINK_IF" type veth peer name "${LINK_IF}p"
  ip link set "${LINK_IF}p" up
  link_kind="veth interface (no dummy driver in this kernel)"
fi
ip link set "$LINK_IF" up
ip -6 addr add "$LINK_LOCAL/64" dev "$LINK_IF" nodad
# (/sys/class/net is the host's here: unshare -n does not remount sysfs; ip asks this namespace.)
log "link-local $LINK_LOCAL on $link_kind $LINK_IF, interface index $(ip -o link show dev "$LINK_IF" | cut -d: -f1)"
WORK=$(mktemp -d "$CACHE/run.XXXXXX")
HELPER_PID=
cleanup() {
  if [ -n "$HELPER_PID" ]; then kill "$HELPER_PID" 2>/dev/null || true; fi
  wineserver -k >/dev/null 2>&1 || true
  if [ "${SOCKSCOPE_WINE_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
wineserver -p

failures=0
pass() { printf 'PASS %s\n' "$*"; }
fail() {
  printf 'FAIL %s\n' "$*"
  failures=$((failures + 1))
}

echo "== 1. the win32 source's own test under node.exe (Wine)"
if wine_node "$APP/wine-selftest.cjs" | tee "$WORK/selftest.out"; then pass "wine-selftest"; else fail "wine-selftest"; fi
# Wine's SetTcpEntry is a stub: NO_ERROR, and the connection stays. That is what must be reported.
CLOSE_MESSAGE="the OS accepted the request but the connection is still open"
if grep -q "^# close (SetTcpEntry) of .*: $CLOSE_MESSAGE\$" "$WORK/selftest.out"; then
  pass "close connection under Wine: '$CLOSE_MESSAGE'"
else
  fail "close connection under Wine: the selftest did not report '$CLOSE_MESSAGE'"
fi

echo "== 2. bin/sockscope list --json under node.exe vs ss -tanH (sockets of a Linux process)"
node "$HERE/linux-sockets.mjs" "$WORK/helper.json" --link-local "$LINK_LOCAL%$LINK_IF" &
HELPER_PID=$!
for _ in $(seq 100); do [ -f "$WORK/helper.json" ] && break; sleep 0.1; done
[ -f "$WORK/helper.json" ] || { fail "linux-sockets.mjs did not start"; exit 1; }

if wine "$NODE_EXE" "$APP/bin/sockscope" list --json >"$WORK/list.json" 2>"$WORK/list.err" </dev/null; then
  ss -tanH >"$WORK/ss.txt"
  if node "$HERE/compare-ss.mjs" "$WORK/ss.txt" "$WORK/helper.json" "$WORK/list.json"; then pass "list --json matches ss"; else fail "list --json vs ss"; fi
else
  cat "$WORK/list.err"
  fail "sockscope list --json under Wine"
fi

echo "== 3. bin/sockscope dump-raw under node.exe → bin/sockscope decode with Linux node, vs ss -tanH"
KINDS=(tcp-table2 tcp-owner-pid tcp-owner-module tcp6-table2 tcp6-table tcp6-owner-pid tcp6-owner-module)
DUMP_WIN=$(winepath -w "$WORK/dump" 2>/dev/null)
DECODE=(node "$REPO/bin/sockscope" decode)
if wine_node "$APP/bin/sockscope" dump-raw "$DUMP_WIN"; then
  node -e 'const m=require(process.argv[1]);for(const [k,t] of Object.entries(m.tables))console.log(`  ${k}: ${t.error ?? `${t.entries} rows, ${t.bytes} bytes`}`)' "$WORK/dump/manifest.json"
  decoded_ok=1
  for kind in "${KINDS[@]}"; do
    if ! "${DECODE[@]}" --table "$kind" "$WORK/dump/$kind.bin" >"$WORK/$kind.json"; then
      fail "decode --table $kind"
      decoded_ok=0
    fi
  done
  ss -tanH >"$WORK/ss2.txt"
  if [ $decoded_ok = 1 ] && node "$HERE/compare-ss.mjs" "$WORK/ss2.txt" "$WORK/helper.json" \
    --family ipv4 "$WORK/tcp-table2.json" "$WORK/tcp-owner-pid.json" "$WORK/tcp-owner-module.json" \
    --family ipv6 "$WORK/tcp6-table2.json" "$WORK/tcp6-table.json" "$WORK/tcp6-owner-pid.json" "$WORK/tcp6-owner-module.json"; then
    pass "dump-raw → decode matches ss for all seven tables"
  else
    fail "dump-raw → decode vs ss"
  fi

  # A malformed file: exit 2, one line on stderr, no stack.
  head -c 2 "$WORK/dump/tcp-table2.bin" >"$WORK/short.bin"
  printf '\x09\x00\x00\x00' >"$WORK/overrun.bin"
  for bad in short overrun; do
    rc=0
    "${DECODE[@]}" --table tcp-table2 "$WORK/$bad.bin" >"$WORK/$bad.out" 2>"$WORK/$bad.err" || rc=$?
    lines=$(wc -l <"$WORK/$bad.err")
    if [ "$rc" = 2 ] && [ "$lines" = 1 ] && ! grep -q '    at ' "$WORK/$bad.err" && [ ! -s "$WORK/$bad.out" ]; then
      pass "decode of a $bad file: exit 2, '$(cat "$WORK/$bad.err")'"
    else
      cat "$WORK/$bad.err"
      fail "decode of a $bad file: exit $rc, $lines stderr line(s)"
    fi
  done
else
  fail "bin/sockscope dump-raw under Wine"
fi

kill "$HELPER_PID" 2>/dev/null || true
wait "$HELPER_PID" 2>/dev/null || true
HELPER_PID=

if [ "$failures" = 0 ]; then
  echo "test:win32: all passed"
else
  echo "test:win32: $failures failure(s)"
  exit 1
fi
