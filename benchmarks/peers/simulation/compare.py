"""Verbinder vs. Mesa vs. SimPy on the connection-attempt model.

1. Faithfulness: runs all three on one scenario with R replications and compares the praatplaat
   (8 cells: role x direction) per cell: Verbinder's mean of per-replication rates and 95% CI (from
   `verbinder simulate --format json`) against each port's, by CI overlap and by a z-test on the
   difference of the means (standard errors from the CIs / per-replication rates). Verdict per cell:
   "agree" when |z| < 3 (two-sided p > 0.0027; with 16 comparisons the family-wise false-alarm rate
   is about 4%).
2. Timing (after `verbinder-benchmarks simulation`, whose figures it reads from
   benchmarks/results/verbinder.json): one simulated year per workload, one replication at a time,
   single-threaded. Ports: time.perf_counter() / time.process_time() inside Python around model
   construction + run, per replication (interpreter start-up, imports and YAML parsing excluded),
   median of several runs after a warm-up. Verbinder: its in-process 1-replication figure.

Writes benchmarks/results/peers/simulation.md (faithfulness and speed tables, ratios) and simulation.json;
`verbinder-benchmarks report` puts them into benchmarks/RESULTS.md.

The model's parameters are read from the binary under test (`verbinder model --parameters --format json`),
so the ports always run the catalogue Verbinder runs.

Usage: compare.py --verbinder PATH [--faithfulness SCENARIO]... [--replications R] [--seed S]
                  [--no-timing | --no-faithfulness] [--workload FILE[:RUNS[:WARMUP]]]...
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
sys.path.insert(0, os.path.dirname(HERE))  # results.py

from scenario_loader import Setup, ROLES, load_parameters  # noqa: E402
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


def faithfulness(binary, parameters, scenario, replications, seed):
    setup = Setup(scenario, parameters)
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
             "escalationFailed", "directResolved", "directFailed", "unvoiced", "open"]
    vo = summary["outcomes"]
    ref_counts = [vo[n] for n in names]
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


def timing(workloads, parameters, seed):
    """Per-replication wall and CPU time of the ports; ratios against Verbinder's in-process figures."""
    from results import Summary, ratio_text, swift_summary, verbinder_figures
    figures = verbinder_figures()
    rows = ["| workload | events / replication (Verbinder; ports) | Verbinder | SimPy | Mesa | Verbinder ÷ SimPy | Verbinder ÷ Mesa |",
            "|---|---|---|---|---|---|---|"]
    cpu_rows = ["| workload | Verbinder | SimPy | Mesa | Verbinder ÷ SimPy | Verbinder ÷ Mesa |", "|---|---|---|---|---|---|"]
    ratios, details = [], []
    for path, runs, warm_up in workloads:
        key = os.path.splitext(os.path.basename(path))[0]
        setup = Setup(path, parameters, weeks=52)
        residents = sum(h.residents for h in setup.neighbourhoods)
        verbinder = figures[f"simulation.{key}.single"]
        v_events = verbinder["events"]
        v_rate = Summary([v_events / verbinder["median"]])
        rate, cpu_rate, events, cells = {}, {}, {}, {}
        for kind in ("SimPy", "Mesa"):
            if warm_up:
                run_port(kind, setup, seed, warm_up)
            results, seconds, cpu = run_port(kind, setup, seed, runs)
            per_run = [r["events"] / s for r, s in zip(results, seconds)]
            rate[kind] = Summary(per_run)
            cpu_rate[kind] = sum(r["events"] for r in results) / sum(cpu)
            events[kind] = statistics.fmean(r["events"] for r in results)
            cells[kind] = (f"{rate[kind].median / 1e3:,.1f} k ev/s ({rate[kind].min / 1e3:,.1f} – {rate[kind].max / 1e3:,.1f}); "
                           f"{statistics.median(seconds):.2f} s per replication")
            details.append(f"{key} {kind}: {runs} runs after {warm_up} warm-up; events {[r['events'] for r in results]}, "
                           f"wall {[round(x, 3) for x in seconds]} s, CPU {[round(x, 3) for x in cpu]} s")
            print(details[-1], file=sys.stderr, flush=True)
        v_cell = (f"{v_events / verbinder['median'] / 1e6:.2f} M ev/s ({v_events / verbinder['max'] / 1e6:.2f} – "
                  f"{v_events / verbinder['min'] / 1e6:.2f}); {swift_summary(verbinder)} per replication")
        runs_text = f"Verbinder {int(verbinder['runs'])}, ports {runs}"
        label = f"`{os.path.relpath(path)}` ({residents:,} residents)"
        rows.append(f"| {label} | {v_events:,.0f}; {events['SimPy']:,.0f} | {v_cell} | {cells['SimPy']} | {cells['Mesa']} "
                    f"| {ratio_text(v_rate.median / rate['SimPy'].median)} | {ratio_text(v_rate.median / rate['Mesa'].median)} |")
        v_cpu = v_events / verbinder["cpu"]
        cpu_rows.append(f"| {label} | {v_cpu / 1e6:.2f} M ev/s | {cpu_rate['SimPy'] / 1e3:,.1f} k ev/s | {cpu_rate['Mesa'] / 1e3:,.1f} k ev/s "
                        f"| {ratio_text(v_cpu / cpu_rate['SimPy'])} | {ratio_text(v_cpu / cpu_rate['Mesa'])} |")
        for kind in ("SimPy", "Mesa"):
            ratios.append({"what": f"simulation, {residents:,} residents, 1 replication: Verbinder ÷ {kind} (events/s, wall)",
                           "ratio": v_rate.median / rate[kind].median, "runs": runs_text,
                           "why": "Verbinder's time here includes preparing and summarising each replication (percentiles, "
                                  "time series, outcome graph), which the ports do not do."})
    return rows, cpu_rows, ratios, details


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbinder", required=True)
    parser.add_argument("--faithfulness", action="append", default=[],
                        help="scenario to check (repeatable; default: katwijk and den-helder)")
    parser.add_argument("--no-faithfulness", action="store_true", help="timing only")
    parser.add_argument("--no-timing", action="store_true",
                        help="the faithfulness check only: print its tables, write nothing, exit 1 unless faithful")
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workload", action="append", default=[],
                        help="scenario[:runs[:warm-ups]] to time (default: large/residents-100k:5:1, -1m:3:1, -5m:3:0)")
    args = parser.parse_args()
    from results import load_text, write
    workloads = []
    for item in args.workload or ["scenarios/large/residents-100k.yaml:5:1", "scenarios/large/residents-1m.yaml:3:1",
                                  "scenarios/large/residents-5m.yaml:3:0"]:
        path, runs, warm_up = (item.split(":") + ["3", "1"])[:3]
        workloads.append((path, int(runs), int(warm_up)))
    load_start = load_text()
    # The model's parameters (defaults) come from the binary under test, so the ports run the same catalogue.
    parameters = load_parameters(args.verbinder)
    tables, overall = [], "FAITHFUL"
    checked = [] if args.no_faithfulness else args.faithfulness or ["scenarios/katwijk.yaml", "scenarios/den-helder.yaml"]
    for scenario in checked:
        table, verdict = faithfulness(args.verbinder, parameters, scenario, args.replications, args.seed)
        print(table, flush=True)
        tables.append(table)
        if verdict != "FAITHFUL":
            overall = verdict
    if args.no_timing:
        print(f"Overall: {overall}")
        return 0 if overall == "FAITHFUL" else 1
    rows, cpu_rows, ratios, details = timing(workloads, parameters, args.seed)
    warm = ", ".join(f"`{os.path.basename(p)}` {r} runs after {w} warm-up" for p, r, w in workloads)
    markdown = "\n".join([
        f"`benchmarks/peers/simulation/compare.py`: the connection-attempt model of `docs/model.md` ported to SimPy "
        f"and to Mesa (`model_simpy.py`, `model_mesa.py`, sharing the decision logic in `mechanics.py`; see "
        f"`benchmarks/README.md` for what the ports simplify). Load average (1 / 5 / 15 min) at start: {load_start}; "
        f"at end: {load_text()}.",
        "",
        "### Faithfulness",
        "",
        f"First the ports must give the same praatplaat as Verbinder: {args.replications} replications of each "
        f"scenario (seed {args.seed}, 52 weeks) in all three; per cell Verbinder's mean of per-replication rates and "
        f"Student-t 95% CI (`verbinder simulate --format json`) against each port's; z on the difference of the means, "
        f"\"agree\" at |z| < 3; the pooled two-proportion z (which ignores between-replication variation) for "
        f"reference. Overall: **{overall}**.",
        "",
        "\n\n".join(t.replace("Faithfulness on", "**Faithfulness on").replace(" weeks.\n", " weeks.**\n", 1) for t in tables),
        "",
        "### Speed",
        "",
        "One simulated year, one replication at a time, one thread everywhere. Ports: `time.perf_counter()` around "
        "model construction and run inside Python (interpreter start, imports and YAML parsing excluded), each run a "
        "new replication; median (min – max) of the per-run rates. Verbinder: the simulation section's 1-replication "
        "figure (`Simulator.run` in-process on the prebuilt network; network generation excluded, see below). "
        "Events are counted the same way in all three (arrivals, service completions, department, escalation and "
        f"direct responses, week ends); each engine's rate uses its own count. Runs: {warm}.",
        "",
        *rows,
        "",
        "The same by CPU time (user + system; ports: `time.process_time()` summed over the runs; Verbinder: median "
        "`getrusage` CPU of its 1-replication runs), less sensitive to other load on this shared machine:",
        "",
        *cpu_rows,
        "",
        "<details><summary>Raw port timings</summary>",
        "",
        "```",
        *details,
        "```",
        "",
        "</details>",
    ])
    write("simulation", markdown, {"ratios": ratios, "faithful": overall == "FAITHFUL"})
    print(markdown)
    return 0 if overall == "FAITHFUL" else 1


if __name__ == "__main__":
    sys.exit(main())
