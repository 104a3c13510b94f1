import Collections
import Foundation
import VerbinderCore
import VerbinderScenario

/// A connection attempt in flight.
struct Request {
    var role: ConnectorRole
    var direction: RequestDirection
    var origin: Int32
    var neighbourhood: Int32
    /// The department concerned: the target of residents' requests, the origin of officials' requests.
    var department: Int32
    var extraDomains: Int32
    var urgency: Double
    var small: Bool
    var arrival: Double
    var enqueued: Double = 0
    /// The connector handling it, or -1 when it bypasses the connector.
    var connector: Int32 = -1
    var escalated = false
    /// The manager or alderman escalated to, once escalated.
    var escalationTarget: Int32 = -1
    /// Misdirected work: not the connector's job; costs effort, is no connection attempt.
    var misdirected = false
}

/// A scheduled event; ordered by time, then by scheduling order, so ties never depend on anything else.
struct Event: Comparable {
    enum Kind: UInt8 {
        case arrival, serviceDone, departmentResponse, escalationResponse, directResponse, weekEnd
    }

    var time: Double
    var sequence: UInt64
    var kind: Kind
    /// A source, connector or request index, depending on the kind.
    var subject: Int32

    static func < (a: Event, b: Event) -> Bool { a.time < b.time || (a.time == b.time && a.sequence < b.sequence) }
    static func == (a: Event, b: Event) -> Bool { a.time == b.time && a.sequence == b.sequence }
}

/// A queued request at a connector, ordered by the triage policy.
struct QueueEntry: Comparable {
    var priority: Double
    var sequence: UInt64
    var request: Int32

    static func < (a: QueueEntry, b: QueueEntry) -> Bool { a.priority < b.priority || (a.priority == b.priority && a.sequence < b.sequence) }
    static func == (a: QueueEntry, b: QueueEntry) -> Bool { a.priority == b.priority && a.sequence == b.sequence }
}

/// The raw counts of one replication, aggregated by ``Simulator``.
struct ReplicationResult: Sendable {
    /// Attempts and successes per praatplaat cell, indexed `role * 2 + direction`.
    var cellAttempts = [Int](repeating: 0, count: 8)
    var cellSuccesses = [Int](repeating: 0, count: 8)
    var outcomes = [Int](repeating: 0, count: Outcome.allCases.count)
    var misdirected = 0
    var settledByBudget = 0
    /// Requests that arose, and those that went through a connector, per direction.
    var requests = [0, 0]
    var viaConnector = [0, 0]
    /// Latency in working days of every finished request, per role.
    var latencies: [[Double]] = Array(repeating: [], count: 4)
    /// Per connector: busy hours, hours available, overload weeks, summed queue samples, max queue, escalations.
    var busyHours: [Double] = []
    var availableHours: [Double] = []
    var overloadWeeks: [Int] = []
    var queueSum: [Int] = []
    var queueMax: [Int] = []
    var escalations: [Int] = []
    var trustBefore = 0.0, trustAfter = 0.0
    var familiarityBefore = 0.0, familiarityAfter = 0.0
    var escalatedTrustBefore: Double?, escalatedTrustAfter: Double?
    var residentTrustBefore = 0.0, residentTrustAfter = 0.0
    var bridgesBuilt = 0
    var events = 0
    var weekly: [WeekRow] = []
    /// Aggregated interaction edges (replication 0 only), sorted by key.
    var interactions: [Interaction] = []
}

/// One week of the time series.
struct WeekRow: Sendable {
    var arrivals = 0, viaConnector = 0, connected = 0, dropped = 0, direct = 0, directResolved = 0, escalations = 0
    var queueLength = 0
    var busyHours = 0.0
    var meanTrust = 0.0
}

/// An aggregated interaction between two nodes during a run.
struct Interaction: Sendable {
    var source: Int32
    var target: Int32
    var kind: InteractionKind
    var attempts: Int
    var successes: Int
}

/// One replication of the discrete-event model of connection attempts (DOMAIN.md §3–§6; docs/model.md).
///
/// Arrivals draw from one random stream per source, derived from the replication seed only, so that
/// replication k of every arm of an experiment sees the same requests (common random numbers); all
/// decisions draw from a separate stream.
struct Replication {
    let setup: SimulationSetup
    let recordInteractions: Bool
    private var model: ModelParameters { setup.model }

