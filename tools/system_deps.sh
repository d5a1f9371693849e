#!/usr/bin/env bash
# Installs the Debian packages the tests need (a PostgreSQL server, Chromium for browser
# tests, Pango for the report's PDF) when they are missing. Needs root; without root it
# says what is missing and the tests that need it are skipped with that reason.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-dejavu-core)
# WeasyPrint (the report's PDF) draws text with Pango. grep reads all of ldconfig's output
# (no -q): under pipefail an early exit would fail the pipe and report Pango missing.
ldconfig -p 2>/dev/null | grep 'libpangoft2-1.0.so.0' >/dev/null \
  || missing+=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
# nginx for the test of the reference deployment (two app processes behind it).
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "note: missing system packages: ${missing[*]} (run as root to install); their tests are skipped" >&2
  exit 0
fi
echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
