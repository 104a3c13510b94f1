"""Verbinder vs. Mesa vs. SimPy on the connection-attempt model.

1. Faithfulness: runs all three on one scenario with R replications and compares the praatplaat
   (8 cells: role x direction) per cell: Verbinder's mean of per-replication rates and 95% CI (from
   `verbinder simulate --format json`) against each port's, by CI overlap and by a z-test on the
   difference of the means (standard errors from the CIs / per-replication rates). Verdict per cell:
   "agree" when |z| < 3 (two-sided p > 0.0027; with 16 comparisons the family-wise false-alarm rate
   is about 4%).
2. Timing: one simulated year per workload, single-threaded everywhere. Two clocks: CPU time (user +
   system; the headline, since the benchmark machine is shared and wall time depends on what else runs)
   and wall time.
   * Ports: time.process_time() / time.perf_counter() inside Python around model construction + run,
     per replication (interpreter start-up, imports and YAML parsing excluded).
   * Verbinder: `verbinder simulate --threads 1 --format json` with N and with 1 replication (CPU from
     getrusage of the child, wall around the process); the marginal time per replication
     (T_N - T_1) / (N - 1) excludes process start-up, YAML loading, network generation and JSON output.
     The CLI does not report its event count, so Verbinder's events per replication are taken as the
     ports' mean (same model, same expected count; the two ports' counts agree exactly).

Usage: compare.py --verbinder PATH [--faithfulness SCENARIO]... [--replications R] [--workload FILE[:R]]...
                  [--markdown OUT.md]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from scenario_loader import Setup, ROLES  # noqa: E402
from model_simpy import SimPyModel  # noqa: E402
from model_mesa import make as make_mesa  # noqa: E402

DIRECTIONS = ("fromResidents", "fromOfficials")


def t975(df: int) -> float:
    table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
             2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
             2.045, 2.042]
    if 1 <= df <= len(table):
        return table[df - 1]
    z = 1.959964
    return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df)


def run_port(kind: str, setup: Setup, seed: int, replications: int):
    """Runs `replications` replications; returns results, wall seconds and CPU seconds per replication."""
    results, seconds, cpu = [], [], []
    for r in range(replications):
        start, start_cpu = time.perf_counter(), time.process_time()
        model = SimPyModel(setup, seed, r) if kind == "SimPy" else make_mesa(setup, seed, r)
        results.append(model.run())
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return results, seconds, cpu


def port_cells(results):
    cells = []
    for i in range(8):
        attempts = sum(r["cellAttempts"][i] for r in results)
        successes = sum(r["cellSuccesses"][i] for r in results)
        rates = [r["cellSuccesses"][i] / r["cellAttempts"][i] for r in results if r["cellAttempts"][i] > 0]
        mean = statistics.fmean(rates) if rates else None
        se = statistics.stdev(rates) / math.sqrt(len(rates)) if len(rates) > 1 else None
        ci = [max(0.0, mean - t975(len(rates) - 1) * se), min(1.0, mean + t975(len(rates) - 1) * se)] if se is not None else None
        cells.append({"attempts": attempts, "successes": successes, "mean": mean, "se": se, "ci95": ci, "n": len(rates)})
    return cells


def verbinder(binary, scenario, replications, seed=None, weeks=None, threads=None):
    args = [binary, "simulate", scenario, "--format", "json", "--replications", str(replications)]
    if seed is not None: args += ["--seed", str(seed)]
    if weeks is not None: args += ["--weeks", str(weeks)]
    if threads is not None: args += ["--threads", str(threads)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(out), wall, cpu


def verbinder_cells(summary, replications):
    cells = []
    for role in ROLES:
        for direction in DIRECTIONS:
            c = summary["praatplaat"][role][direction]
            mean, ci = c.get("mean"), c.get("ci95")
            # Unclipped half-width is unknown when clipped at 0 or 1; use the larger side (conservative).
            se = (max(ci[1] - mean, mean - ci[0]) / t975(replications - 1)) if ci and mean is not None else None
            cells.append({"attempts": c["attempts"], "successes": c["successes"], "mean": mean, "se": se, "ci95": ci})
    return cells


def two_proportion_z(a1, s1, a2, s2):
    if a1 == 0 or a2 == 0:
        return None
    p = (s1 + s2) / (a1 + a2)
    if p in (0, 1):
        return 0.0
    return (s1 / a1 - s2 / a2) / math.sqrt(p * (1 - p) * (1 / a1 + 1 / a2))


def fmt(x, digits=3):
    return "–" if x is None else f"{x:.{digits}f}"


def faithfulness(binary, scenario, replications, seed):
    setup = Setup(scenario)
    summary, _, _ = verbinder(binary, scenario, replications, seed=seed)
    reference = verbinder_cells(summary, replications)
    lines = [f"Faithfulness on `{os.path.relpath(scenario)}`, {replications} replications, {setup.weeks} weeks.", "",
             "| cell | Verbinder mean [95% CI] (attempts) | port | port mean [95% CI] (attempts) | CIs overlap | z (means) | z (pooled) | verdict |",
             "|---|---|---|---|---|---|---|---|"]
    verdicts = []
    events, port_results = {}, {}
    for kind in ("SimPy", "Mesa"):
        results, _, _ = run_port(kind, setup, seed, replications)
        port_results[kind] = results
        events[kind] = [r["events"] for r in results]
        for i, cell in enumerate(port_cells(results)):
            ref = reference[i]
            name = f"{ROLES[i // 2]} / {DIRECTIONS[i % 2]}"
            overlap = (ref["ci95"] is not None and cell["ci95"] is not None
                       and ref["ci95"][0] <= cell["ci95"][1] and cell["ci95"][0] <= ref["ci95"][1])
            z = None
            if ref["se"] is not None and cell["se"] is not None and (ref["se"] > 0 or cell["se"] > 0):
                z = (cell["mean"] - ref["mean"]) / math.sqrt(ref["se"] ** 2 + cell["se"] ** 2)
            zp = two_proportion_z(cell["attempts"], cell["successes"], ref["attempts"], ref["successes"])
            if z is None:
                verdict = "n/a (too few attempts)"
            else:
                verdict = "agree" if abs(z) < 3 else "DISAGREE"
            verdicts.append(verdict)
            ci = lambda c: f"{fmt(c['mean'])} [{fmt(c['ci95'][0]) if c['ci95'] else '–'}, {fmt(c['ci95'][1]) if c['ci95'] else '–'}] ({c['attempts']})"
            lines.append(f"| {name} | {ci(ref)} | {kind} | {ci(cell)} | {'yes' if overlap else 'no'} | {fmt(z, 2)} | {fmt(zp, 2)} | {verdict} |")
    # Secondary check (no test): outcome counts per replication, including the direct route.
    names = ["resolved", "resolvedAfterEscalation", "stranded", "noOwner", "droppedCapacity", "timedOut",
             "escalationFailed", "directResolved", "directFailed", "unvoiced"]
    vo = summary["outcomes"]
    ref_counts = [vo[n] for n in names[:7]] + [vo["directResolved"], vo["direct"] - vo["directResolved"], vo["unvoiced"]]
    lines += ["", "Outcomes per replication (means; not tested):", "",
              "| outcome | Verbinder | SimPy | Mesa |", "|---|---|---|---|"]
    for i, n in enumerate(names):
        lines.append(f"| {n} | {ref_counts[i] / replications:.1f} | "
                     f"{sum(r['outcomes'][i] for r in port_results['SimPy']) / replications:.1f} | "
                     f"{sum(r['outcomes'][i] for r in port_results['Mesa']) / replications:.1f} |")
    agree = sum(v == "agree" for v in verdicts)
    na = sum(v.startswith("n/a") for v in verdicts)
    overall = "FAITHFUL" if agree + na == len(verdicts) else "NOT FAITHFUL"
    lines += ["", f"Verdict: **{overall}** — {agree} of {len(verdicts)} cell comparisons agree (|z| < 3), {na} not testable, "
              f"{len(verdicts) - agree - na} disagree. Events per replication: SimPy {statistics.fmean(events['SimPy']):.0f}, "
              f"Mesa {statistics.fmean(events['Mesa']):.0f}."]
    return "\n".join(lines), overall


def timing(binary, workloads, seed):
    """Events per second by CPU time (headline: robust on a shared machine) and by wall time."""
    rows = ["| workload | residents | replications (ports / Verbinder) | events / replication | Verbinder, 1 thread | SimPy | Mesa | Verbinder ÷ SimPy | Verbinder ÷ Mesa |",
            "|---|---|---|---|---|---|---|---|---|"]
    details = []
    for path, replications in workloads:
        setup = Setup(path, weeks=52)
        residents = sum(h.residents for h in setup.neighbourhoods)
        cpu_rate, wall_rate = {}, {}
        port_events = None
        for kind in ("SimPy", "Mesa"):
            results, seconds, cpu = run_port(kind, setup, seed, replications)
            ev = sum(r["events"] for r in results)
            port_events = ev / replications
            cpu_rate[kind], wall_rate[kind] = ev / sum(cpu), ev / sum(seconds)
            details.append(f"{os.path.basename(path)} {kind}: {ev} events, CPU {sum(cpu):.2f} s, wall {sum(seconds):.2f} s "
                           f"(wall per replication {', '.join(f'{s:.2f}' for s in seconds)} s)")
            print(details[-1], file=sys.stderr, flush=True)
        vr = max(replications, 5) * 4
        _, t1, c1 = verbinder(binary, path, 1, seed=seed, weeks=52, threads=1)
        _, tr, cr = verbinder(binary, path, vr, seed=seed, weeks=52, threads=1)
        per_wall, per_cpu = max((tr - t1) / (vr - 1), 1e-9), max((cr - c1) / (vr - 1), 1e-9)
        cpu_rate["Verbinder"], wall_rate["Verbinder"] = port_events / per_cpu, port_events / per_wall
        details.append(f"{os.path.basename(path)} Verbinder: 1 replication wall {t1:.3f} s CPU {c1:.3f} s; {vr} replications "
                       f"wall {tr:.3f} s CPU {cr:.3f} s → marginal {per_wall * 1000:.2f} ms wall, {per_cpu * 1000:.2f} ms CPU per replication")
        print(details[-1], file=sys.stderr, flush=True)
        for label, rate in (("CPU", cpu_rate), ("wall", wall_rate)):
            rows.append(f"| `{os.path.relpath(path)}` ({label}) | {residents:,} | {replications} / {vr} | {port_events:,.0f} | "
                        f"{rate['Verbinder']:,.0f} ev/s | {rate['SimPy']:,.0f} ev/s | {rate['Mesa']:,.0f} ev/s | "
                        f"{rate['Verbinder'] / rate['SimPy']:.0f}× | {rate['Verbinder'] / rate['Mesa']:.0f}× |")
    return "\n".join(rows), details


def versions(binary):
    import mesa, simpy, yaml
    v = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return (f"{v} ({swift[0] if swift else 'swift ?'}), Python {platform.python_version()}, "
            f"Mesa {mesa.__version__}, SimPy {simpy.__version__}, PyYAML {yaml.__version__}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbinder", required=True)
    parser.add_argument("--faithfulness", action="append", default=[],
                        help="scenario to check (repeatable; default: katwijk and den-helder)")
    parser.add_argument("--no-faithfulness", action="store_true", help="timing only")
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workload", action="append", default=[],
                        help="scenario[:replications] to time (default: katwijk:5, large/residents-100k:5, -1m:2, -5m:1)")
    parser.add_argument("--markdown")
    args = parser.parse_args()
    workloads = []
    for item in args.workload or ["scenarios/katwijk.yaml:5", "scenarios/large/residents-100k.yaml:5",
                                  "scenarios/large/residents-1m.yaml:2", "scenarios/large/residents-5m.yaml:1"]:
        path, _, reps = item.partition(":")
        workloads.append((path, int(reps or 3)))
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    load = os.getloadavg()[0]
    header = (f"Machine: {os.cpu_count()} cores ({cpu}), load average {load:.1f} at start; {versions(args.verbinder)}; "
              f"{time.strftime('%Y-%m-%d')}.")
    print(header, flush=True)
    tables, overall = [], "FAITHFUL"
    checked = [] if args.no_faithfulness else args.faithfulness or ["scenarios/katwijk.yaml", "scenarios/den-helder.yaml"]
    for scenario in checked:
        table, verdict = faithfulness(args.verbinder, scenario, args.replications, args.seed)
        print(table, flush=True)
        tables.append(table)
        if verdict != "FAITHFUL":
            overall = verdict
    table = "\n\n".join(tables)
    rows, details = timing(args.verbinder, workloads, args.seed)
    print(rows)
    print("\n".join(details))
    if args.markdown:
        with open(args.markdown, "w") as out:
            out.write(header + "\n\n" + table + "\n\n" + rows + "\n\n```\n" + "\n".join(details) + "\n```\n")
    return 0 if overall == "FAITHFUL" else 1


if __name__ == "__main__":
    sys.exit(main())