    private var events = Heap<Event>()
    private var sequence: UInt64 = 0
    private var arrivalStreams: [Xoshiro256]
    private var decisions: Xoshiro256
    private var requests: [Request] = []
    private var result = ReplicationResult()

    // Connector state.
    private var queues: [Heap<QueueEntry>]
    private var inService: [Int32]
    private var weeklyDemand: [Double]
    // Relations, indexed connector * D + department; residents' trust per neighbourhood.
    private var trust: [Double]
    private var familiarity: [Double]
    private var escalatedAgainst: [Bool]
    private var residentTrust: [Double]
    /// Bridges built per neighbourhood * D + department: the connector steps out there.
    private var bridges: [Int]
    /// Connector requests each department is working on: its workload.
    private var pendingAtDepartment: [Int]
    private var interactionIndex: [UInt64: Int] = [:]
    private var week = WeekRow()

    init(setup: SimulationSetup, seed: UInt64, recordInteractions: Bool) {
        self.setup = setup
        self.recordInteractions = recordInteractions
        arrivalStreams = setup.sources.indices.map { Xoshiro256(seed: seed, stream: streamLabel("arrivals"), UInt64($0)) }
        decisions = Xoshiro256(seed: seed, stream: streamLabel("decisions"))
        let connectorCount = setup.connectors.count
        queues = Array(repeating: Heap<QueueEntry>(), count: connectorCount)
        inService = Array(repeating: -1, count: connectorCount)
        weeklyDemand = Array(repeating: 0, count: connectorCount)
        trust = setup.initialTrust
        familiarity = setup.initialFamiliarity
        escalatedAgainst = Array(repeating: false, count: setup.initialTrust.count)
        residentTrust = Array(repeating: 0.5, count: setup.neighbourhoods.count)
        bridges = Array(repeating: 0, count: setup.neighbourhoods.count * setup.departments.count)
        pendingAtDepartment = Array(repeating: 0, count: setup.departments.count)
        result.busyHours = Array(repeating: 0, count: connectorCount)
        result.availableHours = setup.connectors.map { $0.availableHours * Double(setup.weeks) }
        result.overloadWeeks = Array(repeating: 0, count: connectorCount)
        result.queueSum = Array(repeating: 0, count: connectorCount)
        result.queueMax = Array(repeating: 0, count: connectorCount)
        result.escalations = Array(repeating: 0, count: connectorCount)
    }

    /// Runs the replication to the end of the scenario's weeks.
    mutating func run() -> ReplicationResult {
        let end = Double(setup.weeks) * SimulationSetup.hoursPerWeek
        result.trustBefore = mean(trust)
        result.familiarityBefore = mean(familiarity)
        result.residentTrustBefore = mean(residentTrust)
        for source in setup.sources.indices { scheduleArrival(source, after: 0) }
        for weekNumber in 1 ... setup.weeks {
            schedule(.weekEnd, at: Double(weekNumber) * SimulationSetup.hoursPerWeek, subject: Int32(weekNumber))
        }
        while let event = events.popMin() {
            if event.time > end { break }
            result.events += 1
            switch event.kind {
            case .arrival: arrive(source: Int(event.subject), at: event.time)
            case .serviceDone: finishService(connector: Int(event.subject), at: event.time)
            case .departmentResponse: departmentResponds(request: Int(event.subject), at: event.time)
            case .escalationResponse: escalationResponds(request: Int(event.subject), at: event.time)
            case .directResponse: directResponds(request: Int(event.subject), at: event.time)
            case .weekEnd: endWeek(at: event.time)
            }
        }
        result.trustAfter = mean(trust)
        result.familiarityAfter = mean(familiarity)
        result.residentTrustAfter = mean(residentTrust)
        let escalated = escalatedAgainst.indices.filter { escalatedAgainst[$0] }
        if !escalated.isEmpty {
            result.escalatedTrustBefore = escalated.reduce(0) { $0 + setup.initialTrust[$1] } / Double(escalated.count)
            result.escalatedTrustAfter = escalated.reduce(0) { $0 + trust[$1] } / Double(escalated.count)
        }
        if recordInteractions {
            result.interactions.sort { ($0.source, $0.target, $0.kind.rawValue) < ($1.source, $1.target, $1.kind.rawValue) }
        }
        return result
    }

    // MARK: Scheduling

    private mutating func schedule(_ kind: Event.Kind, at time: Double, subject: Int32) {
        sequence += 1
        events.insert(Event(time: time, sequence: sequence, kind: kind, subject: subject))
    }

