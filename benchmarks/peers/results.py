"""Shared by the peer scripts: where results live, Verbinder's figures, timing, Markdown helpers.

`make bench` runs, in order: `verbinder-benchmarks all` (Swift; writes benchmarks/results/verbinder.json and the
random graphs under benchmarks/results/graphs/), the peer scripts (this folder; each writes
benchmarks/results/peers/NAME.md and NAME.json), then `verbinder-benchmarks report`, which assembles
benchmarks/RESULTS.md.
"""
from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import statistics
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RESULTS = os.path.join(ROOT, "benchmarks", "results")
PEERS = os.path.join(RESULTS, "peers")
GRAPHS = os.path.join(RESULTS, "graphs")


def verbinder_figures() -> dict:
    """Figures of the Swift benchmarks (`results/verbinder.json`), keyed like `simulation.residents-1m.single`."""
    with open(os.path.join(RESULTS, "verbinder.json")) as f:
        return json.load(f)["figures"]


def timed(body):
    """Wall seconds, CPU seconds of this process, and the value of `body()`."""
    start, cpu = time.perf_counter(), time.process_time()
    value = body()
    return time.perf_counter() - start, time.process_time() - cpu, value


class Summary:
    """Median, min and max of repeated measurements."""

    def __init__(self, values):
        self.values = list(values)
        self.median = statistics.median(self.values)
        self.min = min(self.values)
        self.max = max(self.values)

    @property
    def runs(self):
        return len(self.values)

    def seconds(self, digits=3):
        if self.runs == 1:
            return f"{self.median:.{digits}f} s"
        return f"{self.median:.{digits}f} s ({self.min:.{digits}f} – {self.max:.{digits}f})"


def repeat(body, runs, warm_up=1):
    """Calls `body` `warm_up` times unmeasured, then `runs` times; a Summary of wall seconds and the last value."""
    for _ in range(warm_up):
        body()
    values, value = [], None
    for _ in range(runs):
        seconds, _, value = timed(body)
        values.append(seconds)
    return Summary(values), value


def swift_summary(fig: dict, digits=3) -> str:
    if int(fig.get("runs", 1)) == 1:
        return f"{fig['median']:.{digits}f} s"
    return f"{fig['median']:.{digits}f} s ({fig['min']:.{digits}f} – {fig['max']:.{digits}f})"


def ratio_text(value: float) -> str:
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def write(name: str, markdown: str, data: dict):
    """Writes results/peers/NAME.md and NAME.json, and results/peers/versions.json."""
    os.makedirs(PEERS, exist_ok=True)
    with open(os.path.join(PEERS, f"{name}.md"), "w") as f:
        f.write(markdown.rstrip() + "\n")
    with open(os.path.join(PEERS, f"{name}.json"), "w") as f:
        json.dump(data, f, indent=2, sort_keys=True)
    packages = {}
    for package in ("mesa", "simpy", "PyYAML", "numpy", "scipy", "networkx", "igraph"):
        try:
            packages[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            pass
    with open(os.path.join(PEERS, "versions.json"), "w") as f:
        json.dump({"python": platform.python_version(), "packages": packages}, f, indent=2, sort_keys=True)


def load_text() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())
