#!/usr/bin/env bash
# Debian packages Odoo needs at run time (PDF reports in Chinese) and, with --test, for browser tours.
source "$(dirname "$0")/lib.sh"
# fonts-arphic-uming: the notices' font (Noto CJK alone gives PDFs whose text reads as Kangxi radicals)
step "Debian packages for PDF reports (wkhtmltopdf, CJK fonts, pdftotext)"
pkgs=(wkhtmltopdf fonts-arphic-uming fonts-noto-cjk poppler-utils)
[ "${1:-}" = "--test" ] && pkgs+=(chromium)
apt_ensure "${pkgs[@]}"
if [ "${1:-}" = "--test" ]; then
  step "check chromium for browser tours"
  command -v chromium >/dev/null || die "chromium is not on PATH: browser tours would be skipped"
fi