    private mutating func scheduleArrival(_ source: Int, after now: Double) {
        let rate = setup.sources[source].rate
        let gap = -log(1 - arrivalStreams[source].nextUnit()) / rate
        schedule(.arrival, at: now + gap, subject: Int32(source))
    }

    /// An exponential delay with the given mean (hours).
    private mutating func delay(mean: Double) -> Double { -log(1 - decisions.nextUnit()) * mean }

    // MARK: Arrival and routing

    private mutating func arrive(source sourceIndex: Int, at now: Double) {
        let source = setup.sources[sourceIndex]
        var stream = arrivalStreams[sourceIndex]
        let request: Request
        switch source.direction {
        case .fromResidents:
            let hood = setup.neighbourhoods[Int(source.group)]
            let origin = hood.residents.isEmpty ? hood.node
                : hood.residents.lowerBound + Int32(stream.nextIndex(below: hood.residents.count))
            request = Request(role: source.role, direction: .fromResidents, origin: origin, neighbourhood: source.group,
                              department: Int32(stream.nextIndex(below: setup.departments.count)),
                              extraDomains: extraDomains(&stream), urgency: urgency(source.role, &stream),
                              small: stream.chance(model.smallShare), arrival: now)
        case .fromOfficials:
            let department = setup.departments[Int(source.group)]
            let origin = department.officials.isEmpty ? department.node
                : department.officials.lowerBound + Int32(stream.nextIndex(below: department.officials.count))
            let draw = stream.nextIndex(below: max(1, setup.cumulativeResidents.last ?? 1))
            let hood = Int32(setup.cumulativeResidents.firstIndex { draw < $0 } ?? 0)
            request = Request(role: source.role, direction: .fromOfficials, origin: origin, neighbourhood: hood,
                              department: source.group, extraDomains: extraDomains(&stream), urgency: urgency(source.role, &stream),
                              small: stream.chance(model.smallShare), arrival: now)
        }
        arrivalStreams[sourceIndex] = stream
        week.arrivals += 1
        result.requests[Int(source.direction.rawValue)] += 1
        scheduleArrival(sourceIndex, after: now)
        route(request, at: now)
    }

    /// Urgency 0...1; conflicts are more urgent than other requests.
    private func urgency(_ role: ConnectorRole, _ stream: inout Xoshiro256) -> Double {
        role == .mediator ? 0.5 + 0.5 * stream.nextUnit() : stream.nextUnit()
    }

    private func extraDomains(_ stream: inout Xoshiro256) -> Int32 {
        var extra: Int32 = 0
        while extra < 4 && stream.chance(model.integralShare) { extra += 1 }
        return extra
    }

    /// Chooses between the connector and the direct route (DOMAIN.md §3: awareness; officials rarely come).
    private mutating func route(_ incoming: Request, at now: Double) {
        var request = incoming
        let hood = setup.neighbourhoods[Int(request.neighbourhood)]
        let stepsOut = bridges[Int(request.neighbourhood) * setup.departments.count + Int(request.department)] > 0
        var useConnector: Bool
        var voiced = true
        let connector = hood.connectors.isEmpty ? -1 : hood.connectors[decisions.nextIndex(below: hood.connectors.count)]
        switch request.direction {
        case .fromResidents:
            let awareness = min(1, model.residentAwareness + 0.25 * setup.communication + 0.1 * setup.residentsSlider
                + (setup.active(.internalPublicity, at: now) ? 0.05 : 0) + 0.2 * (residentTrust[Int(request.neighbourhood)] - 0.5))
            switch setup.network.graph.nodes.activity[Int(request.origin)] {
            case .hardToReach:
                // Hard-to-reach residents do not find the town hall; the connector has to come to them (seed 002).
                let reach = min(1, model.hardToReachReach + 0.3 * setup.residentsSlider + 0.15 * setup.communication)
                useConnector = decisions.chance(reach)
                voiced = useConnector
            case .usualSuspect:
                useConnector = decisions.chance(awareness * 0.5)
            default:
                useConnector = decisions.chance(awareness)
            }
        case .fromOfficials:
            let relation = connector >= 0 ? familiarity[Int(connector) * setup.departments.count + Int(request.department)] : 0
            var pull = model.officialInitiative + model.familiarityPull * relation + 0.1 * setup.communication + 0.1 * setup.internalProcess
            if setup.active(.internalPublicity, at: now) { pull += model.publicityEffect }
            if setup.active(.documentedRole, at: now) { pull += 0.05 }
            if setup.active(.consultationInclusion, at: now) { pull += 0.1 }
            if setup.active(.transitionManager, at: now) { pull += 0.05 }
            useConnector = decisions.chance(min(1, pull))
        }
        if stepsOut && useConnector && decisions.chance(0.5) { useConnector = false }
        if connector < 0 { useConnector = false }
        if !voiced {
            record(.unvoiced, request, at: now)
            return
        }
        if useConnector {
            request.connector = connector
            enqueue(request, at: now)
        } else {
            requests.append(request)
            let days = model.responseDays + (model.slowResponseDays - model.responseDays) * setup.departments[Int(request.department)].barriers.internalOrientation
            schedule(.directResponse, at: now + delay(mean: days * SimulationSetup.hoursPerDay), subject: Int32(requests.count - 1))
        }
    }

