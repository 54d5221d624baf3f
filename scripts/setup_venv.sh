#!/usr/bin/env bash
# Create .venv (Python 3.11) with Odoo's pinned dependencies, the OCA wheels and the test tools,
# and make Debian's extracted Odoo importable through a .pth file.
source "$(dirname "$0")/lib.sh"

STAMP="$VENV/.installed"
want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-oca.txt" | sha1sum | cut -c1-12)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && "$PY" -c "import odoo.release" 2>/dev/null; then
  echo "virtualenv up to date ($VENV)"; exit 0
fi

step "system libraries the Python packages build against"
apt_ensure python3-dev libpq-dev libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev libmagic1 build-essential

step "create the virtualenv"
PYTHON311=$(command -v python3.11 || true)
[ -n "$PYTHON311" ] || { apt_ensure python3.11 python3.11-venv; PYTHON311=$(command -v python3.11); }
[ -x "$PY" ] || "$PYTHON311" -m venv "$VENV"
venv_pip install -q --upgrade "pip<26" wheel "setuptools<81"

step "link Debian's Odoo tree into the virtualenv"
[ -d "$ODOO_PY/odoo" ] || die "Odoo is not extracted yet: run scripts/fetch_odoo.sh"
site=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$ODOO_PY" > "$site/odoo-debian.pth"

step "install Odoo's pinned Python dependencies and the test tools"
venv_pip install -q -r "$ROOT/requirements.txt" || die "pip install -r requirements.txt failed"

step "install the OCA addons (constrained by the pins)"
venv_pip install -q -r "$ROOT/requirements-oca.txt" -c "$ROOT/requirements.txt" \
  || die "pip install of the OCA wheels failed"

step "check the result"
ver=$("$PY" -c "import odoo.release; print(odoo.release.series)")
[ "$ver" = "19.0" ] || die "odoo.release.series is '$ver', expected 19.0"
"$PY" -m pip list 2>/dev/null | grep -E '^odoo +19\.0' >/dev/null || die "pip list does not show odoo 19.0"
echo "$want" > "$STAMP"
echo "virtualenv ready: odoo $ver"
