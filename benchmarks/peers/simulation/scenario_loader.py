"""Reads a Verbinder scenario YAML and derives the simulation set-up as
Sources/VerbinderSimulation/SimulationSetup.swift does: the model's parameters are the catalogue's
defaults as `verbinder model --parameters --format json` lists them (``load_parameters``) with the
scenario's `model:` section on top; the scenario's other defaults are those of
Sources/VerbinderScenario/ScenarioLoader.swift.

Shared by the Mesa and SimPy ports. Only what the simulation reads is derived: the stakeholder
network itself is not built; the parts of it the model uses are derived in closed form:
  * a resident's activity level (hard to reach / usual suspect / average) is drawn per request from
    the neighbourhood's shares (Verbinder draws it once per resident node when building the network,
    from the same shares: same distribution);
  * initial trust/familiarity of a department in a connector = mean over the connector's outgoing
    ties to officials of that department (generated contacts: home 0.6/0.7, other 0.4/0.3; listed
    ties and consultation structures where the connector is the tie's source), else the parameters
    initialTrust / initialFamiliarity;
  * a connector's initial knowledge = connectorKnowledge + knowledgeFromTies x the share of
    departments it has such ties into (at most 1).
"""
from __future__ import annotations

from dataclasses import dataclass, field
import json
import math
import subprocess

import yaml

HOURS_PER_DAY = 8.0
HOURS_PER_WEEK = 40.0
ROLES = ("fixer", "entrepreneur", "bridgeBuilder", "mediator")
FIXER, ENTREPRENEUR, BRIDGE, MEDIATOR = range(4)
FROM_RESIDENTS, FROM_OFFICIALS = 0, 1
SLIDER = {"low": 0.0, "mid": 0.5, "high": 1.0}
PROFILES = {  # internalPositioning, internalProcess, residents, politics, communication
    "developing": ("low", "low", "mid", "mid", "low"),
    "participative": ("mid", "low", "high", "low", "high"),
    "organisationOriented": ("high", "high", "low", "high", "low"),
    "rapprochement": ("mid", "low", "high", "high", "mid"),
    "tilted": ("high", "high", "high", "high", "high"),
}
SLIDER_NAMES = ("internalPositioning", "internalProcess", "residents", "politics", "communication")
LEVELS = ("teamManager", "clusterManager", "alderman")
ROUTES = {"none": 0, "teamManager": 1, "clusterManager": 2, "alderman": 3}
INTERVENTIONS = ("transitionManager", "internalPublicity", "documentedRole", "repositioning", "consultationInclusion")

def load_parameters(binary: str) -> dict:
    """The model's parameters and their defaults, from the same catalogue Verbinder runs with
    (`verbinder model --parameters --format json`): name (`group.member` for per-role and per-level
    parameters) -> default."""
    out = subprocess.run([binary, "model", "--parameters", "--format", "json"], check=True, capture_output=True,
                         text=True).stdout
    return {p["name"]: float(p["defaultValue"]) for p in json.loads(out)}


@dataclass
class Source:
    direction: int
    role: int
    group: int
    rate: float  # requests per working hour


@dataclass
class Neighbourhood:
    name: str
    residents: int
    hard_to_reach: float
    usual_suspects: float
    connectors: list = field(default_factory=list)


@dataclass
class Department:
    name: str
    officials: int
    cluster: int
    standardisation: float
    internal_orientation: float
    function_specific: float
    result_orientation: float
    team_manager: bool
    cluster_manager: bool
    responsible_alderman: bool


@dataclass
class Connector:
    name: str
    home_department: int
    home_cluster: int
    available_hours: float
    emphasis: list
    initial_knowledge: float = 0.0


