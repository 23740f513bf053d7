#!/usr/bin/env bash
# Debian packages the build and tests need beyond Python: Chromium (browser tests), poppler
# (reading the PDF back) and the fonts the PDF is set in (Charis SIL, DejaVu for what it lacks,
# Noto for Urdu and Arabic titles). Installs them when run as root on Debian; otherwise says in
# one line what to install and fails.
set -euo pipefail
packages=(chromium poppler-utils fonts-sil-charis fonts-dejavu-core fonts-noto-core)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: run 'sudo apt-get install ${missing[*]}' and try again." >&2
  exit 1
fi
