#!/usr/bin/env bash
# Installs the system packages the project needs when some are missing
# (Debian/Ubuntu, apt-get; sudo when not root). Quick and silent when all is
# there. Go modules, bin/minio and node_modules are handled by the Makefile.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

pg_server() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/postgres ]] || continue
    d=${d#/usr/lib/postgresql/}
    d=${d%/bin}
    [[ $d =~ ^[0-9]+$ ]] && ((d >= 15)) && return 0
  done
  return 1
}

missing=()
pg_server || missing+=(postgresql)
have psql || missing+=(postgresql-client)
{ have ffmpeg && have ffprobe; } || missing+=(ffmpeg)
have pdftoppm || missing+=(poppler-utils)
have chromium || missing+=(chromium)
have wrk || missing+=(wrk)
have curl || missing+=(curl)
have npm || missing+=(nodejs npm)
# The demo lecture is spoken by espeak-ng and its slides drawn in a CJK font.
have espeak-ng || missing+=(espeak-ng)
have fc-list || missing+=(fontconfig)
{ have fc-list && [[ -n $(fc-list :lang=zh 2>/dev/null) ]]; } || missing+=(fonts-droid-fallback)

if ! have go; then
  echo "deps: Go is not on PATH; install Go $(sed -n 's/^go //p' go.mod 2>/dev/null) from https://go.dev/dl/" >&2
  exit 1
fi

((${#missing[@]} == 0)) && exit 0

have apt-get || { echo "deps: missing ${missing[*]}; install them with your package manager" >&2; exit 1; }
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  have sudo || { echo "deps: missing ${missing[*]}; run as root or install sudo" >&2; exit 1; }
  sudo=(sudo)
fi
echo "deps: installing ${missing[*]}" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
