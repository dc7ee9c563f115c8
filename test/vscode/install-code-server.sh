#!/bin/sh
# Installs code-server (a VS Code server + web workbench from the npm registry) into a git-ignored cache folder, so the
# integration and UI tests run inside a real VS Code extension host without downloading VS Code itself.
# 4.100.3 carries VS Code 1.100.3: the newest release whose engines accept Node 20 (matches engines.vscode ^1.100.0).
# Needs: g++ make python3 libkrb5-dev pkg-config (native modules compile from source).
set -eu
VERSION=4.100.3
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEST="${CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server-$VERSION}"
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"
if [ -f "$DEST/.installed" ] && [ -f "$ENTRY" ]; then
  echo "code-server $VERSION already installed in $DEST"
  exit 0
fi
say() { echo "[install code-server] $*"; }
# The first install takes minutes and npm prints little while it works: say what happens, and keep a pulse going.
START=$(date +%s)
( while sleep 20; do say "... still working ($(( $(date +%s) - START )) s so far)"; done ) &
PULSE=$!
trap 'kill $PULSE 2>/dev/null' EXIT
say "first use: installing code-server $VERSION into $DEST (about 5 minutes; later starts skip this)"
mkdir -p "$DEST"
cd "$DEST"
[ -f package.json ] || echo '{"name":"code-server-cache","private":true}' > package.json
export npm_config_yes=true npm_config_audit=false npm_config_fund=false
# Without scripts first: code-server's postinstall would fetch ripgrep from GitHub, which this network cannot reach.
say "1/4 downloading code-server $VERSION from the npm registry"
npm install --no-save --ignore-scripts "code-server@$VERSION"
cd node_modules/code-server/lib/vscode
say "2/4 installing the VS Code server's own packages"
npm install --omit=dev --ignore-scripts
say "3/4 adding ripgrep from its npm package"
# Seed ripgrep from its npm-hosted platform package so @vscode/ripgrep's postinstall has nothing to download.
RG_TMP=$(mktemp -d)
(cd "$RG_TMP" && npm pack --silent @vscode/ripgrep-linux-x64@1.18.0 >/dev/null && tar xzf vscode-ripgrep-linux-x64-1.18.0.tgz)
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$RG_TMP/package/bin/rg" node_modules/@vscode/ripgrep/bin/rg
rm -rf "$RG_TMP"
say "4/4 compiling native modules (g++; the longest step)"
# npm notes that code-server's native modules have install scripts "not yet covered by allowScripts": this cache is
# not our package, and these rebuilds are exactly those scripts, run on purpose.
npm rebuild
cd "$DEST"
# code-server's own postinstall refuses to run as root unless npm_config_unsafe_perm is set (a check from older npm);
# current npm does not know that setting and prints "Unknown env config unsafe-perm": expected, and harmless.
npm_config_unsafe_perm=true npm rebuild
XDG_CONFIG_HOME="$DEST/.xdg" XDG_DATA_HOME="$DEST/.xdg" node "$ENTRY" --version | tail -1
touch "$DEST/.installed"
say "done in $(( $(date +%s) - START )) s"