    // MARK: Connector work

    private mutating func enqueue(_ incoming: Request, at now: Double) {
        var request = incoming
        let c = Int(request.connector)
        request.enqueued = now
        let misdirectedShare = model.misdirectedShare * (setup.active(.documentedRole, at: now) ? 0.3 : 1)
        if decisions.chance(misdirectedShare) {
            var extra = request
            extra.misdirected = true
            push(extra, connector: c, at: now)
        }
        push(request, connector: c, at: now)
    }

    private mutating func push(_ request: Request, connector c: Int, at now: Double) {
        requests.append(request)
        let index = Int32(requests.count - 1)
        weeklyDemand[c] += effort(of: request)
        let priority: Double
        switch setup.scenario.policies.capacity.triage {
        case .firstCome: priority = now
        case .byRole: priority = -setup.connectors[c].emphasis[request.role] * 1e7 + now
        case .byUrgency: priority = -request.urgency * 1e7 + now
        }
        sequence += 1
        queues[c].insert(QueueEntry(priority: priority, sequence: sequence, request: index))
        if inService[c] < 0 { startNext(connector: c, at: now) }
    }

    private func effort(of request: Request) -> Double {
        request.misdirected ? model.misdirectedEffortHours
            : model.effortHours[request.role] * (1 + 0.5 * Double(request.extraDomains))
    }

    /// Takes the next request from the queue; drops those that waited too long (seed 003 §5.2: untouched questions).
    private mutating func startNext(connector c: Int, at now: Double) {
        let maxWait = setup.scenario.policies.capacity.maxDeferralWeeks * SimulationSetup.hoursPerWeek
        while let entry = queues[c].popMin() {
            let request = requests[Int(entry.request)]
            if now - request.enqueued > maxWait {
                if request.misdirected { continue }
                record(.droppedCapacity, request, at: now)
                continue
            }
            if request.role == .mediator && !request.misdirected
                && now - request.enqueued > model.mediationDeadlineDays * SimulationSetup.hoursPerDay {
                // A conflict not taken up in time escalates in the neighbourhood (DOMAIN.md §6).
                adjustResidentTrust(request.neighbourhood, by: -model.conflictTrustLoss)
                record(.timedOut, request, at: now)
                continue
            }
            let hours = effort(of: request)
            result.busyHours[c] += hours
            week.busyHours += hours
            inService[c] = entry.request
            let duration = hours * SimulationSetup.hoursPerWeek / setup.connectors[c].availableHours
            schedule(.serviceDone, at: now + duration, subject: Int32(c))
            return
        }
        inService[c] = -1
    }

    private mutating func finishService(connector c: Int, at now: Double) {
        let index = Int(inService[c])
        let request = requests[index]
        startNext(connector: c, at: now)
        if request.misdirected {
            result.misdirected += 1
            return
        }
        // Own budget settles small requests without a department (seed 002, Apeldoorn).
        if request.small && request.role != .mediator && decisions.chance(0.6 * setup.internalPositioning) {
            result.settledByBudget += 1
            record(.resolved, request, at: now)
            return
        }
        if request.role == .fixer && request.direction == .fromResidents && decisions.chance(model.connectorKnowledge) {
            record(.resolved, request, at: now)
            return
        }
        contactDepartment(index, at: now)
    }

    // MARK: Department response

