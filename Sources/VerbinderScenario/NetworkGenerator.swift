import VerbinderCore

/// A scenario's stakeholder network: the graph plus where each part of the scenario landed in it.
public struct ScenarioNetwork: Sendable {
    public let graph: Graph
    /// Node of each neighbourhood, in scenario order.
    public let neighbourhoodNodes: [Int32]
    /// Node of each department, in scenario order.
    public let departmentNodes: [Int32]
    /// Node of each manager, in scenario order.
    public let managerNodes: [Int32]
    /// Node of each alderman, in scenario order.
    public let aldermanNodes: [Int32]
    /// Node of each connector, in scenario order.
    public let connectorNodes: [Int32]
    /// Resident nodes of each neighbourhood (a contiguous range), in scenario order.
    public let residentRanges: [Range<Int32>]
    /// Resident-group (initiative) nodes of each neighbourhood.
    public let initiativeRanges: [Range<Int32>]
    /// Partner nodes of each neighbourhood.
    public let partnerRanges: [Range<Int32>]
    /// Official nodes of each department (a contiguous range), in scenario order.
    public let officialRanges: [Range<Int32>]
    /// Members of each consultation structure, in scenario order.
    public let structureMembers: [[Int32]]
    /// Named nodes by name; for lookups only (never iterated, so output order cannot depend on it).
    public let nodeByName: [String: Int32]
}

