#!/usr/bin/env python3
"""Measures the numbers quoted in docs/model.md ("Calibration targets and validation", "Via the connector or
direct, per role") with `verbinder simulate --format json` on the shipped scenarios and variants of them
(a setting changed in a temporary copy of the YAML). Needs PyYAML (e.g. the benchmarks' venv):

    benchmarks/.venv/bin/python docs/model-findings.py --verbinder .build/release/verbinder [--replications 8]

Rates are pooled over replications (successes / attempts of the praatplaat cell); counts are totals over
all replications unless the line says "a year" or "per replication". Each scenario runs with its own
run.seed, so the output is the same on every machine.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
ROLES = ("fixer", "entrepreneur", "bridgeBuilder", "mediator")
DIRECT = ("directResolved", "directFailed")


class Runner:
    def __init__(self, binary: str, replications: int, folder: str):
        self.binary, self.replications, self.folder = binary, replications, folder
        self.count = 0

    def run(self, scenario: str, change=None, weeks: int | None = None) -> dict:
        with open(os.path.join(ROOT, "scenarios", scenario)) as handle:
            doc = yaml.safe_load(handle)
        doc = copy.deepcopy(doc)
        if change:
            change(doc)
        self.count += 1
        path = os.path.join(self.folder, f"{self.count}-{scenario}")
        with open(path, "w") as handle:
            yaml.safe_dump(doc, handle, sort_keys=False, allow_unicode=True)
        args = [self.binary, "simulate", path, "--format", "json", "--replications", str(self.replications)]
        if weeks:
            args += ["--weeks", str(weeks)]
        return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def model(**values):
    def change(doc):
        doc.setdefault("model", {}).update(values)
    return change


def intervention(kind):
    def change(doc):
        doc["policies"].setdefault("interventions", []).append({"kind": kind, "startWeek": 0})
    return change


def both(*changes):
    def change(doc):
        for c in changes:
            c(doc)
    return change


def rate(summary, role, direction):
    cell = summary["praatplaat"][role][direction]
    return cell["successes"] / cell["attempts"] if cell["attempts"] else float("nan")


def cell(summary, role, direction):
    return next(c for c in summary["accounting"] if c["cell"] == f"{role}.{direction}")


def direct_rate(summary, role, direction):
    o = cell(summary, role, direction)["outcomes"]
    tried = o["directResolved"] + o["directFailed"]
    return o["directResolved"] / tried if tried else float("nan")


def direct_share(summary, role, direction):
    """Of all requests of a cell that arose, the share that went direct."""
    c = cell(summary, role, direction)
    return sum(c["outcomes"][k] for k in DIRECT) / c["arrivals"] if c["arrivals"] else float("nan")


def officials_via(summary):
    """The share of officials' requests that went through a connector (finished there or open at one)."""
    arrivals = through = 0
    for role in ROLES:
        arrivals += cell(summary, role, "fromOfficials")["arrivals"]
        p = summary["praatplaat"][role]["fromOfficials"]
        through += p["attempts"] + p["open"]
    return through / arrivals


def pooled(summary):
    attempts = sum(summary["praatplaat"][r][d]["attempts"] for r in ROLES for d in ("fromResidents", "fromOfficials"))
    successes = sum(summary["praatplaat"][r][d]["successes"] for r in ROLES for d in ("fromResidents", "fromOfficials"))
    return successes / attempts


def connected_share(summary):
    arrivals = sum(c["arrivals"] for c in summary["accounting"])
    connected = sum(c["outcomes"][k] for c in summary["accounting"] for k in ("resolved", "resolvedAfterEscalation", "directResolved"))
    return connected / arrivals


def utilisation(summary):
    values = [c["utilisation"] for c in summary["connectors"]]
    return f"{min(values):.2f}–{max(values):.2f} (mean {sum(values) / len(values):.2f})"


