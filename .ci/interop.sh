#!/usr/bin/env bash
# Interop: Debian's awscli and boto3 (clients we did not write) drive `athenaq serve`
# over HTTP: Athena start/get/results and S3 cp, and the bytes of the result
# file are checked.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/aws ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq awscli >/dev/null
fi
AWS=/usr/bin/aws # a pyenv shim may shadow Debian's aws on PATH
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""

work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/athenaq" ./cmd/athenaq
# Port 0: the server picks a free port and prints its URL.
"$work/athenaq" serve --addr 127.0.0.1:0 --data-dir "$work/data" >"$work/serve.log" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 600); do
  url=$(sed -n 's/^athenaq: local Athena and S3 listening on //p' "$work/serve.log")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$url" ] || { echo "interop: athenaq serve did not start"; cat "$work/serve.log"; exit 1; }

aws() { "$AWS" --endpoint-url "$url" "$@"; }
fail() { echo "interop: $*"; echo "--- serve log"; cat "$work/serve.log"; exit 1; }

# S3: a bucket, a CSV table file.
aws s3 mb s3://interop >/dev/null
printf '1,alpha\n2,beta\n3,\n4,\\N\n' > "$work/t.csv"
aws s3 cp "$work/t.csv" s3://interop/data/t/t.csv >/dev/null

run_query() { # SQL -> query id, after it succeeds
  local id state
  id=$(aws athena start-query-execution --query-string "$1" \
        --result-configuration OutputLocation=s3://interop/results/ --query QueryExecutionId --output text)
  for _ in $(seq 1 200); do
    state=$(aws athena get-query-execution --query-execution-id "$id" --query QueryExecution.Status.State --output text)
    case "$state" in SUCCEEDED) echo "$id"; return 0;; FAILED|CANCELLED)
      aws athena get-query-execution --query-execution-id "$id" >&2; fail "query $1 ended $state";; esac
    sleep 0.1
  done
  fail "query $1 did not finish"
}

run_query "CREATE EXTERNAL TABLE t (n int, s string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://interop/data/t/'" >/dev/null
id=$(run_query "SELECT n, s, n * 2 FROM t ORDER BY n")

# JMESPath drops the NULL datum; the CSV check below tells NULL from "".
rows=$(aws athena get-query-results --query-execution-id "$id" --query 'ResultSet.Rows[].Data[].VarCharValue' --output text | tr '\t' ' ')
[ "$rows" = "n s _col2 1 alpha 2 2 beta 4 3  6 4 8" ] || fail "unexpected rows: $rows"
type=$(aws athena get-query-results --query-execution-id "$id" --query 'ResultSet.ResultSetMetadata.ColumnInfo[0].Type' --output text)
[ "$type" = "integer" ] || fail "ColumnInfo type: $type"

aws s3 cp "s3://interop/results/$id.csv" "$work/result.csv" >/dev/null
printf '"n","s","_col2"\n"1","alpha","2"\n"2","beta","4"\n"3","","6"\n"4",,"8"\n' > "$work/want.csv"
cmp "$work/result.csv" "$work/want.csv" || { od -c "$work/result.csv" | head; fail "result CSV bytes differ"; }

# Paging through the CLI's paginator: 2500 rows in pages of 1000.
id=$(run_query "SELECT range AS x FROM range(1, 2501)")
# The CLI follows NextToken itself and prints one count per page.
count=$(aws athena get-query-results --query-execution-id "$id" --query 'length(ResultSet.Rows)' --output text | awk '{s += $1} END {print s}')
pages=$(aws athena get-query-results --query-execution-id "$id" --query 'length(ResultSet.Rows)' --output text | wc -l)
[ "$pages" = "3" ] || fail "pages: $pages (want 3 of at most 1000 rows)"
[ "$count" = "2501" ] || fail "paged row count: $count (want 2501 with the header)"

# An error from the service reaches the CLI as Athena's error.
if out=$(aws athena get-query-execution --query-execution-id 00000000-0000-4000-8000-000000000000 2>&1); then
  fail "unknown id accepted"
fi
echo "$out" | grep -q "InvalidRequestException" || fail "unknown id: $out"

echo "interop: awscli $("$AWS" --version 2>&1 | cut -d' ' -f1) against athenaq serve: OK"

# boto3 (with response checksum validation) against the same server.
py=$(command -v python3 || true)
if [ -n "$py" ] && "$py" -c 'import boto3' 2>/dev/null; then
  "$py" .ci/boto3_interop.py "$url" || fail "boto3 interop failed"
else
  echo "interop: boto3 skipped: python3 with boto3 not found"
fi