/// Builds a scenario's network deterministically from its seed.
///
/// Nodes are laid out in a fixed order: neighbourhoods, departments, themes, managers, aldermen,
/// connectors, listed actors, partners, initiatives, nodes from network files, officials, residents.
/// Random draws come from one stream per department and per neighbourhood, so the result does not
/// depend on anything but the scenario and its seed.
public enum NetworkGenerator {
    /// The network of `scenario`.
    /// - Throws: ``InputError`` when a network file named by the scenario is malformed, or the network would
    ///   need more memory than ``MemoryBudget/limit`` allows.
    /// - Complexity: O(residents × residentTies + officials × colleagueTies + listed ties).
    public static func build(_ scenario: Scenario) throws -> ScenarioNetwork {
        try MemoryBudget.check(scenario, at: SourceLocation(file: "scenario '\(scenario.name)'"))
        var builder = GraphBuilder()
        var names: [String: Int32] = [:]
        let expectedNodes = scenario.residentCount + scenario.officialCount + 1024
        builder.nodes.reserveCapacity(expectedNodes)
        builder.reserveEdges(Int(Double(scenario.residentCount) * (scenario.generation.residentTies / 2 + MemoryBudget.extraTiesPerResident))
            + Int(Double(scenario.officialCount) * (scenario.generation.colleagueTies / 2 + MemoryBudget.extraTiesPerOfficial)))
        builder.nodes.neighbourhoodNames = scenario.neighbourhoods.map(\.name)
        builder.nodes.departmentNames = scenario.departments.map(\.name)
        let neighbourhoodIndex = Dictionary(uniqueKeysWithValues: scenario.neighbourhoods.enumerated().map { ($1.name, Int32($0)) })
        let departmentIndex = Dictionary(uniqueKeysWithValues: scenario.departments.enumerated().map { ($1.name, Int32($0)) })

        func named(_ name: String, kind: NodeKind, arena: Arena? = nil, neighbourhood: Int32 = -1,
                   department: Int32 = -1, function: OfficialFunction? = nil, activity: ActivityLevel? = nil,
                   domain: PolicyDomain? = nil) -> Int32 {
            let node = builder.nodes.append(kind: kind, name: name, arena: arena, neighbourhood: neighbourhood,
                                            department: department, function: function, activity: activity, domain: domain)
            names[name] = node
            return node
        }

        let neighbourhoodNodes = scenario.neighbourhoods.enumerated().map { index, hood in
            named(hood.name, kind: .neighbourhood, neighbourhood: Int32(index))
        }
        let departmentNodes = scenario.departments.enumerated().map { index, department in
            named(department.name, kind: .department, department: Int32(index), domain: department.domain)
        }
        for theme in scenario.themes { _ = named(theme, kind: .theme) }
        let managerNodes = scenario.managers.map { manager in
            named(manager.name, kind: .manager, department: manager.department.flatMap { departmentIndex[$0] } ?? -1)
        }
        let aldermanNodes = scenario.aldermen.map { named($0.name, kind: .alderman) }
        let connectorNodes = scenario.connectors.map { connector in
            named(connector.name, kind: .connector,
                  neighbourhood: connector.neighbourhoods.first.flatMap { neighbourhoodIndex[$0] } ?? -1,
                  department: departmentIndex[connector.homeDepartment] ?? -1)
        }
        for actor in scenario.actors {
            let department = actor.department.flatMap { departmentIndex[$0] } ?? -1
            _ = named(actor.name, kind: actor.kind, arena: actor.arena,
                      neighbourhood: actor.neighbourhood.flatMap { neighbourhoodIndex[$0] } ?? -1,
                      department: department, function: actor.function, activity: actor.activity,
                      domain: department >= 0 ? scenario.departments[Int(department)].domain : nil)
        }
        var partnerRanges: [Range<Int32>] = []
        for (index, hood) in scenario.neighbourhoods.enumerated() {
            let start = Int32(builder.nodes.count)
            for type in hood.partners {
                _ = named(partnerName(type: type, neighbourhood: hood.name), kind: .partner, neighbourhood: Int32(index))
            }
            partnerRanges.append(start ..< Int32(builder.nodes.count))
        }
        var initiativeRanges: [Range<Int32>] = []
        for (index, hood) in scenario.neighbourhoods.enumerated() {
            let start = Int32(builder.nodes.count)
            for number in 0 ..< hood.initiatives {
                _ = named("initiative \(number + 1) (\(hood.name))", kind: .residentGroup, neighbourhood: Int32(index))
            }
            initiativeRanges.append(start ..< Int32(builder.nodes.count))
        }
        if let files = scenario.network {
            try NetworkFileReader.read(files, into: &builder, names: &names)
        }
        var officialRanges: [Range<Int32>] = []
        for (index, department) in scenario.departments.enumerated() {
            let start = Int32(builder.nodes.count)
            for function in OfficialFunction.allCases {
                builder.nodes.appendGenerated(department.officials[function], kind: .official, department: Int32(index),
                                              function: function, domain: department.domain)
            }
            officialRanges.append(start ..< Int32(builder.nodes.count))
        }
        var residentRanges: [Range<Int32>] = []
        for (index, hood) in scenario.neighbourhoods.enumerated() {
            // Each resident's level is drawn; the residents are laid out by level (``ActivityLevel/layoutOrder(_:)``),
            // so the simulation knows a resident's level from its place in the neighbourhood.
            var random = Xoshiro256(seed: scenario.run.seed, stream: streamLabel("resident activity"), UInt64(index))
            var counts = [Int](repeating: 0, count: ActivityLevel.allCases.count)
            for _ in 0 ..< hood.residents {
                let draw = random.nextUnit()
                let level: ActivityLevel = draw < hood.hardToReachShare ? .hardToReach
                    : draw < hood.hardToReachShare + hood.usualSuspectShare ? .usualSuspect : .average
                counts[ActivityLevel.layoutOrder(level)] += 1
            }
            var levels = [ActivityLevel]()
            levels.reserveCapacity(hood.residents)
            for level in ActivityLevel.allCases {
                levels.append(contentsOf: repeatElement(level, count: counts[ActivityLevel.layoutOrder(level)]))
            }
            residentRanges.append(builder.nodes.appendGenerated(hood.residents, kind: .resident, neighbourhood: Int32(index),
                                                                activity: levels))
        }

        // Organisation: membership, reporting lines, portfolios.
        for (index, range) in officialRanges.enumerated() {
            let teamManager = scenario.managers.firstIndex { $0.level == .team && $0.department == scenario.departments[index].name }
            for official in range {
                builder.addEdge(from: official, to: departmentNodes[index], kind: .membership)
                if let teamManager { builder.addEdge(from: official, to: managerNodes[teamManager], kind: .reportsTo) }
            }
        }
        for (index, manager) in scenario.managers.enumerated() {
            guard manager.level == .team, let department = manager.department.flatMap({ departmentIndex[$0] }) else { continue }
            builder.addEdge(from: managerNodes[index], to: departmentNodes[Int(department)], kind: .membership)
            let cluster = scenario.departments[Int(department)].cluster
            if let clusterManager = scenario.managers.firstIndex(where: { $0.level == .cluster && $0.cluster == cluster }) {
                builder.addEdge(from: managerNodes[index], to: managerNodes[clusterManager], kind: .reportsTo)
            }
        }
        for (index, alderman) in scenario.aldermen.enumerated() {
            for target in alderman.portfolio {
                if let node = names[target] { builder.addEdge(from: aldermanNodes[index], to: node, kind: .portfolio) }
            }
        }

        // Connectors: home department, neighbourhoods, and the partners, initiatives and officials they know.
        for (index, connector) in scenario.connectors.enumerated() {
            let node = connectorNodes[index]
            guard let home = departmentIndex[connector.homeDepartment] else { continue }
            builder.addEdge(from: node, to: departmentNodes[Int(home)], kind: .membership)
            if let teamManager = scenario.managers.firstIndex(where: { $0.level == .team && $0.department == connector.homeDepartment }) {
                builder.addEdge(from: node, to: managerNodes[teamManager], kind: .reportsTo)
            }
            for hoodName in connector.neighbourhoods {
                guard let hood = neighbourhoodIndex[hoodName] else { continue }
                builder.addEdge(from: node, to: neighbourhoodNodes[Int(hood)], kind: .assignedTo)
                for partner in partnerRanges[Int(hood)] {
                    builder.addEdge(from: node, to: partner, kind: .tie, trust: 0.6, familiarity: 0.6)
                }
                for initiative in initiativeRanges[Int(hood)] {
                    builder.addEdge(from: node, to: initiative, kind: .tie, trust: 0.6, familiarity: 0.6)
                }
            }
            var random = Xoshiro256(seed: scenario.run.seed, stream: streamLabel("connector contacts"), UInt64(index))
            for (department, range) in officialRanges.enumerated() where !range.isEmpty {
                let own = department == Int(home)
                let contacts = min(range.count, scenario.generation.connectorContacts * (own ? 2 : 1))
                for _ in 0 ..< contacts {
                    let official = range.lowerBound + Int32(random.nextIndex(below: range.count))
                    builder.addEdge(from: node, to: official, kind: .tie,
                                    trust: own ? 0.6 : 0.4, familiarity: own ? 0.7 : 0.3)
                }
            }
        }

        // Colleagues within a department; residents within a neighbourhood and in its initiatives.
        for (index, range) in officialRanges.enumerated() where range.count > 1 {
            var random = Xoshiro256(seed: scenario.run.seed, stream: streamLabel("colleague ties"), UInt64(index))
            addRandomTies(among: range, meanDegree: scenario.generation.colleagueTies, trust: 0.6, familiarity: 0.7,
                          random: &random, builder: &builder)
        }
        for (index, range) in residentRanges.enumerated() {
            var random = Xoshiro256(seed: scenario.run.seed, stream: streamLabel("resident ties"), UInt64(index))
            if range.count > 1 {
                addRandomTies(among: range, meanDegree: scenario.generation.residentTies, trust: 0.5, familiarity: 0.5,
                              random: &random, builder: &builder)
            }
            let initiatives = initiativeRanges[index]
            guard !initiatives.isEmpty else { continue }
            let membership = scenario.generation.initiativeMembership
            for resident in range {
                let factor: Double = switch builder.nodes.activity[Int(resident)] {
                case .usualSuspect: 4
                case .hardToReach: 0.2
                default: 1
                }
                if random.chance(min(1, membership * factor)) {
                    let group = initiatives.lowerBound + Int32(random.nextIndex(below: initiatives.count))
                    builder.addEdge(from: resident, to: group, kind: .tie, trust: 0.6, familiarity: 0.6)
                }
            }
        }

        // Partners know some residents of their neighbourhood and some officials.
        let allOfficials = Int32(officialRanges.first?.lowerBound ?? 0) ..< Int32(officialRanges.last?.upperBound ?? 0)
        for (index, range) in partnerRanges.enumerated() {
            var random = Xoshiro256(seed: scenario.run.seed, stream: streamLabel("partner ties"), UInt64(index))
            let residents = residentRanges[index]
            for partner in range {
                for _ in 0 ..< (residents.isEmpty ? 0 : scenario.generation.partnerResidentTies) {
                    let resident = residents.lowerBound + Int32(random.nextIndex(below: residents.count))
                    builder.addEdge(from: partner, to: resident, kind: .tie, trust: 0.6, familiarity: 0.6)
                }
                for _ in 0 ..< (allOfficials.isEmpty ? 0 : scenario.generation.connectorContacts) {
                    let official = allOfficials.lowerBound + Int32(random.nextIndex(below: allOfficials.count))
                    builder.addEdge(from: partner, to: official, kind: .tie, trust: 0.5, familiarity: 0.4)
                }
            }
        }

        // Listed ties and consultation structures (members who meet know each other).
        for tie in scenario.ties {
            guard let from = names[tie.from], let to = names[tie.to] else { continue }
            builder.addEdge(from: from, to: to, kind: tie.kind, weight: Float(tie.weight), trust: Float(tie.trust),
                            familiarity: Float(tie.familiarity))
        }
        let structureMembers = scenario.consultationStructures.map { structure in structure.members.compactMap { names[$0] } }
        for members in structureMembers {
            for (position, member) in members.enumerated() {
                for other in members[(position + 1)...] {
                    builder.addEdge(from: member, to: other, kind: .tie, trust: 0.5, familiarity: 0.6)
                }
            }
        }

        return ScenarioNetwork(
            graph: builder.takeGraph(), neighbourhoodNodes: neighbourhoodNodes, departmentNodes: departmentNodes,
            managerNodes: managerNodes, aldermanNodes: aldermanNodes, connectorNodes: connectorNodes,
            residentRanges: residentRanges, initiativeRanges: initiativeRanges, partnerRanges: partnerRanges,
            officialRanges: officialRanges, structureMembers: structureMembers, nodeByName: names)
    }

    /// Adds about `meanDegree / 2` ties per node to random other nodes of `range` (mean degree `meanDegree`).
    private static func addRandomTies(among range: Range<Int32>, meanDegree: Double, trust: Float, familiarity: Float,
                                      random: inout Xoshiro256, builder: inout GraphBuilder) {
        let perNode = meanDegree / 2
        let whole = Int(perNode)
        let fraction = perNode - Double(whole)
        let count = range.count
        var sources: [Int32] = [], targets: [Int32] = []
        sources.reserveCapacity(Int(Double(count) * perNode) + 16)
        targets.reserveCapacity(Int(Double(count) * perNode) + 16)
        for node in range {
            let ties = whole + (random.chance(fraction) ? 1 : 0)
            for _ in 0 ..< ties {
                var other = range.lowerBound + Int32(random.nextIndex(below: count - 1))
                if other >= node { other += 1 }
                sources.append(node)
                targets.append(other)
            }
        }
        builder.addEdges(sources: sources, targets: targets, kind: .tie, trust: trust, familiarity: familiarity)
    }
}
