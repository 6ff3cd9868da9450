#!/usr/bin/env bash
# Set-up and entry point in one: installs what is missing (Debian packages as root, a .venv, the
# project), then runs the command. A second run only checks and starts at once.
#   ./dev.sh run data/raw -o data/out     # kehoach run ...
#   ./dev.sh test [pytest args]            # the test suite
#   ./dev.sh kehoach ARGS...               # any kehoach command
set -euo pipefail
cd "$(dirname "$0")"

apt_missing=()
command -v tesseract >/dev/null 2>&1 || apt_missing+=(tesseract-ocr)
if ! { tesseract --list-langs 2>/dev/null | grep -qx vie; }; then apt_missing+=(tesseract-ocr-vie); fi
command -v pdftoppm >/dev/null 2>&1 || apt_missing+=(poppler-utils)
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || apt_missing+=(fonts-liberation2)
command -v python3 >/dev/null 2>&1 || apt_missing+=(python3)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || apt_missing+=(python3-venv)
# the report test opens the HTML report in a real headless browser
if [ "${1:-}" = test ]; then command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium); fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "dev.sh: missing Debian packages: ${apt_missing[*]}; run as root or: sudo apt-get install -y ${apt_missing[*]}" >&2
    exit 3
  fi
  echo "dev.sh: installing ${apt_missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >&2
fi

if [ ! -x .venv/bin/python ]; then
  echo "dev.sh: creating .venv" >&2
  python3 -m venv .venv
fi
stamp=.venv/.kehoach-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "dev.sh: installing kehoach and its dependencies into .venv" >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]" >&2
  touch "$stamp"
fi

cmd="${1:-help}"
[ $# -gt 0 ] && shift
case "$cmd" in
  run) exec .venv/bin/kehoach run "$@" ;;
  test) exec .venv/bin/python -m pytest "$@" ;;
  kehoach) exec .venv/bin/kehoach "$@" ;;
  *) echo "usage: ./dev.sh run INPUT... -o OUTDIR | ./dev.sh test [pytest args] | ./dev.sh kehoach ARGS..." >&2; exit 1 ;;
esac
