#!/usr/bin/env bash
# Download Debian's odoo-19 package (Architecture: all) and the JS/font packages its web assets
# link to, with a private apt state, and extract them into .odoo/root. Never touches the system.
source "$(dirname "$0")/lib.sh"

ODOO_PKG=odoo-19
ODOO_SUITES=(sid forky experimental)
ASSET_PKGS=(libjs-jquery libjs-underscore libjs-jquery-form fonts-font-awesome fonts-inconsolata
            fonts-ocr-b fonts-roboto-unhinted)
NEWER_ASSET_PKGS=(fonts-montserrat)   # not in bookworm
APT_STATE="$ODOO_DIR/apt"
DEBS="$ODOO_DIR/debs"
STAMP="$ODOO_DIR/.extracted"

if [ -f "$STAMP" ] && [ -d "$ODOO_PY/odoo" ]; then
  echo "Odoo already extracted in $ODOO_ROOT ($(cat "$STAMP"))"
  exit 0
fi

step "read the Debian mirror from this machine's apt sources"
mirror_uri() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 stanzas: take the URIs of a stanza whose suites are not *-security / *-updates
    uri=$(awk 'BEGIN{RS=""} /Types:[^\n]*deb/ && $0 !~ /Suites:[^\n]*-security/ {
                 if (match($0, /URIs:[ \t]*[^ \t\n]+/)) { s=substr($0,RSTART,RLENGTH); sub(/URIs:[ \t]*/,"",s); print s; exit } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri=$(awk '$1=="deb" && $0 !~ /security/ { for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
}
MIRROR=$(mirror_uri)
[ -n "$MIRROR" ] || die "no Debian mirror found in /etc/apt/sources.list{,.d}"
HOST_SUITE=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
echo "mirror: $MIRROR  host suite: $HOST_SUITE"

step "private apt state for $HOST_SUITE and ${ODOO_SUITES[*]}"
mkdir -p "$APT_STATE/lists/partial" "$APT_STATE/cache/archives/partial" "$DEBS"
: > "$APT_STATE/sources.list"
for s in "$HOST_SUITE" "${ODOO_SUITES[@]}"; do
  echo "deb [signed-by=$KEYRING] $MIRROR $s main" >> "$APT_STATE/sources.list"
done
APT_OPTS=(-o Dir::State::Lists="$APT_STATE/lists" -o Dir::Etc::SourceList="$APT_STATE/sources.list"
          -o Dir::Etc::SourceParts=/dev/null -o Dir::Cache="$APT_STATE/cache"
          -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
          -o APT::Sandbox::User=root -o Debug::NoLocking=1)
if [ -z "$(find "$APT_STATE/lists" -name '*_Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
  apt-get "${APT_OPTS[@]}" update -qq || die "apt-get update against $MIRROR failed"
fi

step "download $ODOO_PKG and the packages its assets link to"
dl() { # dl PKG SUITE...
  local pkg=$1; shift
  ls "$DEBS/${pkg}_"*.deb >/dev/null 2>&1 && return 0
  for s in "$@"; do
    if (cd "$DEBS" && apt-get "${APT_OPTS[@]}" download -qq "$pkg/$s" 2>/dev/null); then
      echo "  $pkg from $s"; return 0
    fi
  done
  die "package $pkg not found in suites: $*"
}
dl "$ODOO_PKG" "${ODOO_SUITES[@]}"
for p in "${ASSET_PKGS[@]}"; do dl "$p" "$HOST_SUITE" "${ODOO_SUITES[@]}"; done
for p in "${NEWER_ASSET_PKGS[@]}"; do dl "$p" "${ODOO_SUITES[@]}"; done

step "extract with dpkg-deb -x into $ODOO_ROOT"
rm -rf "$ODOO_ROOT.tmp"; mkdir -p "$ODOO_ROOT.tmp"
for d in "$DEBS"/*.deb; do dpkg-deb -x "$d" "$ODOO_ROOT.tmp"; done

step "restore selfie_segmentation.js (dropped by Debian's repack, needed by the web client)"
SEG_DIR="$ODOO_ROOT.tmp/usr/lib/python3/dist-packages/odoo/addons/mail/static/lib/selfie_segmentation"
if [ ! -f "$SEG_DIR/selfie_segmentation.js" ]; then
  command -v npm >/dev/null || apt_ensure npm
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @mediapipe/selfie_segmentation@0.1.1675465747 >/dev/null) \
    || die "npm pack @mediapipe/selfie_segmentation failed"
  tar -xzf "$tmp"/mediapipe-selfie_segmentation-*.tgz -C "$tmp"
  mkdir -p "$SEG_DIR"; cp "$tmp/package/selfie_segmentation.js" "$SEG_DIR/"
  rm -rf "$tmp"
fi

step "check that no symlink under the Odoo tree is broken"
# Debian's links are absolute (/usr/share/...): rewrite them relative, into our own root
while IFS= read -r l; do
  [ -n "$l" ] || continue
  link=${l%% -> *}; target=${l#* -> }
  if [ -e "$ODOO_ROOT.tmp$target" ]; then ln -sfnr "$ODOO_ROOT.tmp$target" "$link"; fi
done <<< "$(find "$ODOO_ROOT.tmp/usr/lib/python3/dist-packages/odoo" -type l -lname '/*' -printf '%p -> %l\n')"
rm -rf "$ODOO_ROOT"; mv "$ODOO_ROOT.tmp" "$ODOO_ROOT"
broken=$(find "$ODOO_PY/odoo" -xtype l -printf '%p -> %l\n')
if [ -n "$broken" ]; then
  echo "$broken" | head -20
  die "$(echo "$broken" | wc -l) broken symlink(s) under the Odoo tree"
fi
echo "$(ls "$DEBS" | grep '^odoo-19_')" > "$STAMP"
echo "Odoo extracted: $(cat "$STAMP")"
