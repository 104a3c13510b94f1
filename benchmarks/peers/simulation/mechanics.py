"""The decisions of the connection-attempt model (docs/model.md; Sources/VerbinderSimulation/Replication*.swift),
shared by the Mesa and SimPy ports so that both implement the same mechanics with the same parameters. The
engines own the clock and the scheduling: they call into a `Core` with the current time and give it two
hooks:

    core.later(delay, kind, request)   schedule a department / escalation / direct response
    core.wake(connector)               a request was queued at an idle connector

Random numbers: Python's Mersenne Twister with Verbinder's stream structure: one stream per arrival source,
and each request draws its decisions from a stream of its own, seeded from its source's stream at arrival
(Verbinder: xoshiro256** streams). The ports agree with Verbinder in distribution, not draw for draw.
Every number below is a model parameter (`setup.m`, `setup.role`, `setup.level`), read from Verbinder's
catalogue, except the structural 0, 1 and 0.5 the Swift code uses too.
"""
from __future__ import annotations

import heapq
import math
import random

from scenario_loader import (HOURS_PER_DAY, HOURS_PER_WEEK, FIXER, ENTREPRENEUR, BRIDGE, MEDIATOR,
                             FROM_RESIDENTS, FROM_OFFICIALS)

# Outcomes, in Verbinder's order (Outcome.swift).
(RESOLVED, RESOLVED_ESC, STRANDED, NO_OWNER, DROPPED, TIMED_OUT, ESC_FAILED, DIRECT_OK, DIRECT_FAIL, UNVOICED,
 OPEN) = range(11)
OUTCOMES = 11
SUCCESS = {RESOLVED, RESOLVED_ESC, DIRECT_OK}
NOT_THROUGH_CONNECTOR = {DIRECT_OK, DIRECT_FAIL, UNVOICED, OPEN}
HARD, USUAL, AVERAGE = range(3)
DEPARTMENT, ESCALATION, DIRECT = "department", "escalation", "direct"
TEAM, CLUSTER, ALDERMAN = 1, 2, 3  # routes (0: none); the escalation level is route - 1


