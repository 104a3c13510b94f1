#!/usr/bin/env python3
"""Speed of the mengpaneel with a real HTTP client (not a test; `make bench` runs it, see benchmarks/README.md).

Starts `verbinder serve` (release build) on a free loopback port and measures, on Katwijk, what the page does
after a move: the event stream (/api/stream) and, at the same time, the outcome network (/api/network.svg):
1. slider moves one at a time: time from sending the requests to the first praatplaat estimate (the first
   `estimate` event, 2 replications) and to the moment both the last of the 20 replications (`done`) and the
   outcome network picture have arrived, p50/p95 over distinct slider positions (never a cached one);
2. 20 concurrent sessions, each moving sliders and hours in a loop for 60 s: moves, errors, 429s, p50/p95 time
   to all 20 replications with the network, and the server's peak resident memory (VmHWM).
It prints the figures and writes them as the Markdown section of RESULTS.md to
benchmarks/results/mengpaneel/section.md; with --write it also replaces that section in benchmarks/RESULTS.md
(and `verbinder-benchmarks report` copies the fragment into the RESULTS.md it assembles).
Every request loop is bounded in count and time and goes only to 127.0.0.1."""
import argparse
import http.client
import itertools
import json
import os
import platform
import random
import re
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


def picture(host, port, settings, result):
    """Fetches the outcome network of `settings`; puts (status, time it arrived) into `result`."""
    query = urllib.parse.urlencode({"scenario": "katwijk.yaml", "settings": json.dumps(settings)})
    connection = http.client.HTTPConnection(host, port, timeout=120)
    try:
        connection.request("GET", "/api/network.svg?" + query)
        response = connection.getresponse()
        body = response.read()
        ok = response.status == 200 and body.lstrip().startswith(b"<?xml") and b"<svg" in body
        result.append((response.status if ok or response.status != 200 else 0, time.perf_counter()))
    except Exception as error:  # reported by the caller
        result.append((repr(error), time.perf_counter()))
    finally:
        connection.close()


def move(host, port, settings, session):
    """One slider move as the page makes it: the event stream and the outcome network at once. Returns
    (status, seconds to the first estimate, seconds until all replications and the picture are in)."""
    query = urllib.parse.urlencode({"scenario": "katwijk.yaml", "settings": json.dumps(settings), "lang": "en", "session": session})
    connection = http.client.HTTPConnection(host, port, timeout=120)
    began = time.perf_counter()
    network = []
    fetcher = threading.Thread(target=picture, args=(host, port, settings, network))
    fetcher.start()
    connection.request("GET", "/api/stream?" + query)
    response = connection.getresponse()
    if response.status != 200:
        response.read()
        connection.close()
        fetcher.join()
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
    fetcher.join()
    status, arrived = network[0]
    if status != 200:
        return status if isinstance(status, int) and status else f"network picture: {status or 'not an SVG'}", first, None
    return 200, first, (max(done, arrived - began) if done is not None else None)


def cpu_seconds(pid):
    """User + system CPU time of process `pid` so far."""
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    position = q * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def ms(values, q):
    return f"{percentile(values, q) * 1000:.0f}"


