import Foundation
import VerbinderCore
import VerbinderScenario

/// One replication of the discrete-event model of connection attempts (DOMAIN.md §3–§6; docs/model.md).
///
/// Arrivals draw from one random stream per source, derived from the replication seed only, so that
/// replication k of every arm of an experiment sees the same requests (common random numbers); each
/// request then draws its decisions from a stream of its own, seeded at its arrival, so the same request
/// meets the same chances in every arm. Every number the decisions use is a ``ModelParameters`` field:
/// the decision code (this file and its `Replication+*.swift` extensions) holds no other literal than 0,
/// 1 and 0.5 (a test checks).
///
/// The extensions: `+Routing` (arrival, connector or direct route, the direct route's answer),
/// `+Connector` (queues, deadlines, own knowledge and budget), `+Department` (cooperation, the lifeworld
/// side, bridges), `+Escalation`.
struct Replication {
    let setup: SimulationSetup
    let recordInteractions: Bool
    var model: ModelParameters { setup.model }
    /// The departments' count: the stride of per connector × department arrays.
    let departmentCount: Int

    var events = EventQueue()
    /// The queueing order of connector queue entries (ties of rank and time).
    var queueSequence: UInt64 = 0
    var arrivalStreams: [Xoshiro256]
    /// The requests in flight, in slots reused once a request has ended (``finish(_:)``); released at the end of ``run()``.
    var requests = RequestPool()
    /// Scratch space of ``applyDeadlines(_:at:)``, kept between week ends.
    var expiredScratch: [ExpiredEntry] = []
    var result = ReplicationResult()

    // Connector state.
    var queues: [MinHeap<QueueEntry>]
    var inService: [Int32]
    /// Up to when the busy hours of the request in service have been counted.
    var accruedUntil: [Double]
    var weeklyDemand: [Double]
    /// Small requests the own budget can still settle this week.
    var budgetLeft: [Double]
    /// Each connector's knowledge of the organisation: the chance to answer a single-domain question alone.
    var knowledge: [Double]
    // Relations, indexed connector * D + department; residents' trust per neighbourhood.
    var trust: [Double]
    var familiarity: [Double]
    var escalatedAgainst: [Bool]
    /// Indices of `escalatedAgainst` that are true, in the order first escalated (their memory fades every week).
    var escalatedRelations: [Int] = []
    /// Escalations against each department by each connector, fading by ``ModelParameters/escalationMemoryDecay`` a week.
    var recentEscalations: [Double]
    var residentTrust: [Double]
    /// Bridge strength per (neighbourhood * D + department) * roles + role: 0 none, 1 fresh or just used.
    var bridges: [Double]
    /// Indices of `bridges` ever built, in the order built (they fade every week).
    var builtBridges: [Int] = []
    /// The same as a bitmap: nearly every request reads a bridge where none was ever built, and the bitmap
    /// answers that from a few kilobytes instead of a random read of `bridges`.
    var everBuilt: BitSet
    /// Connector requests each department is working on: its workload.
    var pendingAtDepartment: [Int]
    /// Replication 0's interactions as they happen, one entry each (``InteractionLog``), counted at the end.
    var interactionLog = InteractionLog()
    var week = WeekRow()

    init(setup: SimulationSetup, seed: UInt64, recordInteractions: Bool) {
        self.setup = setup
        self.recordInteractions = recordInteractions
        departmentCount = setup.departments.count
        arrivalStreams = setup.sources.indices.map { Xoshiro256(seed: seed, stream: streamLabel("arrivals"), UInt64($0)) }
        let connectorCount = setup.connectors.count
        queues = Array(repeating: MinHeap<QueueEntry>(), count: connectorCount)
        inService = Array(repeating: -1, count: connectorCount)
        accruedUntil = Array(repeating: 0, count: connectorCount)
        weeklyDemand = Array(repeating: 0, count: connectorCount)
        budgetLeft = Array(repeating: 0, count: connectorCount)
        knowledge = setup.connectors.map(\.initialKnowledge)
        trust = setup.initialTrust
        familiarity = setup.initialFamiliarity
        escalatedAgainst = Array(repeating: false, count: setup.initialTrust.count)
        recentEscalations = Array(repeating: 0, count: setup.initialTrust.count)
        residentTrust = Array(repeating: 0.5, count: setup.neighbourhoods.count)
        bridges = Array(repeating: 0, count: setup.neighbourhoods.count * departmentCount * roleCount)
        everBuilt = BitSet(count: bridges.count)
        pendingAtDepartment = Array(repeating: 0, count: departmentCount)
        result.busyHours = Array(repeating: 0, count: connectorCount)
        result.availableHours = setup.connectors.map { $0.availableHours * Double(setup.weeks) }
        result.overloadWeeks = Array(repeating: 0, count: connectorCount)
        result.queueSum = Array(repeating: 0, count: connectorCount)
        result.queueMax = Array(repeating: 0, count: connectorCount)
        result.escalations = Array(repeating: 0, count: connectorCount)
        result.openAtConnector = Array(repeating: 0, count: connectorCount)
    }

