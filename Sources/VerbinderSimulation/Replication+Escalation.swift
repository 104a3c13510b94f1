import Foundation
import VerbinderCore
import VerbinderScenario

/// Escalation: the connector takes a refusal (or a long wait) up the line; it re-prioritises, but is felt
/// as betrayal, and its weight wears with use (Buzing 2024 master thesis §4.3).
extension Replication {
    /// Decides whether the connector escalates; schedules the escalation and returns true if so.
    mutating func considerEscalation(_ index: Int, at now: Double) -> Bool {
        let request = requests[index]
        let policy = setup.scenario.policies.escalation
        guard !request.escalated else { return false }
        var route = policy.route
        var reluctance = policy.reluctance
        let repositioned = setup.active(.repositioning, at: now)
        if repositioned {
            // Repositioning: own department, explicit portfolio, a route to the alderman (Buzing 2024 master thesis §5.6.4).
            route = .alderman
            reluctance *= model.repositionedReluctance
        }
        // Political backing makes escalating less of a betrayal.
        let willingness = min(1, (1 - reluctance) * (1 + model.politicsWillingness * setup.politics))
        guard route != .none, let target = setup.escalationTarget(route, request: request, repositioned: repositioned),
              chance(willingness, index) else { return false }
        requests[index].escalated = true
        requests[index].escalationTarget = target
        requests[index].escalationLevel = Int8(route.rawValue) - 1
        result.escalations[Int(request.connector)] += 1
        week.escalations += 1
        let days = model.escalationDays[Int(route.rawValue) - 1]
        schedule(.escalationResponse, at: now + delay(mean: days * SimulationSetup.hoursPerDay, index), subject: Int32(index))
        return true
    }

    mutating func escalationResponds(request index: Int, at now: Double) {
        let request = requests[index]
        let r = Int(request.connector) * departmentCount + Int(request.department)
        let success = chance(setup.escalationSuccess(level: Int(request.escalationLevel), recentEscalations: recentEscalations[r], at: now), index)
        // Escalation re-prioritises, but is felt as betrayal: the escalated department's trust falls.
        trust[r] = max(0, trust[r] - model.escalationTrustCost)
        if !escalatedAgainst[r] { escalatedRelations.append(r) }
        escalatedAgainst[r] = true
        recentEscalations[r] += 1
        interact(request.connectorNode(setup), request.escalationTarget, .escalation, success: success)
        if success {
            cooperated(index, at: now)
        } else {
            record(.escalationFailed, index, at: now)
        }
    }
}

extension SimulationSetup {
    func escalationTarget(_ route: EscalationRoute, request: Request, repositioned: Bool) -> Int32? {
        let department = departments[Int(request.department)]
        let target: Int32
        switch route {
        case .none: return nil
        case .teamManager: target = department.teamManager >= 0 ? department.teamManager : department.clusterManager
        case .clusterManager: target = department.clusterManager >= 0 ? department.clusterManager : department.teamManager
        case .alderman:
            target = scenario.policies.escalation.alderman == .own || repositioned
                ? ownAlderman : department.responsibleAlderman
        }
        return target >= 0 ? target : nil
    }

    /// The chance an escalation at `level` changes the answer, given the relation's recent escalations.
    func escalationSuccess(level: Int, recentEscalations: Double, at now: Double) -> Double {
        var effect = model.escalationEffect[level]
        if level == Int(EscalationRoute.alderman.rawValue) - 1 {
            let repositioned = active(.repositioning, at: now)
            let explicit = explicitPortfolio || repositioned
            let own = scenario.policies.escalation.alderman == .own || repositioned
            if own && !explicit { effect *= model.implicitPortfolioWeight }   // an implicit portfolio holder carries less weight
            effect += model.politicsAldermanLift * politics
        }
        // Overuse wears it out: a manager who is asked again and again to overrule a department gives way less.
        effect /= 1 + model.escalationWear * recentEscalations
        return clipped(effect)
    }
}
