#!/usr/bin/env python3
"""Speed of the mengpaneel with a real HTTP client (not a test; run by hand, see benchmarks/README.md).

Starts `verbinder serve` (release build) on a free loopback port and measures, on Katwijk:
1. slider moves one at a time: time from sending the request to the first praatplaat estimate (the first
   `estimate` event, 2 replications) and to the last of the 20 replications (`done`), p50/p95 over distinct
   slider positions (never a cached one);
2. 20 concurrent sessions, each moving sliders and hours in a loop for 60 s: requests, errors, p50/p95 time to
   all 20 replications, and the server's peak resident memory (VmHWM).
Every request loop is bounded in count and time and goes only to 127.0.0.1."""
import argparse
import http.client
import itertools
import json
import os
import random
import select
import subprocess
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LEVELS = ["low", "mid", "high"]
SLIDERS = ["internalPositioning", "internalProcess", "residents", "politics", "communication"]


def start(binary, folder):
    process = subprocess.Popen([binary, "serve", "--port", "0", "--scenarios", "scenarios", "--max-runs", "64",
                                "--store", os.path.join(folder, "options.sqlite")],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ready, _, _ = select.select([process.stdout], [], [], 120)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("listening on http://"):
        process.terminate()
        raise SystemExit(f"server did not start: {line!r}")
    netloc = urllib.parse.urlsplit(line.split("listening on ", 1)[1].strip()).netloc
    host, port = netloc.rsplit(":", 1)
    return process, host, int(port)


def move(host, port, settings, session):
    """One slider move: streams the estimates; returns (status, seconds to first estimate, seconds to done)."""
    query = urllib.parse.urlencode({"scenario": "katwijk.yaml", "settings": json.dumps(settings), "lang": "en", "session": session})
    connection = http.client.HTTPConnection(host, port, timeout=120)
    began = time.perf_counter()
    connection.request("GET", "/api/stream?" + query)
    response = connection.getresponse()
    if response.status != 200:
        response.read()
        connection.close()
        return response.status, None, None
    first = done = None
    while True:
        line = response.fp.readline()
        if not line:
            break
        if line.startswith(b"event: estimate") and first is None:
            first = time.perf_counter() - began
        if line.startswith(b"event: done"):
            done = time.perf_counter() - began
            break
    connection.close()
    return 200, first, done


def percentile(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    position = q * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/verbinder"))
    parser.add_argument("--moves", type=int, default=60)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    arguments = parser.parse_args()
    folder = os.path.join(ROOT, "benchmarks/results/mengpaneel")
    os.makedirs(folder, exist_ok=True)
    process, host, port = start(arguments.binary, folder)
    try:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        connection.request("GET", "/api/scenario?id=katwijk.yaml")
        base = json.loads(connection.getresponse().read())["settings"]
        connection.close()
        positions = list(itertools.product(LEVELS, repeat=5))
        random.Random(2024).shuffle(positions)
        move(host, port, base, "warm-up")  # builds and caches Katwijk's network once
        firsts, dones = [], []
        for index, levels in enumerate(positions[:arguments.moves]):
            settings = json.loads(json.dumps(base))
            settings["sliders"] = dict(zip(SLIDERS, levels))
            status, first, done = move(host, port, settings, "single")
            assert status == 200 and first is not None and done is not None, status
            firsts.append(first)
            dones.append(done)
        print(f"single session, {len(firsts)} distinct slider positions on Katwijk (20 replications each):")
        print(f"  first praatplaat estimate: p50 {percentile(firsts, .5) * 1000:.0f} ms, p95 {percentile(firsts, .95) * 1000:.0f} ms")
        print(f"  all 20 replications:       p50 {percentile(dones, .5) * 1000:.0f} ms, p95 {percentile(dones, .95) * 1000:.0f} ms")

        lock = threading.Lock()
        latencies, errors, busy, counts = [], [], [0], [0]
        stop_at = time.monotonic() + arguments.seconds

        def session(number):
            generator = random.Random(number)
            while time.monotonic() < stop_at:
                settings = json.loads(json.dumps(base))
                settings["sliders"] = {name: generator.choice(LEVELS) for name in SLIDERS}
                for connector in settings["connectors"]:
                    connector["hoursPerWeek"] = generator.choice([16, 24, 32, 36, 40])
                try:
                    status, _, done = move(host, port, settings, f"session-{number}")
                except Exception as error:  # counted, reported
                    with lock:
                        errors.append(repr(error))
                    continue
                with lock:
                    counts[0] += 1
                    if status == 200 and done is not None:
                        latencies.append(done)
                    elif status == 429:
                        busy[0] += 1
                    else:
                        errors.append(f"HTTP {status}")

        threads = [threading.Thread(target=session, args=(n,)) for n in range(arguments.sessions)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=arguments.seconds + 300)
        with open(f"/proc/{process.pid}/status") as status:
            peak = next(line for line in status if line.startswith("VmHWM")).split()[1]
        print(f"{arguments.sessions} concurrent sessions for {arguments.seconds:.0f} s: {counts[0]} slider moves, "
              f"{len(errors)} errors, {busy[0]} answered 429")
        print(f"  all 20 replications: p50 {percentile(latencies, .5) * 1000:.0f} ms, p95 {percentile(latencies, .95) * 1000:.0f} ms")
        print(f"  server peak resident memory: {int(peak) / 1024:.0f} MiB")
        if errors:
            print("  errors:", sorted(set(errors))[:5])
    finally:
        process.terminate()
        process.wait(timeout=60)


if __name__ == "__main__":
    main()
