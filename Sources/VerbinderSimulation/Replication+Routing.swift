import Foundation
import VerbinderCore
import VerbinderScenario

/// Arrival and routing: who raises a request, whether it goes through the connector, and the direct route.
extension Replication {
    mutating func arrive(source sourceIndex: Int, at now: Double) {
        let source = setup.sources[sourceIndex]
        var stream = arrivalStreams[sourceIndex]
        let request: Request
        switch source.direction {
        case .fromResidents:
            // The residents are laid out by activity level, so the origin's level follows from its place.
            let hood = setup.neighbourhoods[Int(source.group)]
            let rank = hood.residents.isEmpty ? -1 : Int32(stream.nextIndex(below: hood.residents.count))
            request = Request(role: source.role, direction: .fromResidents, origin: rank < 0 ? hood.node : hood.residents.lowerBound + rank,
                              activity: rank < 0 ? nil : setup.activity(ofRank: rank, in: hood), neighbourhood: source.group,
                              department: Int32(stream.nextIndex(below: setup.departments.count)),
                              extraDomains: setup.extraDomains(&stream), urgency: setup.urgency(source.role, &stream),
                              small: stream.chance(model.smallShare), arrival: now, random: Xoshiro256(seed: stream.next()))
        case .fromOfficials:
            let department = setup.departments[Int(source.group)]
            let origin = department.officials.isEmpty ? department.node
                : department.officials.lowerBound + Int32(stream.nextIndex(below: department.officials.count))
            let draw = stream.nextIndex(below: max(1, setup.cumulativeResidents.last ?? 1))
            let hood = Int32(setup.neighbourhood(ofResident: draw))
            request = Request(role: source.role, direction: .fromOfficials, origin: origin, activity: nil, neighbourhood: hood,
                              department: source.group, extraDomains: setup.extraDomains(&stream), urgency: setup.urgency(source.role, &stream),
                              small: stream.chance(model.smallShare), arrival: now, random: Xoshiro256(seed: stream.next()))
        }
        arrivalStreams[sourceIndex] = stream
        week.arrivals += 1
        result.requests[Int(source.direction.rawValue)] += 1
        result.cellArrivals[cellIndex(request.role, request.direction)] += 1
        let index = add(request)
        scheduleArrival(sourceIndex, after: now)
        route(index, at: now)
    }

    /// Chooses between the connector and the direct route (DOMAIN.md §3: awareness; officials rarely come).
    mutating func route(_ index: Int, at now: Double) {
        let request = requests[index]
        let hood = setup.neighbourhoods[Int(request.neighbourhood)]
        let connector = hood.connectors.isEmpty ? -1 : Int(hood.connectors[requests[index].random.nextIndex(below: hood.connectors.count)])
        var useConnector: Bool
        var voiced = true
        switch request.direction {
        case .fromResidents:
            let publicity = setup.active(.internalPublicity, at: now) ? model.awarenessPublicity : 0
            let awareness = min(1, model.residentAwareness + model.awarenessCommunication * setup.communication
                + model.awarenessParticipation * setup.residentsSlider + publicity
                + model.awarenessTrust * (residentTrust[Int(request.neighbourhood)] - 0.5))
            switch request.activity {
            case .hardToReach:
                // Hard-to-reach residents do not find the town hall; the connector has to come to them (the Platform31 publication),
                // the more so the more of its time it gives to outreach (the fixer's informing role).
                let reach = (model.hardToReachReach + model.reachParticipation * setup.residentsSlider
                    + model.reachCommunication * setup.communication) * setup.emphasisFactor(connector, .fixer)
                useConnector = chance(min(1, reach), index)
                voiced = useConnector
            case .usualSuspect:
                useConnector = chance(awareness * model.usualSuspectUse, index)
            default:
                useConnector = chance(awareness, index)
            }
        case .fromOfficials:
            let r = connector * departmentCount + Int(request.department)
            let relation = connector >= 0 ? familiarity[r] : 0
            var pull = model.officialInitiative + model.familiarityPull * relation
                + model.pullCommunication * setup.communication + model.pullProcess * setup.internalProcess
            if setup.active(.internalPublicity, at: now) { pull += model.publicityEffect }
            if setup.active(.documentedRole, at: now) { pull += model.pullDocumentedRole }
            if setup.active(.consultationInclusion, at: now) { pull += model.pullConsultation }
            if setup.active(.transitionManager, at: now) { pull += model.pullTransitionManager }
            // A department that trusts the connectors sends its officials there; one escalated against stays away.
            if connector >= 0 { pull *= max(0, 1 + model.routingTrustWeight * (trust[r] - model.trustReference)) }
            useConnector = chance(min(1, pull), index)
        }
        // Over a bridge built for this kind of request, the parties find each other without the connector
        // (Buzing 2024 master thesis §4.2.3: "jezelf overbodig maken"); using the bridge keeps it alive.
        let bridge = setup.bridgeIndex(request)
        if useConnector && bridgeStrength(bridge) > 0 && chance(model.bridgeStepOut * bridges[bridge], index) {
            useConnector = false
            bridges[bridge] = 1
        }
        if connector < 0 { useConnector = false }
        if !voiced {
            record(.unvoiced, index, at: now)
            return
        }
        if useConnector {
            requests[index].connector = Int32(connector)
            enqueue(index, at: now)
        } else {
            let days = model.responseDays + (model.slowResponseDays - model.responseDays) * setup.departments[Int(request.department)].barriers.internalOrientation
            schedule(.directResponse, at: now + delay(mean: days * SimulationSetup.hoursPerDay, index), subject: Int32(index))
        }
    }

