"""The decisions of the connection-attempt model (docs/model.md; Replication.swift), shared by the Mesa and
SimPy ports so that both implement the same mechanics with the same parameters. The engines own the
clock and the scheduling: they call into a `Core` and give it three hooks:

    core.later(delay, kind, request_index)   schedule a department / escalation / direct response
    core.wake(connector)                     a request was queued at an idle connector
    core.now                                 current time (hours)

Random numbers: Python's Mersenne Twister, one stream per arrival source plus one decision stream per
replication (Verbinder: xoshiro256** with the same stream structure). The ports agree with Verbinder in
distribution, not draw for draw.
"""
from __future__ import annotations

import heapq
import math
import random

from scenario_loader import (HOURS_PER_DAY, HOURS_PER_WEEK, FIXER, ENTREPRENEUR, BRIDGE, MEDIATOR,
                             FROM_RESIDENTS, FROM_OFFICIALS)

# Outcomes, in Verbinder's order.
RESOLVED, RESOLVED_ESC, STRANDED, NO_OWNER, DROPPED, TIMED_OUT, ESC_FAILED, DIRECT_OK, DIRECT_FAIL, UNVOICED = range(10)
SUCCESS = {RESOLVED, RESOLVED_ESC, DIRECT_OK}
HARD, USUAL, AVERAGE = range(3)
DEPARTMENT, ESCALATION, DIRECT = "department", "escalation", "direct"


class Request:
    __slots__ = ("role", "direction", "activity", "neighbourhood", "department", "extra", "urgency", "small",
                 "arrival", "enqueued", "connector", "escalated", "misdirected")

    def __init__(self, role, direction, activity, neighbourhood, department, extra, urgency, small, arrival):
        self.role = role
        self.direction = direction
        self.activity = activity
        self.neighbourhood = neighbourhood
        self.department = department
        self.extra = extra
        self.urgency = urgency
        self.small = small
        self.arrival = arrival
        self.enqueued = 0.0
        self.connector = -1
        self.escalated = False
        self.misdirected = False

    def copy_misdirected(self):
        r = Request(self.role, self.direction, self.activity, self.neighbourhood, self.department, self.extra,
                    self.urgency, self.small, self.arrival)
        r.enqueued = self.enqueued
        r.connector = self.connector
        r.misdirected = True
        return r


