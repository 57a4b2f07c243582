#!/usr/bin/env bash
# Debian packages the project needs.
#   (no argument), for `make run`: only what the app runs on: Pango and a font for WeasyPrint.
#   test, for `make test`: also Chromium (browser tests), poppler-utils (PDFs read back), a Java
#     runtime for the Nu HTML Checker, npm to install the checker (vnu-jar) where Node is absent,
#     GNU gettext (xgettext, msgfmt) for makemessages and the pseudo-language test, and
#     docker-compose, which validates docker-compose.yml (there is no Docker engine to run it).
# Installs them when run as root; otherwise prints the one command that would.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [ "${1:-}" = "test" ]; then
  packages+=(chromium poppler-utils default-jre-headless gettext docker-compose)
  # A Node.js from elsewhere (with its own npm) is left alone: Debian's npm would replace it.
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system libraries (${missing[*]}); install them with your package manager." >&2
  exit 0
fi
cmd="apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = "0" ]; then
  echo "Installing system packages: ${missing[*]}"
  bash -c "$cmd" >/tmp/cwsp-apt.log 2>&1 || { tail -n 20 /tmp/cwsp-apt.log; exit 1; }
else
  echo "Missing system packages: ${missing[*]}. Install them with:" >&2
  echo "  sudo sh -c '$cmd'" >&2
fi