class Request:
    __slots__ = ("id", "role", "direction", "activity", "neighbourhood", "department", "extra", "urgency", "small",
                 "arrival", "enqueued", "connector", "escalated", "level", "misdirected", "finished", "rng")

    def __init__(self, id, role, direction, activity, neighbourhood, department, extra, urgency, small, arrival, rng):
        self.id = id
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
        self.level = -1
        self.misdirected = False
        self.finished = False
        self.rng = rng

    def copy_misdirected(self, id):
        r = Request(id, self.role, self.direction, self.activity, self.neighbourhood, self.department, self.extra,
                    self.urgency, self.small, self.arrival, self.rng)
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
        self.end = setup.weeks * HOURS_PER_WEEK
        C, D = len(setup.connectors), len(setup.departments)
        self.D = D
        self.queues = [[] for _ in range(C)]
        self.in_service = [None] * C
        self.budget_left = [0.0] * C
        self.knowledge = [c.initial_knowledge for c in setup.connectors]
        self.trust = list(setup.initial_trust)
        self.familiarity = list(setup.initial_familiarity)
        self.recent_escalations = [0.0] * (C * D)
        self.resident_trust = [0.5] * len(setup.neighbourhoods)
        # Bridge strength per (neighbourhood * D + department) * 4 + role, and those ever built (they fade).
        self.bridges = [0.0] * (len(setup.neighbourhoods) * D * 4)
        self.built_bridges = []
        self.pending_at_department = [0] * D  # connector requests each department is working on
        self.sequence = 0
        self.request_count = 0
        self.events = 0
        self.cell_arrivals = [0] * 8
        self.cell_ended = [0] * 8
        self.cell_attempts = [0] * 8
        self.cell_successes = [0] * 8
        self.outcomes = [0] * OUTCOMES
        self.later = None  # set by the engine
        self.wake = None
        self.refill_budgets(0.0)

    # Chance ---------------------------------------------------------------------------------------------
    @staticmethod
    def chance(p: float, request: Request) -> bool:
        return request.rng.random() < p

    @staticmethod
    def delay(mean: float, request: Request) -> float:
        return -math.log(1.0 - request.rng.random()) * mean

    def clipped(self, p: float) -> float:
        return max(self.m["minimumChance"], min(self.m["maximumChance"], p))

    def emphasis_factor(self, c: int, role: int) -> float:
        """1 at balanced emphasis, more where the connector gives the role more of its time."""
        if c < 0:
            return 1.0
        return max(0.0, 1 + self.m["emphasisEffect"] * (4 * self.s.connectors[c].emphasis[role] - 1))

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
        while extra < m["maxExtraDomains"] and stream.random() < m["integralShare"]:
            extra += 1
        draw = stream.random()
        urgency = m["conflictUrgency"] + (1 - m["conflictUrgency"]) * draw if source.role == MEDIATOR else draw
        small = stream.random() < m["smallShare"]
        request = Request(self.request_count, source.role, source.direction, activity, n, department, extra, urgency,
                          small, now, random.Random(stream.getrandbits(64)))
        self.request_count += 1
        self.cell_arrivals[request.role * 2 + request.direction] += 1
        self.route(request, now)

    def bridge_index(self, request: Request) -> int:
        return (request.neighbourhood * self.D + request.department) * 4 + request.role

    def response_delay(self, request: Request) -> float:
        return self.delay(self.s.response_mean_hours(request.department), request)

    def route(self, request: Request, now: float):
        s, m = self.s, self.m
        hood = s.neighbourhoods[request.neighbourhood]
        connector = hood.connectors[request.rng.randrange(len(hood.connectors))] if hood.connectors else -1
        voiced = True
        if request.direction == FROM_RESIDENTS:
            publicity = m["awarenessPublicity"] if s.active("internalPublicity", now) else 0.0
            awareness = min(1.0, m["residentAwareness"] + m["awarenessCommunication"] * s.communication
                            + m["awarenessParticipation"] * s.residents_slider + publicity
                            + m["awarenessTrust"] * (self.resident_trust[request.neighbourhood] - 0.5))
            if request.activity == HARD:
                reach = (m["hardToReachReach"] + m["reachParticipation"] * s.residents_slider
                         + m["reachCommunication"] * s.communication) * self.emphasis_factor(connector, FIXER)
                use = self.chance(min(1.0, reach), request)
                voiced = use
            elif request.activity == USUAL:
                use = self.chance(awareness * m["usualSuspectUse"], request)
            else:
                use = self.chance(awareness, request)
        else:
            r = connector * self.D + request.department
            relation = self.familiarity[r] if connector >= 0 else 0.0
            pull = (m["officialInitiative"] + m["familiarityPull"] * relation + m["pullCommunication"] * s.communication
                    + m["pullProcess"] * s.internal_process)
            if s.active("internalPublicity", now): pull += m["publicityEffect"]
            if s.active("documentedRole", now): pull += m["pullDocumentedRole"]
            if s.active("consultationInclusion", now): pull += m["pullConsultation"]
            if s.active("transitionManager", now): pull += m["pullTransitionManager"]
            # A department that trusts the connectors sends its officials there.
            if connector >= 0:
                pull *= max(0.0, 1 + m["routingTrustWeight"] * (self.trust[r] - m["trustReference"]))
            use = self.chance(min(1.0, pull), request)
        # Over a bridge for this neighbourhood, department and role the parties find each other without the connector.
        b = self.bridge_index(request)
        if use and self.bridges[b] > 0 and self.chance(m["bridgeStepOut"] * self.bridges[b], request):
            use = False
            self.bridges[b] = 1.0
        if connector < 0:
            use = False
        if not voiced:
            self.record(UNVOICED, request)
            return
        if use:
            request.connector = connector
            self.enqueue(request, now)
        else:
            self.later(self.response_delay(request), DIRECT, request)

    # Connector work -------------------------------------------------------------------------------------
    def enqueue(self, request: Request, now: float):
        s, m = self.s, self.m
        request.enqueued = now
        share = m["misdirectedShare"] * (1 - m["communicationTargeting"] * s.communication)
        if s.active("documentedRole", now):
            share *= m["documentedMisdirectedFactor"]
        if self.chance(share, request):
            self.push(request.copy_misdirected(self.request_count), request.connector, now)
            self.request_count += 1
        self.push(request, request.connector, now)

    def effort(self, r: Request) -> float:
        if r.misdirected:
            return self.m["misdirectedEffortHours"]
        return self.s.role["effortHours"][r.role] * (1 + self.m["integralEffort"] * r.extra)

    def push(self, request: Request, c: int, now: float):
        if self.s.triage == "firstCome":
            rank = 0.0
        elif self.s.triage == "byRole":
            rank = -self.s.connectors[c].emphasis[request.role]
        else:
            rank = -request.urgency
        self.sequence += 1
        heapq.heappush(self.queues[c], (rank, now, self.sequence, request))
        if self.in_service[c] is None:
            self.wake(c)

    def overdue(self, request: Request, c: int, now: float):
        """The deadline a waiting request has passed, if any: the deferral limit, or for a conflict the
        mediation deadline (later the more the connector invests in mediating)."""
        if now - request.enqueued > self.s.max_deferral_weeks * HOURS_PER_WEEK:
            return DROPPED
        if (request.role == MEDIATOR and now - request.enqueued
                > self.m["mediationDeadlineDays"] * HOURS_PER_DAY * self.emphasis_factor(c, MEDIATOR)):
            return TIMED_OUT
        return None

    def expire(self, request: Request, outcome: int):
        if request.misdirected:
            request.finished = True
            return
        if outcome == TIMED_OUT:
            self.adjust_resident_trust(request.neighbourhood, -self.m["conflictTrustLoss"])
        self.record(outcome, request)

    def apply_deadlines(self, c: int, now: float):
        """At each week end: every waiting request past a deadline ends, whatever the triage order."""
        queue = self.queues[c]
        if not queue:
            return
        keep, expired = [], []
        for entry in queue:
            outcome = self.overdue(entry[3], c, now)
            if outcome is None:
                keep.append(entry)
            else:
                expired.append((entry[3], outcome))
        if not expired:
            return
        heapq.heapify(keep)
        self.queues[c] = keep
        for request, outcome in sorted(expired, key=lambda e: (e[0].enqueued, e[0].id)):
            self.expire(request, outcome)

    def start_next(self, c: int, now: float):
        """Takes the next request; returns the service duration (hours) or None when the queue is empty.
        The connector works at the rate its available hours allow, so busy hours never exceed them."""
        queue = self.queues[c]
        while queue:
            request = heapq.heappop(queue)[3]
            outcome = self.overdue(request, c, now)
            if outcome is not None:
                self.expire(request, outcome)
                continue
            self.in_service[c] = request
            return self.effort(request) * HOURS_PER_WEEK / self.s.connectors[c].available_hours
        self.in_service[c] = None
        return None

    def refill_budgets(self, now: float):
        level = 1.0 if self.s.active("repositioning", now) else self.s.internal_positioning
        for c in range(len(self.budget_left)):
            self.budget_left[c] = self.m["budgetPerWeek"] * level

    def finish_request(self, request: Request, now: float):
        """What happens to a request once the connector has worked on it (after start_next for the next one)."""
        if request.misdirected:
            request.finished = True
            return
        s, m = self.s, self.m
        c = request.connector
        # Co-production: residents brought together settle an initiative or problem themselves or with partners.
        if (request.direction == FROM_RESIDENTS and request.role in (ENTREPRENEUR, BRIDGE)
                and self.chance(m["coProduction"] * s.residents_slider, request)):
            self.record(RESOLVED, request)
            return
        # Own budget settles small requests without a department.
        if request.small and request.role != MEDIATOR and self.budget_left[c] >= 1:
            self.budget_left[c] -= 1
            self.record(RESOLVED, request)
            return
        # The fixer answers from own knowledge of the organisation, one domain at a time.
        if (request.role == FIXER and request.direction == FROM_RESIDENTS
                and self.chance(self.knowledge[c] ** (1 + request.extra), request)):
            self.record(RESOLVED, request)
            return
        self.contact_department(request, now)

    # Department response --------------------------------------------------------------------------------
    def cooperation(self, request: Request, now: float) -> float:
        s, m, role = self.s, self.m, self.s.role
        c, d = request.connector, request.department
        dep = s.departments[d]
        repositioned = s.active("repositioning", now)
        transition = s.active("transitionManager", now)
        process = min(1.0, s.internal_process + (m["transitionProcessLift"] if transition else 0.0))
        other = m["otherClusterFactor"] + (1 - m["otherClusterFactor"]) * m["positioningClusterLift"] * s.internal_positioning
        if repositioned: other = max(other, m["repositionedClusterFactor"])
        if transition: other = min(1.0, other + m["transitionClusterLift"])
        mandate = 1.0 if repositioned else m["mandateFloor"] + (1 - m["mandateFloor"]) * s.internal_positioning
        r = c * self.D + d
        relation = (m["relationBase"] + m["relationTrustWeight"] * (self.trust[r] - m["trustReference"])
                    + m["relationFamiliarityWeight"] * (self.familiarity[r] - m["trustReference"]))
        # A question asks for information; everything else asks colleagues to act ("extra werk").
        extra_work = m["informationExtraWork"] if request.role == FIXER else 1.0
        p = role["cooperationBase"][request.role]
        if request.direction == FROM_RESIDENTS:
            p *= 1.0 if dep.cluster == s.connectors[c].home_cluster else other
            p *= mandate
        p *= m["processFloor"] + (1 - m["processFloor"]) * process
        p *= max(0.0, relation)
        p *= 1 - m["standardisationWeight"] * dep.standardisation
        p *= 1 - m["internalOrientationWeight"] * dep.internal_orientation
        p *= (1 - m["functionSpecificWeight"] * dep.function_specific) ** request.extra
        p *= 1 - extra_work * m["resultOrientationWeight"] * dep.result_orientation * (1 - m["processBuffer"] * process)
        p *= 1 + m["participationProcess"] * s.residents_slider * (process - 0.5)
        capacity = max(1.0, dep.officials * m["departmentRequestCapacity"])
        p *= 1 - extra_work * m["workloadPenalty"] * min(1.0, self.pending_at_department[d] / capacity)
        p *= 1 + m["politicalPriority"] * s.politics
        if request.role == ENTREPRENEUR:
            p *= self.emphasis_factor(c, ENTREPRENEUR)
        if request.direction == FROM_OFFICIALS:
            p *= 1 + m["ownRequestLift"]
        return self.clipped(p)

    def contact_department(self, request: Request, now: float):
        s = self.s
        wait = self.response_delay(request)
        if (s.trigger == "afterWait" and wait > s.wait_days * HOURS_PER_DAY
                and self.consider_escalation(request, now + s.wait_days * HOURS_PER_DAY, offset=s.wait_days * HOURS_PER_DAY)):
            return
        self.pending_at_department[request.department] += 1
        self.later(wait, DEPARTMENT, request)

    def department_responds(self, request: Request, now: float):
        self.pending_at_department[request.department] -= 1
        if self.chance(self.cooperation(request, now), request):
            self.cooperated(request, now)
        elif not self.consider_escalation(request, now):
            self.record(NO_OWNER if request.role == BRIDGE else STRANDED, request)

    def lifeworld_success(self, request: Request, now: float) -> float:
        """What the official would reach alone, plus the share of the rest the connector makes up."""
        s, m, role = self.s, self.m, self.s.role
        if s.neighbourhoods[request.neighbourhood].residents <= 0:
            return 0.0
        alone = min(1.0, role["directOfficialBase"][request.role] * (0.5 + self.resident_trust[request.neighbourhood]))
        value = role["lifeworldBase"][request.role] * (1 + m["lifeworldParticipation"] * (s.residents_slider - 0.5))
        if request.role == MEDIATOR:
            early = s.active("documentedRole", now) or s.active("consultationInclusion", now)
            if not early:
                value *= m["lateConflictFactor"]
        return self.clipped(alone + (1 - alone) * min(1.0, value))

    def cooperated(self, request: Request, now: float):
        s, m = self.s, self.m
        c = request.connector
        r = c * self.D + request.department
        lift = 1 + m["consultationFamiliarityLift"] if s.active("consultationInclusion", now) else 1.0
        self.trust[r] += m["trustGain"] * (1 - self.trust[r])
        self.familiarity[r] += m["familiarityGain"] * lift * (1 - self.familiarity[r])
        if request.role == FIXER:
            self.knowledge[c] += m["knowledgeLearning"] * (1 - self.knowledge[c])
        success = True
        if request.direction == FROM_OFFICIALS:
            success = self.chance(self.lifeworld_success(request, now), request)
            if success:
                self.adjust_resident_trust(request.neighbourhood, m["conflictTrustLoss"] * m["officialSuccessTrustShare"])
        if (success and request.role == BRIDGE
                and self.chance(min(1.0, m["bridgeChance"] * self.emphasis_factor(c, BRIDGE)), request)):
            # Verbinder also draws the official (and the resident) of the bridge from the request's own stream,
            # which nothing else reads afterwards.
            if s.departments[request.department].officials > 0 and s.neighbourhoods[request.neighbourhood].residents > 0:
                b = self.bridge_index(request)
                if self.bridges[b] == 0:
                    self.built_bridges.append(b)
                self.bridges[b] = 1.0
        failure = NO_OWNER if request.role == BRIDGE else STRANDED
        self.record((RESOLVED_ESC if request.escalated else RESOLVED) if success else failure, request)

    # Escalation -----------------------------------------------------------------------------------------
    def consider_escalation(self, request: Request, now: float, offset: float = 0.0) -> bool:
        s, m = self.s, self.m
        if request.escalated:
            return False
        route, reluctance = s.route, s.reluctance
        repositioned = s.active("repositioning", now)
        if repositioned:
            route = ALDERMAN
            reluctance *= m["repositionedReluctance"]
        willingness = min(1.0, (1 - reluctance) * (1 + m["politicsWillingness"] * s.politics))
        if route == 0:
            return False
        dep = s.departments[request.department]
        if route in (TEAM, CLUSTER):
            has_target = dep.team_manager or dep.cluster_manager
        else:
            has_target = s.own_alderman if (s.alderman_choice == "own" or repositioned) else dep.responsible_alderman
        if not has_target or not self.chance(willingness, request):
            return False
        request.escalated = True
        request.level = route - 1
        days = s.level["escalationDays"][route - 1]
        self.later(offset + self.delay(days * HOURS_PER_DAY, request), ESCALATION, request)
        return True

    def escalation_success(self, level: int, r: int, now: float) -> float:
        s, m = self.s, self.m
        effect = s.level["escalationEffect"][level]
        if level == ALDERMAN - 1:
            repositioned = s.active("repositioning", now)
            explicit = s.explicit_portfolio or repositioned
            own = s.alderman_choice == "own" or repositioned
            if own and not explicit:
                effect *= m["implicitPortfolioWeight"]
            effect += m["politicsAldermanLift"] * s.politics
        # Overuse wears it out.
        effect /= 1 + m["escalationWear"] * self.recent_escalations[r]
        return self.clipped(effect)

    def escalation_responds(self, request: Request, now: float):
        r = request.connector * self.D + request.department
        success = self.chance(self.escalation_success(request.level, r, now), request)
        # Felt as betrayal: the escalated department's trust falls; the escalation is remembered.
        self.trust[r] = max(0.0, self.trust[r] - self.m["escalationTrustCost"])
        self.recent_escalations[r] += 1
        if success:
            self.cooperated(request, now)
        else:
            self.record(ESC_FAILED, request)

    # Direct route ---------------------------------------------------------------------------------------
    def direct_responds(self, request: Request, now: float):
        s, m, role = self.s, self.m, self.s.role
        dep = s.departments[request.department]
        if request.direction == FROM_RESIDENTS:
            p = role["directResidentBase"][request.role]
            p *= 1 - m["directStandardisationWeight"] * dep.standardisation
            p *= 1 - m["directInternalOrientationWeight"] * dep.internal_orientation
            p *= (1 - m["directFunctionSpecificWeight"] * dep.function_specific) ** request.extra
            p *= 1 - m["directResultOrientationWeight"] * dep.result_orientation
            if request.role == ENTREPRENEUR: p *= 1 + m["directInitiativeParticipation"] * s.residents_slider
            if request.activity == USUAL: p *= 1 + m["usualSuspectDirectLift"]
            p *= 1 + m["directCommunication"] * s.communication
        elif s.neighbourhoods[request.neighbourhood].residents > 0:
            p = role["directOfficialBase"][request.role] * (0.5 + self.resident_trust[request.neighbourhood])
        else:
            p = 0.0  # nobody to engage
        p *= 1 + m["bridgeDirectLift"] * self.bridges[self.bridge_index(request)]
        success = self.chance(max(0.0, min(m["maximumChance"], p)), request)
        if not success and request.role == MEDIATOR:
            self.adjust_resident_trust(request.neighbourhood, -m["conflictTrustLoss"] * m["directConflictTrustShare"])
        self.record(DIRECT_OK if success else DIRECT_FAIL, request)

    # Bookkeeping ----------------------------------------------------------------------------------------
    def adjust_resident_trust(self, n: int, delta: float):
        residents = max(1000, self.s.neighbourhoods[n].residents)
        self.resident_trust[n] = max(0.0, min(1.0, self.resident_trust[n] + delta * 1000 / residents))

    def record(self, outcome: int, request: Request):
        request.finished = True
        self.outcomes[outcome] += 1
        cell = request.role * 2 + request.direction
        self.cell_ended[cell] += 1
        if outcome in NOT_THROUGH_CONNECTOR:
            return
        self.cell_attempts[cell] += 1
        if outcome in SUCCESS:
            self.cell_successes[cell] += 1

    def end_week(self, now: float):
        """Deadlines for every waiting request, budgets, and the slow processes: residents' trust drifting
        back, escalations forgotten, bridges fading."""
        m = self.m
        for c in range(len(self.queues)):
            self.apply_deadlines(c, now)
        self.refill_budgets(now)
        for n in range(len(self.resident_trust)):
            self.resident_trust[n] += m["residentTrustDrift"] * (0.5 - self.resident_trust[n])
        decay = 1 - m["escalationMemoryDecay"]
        for r in range(len(self.recent_escalations)):
            if self.recent_escalations[r] > 0:
                self.recent_escalations[r] *= decay
        fade = 1 - m["bridgeDecay"]
        for b in self.built_bridges:
            self.bridges[b] *= fade

    def result(self) -> dict:
        # What has not ended is open (censored at the end of the run): arrivals = outcomes + open, per cell.
        open_cells = [self.cell_arrivals[i] - self.cell_ended[i] for i in range(8)]
        outcomes = list(self.outcomes)
        outcomes[OPEN] += sum(open_cells)
        return {"events": self.events, "cellAttempts": self.cell_attempts, "cellSuccesses": self.cell_successes,
                "cellArrivals": self.cell_arrivals, "cellOpen": open_cells, "outcomes": outcomes}