    /// The probability that the department cooperates with the connector on this request (DOMAIN.md §4).
    private func cooperation(_ request: Request, at now: Double) -> Double {
        let c = Int(request.connector), d = Int(request.department)
        let department = setup.departments[d]
        let barriers = department.barriers
        var process = setup.internalProcess
        if setup.active(.transitionManager, at: now) { process = min(1, process + 0.5) }
        var otherCluster = model.otherClusterFactor + (1 - model.otherClusterFactor) * 0.5 * setup.internalPositioning
        if setup.active(.repositioning, at: now) { otherCluster = max(otherCluster, 0.9) }
        if setup.active(.transitionManager, at: now) { otherCluster = min(1, otherCluster + 0.1) }
        var mandate = 0.85 + 0.15 * setup.internalPositioning
        if setup.active(.repositioning, at: now) { mandate = 1 }
        let r = c * setup.departments.count + d
        let relation = 0.8 + 0.4 * (trust[r] - 0.4) + 0.2 * (familiarity[r] - 0.4)
        var p = model.cooperationBase[request.role]
        p *= department.cluster == setup.connectors[c].homeCluster ? 1 : otherCluster
        p *= mandate
        p *= 0.9 + 0.1 * process
        p *= relation
        p *= 1 - 0.25 * barriers.standardisation
        p *= 1 - 0.1 * barriers.internalOrientation
        p *= pow(1 - 0.35 * barriers.functionSpecific, Double(request.extraDomains))
        p *= 1 - 0.25 * barriers.resultOrientation * (1 - 0.5 * process)
        // Participation raises what residents bring in; only a structured internal process can take it up:
        // "external cooperation only works when internal cooperation works too" (seed 002 §2.1).
        p *= 1 + 0.3 * setup.residentsSlider * (process - 0.5)
        // Workload: a department already answering many connector requests cooperates less ("extra work").
        let capacity = max(1, Double(department.officials.count) * model.departmentRequestCapacity)
        p *= 1 - 0.3 * min(1, Double(pendingAtDepartment[d]) / capacity)
        if request.direction == .fromOfficials { p = min(1, p * 1.3) }   // they asked for it
        return max(0.01, min(0.99, p))
    }

    private mutating func contactDepartment(_ index: Int, at now: Double) {
        let request = requests[index]
        let barriers = setup.departments[Int(request.department)].barriers
        let days = model.responseDays + (model.slowResponseDays - model.responseDays) * barriers.internalOrientation
        let wait = delay(mean: days * SimulationSetup.hoursPerDay)
        let escalation = setup.scenario.policies.escalation
        if escalation.trigger == .afterWait && wait > escalation.waitDays * SimulationSetup.hoursPerDay,
           considerEscalation(index, at: now + escalation.waitDays * SimulationSetup.hoursPerDay) {
            return
        }
        pendingAtDepartment[Int(request.department)] += 1
        schedule(.departmentResponse, at: now + wait, subject: Int32(index))
    }

    private mutating func departmentResponds(request index: Int, at now: Double) {
        let request = requests[index]
        pendingAtDepartment[Int(request.department)] -= 1
        let cooperates = decisions.chance(cooperation(request, at: now))
        interact(request.connectorNode(setup), setup.departments[Int(request.department)].node, .referral, success: cooperates)
        if cooperates {
            cooperated(index, at: now)
        } else if !considerEscalation(index, at: now) {
            record(request.role == .bridgeBuilder ? .noOwner : .stranded, request, at: now)
        }
    }

    /// Success on the municipal side: relations improve; officials' requests still need the lifeworld.
    private mutating func cooperated(_ index: Int, at now: Double) {
        let request = requests[index]
        let r = Int(request.connector) * setup.departments.count + Int(request.department)
        let gain = setup.active(.consultationInclusion, at: now) ? 1.5 : 1
        trust[r] += model.trustGain * (1 - trust[r])
        familiarity[r] += model.familiarityGain * gain * (1 - familiarity[r])
        var success = true
        if request.direction == .fromOfficials {
            var p = model.lifeworldBase[request.role] * (0.5 + residentTrust[Int(request.neighbourhood)])
                * (0.8 + 0.3 * setup.residentsSlider)
            if request.role == .mediator {
                // Officials call the connector in late for conflicts unless the role is documented (DOMAIN.md §3).
                let early = setup.active(.documentedRole, at: now) || setup.active(.consultationInclusion, at: now)
                p *= early ? 1 : 0.75
            }
            success = decisions.chance(min(0.99, p))
            interact(request.connectorNode(setup), setup.neighbourhoods[Int(request.neighbourhood)].node, .referral, success: success)
            if success { adjustResidentTrust(request.neighbourhood, by: model.conflictTrustLoss / 4) }
        }
        if success && request.role == .bridgeBuilder {
            buildBridge(request)
        }
        let failure: Outcome = request.role == .bridgeBuilder ? .noOwner : .stranded
        record(success ? (request.escalated ? .resolvedAfterEscalation : .resolved) : failure, request, at: now)
    }

