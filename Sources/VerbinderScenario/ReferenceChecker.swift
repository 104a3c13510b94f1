import VerbinderCore
import Yams

/// Checks the references between the parts of a decoded scenario: unique names, and every name that
/// refers to another part (a connector's neighbourhoods, a tie's ends, ...) resolving to one.
struct ReferenceChecker {
    let scenario: Scenario
    let sink: DiagnosticSink
    let document: Node

    /// One step of a path into the document.
    enum Step {
        case key(String)
        case index(Int)
    }

    func check() {
        let declared = declaredNames()
        let neighbourhoods = Set(scenario.neighbourhoods.map(\.name))
        let departments = Set(scenario.departments.map(\.name))
        let clusters = Set(scenario.departments.map(\.cluster))
        let portfolioTargets = departments.union(scenario.themes)

        for (index, connector) in scenario.connectors.enumerated() {
            let base: [Step] = [.key("connectors"), .index(index)]
            expect(connector.homeDepartment, in: departments, what: "department", at: base + [.key("homeDepartment")])
            if connector.neighbourhoods.isEmpty {
                report("a connector needs at least one neighbourhood", at: base + [.key("name")],
                       path: base + [.key("neighbourhoods")])
            }
            for (position, name) in connector.neighbourhoods.enumerated() {
                expect(name, in: neighbourhoods, what: "neighbourhood", at: listStep(base + [.key("neighbourhoods")], position))
            }
        }
        for (index, manager) in scenario.managers.enumerated() {
            let base: [Step] = [.key("managers"), .index(index)]
            if let department = manager.department {
                expect(department, in: departments, what: "department", at: base + [.key("department")])
            }
            if let cluster = manager.cluster {
                expect(cluster, in: clusters, what: "cluster", at: base + [.key("cluster")])
            }
        }
        for (index, alderman) in scenario.aldermen.enumerated() {
            let base: [Step] = [.key("aldermen"), .index(index), .key("portfolio")]
            for (position, target) in alderman.portfolio.enumerated() {
                expect(target, in: portfolioTargets, what: "department or theme", at: listStep(base, position))
            }
        }
        for (index, actor) in scenario.actors.enumerated() {
            let base: [Step] = [.key("actors"), .index(index)]
            if let name = actor.neighbourhood { expect(name, in: neighbourhoods, what: "neighbourhood", at: base + [.key("neighbourhood")]) }
            if let name = actor.department { expect(name, in: departments, what: "department", at: base + [.key("department")]) }
        }
        let names = Set(declared.map(\.name))
        for (index, tie) in scenario.ties.enumerated() {
            let base: [Step] = [.key("ties"), .index(index)]
            expect(tie.from, in: names, what: "actor", at: base + [.key("from")])
            expect(tie.to, in: names, what: "actor", at: base + [.key("to")])
        }
        var structureNames: Set<String> = []
        for (index, structure) in scenario.consultationStructures.enumerated() {
            let base: [Step] = [.key("consultationStructures"), .index(index)]
            if !structureNames.insert(structure.name).inserted {
                report("duplicate consultation structure name '\(structure.name)'", at: base + [.key("name")])
            }
            if let name = structure.neighbourhood {
                expect(name, in: neighbourhoods, what: "neighbourhood", at: base + [.key("neighbourhood")])
            }
            for (position, member) in structure.members.enumerated() {
                expect(member, in: names, what: "actor", at: listStep(base + [.key("members")], position))
            }
        }
        checkEscalationRoute()
    }

    /// Every named node, in document order; reports names declared twice.
    private func declaredNames() -> [(name: String, path: [Step])] {
        var declared: [(name: String, path: [Step])] = []
        func add(_ section: String, _ names: [String]) {
            for (index, name) in names.enumerated() { declared.append((name, [.key(section), .index(index), .key("name")])) }
        }
        add("neighbourhoods", scenario.neighbourhoods.map(\.name))
        add("departments", scenario.departments.map(\.name))
        for (index, theme) in scenario.themes.enumerated() { declared.append((theme, listStep([.key("themes")], index))) }
        add("managers", scenario.managers.map(\.name))
        add("aldermen", scenario.aldermen.map(\.name))
        add("connectors", scenario.connectors.map(\.name))
        add("actors", scenario.actors.map(\.name))
        for (index, neighbourhood) in scenario.neighbourhoods.enumerated() {
            for (position, type) in neighbourhood.partners.enumerated() {
                declared.append((partnerName(type: type, neighbourhood: neighbourhood.name),
                                 listStep([.key("neighbourhoods"), .index(index), .key("partners")], position)))
            }
        }
        var first: [String: [Step]] = [:]
        for entry in declared {
            if let earlier = first[entry.name] {
                let location = sink.location(of: locate(earlier))
                report("duplicate name '\(entry.name)' (first declared at line \(location.line))", at: entry.path)
            } else {
                first[entry.name] = entry.path
            }
        }
        return declared
    }

    private func checkEscalationRoute() {
        let route = scenario.policies.escalation.route
        let path: [Step] = [.key("policies"), .key("escalation"), .key("route")]
        switch route {
        case .none: break
        case .teamManager where !scenario.managers.contains { $0.level == .team }:
            report("escalation route 'teamManager' needs at least one manager with level 'team'", at: path)
        case .clusterManager where !scenario.managers.contains { $0.level == .cluster }:
            report("escalation route 'clusterManager' needs at least one manager with level 'cluster'", at: path)
        case .alderman where scenario.aldermen.isEmpty:
            report("escalation route 'alderman' needs at least one alderman", at: path)
        default: break
        }
    }

    private func expect(_ name: String, in known: Set<String>, what: String, at path: [Step]) {
        guard !known.contains(name) else { return }
        var message = "unknown \(what) '\(name)'"
        if let suggestion = closestMatch(to: name, among: known.sorted()) {
            message += " (did you mean '\(suggestion)'?)"
        } else if known.isEmpty {
            message += " (the scenario declares none)"
        }
        report(message, at: path)
    }

    private func report(_ message: String, at steps: [Step], path: [Step]? = nil) {
        sink.error(message, at: locate(steps), path: keyPath(path ?? steps))
    }

    /// The step to item `position` of a name list, which may also be written as a single name.
    private func listStep(_ base: [Step], _ position: Int) -> [Step] {
        if case .scalar = locate(base) { return base }
        return base + [.index(position)]
    }

    private func keyPath(_ steps: [Step]) -> KeyPath {
        steps.reduce(KeyPath()) { path, step in
            switch step {
            case .key(let key): path.appending(key)
            case .index(let index): path.appending(index: index)
            }
        }
    }

    /// The node at `steps`, or the deepest one found on the way.
    private func locate(_ steps: [Step]) -> Node {
        var node = document
        for step in steps {
            switch step {
            case .key(let key):
                guard let next = node.mapping?[key] else { return node }
                node = next
            case .index(let index):
                guard let items = node.sequence, index < items.count else { return node }
                node = items[index]
            }
        }
        return node
    }
}

/// The node name of a partner organisation of a type present in a neighbourhood.
public func partnerName(type: String, neighbourhood: String) -> String { "\(type) (\(neighbourhood))" }
