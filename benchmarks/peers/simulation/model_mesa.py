"""Mesa (agent-based) port of Verbinder's connection-attempt model, on Mesa's discrete-event simulator
(mesa.experimental.devs.DEVSimulator), so time is continuous like Verbinder's instead of ticked.

Agents: a RequestSource per neighbourhood x role (residents) and per department x role (officials),
which schedules its own Poisson arrivals; a ConnectorAgent per connector, holding its triage queue and
serving one request at a time; a DepartmentAgent per department, answering connectors, escalations and
direct requests. The decisions are those of mechanics.Core (docs/model.md); relations, residents' trust
and bridges live in the Core's arrays (indexed as in Verbinder) rather than on the agents.
Events counted as Verbinder counts them (arrivals, service completions, department, escalation and
direct responses, week ends, time <= end).
"""
from __future__ import annotations

import mesa
from mesa.experimental.devs import DEVSimulator

from mechanics import Core, DEPARTMENT, ESCALATION, DIRECT
from scenario_loader import HOURS_PER_WEEK


class RequestSource(mesa.Agent):
    """Residents of a neighbourhood, or officials of a department, raising requests of one role."""

    def __init__(self, model, index):
        super().__init__(model)
        self.index = index

    def arrive(self):
        core = self.model.core
        core.events += 1
        core.arrive(self.index, self.model.simulator.time)
        self.schedule_next()

    def schedule_next(self):
        self.model.simulator.schedule_event_relative(self.arrive, self.model.core.next_gap(self.index))


class ConnectorAgent(mesa.Agent):
    def __init__(self, model, index):
        super().__init__(model)
        self.index = index

    def start(self):
        core = self.model.core
        duration = core.start_next(self.index, self.model.simulator.time)
        if duration is not None:
            self.model.simulator.schedule_event_relative(self.finish, duration)

    def finish(self):
        core, now = self.model.core, self.model.simulator.time
        core.events += 1
        request = core.in_service[self.index]
        self.start()
        core.finish_request(request, now)


class DepartmentAgent(mesa.Agent):
    def __init__(self, model, index):
        super().__init__(model)
        self.index = index

    def respond(self, request):
        core = self.model.core
        core.events += 1
        core.department_responds(request, self.model.simulator.time)

    def respond_escalation(self, request):
        core = self.model.core
        core.events += 1
        core.escalation_responds(request, self.model.simulator.time)

    def respond_direct(self, request):
        core = self.model.core
        core.events += 1
        core.direct_responds(request, self.model.simulator.time)


class VerbinderModel(mesa.Model):
    def __init__(self, setup, seed: int, replication: int, simulator: DEVSimulator):
        super().__init__(seed=seed * 1000 + replication)
        self.setup = setup
        self.simulator = simulator
        self.simulator.setup(self)
        self.core = Core(setup, seed, replication)
        self.core.later = self._later
        self.core.wake = self._wake
        self.sources = [RequestSource(self, i) for i in range(len(setup.sources))]
        self.connectors = [ConnectorAgent(self, c) for c in range(len(setup.connectors))]
        self.departments = [DepartmentAgent(self, d) for d in range(len(setup.departments))]
        for source in self.sources:
            source.schedule_next()
        for week in range(1, setup.weeks + 1):
            self.simulator.schedule_event_absolute(self.end_week, week * HOURS_PER_WEEK)

    def _later(self, delay, kind, request):
        department = self.departments[request.department]
        handler = (department.respond if kind == DEPARTMENT else
                   department.respond_escalation if kind == ESCALATION else department.respond_direct)
        self.simulator.schedule_event_relative(handler, delay, function_args=[request])

    def _wake(self, c):
        # Verbinder starts service at once when a request reaches an idle connector.
        self.connectors[c].start()

    def end_week(self):
        self.core.events += 1
        self.core.end_week(self.simulator.time)

    def run(self) -> dict:
        self.simulator.run_until(self.core.end)
        return self.core.result()


def make(setup, seed, replication):
    return VerbinderModel(setup, seed, replication, DEVSimulator())