    /// Runs the replication to the end of the scenario's weeks; once (it releases the requests' buffer).
    mutating func run() -> ReplicationResult {
        let end = Double(setup.weeks) * SimulationSetup.hoursPerWeek
        result.trustBefore = mean(trust)
        result.familiarityBefore = mean(familiarity)
        result.residentTrustBefore = mean(residentTrust)
        result.knowledgeBefore = mean(knowledge)
        refillBudgets(at: 0)
        for source in setup.sources.indices { scheduleArrival(source, after: 0) }
        for weekNumber in 1 ... setup.weeks {
            schedule(.weekEnd, at: Double(weekNumber) * SimulationSetup.hoursPerWeek, subject: Int32(weekNumber))
        }
        while let event = events.next() {
            if event.time > end { break }
            result.events += 1
            result.eventsByKind[Int(event.kind.rawValue)] += 1
            switch event.kind {
            case .arrival: arrive(source: Int(event.subject), at: event.time)
            case .serviceDone: finishService(connector: Int(event.subject), at: event.time)
            case .departmentResponse: departmentResponds(request: Int(event.subject), at: event.time)
            case .escalationResponse: escalationResponds(request: Int(event.subject), at: event.time)
            case .directResponse: directResponds(request: Int(event.subject), at: event.time)
            case .weekEnd: endWeek(at: event.time)
            }
        }
        // What has not ended is open: censored at the end of the run, counted, never lost.
        for index in requests.indices where !requests[index].finished && !requests[index].misdirected {
            record(.open, index, at: end)
        }
        result.trustAfter = mean(trust)
        result.familiarityAfter = mean(familiarity)
        result.residentTrustAfter = mean(residentTrust)
        result.knowledgeAfter = mean(knowledge)
        result.bridgeStrength = builtBridges.reduce(0) { $0 + bridges[$1] }
        let escalated = escalatedRelations.sorted()
        if !escalated.isEmpty {
            result.escalatedTrustBefore = escalated.reduce(0) { $0 + setup.initialTrust[$1] } / Double(escalated.count)
            result.escalatedTrustAfter = escalated.reduce(0) { $0 + trust[$1] } / Double(escalated.count)
        }
        // The requests are done with: let them go before the log's sort makes its copies.
        requests.release()
        if recordInteractions { result.interactions = interactionLog.counted() }
        return result
    }

    // MARK: Scheduling and chance

    @inline(__always)
    mutating func schedule(_ kind: Event.Kind, at time: Double, subject: Int32) {
        events.schedule(kind, at: time, subject: subject)
    }

    mutating func scheduleArrival(_ source: Int, after now: Double) {
        let rate = setup.sources[source].rate
        let gap = -log(1 - arrivalStreams[source].nextUnit()) / rate
        schedule(.arrival, at: now + gap, subject: Int32(source))
    }

    /// True with probability `p`, drawn from request `index`'s own stream.
    @inline(__always)
    mutating func chance(_ p: Double, _ index: Int) -> Bool { requests[index].random.chance(p) }

    /// An exponential delay with the given mean (hours), drawn from request `index`'s own stream.
    @inline(__always)
    mutating func delay(mean: Double, _ index: Int) -> Double { -log(1 - requests[index].random.nextUnit()) * mean }

    // MARK: Bookkeeping

    /// The strength of bridge `b`: 0 where none was ever built.
    @inline(__always)
    func bridgeStrength(_ b: Int) -> Double { everBuilt.contains(b) ? bridges[b] : 0 }

    /// Changes residents' trust in the municipality by `delta` per 1,000 residents of the neighbourhood.
    mutating func adjustResidentTrust(_ neighbourhood: Int32, by delta: Double) {
        let scale = SimulationSetup.residentsPerTrustUnit
        let residents = max(scale, Double(setup.neighbourhoods[Int(neighbourhood)].population))
        let n = Int(neighbourhood)
        residentTrust[n] = max(0, min(1, residentTrust[n] + delta * scale / residents))
    }