HEADING = "## Mengpaneel (`verbinder serve`): slider moves over HTTP"


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as file:
            model = next(line.split(":", 1)[1].strip() for line in file if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({model}), {platform.system()} {platform.release()}"


def markdown(arguments, firsts, dones, moves, errors, busy, latencies, peak, loads, uptime, cpu_per_move):
    """The section of RESULTS.md, from this run's figures only."""
    start, middle, end = (f"{load[0]:.2f}" for load in loads)
    verdict = lambda value, target: "met" if value <= target else "**missed**"
    first95, done95 = percentile(firsts, .95) * 1000, percentile(dones, .95) * 1000
    lines = [
        HEADING, "",
        "Written by `benchmarks/mengpaneel/bench.py` (a real HTTP client, Python's `http.client`, on loopback; `make bench`",
        "runs it and copies the fragment it leaves in `benchmarks/results/mengpaneel/section.md`). Do not edit",
        f"by hand. Release build, Katwijk (20 replications, 52 weeks), no baseline pinned; each move asks what the page",
        "asks: the event stream and, at the same time, the outcome network picture (aggregate view, replication 0); each",
        "move is a slider position not simulated or drawn before (no cache hits).",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M %Z')} on {machine()}. Load average (1 min): {start} at the start, {middle}",
        f"after the single-session moves, {end} at the end (`uptime`: {uptime}). The machine is shared: a load",
        "above the core count means the benchmark got only part of the CPU, so the times are pessimistic.",
        "",
        "| figure | target (issue) | measured |",
        "|---|---|---|",
        f"| first praatplaat estimate after a slider move (2 replications), {len(firsts)} moves | p95 ≤ 100 ms | "
        f"p50 {ms(firsts, .5)} ms, **p95 {first95:.0f} ms** ({verdict(first95, 100)}) |",
        f"| all 20 replications and the outcome network redrawn after a slider move, {len(dones)} moves | p95 ≤ 300 ms | "
        f"p50 {ms(dones, .5)} ms, **p95 {done95:.0f} ms** ({verdict(done95, 300)}) |",
        f"| {arguments.sessions} concurrent sessions moving sliders and hours for {arguments.seconds:.0f} s (stream and picture each move) "
        f"| zero errors; p95; peak memory | {moves} moves, **{len(errors)} errors**, {busy} refused (429); all 20 replications "
        f"and the picture p50 {ms(latencies, .5)} ms, **p95 {ms(latencies, .95)} ms**; server peak RSS **{peak:.0f} MiB** |",
        "",
        f"The server used {cpu_per_move * 1000:.0f} ms of CPU time per single-session move (all 20 replications, the",
        f"estimates, and the picture: its replication 0 and the Graphviz layout). On {os.cpu_count()} idle cores that is "
        f"about {cpu_per_move * 1000 / os.cpu_count():.0f} ms of",
        f"wall time if spread evenly; the measured p50 of {ms(dones, .5)} ms shows how much of the CPU the load left it.",
        "",
    ]
    if errors:
        lines += ["Errors seen: " + "; ".join(sorted(set(errors))[:5]), ""]
    return "\n".join(lines)


def replace_section(text, section):
    """`text` with the section under HEADING (up to the next `## ` heading) replaced, or appended."""
    start = text.find(HEADING)
    if start < 0:
        return text.rstrip("\n") + "\n\n" + section
    following = re.search(r"^## ", text[start + len(HEADING):], re.MULTILINE)
    end = start + len(HEADING) + following.start() if following else len(text)
    return text[:start] + section + ("\n" + text[end:] if following else "")


def write(path, text):
    temporary = path + ".tmp"
    with open(temporary, "w") as file:
        file.write(text)
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/verbinder"))
    parser.add_argument("--moves", type=int, default=60)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--write", action="store_true", help="also replace the section in benchmarks/RESULTS.md")
    arguments = parser.parse_args()
    load_start = os.getloadavg()
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
        cpu_before = cpu_seconds(process.pid)
        for index, levels in enumerate(positions[:arguments.moves]):
            settings = json.loads(json.dumps(base))
            settings["sliders"] = dict(zip(SLIDERS, levels))
            status, first, done = move(host, port, settings, "single")
            assert status == 200 and first is not None and done is not None, status
            firsts.append(first)
            dones.append(done)
        single_load = os.getloadavg()
        cpu_per_move = (cpu_seconds(process.pid) - cpu_before) / max(1, len(dones))
        print(f"  server CPU time per move (stream and picture): {cpu_per_move * 1000:.0f} ms")
        print(f"single session, {len(firsts)} distinct slider positions on Katwijk (20 replications each):")
        print(f"  first praatplaat estimate: p50 {ms(firsts, .5)} ms, p95 {ms(firsts, .95)} ms")
        print(f"  all 20 replications and the outcome network: p50 {ms(dones, .5)} ms, p95 {ms(dones, .95)} ms")

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
        load_end = os.getloadavg()
        print(f"{arguments.sessions} concurrent sessions for {arguments.seconds:.0f} s: {counts[0]} slider moves, "
              f"{len(errors)} errors, {busy[0]} answered 429")
        print(f"  all 20 replications and the outcome network: p50 {ms(latencies, .5)} ms, p95 {ms(latencies, .95)} ms")
        print(f"  server peak resident memory: {int(peak) / 1024:.0f} MiB")
        if errors:
            print("  errors:", sorted(set(errors))[:5])
        uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        print(f"  uptime at the end: {uptime}")
        section = markdown(arguments, firsts, dones, counts[0], errors, busy[0], latencies, int(peak) / 1024,
                           (load_start, single_load, load_end), uptime, cpu_per_move)
        write(os.path.join(folder, "section.md"), section)
        if arguments.write:
            results = os.path.join(ROOT, "benchmarks/RESULTS.md")
            with open(results) as file:
                text = file.read()
            write(results, replace_section(text, section))
            print(f"wrote the section into {results}")
    finally:
        process.terminate()
        process.wait(timeout=60)


if __name__ == "__main__":
    main()