class Core:
    def __init__(self, setup, seed: int, replication: int):
        self.s = setup
        self.m = setup.m
        base = (seed * 1_000_003 + replication) * 7919
        self.arrival_streams = [random.Random(base + 1 + i) for i in range(len(setup.sources))]
        self.rng = random.Random(base)
        self.end = setup.weeks * HOURS_PER_WEEK
        C, D = len(setup.connectors), len(setup.departments)
        self.D = D
        self.queues = [[] for _ in range(C)]
        self.in_service = [None] * C
        self.weekly_demand = [0.0] * C
        self.trust = list(setup.initial_trust)
        self.familiarity = list(setup.initial_familiarity)
        self.resident_trust = [0.5] * len(setup.neighbourhoods)
        self.bridges = [0] * (len(setup.neighbourhoods) * D)
        self.pending_at_department = [0] * D  # connector requests each department is working on
        self.sequence = 0
        self.events = 0
        self.cell_attempts = [0] * 8
        self.cell_successes = [0] * 8
        self.outcomes = [0] * 10
        self.now = 0.0
        self.later = None  # set by the engine
        self.wake = None

    # Arrivals -------------------------------------------------------------------------------------------
    def next_gap(self, source: int) -> float:
        return -math.log(1.0 - self.arrival_streams[source].random()) / self.s.sources[source].rate

    def arrive(self, source_index: int, now: float):
        s, m = self.s, self.m
        source = s.sources[source_index]
        stream = self.arrival_streams[source_index]
        if source.direction == FROM_RESIDENTS:
            hood = s.neighbourhoods[source.group]
            draw = stream.random()
            activity = HARD if draw < hood.hard_to_reach else USUAL if draw < hood.hard_to_reach + hood.usual_suspects else AVERAGE
            n = source.group
            department = stream.randrange(len(s.departments))
        else:
            activity = AVERAGE
            draw = stream.randrange(max(1, s.cumulative_residents[-1] if s.cumulative_residents else 1))
            n = next((i for i, c in enumerate(s.cumulative_residents) if draw < c), 0)
            department = source.group
        extra = 0
        while extra < 4 and stream.random() < m["integralShare"]:
            extra += 1
        urgency = 0.5 + 0.5 * stream.random() if source.role == MEDIATOR else stream.random()
        small = stream.random() < m["smallShare"]
        self.route(Request(source.role, source.direction, activity, n, department, extra, urgency, small, now), now)

    def route(self, request: Request, now: float):
        s, m, rng = self.s, self.m, self.rng
        hood = s.neighbourhoods[request.neighbourhood]
        steps_out = self.bridges[request.neighbourhood * self.D + request.department] > 0
        voiced = True
        connector = hood.connectors[rng.randrange(len(hood.connectors))] if hood.connectors else -1
        if request.direction == FROM_RESIDENTS:
            awareness = min(1.0, m["residentAwareness"] + 0.25 * s.communication + 0.1 * s.residents_slider
                            + (0.05 if s.active("internalPublicity", now) else 0)
                            + 0.2 * (self.resident_trust[request.neighbourhood] - 0.5))
            if request.activity == HARD:
                reach = min(1.0, m["hardToReachReach"] + 0.3 * s.residents_slider + 0.15 * s.communication)
                use = rng.random() < reach
                voiced = use
            elif request.activity == USUAL:
                use = rng.random() < awareness * 0.5
            else:
                use = rng.random() < awareness
        else:
            relation = self.familiarity[connector * self.D + request.department] if connector >= 0 else 0.0
            pull = m["officialInitiative"] + m["familiarityPull"] * relation + 0.1 * s.communication + 0.1 * s.internal_process
            if s.active("internalPublicity", now): pull += m["publicityEffect"]
            if s.active("documentedRole", now): pull += 0.05
            if s.active("consultationInclusion", now): pull += 0.1
            if s.active("transitionManager", now): pull += 0.05
            use = rng.random() < min(1.0, pull)
        if steps_out and use and rng.random() < 0.5:
            use = False
        if connector < 0:
            use = False
        if not voiced:
            self.record(UNVOICED, request)
            return
        if use:
            request.connector = connector
            self.enqueue(request, now)
        else:
            self.later(self.delay(s.response_mean_hours(request.department)), DIRECT, request)

    def delay(self, mean: float) -> float:
        return -math.log(1.0 - self.rng.random()) * mean

    # Connector work -------------------------------------------------------------------------------------
    def enqueue(self, request: Request, now: float):
        request.enqueued = now
        share = self.m["misdirectedShare"] * (0.3 if self.s.active("documentedRole", now) else 1.0)
        if self.rng.random() < share:
            self.push(request.copy_misdirected(), request.connector, now)
        self.push(request, request.connector, now)

    def effort(self, r: Request) -> float:
        return self.m["misdirectedEffortHours"] if r.misdirected else self.m["effortHours"][r.role] * (1 + 0.5 * r.extra)

    def push(self, request: Request, c: int, now: float):
        self.weekly_demand[c] += self.effort(request)
        if self.s.triage == "firstCome":
            priority = now
        elif self.s.triage == "byRole":
            priority = -self.s.connectors[c].emphasis[request.role] * 1e7 + now
        else:
            priority = -request.urgency * 1e7 + now
        self.sequence += 1
        heapq.heappush(self.queues[c], (priority, self.sequence, request))
        if self.in_service[c] is None:
            self.wake(c)

    def start_next(self, c: int, now: float):
        """Takes the next request; returns the service duration (hours) or None when the queue is empty."""
        max_wait = self.s.max_deferral_weeks * HOURS_PER_WEEK
        deadline = self.m["mediationDeadlineDays"] * HOURS_PER_DAY
        queue = self.queues[c]
        while queue:
            request = heapq.heappop(queue)[2]
            if now - request.enqueued > max_wait:
                if not request.misdirected:
                    self.record(DROPPED, request)
                continue
            if request.role == MEDIATOR and not request.misdirected and now - request.enqueued > deadline:
                self.adjust_resident_trust(request.neighbourhood, -self.m["conflictTrustLoss"])
                self.record(TIMED_OUT, request)
                continue
            self.in_service[c] = request
            return self.effort(request) * HOURS_PER_WEEK / self.s.connectors[c].available_hours
        self.in_service[c] = None
        return None

    def finish_request(self, request: Request, now: float):
        """What happens to a request once the connector has worked on it (after start_next for the next one)."""
        if request.misdirected:
            return
        m = self.m
        if request.small and request.role != MEDIATOR and self.rng.random() < 0.6 * self.s.internal_positioning:
            self.record(RESOLVED, request)
            return
        if request.role == FIXER and request.direction == FROM_RESIDENTS and self.rng.random() < m["connectorKnowledge"]:
            self.record(RESOLVED, request)
            return
        self.contact_department(request, now)

    # Department response --------------------------------------------------------------------------------
    def cooperation(self, request: Request, now: float) -> float:
        s, m = self.s, self.m
        c, d = request.connector, request.department
        dep = s.departments[d]
        process = s.internal_process
        tm = s.active("transitionManager", now)
        rep = s.active("repositioning", now)
        if tm: process = min(1.0, process + 0.5)
        other = m["otherClusterFactor"] + (1 - m["otherClusterFactor"]) * 0.5 * s.internal_positioning
        if rep: other = max(other, 0.9)
        if tm: other = min(1.0, other + 0.1)
        mandate = 1.0 if rep else 0.85 + 0.15 * s.internal_positioning
        r = c * self.D + d
        relation = 0.8 + 0.4 * (self.trust[r] - 0.4) + 0.2 * (self.familiarity[r] - 0.4)
        p = m["cooperationBase"][request.role]
        p *= 1.0 if dep.cluster == s.connectors[c].home_cluster else other
        p *= mandate
        p *= 0.9 + 0.1 * process
        p *= relation
        p *= 1 - 0.25 * dep.standardisation
        p *= 1 - 0.1 * dep.internal_orientation
        p *= (1 - 0.35 * dep.function_specific) ** request.extra
        p *= 1 - 0.25 * dep.result_orientation * (1 - 0.5 * process)
        # Participation × internal process (seed 002 §2.1): "external cooperation only works when internal cooperation works too".
        p *= 1 + 0.3 * s.residents_slider * (process - 0.5)
        # Workload: a department already answering many connector requests cooperates less.
        capacity = max(1.0, dep.officials * m["departmentRequestCapacity"])
        p *= 1 - 0.3 * min(1.0, self.pending_at_department[d] / capacity)
        if request.direction == FROM_OFFICIALS:
            p = min(1.0, p * 1.3)
        return max(0.01, min(0.99, p))

    def contact_department(self, request: Request, now: float):
        wait = self.delay(self.s.response_mean_hours(request.department))
        s = self.s
        if s.trigger == "afterWait" and wait > s.wait_days * HOURS_PER_DAY:
            if self.consider_escalation(request, now + s.wait_days * HOURS_PER_DAY, offset=s.wait_days * HOURS_PER_DAY):
                return
        self.pending_at_department[request.department] += 1
        self.later(wait, DEPARTMENT, request)

    def department_responds(self, request: Request, now: float):
        self.pending_at_department[request.department] -= 1
        if self.rng.random() < self.cooperation(request, now):
            self.cooperated(request, now)
        elif not self.consider_escalation(request, now):
            self.record(NO_OWNER if request.role == BRIDGE else STRANDED, request)

    def cooperated(self, request: Request, now: float):
        s, m = self.s, self.m
        r = request.connector * self.D + request.department
        gain = 1.5 if s.active("consultationInclusion", now) else 1.0
        self.trust[r] += m["trustGain"] * (1 - self.trust[r])
        self.familiarity[r] += m["familiarityGain"] * gain * (1 - self.familiarity[r])
        success = True
        if request.direction == FROM_OFFICIALS:
            p = m["lifeworldBase"][request.role] * (0.5 + self.resident_trust[request.neighbourhood]) * (0.8 + 0.3 * s.residents_slider)
            if request.role == MEDIATOR:
                early = s.active("documentedRole", now) or s.active("consultationInclusion", now)
                p *= 1.0 if early else 0.75
            success = self.rng.random() < min(0.99, p)
            if success:
                self.adjust_resident_trust(request.neighbourhood, m["conflictTrustLoss"] / 4)
        if success and request.role == BRIDGE and s.departments[request.department].officials > 0:
            # Verbinder also draws the official (and, for officials' requests, the resident) of the bridge.
            self.rng.random()
            if request.direction == FROM_OFFICIALS:
                self.rng.random()
            self.bridges[request.neighbourhood * self.D + request.department] += 1
        failure = NO_OWNER if request.role == BRIDGE else STRANDED
        self.record((RESOLVED_ESC if request.escalated else RESOLVED) if success else failure, request)

    # Escalation -----------------------------------------------------------------------------------------
    def _route(self, now: float) -> int:
        return 3 if self.s.active("repositioning", now) else self.s.route

    def consider_escalation(self, request: Request, now: float, offset: float = 0.0) -> bool:
        s = self.s
        if request.escalated:
            return False
        reluctance = s.reluctance
        repositioned = s.active("repositioning", now)
        route = s.route
        if repositioned:
            route = 3
            reluctance *= 0.5
        if route == 0:
            return False
        dep = s.departments[request.department]
        if route in (1, 2):
            has_target = dep.team_manager or dep.cluster_manager
        else:
            has_target = s.own_alderman if (s.alderman_choice == "own" or repositioned) else dep.responsible_alderman
        # Political backing makes escalating less of a betrayal: up to 1.5x as willing at politics high.
        willingness = min(1.0, (1 - reluctance) * (1 + 0.5 * s.politics))
        if not has_target or not self.rng.random() < willingness:
            return False
        request.escalated = True
        self.later(offset + self.delay(self.m["escalationDays"][route - 1] * HOURS_PER_DAY), ESCALATION, request)
        return True

    def escalation_responds(self, request: Request, now: float):
        s, m = self.s, self.m
        repositioned = s.active("repositioning", now)
        route = 3 if repositioned else s.route
        effect = m["escalationEffect"][route - 1]
        if route == 3:
            explicit = s.explicit_portfolio or repositioned
            own = s.alderman_choice == "own" or repositioned
            if own and not explicit:
                effect *= 0.7
            effect = min(0.95, effect + 0.15 * s.politics)
        r = request.connector * self.D + request.department
        self.trust[r] = max(0.0, self.trust[r] - m["escalationTrustCost"])
        if self.rng.random() < effect:
            self.cooperated(request, now)
        else:
            self.record(ESC_FAILED, request)

    # Direct route ---------------------------------------------------------------------------------------
    def direct_responds(self, request: Request, now: float):
        s, m = self.s, self.m
        dep = s.departments[request.department]
        steps_out = self.bridges[request.neighbourhood * self.D + request.department] > 0
        if request.direction == FROM_RESIDENTS:
            p = m["directResidentBase"][request.role]
            p *= 1 - 0.5 * dep.standardisation
            p *= 1 - 0.3 * dep.internal_orientation
            p *= (1 - 0.6 * dep.function_specific) ** request.extra
            p *= 1 - 0.4 * dep.result_orientation
            if request.role == ENTREPRENEUR: p *= 1 + 0.2 * s.residents_slider
            if request.activity == USUAL: p *= 1.1
        else:
            p = m["directOfficialBase"][request.role] * (0.5 + self.resident_trust[request.neighbourhood])
        if steps_out: p *= 1.3
        success = self.rng.random() < max(0.0, min(0.99, p))
        if not success and request.role == MEDIATOR:
            self.adjust_resident_trust(request.neighbourhood, -m["conflictTrustLoss"] / 2)
        self.record(DIRECT_OK if success else DIRECT_FAIL, request)

    # Bookkeeping ----------------------------------------------------------------------------------------
    def adjust_resident_trust(self, n: int, delta: float):
        residents = max(1000, self.s.neighbourhoods[n].residents)
        self.resident_trust[n] = max(0.0, min(1.0, self.resident_trust[n] + delta * 1000 / residents))

    def record(self, outcome: int, request: Request):
        self.outcomes[outcome] += 1
        if outcome in (DIRECT_OK, DIRECT_FAIL, UNVOICED):
            return
        cell = request.role * 2 + request.direction
        self.cell_attempts[cell] += 1
        if outcome in SUCCESS:
            self.cell_successes[cell] += 1

    def end_week(self, now: float):
        for c in range(len(self.weekly_demand)):
            self.weekly_demand[c] = 0.0
        for n in range(len(self.resident_trust)):
            self.resident_trust[n] += 0.02 * (0.5 - self.resident_trust[n])

    def result(self) -> dict:
        return {"events": self.events, "cellAttempts": self.cell_attempts, "cellSuccesses": self.cell_successes,
                "outcomes": self.outcomes}
