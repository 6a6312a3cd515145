#!/usr/bin/env python3
"""Load on `entente serve`: CLIENTS threads, each on one keep-alive
connection, ask the same named question for SECONDS; prints requests per
second, p50/p99 latency and errors. A script, never a test.

    entente serve --bind 127.0.0.1:7878 --max-concurrent 64 &
    python3 benches/serve_load.py http://127.0.0.1:7878 '/questions/allies?actor=Armenia' 8 10

Python's client threads share one interpreter lock: on 2 cores the client
itself is a large part of what is measured, so the figure is a floor.
"""
import http.client
import sys
import threading
import time
import urllib.parse

base, path = sys.argv[1], sys.argv[2]
clients = int(sys.argv[3]) if len(sys.argv) > 3 else 8
seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 10
url = urllib.parse.urlsplit(base)
latencies, errors, lock = [], [0], threading.Lock()
stop = time.monotonic() + seconds


def client():
    connection = http.client.HTTPConnection(url.hostname, url.port)
    mine, failed = [], 0
    while time.monotonic() < stop:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failed += 1
        except OSError:
            failed += 1
            connection = http.client.HTTPConnection(url.hostname, url.port)
        mine.append(time.perf_counter() - started)
    with lock:
        latencies.extend(mine)
        errors[0] += failed


threads = [threading.Thread(target=client) for _ in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
latencies.sort()
n = len(latencies)
print(f"{n / seconds:.0f} requests/s, {clients} clients, {seconds:g} s; "
      f"p50 {latencies[n // 2] * 1000:.1f} ms, p99 {latencies[int(n * 0.99)] * 1000:.1f} ms; "
      f"{errors[0]} errors")
