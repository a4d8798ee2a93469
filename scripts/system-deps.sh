#!/usr/bin/env bash
# Install and start what the tests need from Debian's packages, when it is missing:
# PostgreSQL (used if it already answers on 127.0.0.1:5432), Chromium for the browser
# tests, espeak-ng/ffmpeg for audio, poppler-utils for PDF text checks, openssl for a local TSA.
set -euo pipefail

need=()
command -v espeak-ng >/dev/null || need+=(espeak-ng)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v sox >/dev/null || need+=(sox)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v openssl >/dev/null || need+=(openssl)  # the evidence tests' local RFC 3161 TSA (openssl ts)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pg_isready >/dev/null || need+=(postgresql postgresql-client)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
if [ ${#need[@]} -gt 0 ]; then
  echo "system-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# PostgreSQL on loopback: use the running server, else start Debian's cluster.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "system-deps: starting PostgreSQL on 127.0.0.1:5432"
  ver=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  if [ -z "$ver" ]; then
    ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
    $SUDO pg_createcluster "$ver" main -- --auth=trust >/dev/null
  fi
  conf="/etc/postgresql/$ver/main"
  grep -q "^listen_addresses = '127.0.0.1'" "$conf/postgresql.conf" || \
    echo "listen_addresses = '127.0.0.1'" | $SUDO tee -a "$conf/postgresql.conf" >/dev/null
  if ! grep -q "^host all all 127.0.0.1/32 trust" "$conf/pg_hba.conf"; then
    printf 'host all all 127.0.0.1/32 trust\nlocal all all trust\n' | $SUDO tee "$conf/pg_hba.conf.new" >/dev/null
    $SUDO sh -c "cat '$conf/pg_hba.conf' >> '$conf/pg_hba.conf.new' && mv '$conf/pg_hba.conf.new' '$conf/pg_hba.conf'"
  fi
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" main start || $SUDO pg_ctlcluster "$ver" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 || \
    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null
fi
pg_isready -h 127.0.0.1 -p 5432