    /// Stores a new request in a free slot of `requests` (or a new one) and returns its index.
    mutating func add(_ request: Request) -> Int { requests.add(request) }

    /// Marks request `index` finished and frees its slot for the next request: nothing refers to a request
    /// once it has ended (its event has been handled or its queue entry removed).
    mutating func finish(_ index: Int) {
        requests[index].finished = true
        requests.free(index)
    }

    /// Ends request `index` in `outcome` (or counts it open at the end).
    mutating func record(_ outcome: Outcome, _ index: Int, at now: Double) {
        let request = requests[index]
        if outcome == .open { requests[index].finished = true } else { finish(index) }
        let cell = cellIndex(request.role, request.direction)
        result.outcomes[outcome.rawValue] += 1
        result.cellOutcomes[cell * outcomeCount + outcome.rawValue] += 1
        if outcome != .unvoiced && outcome != .open {
            result.latencies[Int(request.role.rawValue)].append((now - request.arrival) / SimulationSetup.hoursPerDay)
        }
        switch outcome {
        case .directResolved:
            week.direct += 1
            week.directResolved += 1
        case .directFailed:
            week.direct += 1
        case .unvoiced:
            break
        case .open:
            if request.connector >= 0 {
                result.cellOpen[cell] += 1
                result.openAtConnector[Int(request.connector)] += 1
            }
        default:
            result.cellAttempts[cell] += 1
            result.viaConnector[Int(request.direction.rawValue)] += 1
            week.viaConnector += 1
            if outcome.isSuccess {
                result.cellSuccesses[cell] += 1
                week.connected += 1
            }
            if outcome == .droppedCapacity { week.dropped += 1 }
            interact(request.origin, request.connectorNode(setup), .request, success: outcome.isSuccess)
        }
    }

    /// Counts an interaction edge (replication 0 only: the outcome graph).
    mutating func interact(_ source: Int32, _ target: Int32, _ kind: InteractionKind, success: Bool) {
        guard recordInteractions, source >= 0, target >= 0 else { return }
        interactionLog.append(source, target, kind, success: success)
    }

    /// Counts the interaction counted last as a success after all.
    mutating func markLastInteractionSuccess() {
        guard recordInteractions else { return }
        interactionLog.markLastSuccess()
    }

    /// Week end: busy hours so far, deadlines for every waiting request, queue samples, budgets, and the
    /// slow processes (residents' trust, escalation memory and bridges fading).
    mutating func endWeek(at now: Double) {
        var queued = 0
        for c in setup.connectors.indices {
            accrueBusyHours(c, at: now)
            applyDeadlines(c, at: now)
            let length = queues[c].count + (inService[c] >= 0 ? 1 : 0)
            queued += length
            result.queueSum[c] += length
            result.queueMax[c] = max(result.queueMax[c], length)
            if weeklyDemand[c] > setup.connectors[c].availableHours { result.overloadWeeks[c] += 1 }
            weeklyDemand[c] = 0
        }
        refillBudgets(at: now)
        for n in residentTrust.indices { residentTrust[n] += model.residentTrustDrift * (0.5 - residentTrust[n]) }
        for r in escalatedRelations where recentEscalations[r] > 0 { recentEscalations[r] *= 1 - model.escalationMemoryDecay }
        for b in builtBridges { bridges[b] *= 1 - model.bridgeDecay }
        week.queueLength = queued
        week.meanTrust = mean(trust)
        result.weekly.append(week)
        week = WeekRow()
    }
}

/// The decisions' pure functions of the scenario, as methods of the shared set-up: a replication calls them
/// through its `setup` reference, so a call never copies the replication's own state.
extension SimulationSetup {
    /// `p` clipped to the model's smallest and largest chance.
    @inline(__always)
    func clipped(_ p: Double) -> Double { max(model.minimumChance, min(model.maximumChance, p)) }

    /// The factor by which connector `c`'s role emphasis shapes the proactive work of `role`: 1 at balanced
    /// emphasis, more where the connector puts more of its time (DOMAIN.md §5: the role mix).
    @inline(__always)
    func emphasisFactor(_ c: Int, _ role: ConnectorRole) -> Double {
        guard c >= 0 else { return 1 }
        let roles = Double(roleCount)
        return max(0, 1 + model.emphasisEffect * (roles * connectors[c].emphasis[role] - 1))
    }
}

extension Request {
    /// The node of the connector handling the request, or -1.
    func connectorNode(_ setup: SimulationSetup) -> Int32 { connector >= 0 ? setup.connectors[Int(connector)].node : -1 }
}