class Setup:
    """Everything a replication needs that does not change during a run."""

    def __init__(self, path: str, parameters: dict, weeks: int | None = None):
        with open(path) as handle:
            doc = yaml.safe_load(handle)
        run = doc.get("run") or {}
        self.name = doc.get("name", path)
        self.weeks = int(weeks if weeks is not None else run.get("weeks", 52))
        self.seed = int(run.get("seed", 1))
        self.replications = int(run.get("replications", 10))

        # The scenario's `model:` section over the catalogue's defaults; `group: {member: value}` sets `group.member`.
        model = dict(parameters)
        for key, value in (doc.get("model") or {}).items():
            for name, number in (((f"{key}.{k}", v) for k, v in value.items()) if isinstance(value, dict) else [(key, value)]):
                if name not in model:
                    raise ValueError(f"{path}: model parameter {name} is not in Verbinder's catalogue")
                model[name] = float(number)
        self.m = model
        # Per-role parameters as lists in role order, per-level ones in route order (team, cluster, alderman).
        self.role = {name.split(".")[0]: [model[f"{name.split('.')[0]}.{r}"] for r in ROLES]
                     for name in model if name.endswith(".fixer")}
        self.level = {name.split(".")[0]: [model[f"{name.split('.')[0]}.{lv}"] for lv in LEVELS]
                      for name in model if name.endswith(".teamManager")}

        policies = doc.get("policies") or {}
        levels = list(PROFILES[policies.get("profile", "developing")])
        for i, name in enumerate(SLIDER_NAMES):
            if name in (policies.get("sliders") or {}):
                levels[i] = policies["sliders"][name]
        (self.internal_positioning, self.internal_process, self.residents_slider, self.politics,
         self.communication) = (SLIDER[level] for level in levels)
        capacity = policies.get("capacity") or {}
        self.triage = capacity.get("triage", "firstCome")
        self.max_deferral_weeks = float(capacity.get("maxDeferralWeeks", 4))
        escalation = policies.get("escalation") or {}
        self.route = ROUTES[escalation.get("route", "none")]
        self.alderman_choice = escalation.get("alderman", "own")
        self.trigger = escalation.get("trigger", "afterRefusal")
        self.wait_days = float(escalation.get("waitDays", 10))
        self.reluctance = float(escalation.get("reluctance", 0.7))
        self.intervention_start = [math.inf] * len(INTERVENTIONS)
        for item in policies.get("interventions") or []:
            k = INTERVENTIONS.index(item["kind"])
            self.intervention_start[k] = min(self.intervention_start[k], int(item.get("startWeek", 0)) * HOURS_PER_WEEK)

        departments = doc.get("departments") or []
        cluster_names = sorted({d.get("cluster", d["name"]) for d in departments})
        managers = doc.get("managers") or []
        aldermen = doc.get("aldermen") or []
        self.departments = []
        for d in departments:
            officials = d.get("officials") or {}
            barriers = d.get("barriers") or {}
            cluster = d.get("cluster", d["name"])
            self.departments.append(Department(
                name=d["name"],
                officials=sum(int(officials.get(k, 0)) for k in ("policy", "execution", "supervision", "political")),
                cluster=cluster_names.index(cluster),
                standardisation=float(barriers.get("standardisation", 0.5)),
                internal_orientation=float(barriers.get("internalOrientation", 0.5)),
                function_specific=float(barriers.get("functionSpecific", 0.5)),
                result_orientation=float(barriers.get("resultOrientation", 0.5)),
                team_manager=any(m.get("level", "team") == "team" and m.get("department") == d["name"] for m in managers),
                cluster_manager=any(m.get("level") == "cluster" and m.get("cluster") == cluster for m in managers),
                responsible_alderman=any(d["name"] in (a.get("portfolio") or []) for a in aldermen)))
        department_index = {d.name: i for i, d in enumerate(self.departments)}

        connectors = doc.get("connectors") or []
        self.connectors = []
        for c in connectors:
            home = department_index.get(c["homeDepartment"], 0)
            weights = c.get("roleEmphasis")
            emphasis = [0.25] * 4
            if weights:
                raw = [float(weights.get(r, 0)) for r in ROLES]
                emphasis = [w / sum(raw) for w in raw]
            self.connectors.append(Connector(
                name=c["name"], home_department=home, home_cluster=self.departments[home].cluster,
                available_hours=float(c.get("hoursPerWeek", 36)) * (1 - self.m["overheadShare"]), emphasis=emphasis))

        self.neighbourhoods = []
        for h in doc.get("neighbourhoods") or []:
            self.neighbourhoods.append(Neighbourhood(
                name=h["name"], residents=int(h["residents"]), hard_to_reach=float(h.get("hardToReachShare", 0.2)),
                usual_suspects=float(h.get("usualSuspectShare", 0.1)),
                connectors=[i for i, c in enumerate(connectors) if h["name"] in (c.get("neighbourhoods") or [])]))
        self.cumulative_residents = []
        total = 0
        for h in self.neighbourhoods:
            total += h.residents
            self.cumulative_residents.append(total)

        explicit = any(a.get("connectorPortfolio", False) for a in aldermen)
        home_name = connectors[0]["homeDepartment"] if connectors else None
        implicit = any(home_name in (a.get("portfolio") or []) for a in aldermen) if home_name else False
        self.own_alderman = explicit or implicit or bool(aldermen)
        self.explicit_portfolio = explicit

        self.sources = []
        for i, h in enumerate(self.neighbourhoods):
            for r in range(4):
                per_week = h.residents / 1000 * self.role["residentRequestRate"][r]
                if per_week > 0:
                    self.sources.append(Source(FROM_RESIDENTS, r, i, per_week / HOURS_PER_WEEK))
        if self.neighbourhoods:
            for i, d in enumerate(self.departments):
                for r in range(4):
                    per_week = d.officials / 100 * self.role["officialRequestRate"][r]
                    if per_week > 0:
                        self.sources.append(Source(FROM_OFFICIALS, r, i, per_week / HOURS_PER_WEEK))

        # Initial relations from the connectors' outgoing ties to officials (see module docstring).
        generation = doc.get("generation") or {}
        contacts = int(generation.get("connectorContacts", 3))
        official_actor = {a["name"]: department_index[a["department"]] for a in (doc.get("actors") or [])
                          if a.get("kind") == "official" and a.get("department") in department_index}
        D = len(self.departments)
        self.initial_trust = [model["initialTrust"]] * (len(self.connectors) * D)
        self.initial_familiarity = [model["initialFamiliarity"]] * (len(self.connectors) * D)
        for ci, c in enumerate(self.connectors):
            sums = [[0.0, 0.0, 0] for _ in range(D)]
            for di, d in enumerate(self.departments):
                if d.officials > 0:
                    own = di == c.home_department
                    n = min(d.officials, contacts * (2 if own else 1))
                    sums[di][0] += n * (0.6 if own else 0.4)
                    sums[di][1] += n * (0.7 if own else 0.3)
                    sums[di][2] += n
            for tie in doc.get("ties") or []:
                if tie.get("from") == c.name and tie.get("to") in official_actor and tie.get("kind", "tie") == "tie":
                    s = sums[official_actor[tie["to"]]]
                    s[0] += float(tie.get("trust", 0.5)); s[1] += float(tie.get("familiarity", 0.5)); s[2] += 1
            for structure in doc.get("consultationStructures") or []:
                members = structure.get("members") or []
                if c.name in members:
                    for other in members[members.index(c.name) + 1:]:
                        if other in official_actor:
                            s = sums[official_actor[other]]
                            s[0] += 0.5; s[1] += 0.6; s[2] += 1
            for di in range(D):
                if sums[di][2] > 0:
                    self.initial_trust[ci * D + di] = sums[di][0] / sums[di][2]
                    self.initial_familiarity[ci * D + di] = sums[di][1] / sums[di][2]
            # Knowledge of the organisation grows with the share of departments the connector has ties into.
            tied = sum(1 for s in sums if s[2] > 0) / D if D else 0.0
            c.initial_knowledge = min(1.0, model["connectorKnowledge"] + model["knowledgeFromTies"] * tied)

    def active(self, kind: str, now: float) -> bool:
        return now >= self.intervention_start[INTERVENTIONS.index(kind)]

    def response_mean_hours(self, department: int) -> float:
        m = self.m
        io = self.departments[department].internal_orientation
        return (m["responseDays"] + (m["slowResponseDays"] - m["responseDays"]) * io) * HOURS_PER_DAY
