"""Runs one bench measurement with PyAthena against the athenaq emulator.

Usage: python3 pyathena_driver.py CURSOR SCENARIO N
  CURSOR   cursor (Cursor), async (AsyncCursor, a thread pool) or aio (pyathena.aio)
  SCENARIO latency (N queries one after another) or concurrency (N at once)

The endpoint comes from AWS_ENDPOINT_URL, which boto3 honours; the output
location from BENCH_OUTPUT. Prints one JSON object: seconds, latencies
(per query, for latency), peakRSSMiB, error.
"""

import asyncio
import json
import os
import sys
import time

SQL = "SELECT 1 AS one"


def peak_rss_mib():
    # VmHWM: unlike getrusage's maxrss it is not inherited across exec.
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0


def connect_args():
    return dict(s3_staging_dir=os.environ["BENCH_OUTPUT"], region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))


def run_cursor(scenario, n):
    import pyathena

    conn = pyathena.connect(**connect_args())
    cur = conn.cursor()
    lat = []
    for _ in range(n):
        t = time.monotonic()
        cur.execute(SQL)
        cur.fetchall()
        lat.append(time.monotonic() - t)
    return lat


def run_async(scenario, n):
    import pyathena
    from pyathena.async_cursor import AsyncCursor

    conn = pyathena.connect(cursor_class=AsyncCursor, **connect_args())
    cur = conn.cursor()
    lat = []
    if scenario == "latency":
        for _ in range(n):
            t = time.monotonic()
            _, fut = cur.execute(SQL)
            fut.result().fetchall()
            lat.append(time.monotonic() - t)
        return lat
    futures = [cur.execute(SQL)[1] for _ in range(n)]
    for fut in futures:
        fut.result().fetchall()
    return lat


def run_aio(scenario, n):
    import pyathena

    async def one(conn):
        cur = conn.cursor()
        await cur.execute(SQL)
        await cur.fetchall()

    async def main():
        conn = await pyathena.aio_connect(**connect_args())
        lat = []
        if scenario == "latency":
            for _ in range(n):
                t = time.monotonic()
                await one(conn)
                lat.append(time.monotonic() - t)
            return lat
        await asyncio.gather(*(one(conn) for _ in range(n)))
        return lat

    return asyncio.run(main())


def main():
    kind, scenario, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    run = {"cursor": run_cursor, "async": run_async, "aio": run_aio}[kind]
    out = {}
    begin = time.monotonic()
    try:
        out["latencies"] = run(scenario, n)
    except Exception as e:  # reported, not raised: the harness prints it
        out["error"] = f"{type(e).__name__}: {e}"
    out["seconds"] = time.monotonic() - begin
    out["peakRSSMiB"] = peak_rss_mib()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