    /// A problem got an owner: a direct official–resident tie, and the connector steps out there (DOMAIN.md §6).
    private mutating func buildBridge(_ request: Request) {
        let department = setup.departments[Int(request.department)]
        guard !department.officials.isEmpty else { return }
        let official = department.officials.lowerBound + Int32(decisions.nextIndex(below: department.officials.count))
        let resident = request.direction == .fromResidents ? request.origin
            : setup.neighbourhoods[Int(request.neighbourhood)].residents.isEmpty ? setup.neighbourhoods[Int(request.neighbourhood)].node
            : setup.neighbourhoods[Int(request.neighbourhood)].residents.lowerBound
                + Int32(decisions.nextIndex(below: setup.neighbourhoods[Int(request.neighbourhood)].residents.count))
        bridges[Int(request.neighbourhood) * setup.departments.count + Int(request.department)] += 1
        result.bridgesBuilt += 1
        interact(official, resident, .bridge, success: true)
    }

    // MARK: Escalation

    /// Decides whether the connector escalates; schedules the escalation and returns true if so.
    private mutating func considerEscalation(_ index: Int, at now: Double) -> Bool {
        let request = requests[index]
        let policy = setup.scenario.policies.escalation
        guard !request.escalated else { return false }
        var route = policy.route
        var reluctance = policy.reluctance
        let repositioned = setup.active(.repositioning, at: now)
        if repositioned {
            // Repositioning: own department, explicit portfolio, a route to the alderman (seed 003 §5.6.4).
            route = .alderman
            reluctance *= 0.5
        }
        // Political backing makes escalating less of a betrayal: up to 1.5× as willing at politics high.
        let willingness = min(1, (1 - reluctance) * (1 + 0.5 * setup.politics))
        guard route != .none, let target = escalationTarget(route, request: request, repositioned: repositioned),
              decisions.chance(willingness) else { return false }
        requests[index].escalated = true
        requests[index].escalationTarget = target
        result.escalations[Int(request.connector)] += 1
        week.escalations += 1
        let level = Int(route.rawValue) - 1
        let arrival = now + delay(mean: model.escalationDays[level] * SimulationSetup.hoursPerDay)
        schedule(.escalationResponse, at: arrival, subject: Int32(index))
        return true
    }

    private func escalationTarget(_ route: EscalationRoute, request: Request, repositioned: Bool) -> Int32? {
        let department = setup.departments[Int(request.department)]
        let target: Int32
        switch route {
        case .none: return nil
        case .teamManager: target = department.teamManager >= 0 ? department.teamManager : department.clusterManager
        case .clusterManager: target = department.clusterManager >= 0 ? department.clusterManager : department.teamManager
        case .alderman:
            target = setup.scenario.policies.escalation.alderman == .own || repositioned
                ? setup.ownAlderman : department.responsibleAlderman
        }
        return target >= 0 ? target : nil
    }

    private mutating func escalationResponds(request index: Int, at now: Double) {
        let request = requests[index]
        let target = request.escalationTarget
        let repositioned = setup.active(.repositioning, at: now)
        let route: EscalationRoute = repositioned ? .alderman : setup.scenario.policies.escalation.route
        var effect = model.escalationEffect[Int(route.rawValue) - 1]
        if route == .alderman {
            let explicit = setup.explicitPortfolio || repositioned
            let own = setup.scenario.policies.escalation.alderman == .own || repositioned
            if own && !explicit { effect *= 0.7 }   // an implicit portfolio holder carries less weight
            effect = min(0.95, effect + 0.15 * setup.politics)
        }
        // Escalation re-prioritises, but is felt as betrayal: the escalated department's trust falls.
        let r = Int(request.connector) * setup.departments.count + Int(request.department)
        trust[r] = max(0, trust[r] - model.escalationTrustCost)
        escalatedAgainst[r] = true
        let success = decisions.chance(effect)
        interact(request.connectorNode(setup), target, .escalation, success: success)
        if success {
            cooperated(index, at: now)
        } else {
            record(.escalationFailed, request, at: now)
        }
    }