def bridges_a_year(summary):
    return sum(t["count"] for t in summary["network"].get("tiesCreated", []))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbinder", required=True)
    parser.add_argument("--replications", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        v = Runner(args.verbinder, args.replications, folder)
        out = lambda text: print(text, flush=True)
        out(f"{args.replications} replications, 52 weeks unless stated, seeds from the scenarios.\n")

        k = v.run("katwijk.yaml")
        others = max(rate(k, r, d) for r in ROLES for d in ("fromResidents", "fromOfficials") if (r, d) != ("fixer", "fromResidents")
                     and (r, d) != ("fixer", "fromOfficials"))
        out("## Fixer finding (Katwijk)")
        out(f"fixer→residents {rate(k, 'fixer', 'fromResidents'):.2f}, fixer→officials {rate(k, 'fixer', 'fromOfficials'):.2f}, "
            f"best other cell {others:.2f}; knowledge {k['network']['knowledgeBefore']:.2f} → {k['network']['knowledgeAfter']:.2f}; "
            f"answered from knowledge {k['outcomes']['answeredFromKnowledge']}")
        k0 = v.run("katwijk.yaml", model(connectorKnowledge=0, knowledgeFromTies=0))
        out(f"no starting knowledge (connectorKnowledge 0, knowledgeFromTies 0): fixer→residents {rate(k0, 'fixer', 'fromResidents'):.2f}")
        k00 = v.run("katwijk.yaml", model(connectorKnowledge=0, knowledgeFromTies=0, knowledgeLearning=0))
        out(f"no knowledge and no learning (also knowledgeLearning 0): fixer→residents {rate(k00, 'fixer', 'fromResidents'):.2f}, "
            f"fixer→officials {rate(k00, 'fixer', 'fromOfficials'):.2f}")

        out("\n## Officials rarely initiate; capacity (Katwijk)")
        out(f"officials' requests through a connector {officials_via(k):.0%}; utilisation {utilisation(k)}; "
            f"dropped {k['outcomes']['droppedCapacity']}, open at year end {k['outcomes']['open']} (totals)")

        out("\n## Publicity paradox (Katwijk + internalPublicity from week 0)")
        kp = v.run("katwijk.yaml", intervention("internalPublicity"))
        out(f"officials through a connector {officials_via(k):.0%} → {officials_via(kp):.0%}; utilisation mean "
            f"{utilisation(k)} → {utilisation(kp)}; dropped {k['outcomes']['droppedCapacity']} → {kp['outcomes']['droppedCapacity']}")

        out("\n## Repositioning (Maassluis + repositioning from week 0)")
        m = v.run("maassluis.yaml")
        mr = v.run("maassluis.yaml", intervention("repositioning"))
        mr0 = v.run("maassluis.yaml", both(intervention("repositioning"),
                                           model(escalationEffect={"teamManager": 0, "clusterManager": 0, "alderman": 0})))
        out(f"entrepreneur→residents {rate(m, 'entrepreneur', 'fromResidents'):.2f} → {rate(mr, 'entrepreneur', 'fromResidents'):.2f}; "
            f"bridge builder→residents {rate(m, 'bridgeBuilder', 'fromResidents'):.2f} → {rate(mr, 'bridgeBuilder', 'fromResidents'):.2f}; "
            f"with every escalationEffect 0: {rate(mr0, 'entrepreneur', 'fromResidents'):.2f} and {rate(mr0, 'bridgeBuilder', 'fromResidents'):.2f}; "
            f"settled by the own budget {mr['outcomes']['settledByBudget']} (total; {mr['outcomes']['settledByBudget'] / args.replications:.0f} per replication)")

        out("\n## Escalation over 3 years (Katwijk, route alderman, 156 weeks)")
        rows = []
        for reluctance in (0, 0.25, 0.5, 0.75, 1):
            def escalate(doc, reluctance=reluctance):
                doc["policies"]["escalation"] = {"route": "alderman", "trigger": "afterRefusal", "reluctance": reluctance}
            e = v.run("katwijk.yaml", escalate, weeks=156)
            rows.append((reluctance, pooled(e), connected_share(e), e["network"]["trustAfter"], officials_via(e),
                         sum(c["escalations"] for c in e["connectors"]) / 3))
        for label, i, f in (("connected share of attempts", 1, "{:.2f}"), ("of all requests", 2, "{:.2f}"),
                            ("departments' trust at the end", 3, "{:.2f}"), ("officials through the connector", 4, "{:.0%}"),
                            ("escalations a year (per replication)", 5, "{:.0f}")):
            out(f"{label}: " + " / ".join(f.format(r[i]) for r in rows) + "  (reluctance 0 / 0.25 / 0.5 / 0.75 / 1)")

        out("\n## Bridges (Leidschendam-Voorburg)")
        lv = v.run("leidschendam-voorburg.yaml")
        lv0 = v.run("leidschendam-voorburg.yaml", model(bridgeChance=0))
        out(f"bridges built a year (per replication) {bridges_a_year(lv):.0f}; residents' problems going direct "
            f"{direct_share(lv0, 'bridgeBuilder', 'fromResidents'):.2f} (bridgeChance 0) → {direct_share(lv, 'bridgeBuilder', 'fromResidents'):.2f}")

        out("\n## Via the connector or direct, per role (connected share of finished attempts)")
        for name, s in (("Maassluis", m), ("Katwijk", k)):
            out(f"{name} officials (utilisation {utilisation(s)}): " + ", ".join(
                f"{r} {rate(s, r, 'fromOfficials'):.2f} vs {direct_rate(s, r, 'fromOfficials'):.2f} "
                f"({s['praatplaat'][r]['fromOfficials']['attempts']} attempts)" for r in ROLES))
        for name, s in (("Maassluis", m), ("Katwijk", k)):
            out(f"{name} residents: " + ", ".join(
                f"{r} {rate(s, r, 'fromResidents'):.2f} vs {direct_rate(s, r, 'fromResidents'):.2f}" for r in ROLES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
