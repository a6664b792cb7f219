#!/usr/bin/env bash
# scripts/install.sh: install SCPM Edge on this machine from a source checkout
# (a development box), the same way as on an office machine: it builds the
# Debian package (npm run package) and installs it with apt, which brings in
# its dependencies and Recommends and runs the same maintainer scripts
# (users, /etc/scpm-edge, units enabled and started where systemd runs).
# Usage: sudo scripts/install.sh [--no-recommends]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (sudo scripts/install.sh): it installs a Debian package" >&2
  exit 1
fi
command -v node >/dev/null || { echo "install.sh: node is missing; see docs/install.md (Node.js 20.19 or later, major 20)" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" != 20 ]; then
  echo "install.sh: this package is built for Node.js 20 (better-sqlite3's addon is tied to its ABI); found $(node --version)" >&2
  exit 1
fi

recommends=--install-recommends
[ "${1:-}" = --no-recommends ] && recommends=--no-install-recommends

[ -d node_modules ] || npm ci
npm run package --silent
version=$(node -p 'require("./package.json").version')
deb="artifacts/scpm-edge_${version}_$(dpkg --print-architecture).deb"
# apt resolves Depends and Recommends for a local file given with a path.
DEBIAN_FRONTEND=noninteractive apt-get install -y "$recommends" "./$deb"
echo "install.sh: installed $deb; config in /etc/scpm-edge/office.yaml (check it: scpm-edge check-config)"
