"""SimPy (discrete-event, process-based) port of Verbinder's connection-attempt model.

Processes: one per arrival source (Poisson loop), one per connector (serves its triage queue one
request at a time; sleeps on an event when idle), one per scheduled department / escalation / direct
response, and one for week ends. The decisions are those of mechanics.Core (docs/model.md).
Events are counted as Verbinder counts them: arrivals, service completions, department responses,
escalation responses, direct responses and week ends with time <= end (SimPy itself processes more
internal events: process starts, timeouts, wake-ups).
"""
from __future__ import annotations

import simpy

from mechanics import Core, DEPARTMENT, ESCALATION, DIRECT
from scenario_loader import HOURS_PER_WEEK


class SimPyModel:
    def __init__(self, setup, seed: int, replication: int):
        self.env = simpy.Environment()
        self.core = Core(setup, seed, replication)
        self.setup = setup
        self.idle = [None] * len(setup.connectors)  # the event an idle connector waits on
        self.core.later = self._later
        self.core.wake = self._wake
        self.handlers = {DEPARTMENT: self.core.department_responds, ESCALATION: self.core.escalation_responds,
                         DIRECT: self.core.direct_responds}

    def _later(self, delay, kind, request):
        self.env.process(self._response(delay, kind, request))

    def _response(self, delay, kind, request):
        yield self.env.timeout(delay)
        self.core.events += 1
        self.handlers[kind](request, self.env.now)

    def _wake(self, c):
        # Mark busy now (as Verbinder starts service at once), so a second push does not wake twice.
        self.core.in_service[c] = True
        event = self.idle[c]
        if event is not None and not event.triggered:
            event.succeed()

    def _source(self, i):
        core, env = self.core, self.env
        while True:
            yield env.timeout(core.next_gap(i))
            core.events += 1
            core.arrive(i, env.now)

    def _connector(self, c):
        core, env = self.core, self.env
        while True:
            duration = core.start_next(c, env.now)
            if duration is None:
                self.idle[c] = env.event()
                yield self.idle[c]
                self.idle[c] = None
                continue
            request = core.in_service[c]
            while duration is not None:
                yield env.timeout(duration)
                core.events += 1
                # As Verbinder: take the next request, then settle the finished one.
                duration = core.start_next(c, env.now)
                core.finish_request(request, env.now)
                request = core.in_service[c]

    def _weeks(self):
        for _ in range(self.setup.weeks):
            yield self.env.timeout(HOURS_PER_WEEK)
            self.core.events += 1
            self.core.end_week(self.env.now)

    def run(self) -> dict:
        env = self.env
        for i in range(len(self.setup.sources)):
            env.process(self._source(i))
        for c in range(len(self.setup.connectors)):
            env.process(self._connector(c))
        env.process(self._weeks())
        # Verbinder processes events with time <= end; the last week end falls exactly on it.
        env.run(until=self.core.end + 1e-7)
        return self.core.result()
