#!/usr/bin/env bash
# make demo: migrate, load regions and demo data, start the task worker, serve with gunicorn.
set -euo pipefail
BIN=${1:-.venv/bin}
HOST=${2:-127.0.0.1}
PORT=${3:-8000}
mkdir -p var

# A local demo over plain HTTP: a generated, persistent secret key and non-Secure cookies.
if [ -z "${SECRET_KEY:-}" ]; then
    if [ ! -s var/secret_key ]; then
        (umask 077; "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key)
    fi
    SECRET_KEY=$(cat var/secret_key)
    export SECRET_KEY
fi
export SECURE_COOKIES=${SECURE_COOKIES:-false}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost,$HOST}

"$BIN/lindung" migrate --no-input
"$BIN/lindung" load_regions
"$BIN/lindung" load_parameters
"$BIN/lindung" demo load
"$BIN/lindung" collectstatic --no-input --verbosity 0

"$BIN/lindung" db_worker --no-reload &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

echo
echo "Lindung is running at http://$HOST:$PORT (Ctrl+C stops the server and the task worker)."
"$BIN/lindung" demo credentials
echo
"$BIN/gunicorn" lindung.wsgi:application --bind "$HOST:$PORT" --workers 2 --threads 4 \
    --access-logfile - --graceful-timeout 10