    // MARK: Direct route

    /// A request without the connector: residents face the barriers alone; officials go into the
    /// neighbourhood on their own assumptions.
    mutating func directResponds(request index: Int, at now: Double) {
        let request = requests[index]
        let department = setup.departments[Int(request.department)]
        let hood = setup.neighbourhoods[Int(request.neighbourhood)]
        var p: Double
        switch request.direction {
        case .fromResidents:
            let b = department.barriers
            p = model.directResidentBase[request.role]
            p *= 1 - model.directStandardisationWeight * b.standardisation
            p *= 1 - model.directInternalOrientationWeight * b.internalOrientation
            p *= power(1 - model.directFunctionSpecificWeight * b.functionSpecific, request.extraDomains)
            p *= 1 - model.directResultOrientationWeight * b.resultOrientation
            if request.role == .entrepreneur { p *= 1 + model.directInitiativeParticipation * setup.residentsSlider }
            if request.activity == .usualSuspect { p *= 1 + model.usualSuspectDirectLift }
            // Structural communication tells residents where to go.
            p *= 1 + model.directCommunication * setup.communication
            interact(request.origin, department.node, .request, success: false)
        case .fromOfficials:
            // An empty neighbourhood has nobody to engage.
            p = hood.population > 0 ? model.directOfficialBase[request.role] * (0.5 + residentTrust[Int(request.neighbourhood)]) : 0
            interact(request.origin, hood.node, .request, success: false)
        }
        p *= 1 + model.bridgeDirectLift * bridgeStrength(setup.bridgeIndex(request))
        let success = chance(max(0, min(model.maximumChance, p)), index)
        if success { markLastInteractionSuccess() }
        if !success && request.role == .mediator {
            adjustResidentTrust(request.neighbourhood, by: -model.conflictTrustLoss * model.directConflictTrustShare)
        }
        record(success ? .directResolved : .directFailed, index, at: now)
    }
}

extension SimulationSetup {
    /// Urgency 0...1; conflicts are more urgent than other requests.
    func urgency(_ role: ConnectorRole, _ stream: inout Xoshiro256) -> Double {
        let draw = stream.nextUnit()
        return role == .mediator ? model.conflictUrgency + (1 - model.conflictUrgency) * draw : draw
    }

    func extraDomains(_ stream: inout Xoshiro256) -> Int32 {
        var extra: Int32 = 0
        while Double(extra) < model.maxExtraDomains && stream.chance(model.integralShare) { extra += 1 }
        return extra
    }

    /// The index of the bridge for a request's neighbourhood, department and role.
    func bridgeIndex(_ request: Request) -> Int {
        (Int(request.neighbourhood) * departments.count + Int(request.department)) * roleCount + Int(request.role.rawValue)
    }
}
