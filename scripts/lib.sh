# Shared helpers for the setup scripts (sourced, not executed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_DIR="$ROOT/.odoo"
ODOO_ROOT="$ODOO_DIR/root"
ODOO_PY="$ODOO_ROOT/usr/lib/python3/dist-packages"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

step() { CURRENT_STEP="$1"; printf '\n==> %s\n' "$1"; }
die() { printf '\nFAILED in step "%s": %s\n' "${CURRENT_STEP:-?}" "$*" >&2; exit 1; }
trap 'rc=$?; [ $rc -ne 0 ] && printf "\nFAILED in step \"%s\" (exit %s). Fix the cause and rerun: finished steps are skipped.\n" "${CURRENT_STEP:-?}" "$rc" >&2' EXIT

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Install Debian packages that are missing (dpkg-query decides, so a rerun is a no-op).
apt_ensure() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

# pip in the venv, without the noise of this machine's missing local find-links folders.
venv_pip() { "$PY" -m pip "$@" 2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2); }