    // MARK: Direct route

    private mutating func directResponds(request index: Int, at now: Double) {
        let request = requests[index]
        let department = setup.departments[Int(request.department)]
        let stepsOut = bridges[Int(request.neighbourhood) * setup.departments.count + Int(request.department)] > 0
        var p: Double
        switch request.direction {
        case .fromResidents:
            let b = department.barriers
            p = model.directResidentBase[request.role]
            p *= 1 - 0.5 * b.standardisation
            p *= 1 - 0.3 * b.internalOrientation
            p *= pow(1 - 0.6 * b.functionSpecific, Double(request.extraDomains))
            p *= 1 - 0.4 * b.resultOrientation
            if request.role == .entrepreneur { p *= 1 + 0.2 * setup.residentsSlider }
            if setup.network.graph.nodes.activity[Int(request.origin)] == .usualSuspect { p *= 1.1 }
            interact(request.origin, department.node, .request, success: false)
        case .fromOfficials:
            p = model.directOfficialBase[request.role] * (0.5 + residentTrust[Int(request.neighbourhood)])
            interact(request.origin, setup.neighbourhoods[Int(request.neighbourhood)].node, .request, success: false)
        }
        if stepsOut { p *= 1.3 }
        let success = decisions.chance(max(0, min(0.99, p)))
        if success { markLastInteractionSuccess() }
        if !success && request.role == .mediator { adjustResidentTrust(request.neighbourhood, by: -model.conflictTrustLoss / 2) }
        record(success ? .directResolved : .directFailed, request, at: now)
    }

    // MARK: Bookkeeping

    /// Changes residents' trust in the municipality by `delta` per 1,000 residents of the neighbourhood.
    private mutating func adjustResidentTrust(_ neighbourhood: Int32, by delta: Double) {
        let residents = Double(max(1000, setup.neighbourhoods[Int(neighbourhood)].residents.count))
        let n = Int(neighbourhood)
        residentTrust[n] = max(0, min(1, residentTrust[n] + delta * 1000 / residents))
    }

    private mutating func record(_ outcome: Outcome, _ request: Request, at now: Double) {
        result.outcomes[outcome.rawValue] += 1
        if outcome != .unvoiced {
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
        default:
            let cell = Int(request.role.rawValue) * 2 + Int(request.direction.rawValue)
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

    private var lastInteraction = -1

    /// Counts an interaction edge (replication 0 only: the outcome graph).
    private mutating func interact(_ source: Int32, _ target: Int32, _ kind: InteractionKind, success: Bool) {
        guard recordInteractions, source >= 0, target >= 0 else { return }
        let key = UInt64(UInt32(source)) << 34 | UInt64(UInt32(target)) << 2 | UInt64(kind.rawValue)
        let position: Int
        if let existing = interactionIndex[key] {
            position = existing
        } else {
            position = result.interactions.count
            interactionIndex[key] = position
            result.interactions.append(Interaction(source: source, target: target, kind: kind, attempts: 0, successes: 0))
        }
        result.interactions[position].attempts += 1
        if success { result.interactions[position].successes += 1 }
        lastInteraction = position
    }

    private mutating func markLastInteractionSuccess() {
        guard recordInteractions, lastInteraction >= 0 else { return }
        result.interactions[lastInteraction].successes += 1
    }

    private mutating func endWeek(at now: Double) {
        var queued = 0
        for c in setup.connectors.indices {
            let length = queues[c].count + (inService[c] >= 0 ? 1 : 0)
            queued += length
            result.queueSum[c] += length
            result.queueMax[c] = max(result.queueMax[c], length)
            if weeklyDemand[c] > setup.connectors[c].availableHours { result.overloadWeeks[c] += 1 }
            weeklyDemand[c] = 0
        }
        // Residents' trust drifts back toward neutral as memories fade (2% of the gap per week).
        for n in residentTrust.indices { residentTrust[n] += 0.02 * (0.5 - residentTrust[n]) }
        week.queueLength = queued
        week.meanTrust = mean(trust)
        result.weekly.append(week)
        week = WeekRow()
    }
}

extension Request {
    /// The node of the connector handling the request, or -1.
    func connectorNode(_ setup: SimulationSetup) -> Int32 { connector >= 0 ? setup.connectors[Int(connector)].node : -1 }
}

private func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
