#!/usr/bin/env bash
# Makes node_modules/ hold what package-lock.json pins: the AWS CDK CLI and the Node.js it supports (the npm
# package `node`, whose install puts that Node.js in node_modules/.bin). Runs `npm ci` (the npm registry) only
# when node_modules is missing or differs from the lock file. The build runs it before the CDK tests, which run
# with node_modules/.bin first on the PATH; .ci/run and `npx cdk` rely on the same directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# npm records what it installed in node_modules/.package-lock.json; the integrity hashes name the exact packages.
hashes() { grep -o '"integrity": "[^"]*"' "$1" 2>/dev/null | sort; }
pinned_node="$(sed -n '/"node_modules\/node"/,/}/s/.*"version": "\([^"]*\)".*/\1/p' package-lock.json | head -n 1)"
current() {
  [ -f node_modules/.package-lock.json ] && [ "$(hashes package-lock.json)" = "$(hashes node_modules/.package-lock.json)" ] \
    && [ "$(node_modules/.bin/node --version 2>/dev/null)" = "v$pinned_node" ]
}

current && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: the CDK tests need the Node.js $pinned_node and CDK CLI that package-lock.json pins, which npm" \
       "installs. Install Node.js 20.17+ with npm (Debian: apt-get install nodejs npm) and build again, or run: npm ci" >&2
  exit 1
fi
echo "node_modules is missing or differs from package-lock.json: npm ci (CDK CLI and Node.js $pinned_node)" >&2
npm ci --no-audit --no-fund >&2
if ! current; then
  echo "after npm ci, node_modules/.bin/node is $(node_modules/.bin/node --version 2>&1 || true), not v$pinned_node as" \
       "package-lock.json pins; was it run with --ignore-scripts? Run npm ci without it" >&2
  exit 1
fi
