#!/usr/bin/env bash
# perfgate's one entry point on a fresh machine (Node 20 + npm + Go + apt, as root):
#   ./dev.sh <pnpm script> [args...]     e.g. ./dev.sh simulate all | ./dev.sh test | ./dev.sh doctor
# Each run makes sure pnpm, the dependencies, the build and the toolchain (Docker engine,
# act, runner image) are in place (fast when they already are), then runs `pnpm run <script>`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD
LOGS="${PERFGATE_HOME:-$ROOT/.perfgate}/dev-logs"

export COREPACK_INTEGRITY_KEYS=0 COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

die() {
  printf 'dev.sh: %s\n' "$*" >&2
  exit 1
}

# run_step <title> <command...>: output goes to a log; on failure show its tail and stop.
run_step() {
  local title=$1
  shift
  local log
  log="$LOGS/$(printf '%s' "$title" | tr -c 'a-zA-Z0-9' '-').log"
  local started=$SECONDS
  printf '==> %s ... ' "$title"
  if "$@" </dev/null >"$log" 2>&1; then
    printf 'ok (%ss)\n' "$((SECONDS - started))"
  else
    local rc=$?
    printf 'FAILED (exit %s)\n' "$rc"
    printf -- '--- last lines of %s ---\n' "$log" >&2
    tail -n 40 "$log" >&2
    die "step '$title' failed (exit $rc); full log: $log"
  fi
}

if [[ $# -eq 0 || $1 == -h || $1 == --help ]]; then
  cat <<'USAGE'
usage: ./dev.sh <pnpm script> [args...]
  ./dev.sh simulate all   replay the perfgate workflow through act against the mock GitHub
  ./dev.sh test           run every package's tests (what CI runs)
  ./dev.sh doctor         show the state of Node, pnpm, Docker engine, act, runner image, Go
USAGE
  [[ $# -eq 0 ]] && exit 2 || exit 0
fi

command -v node >/dev/null || die "Node.js is not installed. Install Node 20 (https://nodejs.org/en/download), then run ./dev.sh again."
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  die "Node $(node --version) is too old; perfgate needs Node 20 or newer."
mkdir -p "$LOGS"

PNPM_VERSION=$(node -p 'require("./package.json").packageManager.split("@")[1]')

pnpm_works() {
  command -v pnpm >/dev/null && pnpm --version >/dev/null 2>&1
}

install_pnpm() {
  # corepack ships with Node 20 and picks the version pinned in package.json's packageManager.
  if command -v corepack >/dev/null && corepack enable pnpm && pnpm --version; then
    return 0
  fi
  echo "corepack could not provide pnpm; installing pnpm@$PNPM_VERSION with npm"
  command -v npm >/dev/null || { echo "npm is not installed either"; return 1; }
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" && hash -r && pnpm --version
}

if ! pnpm_works; then
  run_step "pnpm $PNPM_VERSION" install_pnpm
  hash -r
  pnpm_works || die "pnpm is still not on PATH after installing it; add npm's global bin ($(npm prefix -g 2>/dev/null)/bin) to PATH."
fi

run_step "pnpm install" pnpm install --frozen-lockfile --config.confirmModulesPurge=false --reporter=append-only
run_step "pnpm build" pnpm run build
# The toolchain step shows its progress lines live: a cold run builds act and the runner image.
echo "==> toolchain (Docker engine, act, runner image)"
pnpm --silent run toolchain </dev/null || die "step 'toolchain' failed (see the message above; \`./dev.sh doctor\` shows every part)."

[[ $1 == toolchain ]] && exit 0
exec pnpm --silent run "$@"
