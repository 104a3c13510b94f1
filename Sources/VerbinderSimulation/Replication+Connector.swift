import Foundation
import VerbinderCore
import VerbinderScenario

/// The connector's work: queue and triage, deadlines, hours, own knowledge, own budget, co-production.
extension Replication {
    mutating func enqueue(_ index: Int, at now: Double) {
        let c = Int(requests[index].connector)
        requests[index].enqueued = now
        // Requests that are not the connector's job: fewer once the role is documented (Buzing 2024 master thesis §5.6.3) and
        // where structural communication says what the connector is for.
        var misdirectedShare = model.misdirectedShare * (1 - model.communicationTargeting * setup.communication)
        if setup.active(.documentedRole, at: now) { misdirectedShare *= model.documentedMisdirectedFactor }
        if chance(misdirectedShare, index) {
            var extra = requests[index]
            extra.misdirected = true
            push(add(extra), connector: c, at: now)
        }
        push(index, connector: c, at: now)
    }

    private mutating func push(_ index: Int, connector c: Int, at now: Double) {
        let request = requests[index]
        weeklyDemand[c] += setup.effort(of: request)
        let rank: Double
        switch setup.scenario.policies.capacity.triage {
        case .firstCome: rank = 0
        case .byRole: rank = -setup.connectors[c].emphasis[request.role]
        case .byUrgency: rank = -request.urgency
        }
        queueSequence += 1
        queues[c].insert(QueueEntry(rank: rank, time: now, sequence: queueSequence, request: Int32(index)))
        if inService[c] < 0 { startNext(connector: c, at: now) }
    }

    /// Ends a request that passed a deadline: dropped (Buzing 2024 master thesis §5.1.2: an unknown number of questions stays
    /// untouched) or, for a conflict, escalated in the neighbourhood (DOMAIN.md §6).
    private mutating func expire(_ index: Int, _ outcome: Outcome, at now: Double) {
        if requests[index].misdirected {
            finish(index)
            return
        }
        if outcome == .timedOut { adjustResidentTrust(requests[index].neighbourhood, by: -model.conflictTrustLoss) }
        record(outcome, index, at: now)
    }

    /// Applies the deadlines to every request waiting at connector `c` (at each week end), so no triage
    /// order can keep a request waiting past them.
    mutating func applyDeadlines(_ c: Int, at now: Double) {
        guard !queues[c].isEmpty else { return }
        // The scratch list is taken out of `self` while the queue is filtered, and put back (keeping its
        // capacity), so a week end allocates nothing.
        var expired = expiredScratch
        expiredScratch = []
        expired.removeAll(keepingCapacity: true)
        do {
            // The requests and the set-up as locals: the closure does not capture `self`, whose queue it changes.
            let requests = self.requests
            let setup = self.setup
            queues[c].removeAll { entry in
                guard let outcome = setup.overdue(requests[Int(entry.request)], connector: c, at: now) else { return false }
                expired.append(ExpiredEntry(request: entry.request, enqueued: requests[Int(entry.request)].enqueued, outcome: outcome))
                return true
            }
        }
        // In queueing order, so the effects on residents' trust never depend on the heap's layout.
        expired.sort { a, b in a.enqueued < b.enqueued || (a.enqueued == b.enqueued && a.request < b.request) }
        for entry in expired { expire(Int(entry.request), entry.outcome, at: now) }
        expiredScratch = expired
    }

    /// Takes the next request from the queue; those past a deadline end without work.
    mutating func startNext(connector c: Int, at now: Double) {
        while let entry = queues[c].popMin() {
            let index = Int(entry.request)
            if let outcome = setup.overdue(requests[index], connector: c, at: now) {
                expire(index, outcome, at: now)
                continue
            }
            inService[c] = entry.request
            accruedUntil[c] = now
            // The connector works at the rate its available hours allow: busy hours never exceed them.
            let duration = setup.effort(of: requests[index]) * SimulationSetup.hoursPerWeek / setup.connectors[c].availableHours
            schedule(.serviceDone, at: now + duration, subject: Int32(c))
            return
        }
        inService[c] = -1
    }

    /// Counts the hours worked on the request in service up to `now`.
    mutating func accrueBusyHours(_ c: Int, at now: Double) {
        guard inService[c] >= 0 else { return }
        let hours = (now - accruedUntil[c]) * setup.connectors[c].availableHours / SimulationSetup.hoursPerWeek
        result.busyHours[c] += hours
        week.busyHours += hours
        accruedUntil[c] = now
    }

    /// The own budget for the coming week: full after repositioning, else in proportion to internal
    /// positioning (the Platform31 publication §2.1: own budget; Apeldoorn's small area budgets).
    mutating func refillBudgets(at now: Double) {
        let level = setup.active(.repositioning, at: now) ? 1 : setup.internalPositioning
        for c in budgetLeft.indices { budgetLeft[c] = model.budgetPerWeek * level }
    }

    mutating func finishService(connector c: Int, at now: Double) {
        accrueBusyHours(c, at: now)
        let index = Int(inService[c])
        let request = requests[index]
        startNext(connector: c, at: now)
        if request.misdirected {
            result.misdirected += 1
            finish(index)
            return
        }
        // Participation: residents the connector brought together settle an initiative or problem
        // themselves or with partners (co-production).
        if request.direction == .fromResidents && (request.role == .entrepreneur || request.role == .bridgeBuilder)
            && chance(model.coProduction * setup.residentsSlider, index) {
            result.coProduced += 1
            record(.resolved, index, at: now)
            return
        }
        // Own budget settles small requests without a department (the Platform31 publication, Apeldoorn).
        if request.small && request.role != .mediator && budgetLeft[c] >= 1 {
            budgetLeft[c] -= 1
            result.settledByBudget += 1
            record(.resolved, index, at: now)
            return
        }
        // The fixer answers from own knowledge of the organisation, one domain at a time (Buzing 2024 master thesis §4.2.1).
        if request.role == .fixer && request.direction == .fromResidents
            && chance(power(knowledge[c], 1 + request.extraDomains), index) {
            result.answeredFromKnowledge += 1
            record(.resolved, index, at: now)
            return
        }
        contactDepartment(index, at: now)
    }
}

extension SimulationSetup {
    /// The connector hours a request takes.
    @inline(__always)
    func effort(of request: Request) -> Double {
        request.misdirected ? model.misdirectedEffortHours
            : model.effortHours[request.role] * (1 + model.integralEffort * Double(request.extraDomains))
    }

    /// Whether a queued request has passed a deadline: the deferral limit for every request, the
    /// mediation deadline for conflicts (later the more the connector invests in mediating).
    @inline(__always)
    func overdue(_ request: Request, connector c: Int, at now: Double) -> Outcome? {
        if now - request.enqueued > scenario.policies.capacity.maxDeferralWeeks * SimulationSetup.hoursPerWeek {
            return .droppedCapacity
        }
        if request.role == .mediator
            && now - request.enqueued > model.mediationDeadlineDays * SimulationSetup.hoursPerDay * emphasisFactor(c, .mediator) {
            return .timedOut
        }
        return nil
    }
}
