import Foundation
import VerbinderCore
import VerbinderScenario

/// The municipal side: whether a department cooperates, the lifeworld side of officials' requests, bridges.
extension Replication {
    mutating func contactDepartment(_ index: Int, at now: Double) {
        let request = requests[index]
        let barriers = setup.departments[Int(request.department)].barriers
        let days = model.responseDays + (model.slowResponseDays - model.responseDays) * barriers.internalOrientation
        let wait = delay(mean: days * SimulationSetup.hoursPerDay, index)
        let escalation = setup.scenario.policies.escalation
        if escalation.trigger == .afterWait && wait > escalation.waitDays * SimulationSetup.hoursPerDay,
           considerEscalation(index, at: now + escalation.waitDays * SimulationSetup.hoursPerDay) {
            return
        }
        pendingAtDepartment[Int(request.department)] += 1
        schedule(.departmentResponse, at: now + wait, subject: Int32(index))
    }

    mutating func departmentResponds(request index: Int, at now: Double) {
        let request = requests[index]
        pendingAtDepartment[Int(request.department)] -= 1
        let r = Int(request.connector) * departmentCount + Int(request.department)
        let p = setup.cooperation(request, trust: trust[r], familiarity: familiarity[r],
                                  pending: pendingAtDepartment[Int(request.department)], at: now)
        let cooperates = chance(p, index)
        interact(request.connectorNode(setup), setup.departments[Int(request.department)].node, .referral, success: cooperates)
        if cooperates {
            cooperated(index, at: now)
        } else if !considerEscalation(index, at: now) {
            record(request.role == .bridgeBuilder ? .noOwner : .stranded, index, at: now)
        }
    }

    /// Success on the municipal side: relations improve, the connector learns; officials' requests still
    /// need the lifeworld.
    mutating func cooperated(_ index: Int, at now: Double) {
        let request = requests[index]
        let c = Int(request.connector)
        let r = c * departmentCount + Int(request.department)
        let lift = setup.active(.consultationInclusion, at: now) ? 1 + model.consultationFamiliarityLift : 1
        trust[r] += model.trustGain * (1 - trust[r])
        familiarity[r] += model.familiarityGain * lift * (1 - familiarity[r])
        // The connector fetched an answer from colleagues, and knows it next time (Buzing 2024 master thesis §4.2.1: "door te fluisteren").
        if request.role == .fixer { knowledge[c] += model.knowledgeLearning * (1 - knowledge[c]) }
        var success = true
        if request.direction == .fromOfficials {
            success = chance(setup.lifeworldSuccess(request, residentTrust: residentTrust[Int(request.neighbourhood)], at: now), index)
            interact(request.connectorNode(setup), setup.neighbourhoods[Int(request.neighbourhood)].node, .referral, success: success)
            if success { adjustResidentTrust(request.neighbourhood, by: model.conflictTrustLoss * model.officialSuccessTrustShare) }
        }
        if success && request.role == .bridgeBuilder
            && chance(min(1, model.bridgeChance * setup.emphasisFactor(c, .bridgeBuilder)), index) {
            buildBridge(index)
        }
        let failure: Outcome = request.role == .bridgeBuilder ? .noOwner : .stranded
        record(success ? (request.escalated ? .resolvedAfterEscalation : .resolved) : failure, index, at: now)
    }

    /// A problem got an owner: a direct tie between an official of the department and the neighbourhood
    /// for this kind of request; the connector steps out there while it lasts (DOMAIN.md §6).
    private mutating func buildBridge(_ index: Int) {
        let request = requests[index]
        let department = setup.departments[Int(request.department)]
        let hood = setup.neighbourhoods[Int(request.neighbourhood)]
        guard !department.officials.isEmpty, hood.population > 0 else { return }
        let official = department.officials.lowerBound + Int32(requests[index].random.nextIndex(below: department.officials.count))
        let resident = request.direction == .fromResidents ? request.origin
            : hood.residents.isEmpty ? hood.node
            : hood.residents.lowerBound + Int32(requests[index].random.nextIndex(below: hood.residents.count))
        let bridge = setup.bridgeIndex(request)
        if bridges[bridge] == 0 { builtBridges.append(bridge) }
        bridges[bridge] = 1
        everBuilt.insert(bridge)
        result.bridgesBuilt += 1
        interact(official, resident, .bridge, success: true)
    }
}

