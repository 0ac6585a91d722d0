#!/usr/bin/env bash
# Runs PyAthena's own test suite, unmodified, against `athenaq serve`.
#
#   PYATHENA_SRC=/path/to/PyAthena bash .ci/pyathena.sh [pytest args...]
#
# PYATHENA_SRC is a PyAthena source tree (github.com/pyathena-dev/PyAthena).
# The script builds athenaq, starts `athenaq serve` on a free loopback port
# with the work groups PyAthena's tests/__init__.py asks for, points boto3 at
# it (AWS_ENDPOINT_URL) and runs pytest over tests/pyathena. It then prints
# pass, fail, error and skip counts per test file, and marks the failures that
# a missing Python package explains.
#
# python3 must import boto3. The other packages the suite needs (pytest,
# tenacity, fsspec, and optionally pandas and SQLAlchemy) are taken from
# Debian's python3-* packages when python3 lacks them: they are installed
# with apt-get and added after python3's own site-packages, so its boto3
# stays the one used.
#
# Environment: PYATHENA_SRC (required), PYTHON (default python3),
# PYATHENA_TIMEOUT (seconds for the whole pytest run, default 1800),
# PYATHENA_REPORT (where the JUnit XML goes; default a temporary file).
# Exit status: 0 when the run completed (whatever the counts), 1 when it
# could not run.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${PYATHENA_SRC:?set PYATHENA_SRC to a PyAthena source tree (git clone https://github.com/pyathena-dev/PyAthena)}"
[ -d "$PYATHENA_SRC/pyathena" ] && [ -d "$PYATHENA_SRC/tests/pyathena" ] || {
  echo "pyathena.sh: $PYATHENA_SRC is not a PyAthena source tree (no pyathena/ and tests/pyathena/)" >&2
  exit 1
}
PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import boto3' 2>/dev/null || {
  echo "pyathena.sh: $PYTHON cannot import boto3 (install boto3 >= 1.41 for it)" >&2
  exit 1
}

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Python packages: whatever python3 lacks comes from Debian's dist-packages,
# appended (not prepended) to sys.path by a sitecustomize module.
need=() extra_site=
for pair in pytest:python3-pytest tenacity:python3-tenacity fsspec:python3-fsspec \
  pytest_asyncio:python3-pytest-asyncio pandas:python3-pandas sqlalchemy:python3-sqlalchemy; do
  mod=${pair%%:*} deb=${pair#*:}
  "$PYTHON" -c "import $mod" 2>/dev/null || need+=("$deb")
done
if [ ${#need[@]} -gt 0 ]; then
  missing=()
  for deb in "${need[@]}"; do dpkg -s "$deb" >/dev/null 2>&1 || missing+=("$deb"); done
  if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
    echo "pyathena.sh: installing ${missing[*]}"
    if ! { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >"$work/apt.log" 2>&1; then
      echo "pyathena.sh: apt-get failed; running with what is there:"
      tail -3 "$work/apt.log"
    fi
  fi
  extra_site=/usr/lib/python3/dist-packages
fi
# The site dir also stands in for installing PyAthena (its entry points).
"$PYTHON" .ci/pyathena_site.py "$PYATHENA_SRC" "$work/site" ${extra_site:-}
export PYTHONPATH="$work/site${PYTHONPATH:+:$PYTHONPATH}"
"$PYTHON" -c 'import pytest, tenacity, fsspec' || {
  echo "pyathena.sh: $PYTHON cannot import pytest, tenacity and fsspec" >&2
  exit 1
}

echo "pyathena.sh: building athenaq"
go build -o "$work/athenaq" ./cmd/athenaq

bucket=pyathena-test
staging="s3://$bucket/staging/"
"$work/athenaq" serve --addr 127.0.0.1:0 --data-dir "$work/data" \
  --output-location "$staging" \
  --workgroup "athenaq-test:output=$staging" \
  --workgroup "athenaq-managed:managed=true" \
  --spark-workgroup athenaq-spark >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
endpoint=
for _ in $(seq 1 200); do
  endpoint=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/serve.out" | head -1)
  [ -n "$endpoint" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$endpoint" ] || { echo "pyathena.sh: athenaq serve did not start" >&2; cat "$work/serve.err" >&2; exit 1; }
echo "pyathena.sh: athenaq serve at $endpoint"

export AWS_ENDPOINT_URL=$endpoint
export AWS_ACCESS_KEY_ID=athenaq AWS_SECRET_ACCESS_KEY=athenaq
unset AWS_SESSION_TOKEN AWS_PROFILE
export AWS_DEFAULT_REGION=us-west-2 AWS_REGION=us-west-2
export AWS_ATHENA_S3_STAGING_DIR=$staging
export AWS_ATHENA_WORKGROUP=athenaq-test
export AWS_ATHENA_SPARK_WORKGROUP=athenaq-spark
export AWS_ATHENA_MANAGED_WORKGROUP=athenaq-managed
"$PYTHON" - "$endpoint" "$bucket" <<'EOF'
import sys, boto3
boto3.client("s3", endpoint_url=sys.argv[1]).create_bucket(Bucket=sys.argv[2])
EOF

report=${PYATHENA_REPORT:-$work/junit.xml}
echo "pyathena.sh: running PyAthena's tests (pytest $*)"
set +e
(cd "$PYATHENA_SRC" && PYTHONPATH="$PYATHENA_SRC${PYTHONPATH:+:$PYTHONPATH}" \
  timeout "${PYATHENA_TIMEOUT:-1800}" "$PYTHON" -m pytest -q -p no:cacheprovider \
  -o addopts= -o junit_family=xunit1 --junitxml="$report" --continue-on-collection-errors \
  "${@:-tests/pyathena}") >"$work/pytest.log" 2>&1
rc=$?
set -e
tail -5 "$work/pytest.log"
[ -s "$report" ] || { echo "pyathena.sh: pytest wrote no report (exit $rc)"; tail -40 "$work/pytest.log"; exit 1; }
"$PYTHON" "$(dirname "$0")/pyathena_report.py" "$report"
echo "pyathena.sh: pytest exit status $rc"