extension SimulationSetup {
    /// The probability that the department cooperates with the connector on this request (DOMAIN.md §4), given
    /// the relation's trust and familiarity and the connector requests the department is working on.
    func cooperation(_ request: Request, trust: Double, familiarity: Double, pending: Int, at now: Double) -> Double {
        let c = Int(request.connector)
        let department = departments[Int(request.department)]
        let barriers = department.barriers
        let repositioned = active(.repositioning, at: now)
        let transition = active(.transitionManager, at: now)
        let process = min(1, internalProcess + (transition ? model.transitionProcessLift : 0))
        var otherCluster = model.otherClusterFactor + (1 - model.otherClusterFactor) * model.positioningClusterLift * internalPositioning
        if repositioned { otherCluster = max(otherCluster, model.repositionedClusterFactor) }
        if transition { otherCluster = min(1, otherCluster + model.transitionClusterLift) }
        let mandate = repositioned ? 1 : model.mandateFloor + (1 - model.mandateFloor) * internalPositioning
        let relation = model.relationBase + model.relationTrustWeight * (trust - model.trustReference)
            + model.relationFamiliarityWeight * (familiarity - model.trustReference)
        // A question asks for information, which colleagues pass on; everything else asks them to act,
        // which is "extra werk" (Buzing 2024 master thesis §4.4).
        let extraWork = request.role == .fixer ? model.informationExtraWork : 1
        var p = model.cooperationBase[request.role]
        if request.direction == .fromResidents {
            // Standing and mandate decide whether another department acts on the connector's request; an
            // official who came to the connector follows up its own request without them.
            p *= department.cluster == connectors[c].homeCluster ? 1 : otherCluster
            p *= mandate
        }
        p *= model.processFloor + (1 - model.processFloor) * process
        p *= max(0, relation)
        p *= 1 - model.standardisationWeight * barriers.standardisation
        p *= 1 - model.internalOrientationWeight * barriers.internalOrientation
        p *= power(1 - model.functionSpecificWeight * barriers.functionSpecific, request.extraDomains)
        p *= 1 - extraWork * model.resultOrientationWeight * barriers.resultOrientation * (1 - model.processBuffer * process)
        // Participation raises what residents bring in; only a structured internal process can take it up:
        // "external cooperation only works when internal cooperation works too" (the Platform31 publication §2.1).
        p *= 1 + model.participationProcess * residentsSlider * (process - 0.5)
        // Workload: a department already answering many connector requests cooperates less ("extra work").
        let capacity = max(1, Double(department.officials.count) * model.departmentRequestCapacity)
        p *= 1 - extraWork * model.workloadPenalty * min(1, Double(pending) / capacity)
        // Political backing: departments give the connector's requests priority (the Platform31 publication §2.1, politics).
        p *= 1 + model.politicalPriority * politics
        // Initiative support: the more time the connector gives the entrepreneur role, the better prepared
        // the initiatives it brings in (Buzing 2024 master thesis §4.2.2: "er moet een goed plan aan ten grondslag liggen").
        if request.role == .entrepreneur { p *= emphasisFactor(c, .entrepreneur) }
        if request.direction == .fromOfficials { p *= 1 + model.ownRequestLift }
        return clipped(p)
    }

    /// The chance that residents engage with an official's request through the connector: what the
    /// official would reach alone (acting on assumptions), plus the share of the rest the connector's
    /// neighbourhood knowledge and access make up (Buzing 2024 master thesis §4.2.1, §5.1.1).
    func lifeworldSuccess(_ request: Request, residentTrust: Double, at now: Double) -> Double {
        let hood = neighbourhoods[Int(request.neighbourhood)]
        guard hood.population > 0 else { return 0 }   // nobody to engage
        let alone = min(1, model.directOfficialBase[request.role] * (0.5 + residentTrust))
        var value = model.lifeworldBase[request.role] * (1 + model.lifeworldParticipation * (residentsSlider - 0.5))
        if request.role == .mediator {
            // Officials call the connector in late for conflicts unless the role is documented or the
            // connector sits in the consultation structures (Buzing 2024 master thesis §4.2.4, §5.6.3).
            let early = active(.documentedRole, at: now) || active(.consultationInclusion, at: now)
            if !early { value *= model.lateConflictFactor }
        }
        return clipped(alone + (1 - alone) * min(1, value))
    }
}
