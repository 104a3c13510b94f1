import Testing
import VerbinderTestSupport
import VerbinderCore
import VerbinderScenario

/// Every scenario in `scenarios/` loads, and its network holds exactly what the scenario describes.
@Suite("Shipped scenarios")
struct ShippedScenarioTests {
    @Test("the scenarios folder is found and holds the promised files")
    func scenariosArePresent() {
        let shipped = Set(Repository.shippedScenarios)
        for expected in ["scenarios/katwijk.yaml", "scenarios/leidschendam-voorburg.yaml", "scenarios/maassluis.yaml",
                         "scenarios/den-helder.yaml", "scenarios/profiles/developing.yaml",
                         "scenarios/profiles/participative.yaml", "scenarios/profiles/organisation-oriented.yaml",
                         "scenarios/profiles/rapprochement.yaml", "scenarios/profiles/tilted.yaml",
                         "scenarios/large/amsterdam-scale.yaml"] {
            #expect(shipped.contains(expected), "missing \(expected)")
        }
    }

    @Test("every shipped scenario loads and builds a network that matches its numbers",
          arguments: Repository.shippedScenarios)
    func shippedScenario(path: String) throws {
        let scenario = try Scenario.load(path: Repository.path(path))
        #expect(!scenario.name.isEmpty)
        #expect(!scenario.connectors.isEmpty)
        #if DEBUG
        // The large scenarios have 100,000 to 5,000,000 residents: building them is the benchmarks' job,
        // not a debug test's.
        if path.hasPrefix("scenarios/large/") {
            #expect(scenario.residentCount >= 100_000)
            return
        }
        #endif
        let network = try NetworkGenerator.build(scenario)
        Self.checkCounts(network, of: scenario)
        Self.checkOrganisation(network, of: scenario)
    }

    /// Node and edge counts follow from the scenario's numbers.
    static func checkCounts(_ network: ScenarioNetwork, of scenario: Scenario) {
        let graph = network.graph
        func listed(_ kind: NodeKind) -> Int { scenario.actors.filter { $0.kind == kind }.count }
        let partners = scenario.neighbourhoods.reduce(0) { $0 + $1.partners.count }
        let initiatives = scenario.neighbourhoods.reduce(0) { $0 + $1.initiatives }
        let managers = scenario.managers.count
        #expect(graph.count(of: .resident) == scenario.residentCount + listed(.resident))
        #expect(graph.count(of: .official) == scenario.officialCount + listed(.official))
        #expect(graph.count(of: .connector) == scenario.connectors.count + listed(.connector))
        #expect(graph.count(of: .partner) == partners + listed(.partner))
        #expect(graph.count(of: .residentGroup) == initiatives + listed(.residentGroup))
        #expect(graph.count(of: .neighbourhood) == scenario.neighbourhoods.count)
        #expect(graph.count(of: .department) == scenario.departments.count)
        #expect(graph.count(of: .manager) == managers + listed(.manager))
        #expect(graph.count(of: .alderman) == scenario.aldermen.count + listed(.alderman))
        #expect(graph.count(of: .theme) == scenario.themes.count)
        #expect(graph.count(of: .transitionManager) == listed(.transitionManager))
        #expect(graph.nodeCount == scenario.residentCount + scenario.officialCount + scenario.connectors.count + partners
            + initiatives + scenario.neighbourhoods.count + scenario.departments.count + managers
            + scenario.aldermen.count + scenario.themes.count + scenario.actors.count)

        // Officials by function, per department.
        for (index, department) in scenario.departments.enumerated() {
            let range = network.officialRanges[index]
            #expect(range.count == department.officials.total, "\(department.name)")
            for function in OfficialFunction.allCases {
                let count = range.filter { graph.nodes.functions[Int($0)] == function }.count
                #expect(count == department.officials[function], "\(department.name) \(function.name)")
            }
            #expect(range.allSatisfy { graph.nodes.departments[Int($0)] == Int32(index) })
            #expect(range.allSatisfy { graph.nodes.domains[Int($0)] == department.domain })
        }

        // Residents by neighbourhood, with activity levels in the scenario's shares.
        for (index, hood) in scenario.neighbourhoods.enumerated() {
            let range = network.residentRanges[index]
            #expect(range.count == hood.residents, "\(hood.name)")
            #expect(range.allSatisfy { graph.nodes.neighbourhoods[Int($0)] == Int32(index) && graph.nodes.arenas[Int($0)] == .lifeworld })
            guard hood.residents >= 5000 else { continue }
            let hardToReach = range.filter { graph.nodes.activity[Int($0)] == .hardToReach }.count
            let usual = range.filter { graph.nodes.activity[Int($0)] == .usualSuspect }.count
            #expect(abs(Double(hardToReach) / Double(range.count) - hood.hardToReachShare) < 0.02, "\(hood.name)")
            #expect(abs(Double(usual) / Double(range.count) - hood.usualSuspectShare) < 0.02, "\(hood.name)")
            #expect(network.partnerRanges[index].count == hood.partners.count)
            #expect(network.initiativeRanges[index].count == hood.initiatives)
        }

        // Organisation edges, counted from the scenario.
        let counts = graph.edgeCountsByKind()
        let teamManagerDepartments = Set(scenario.managers.filter { $0.level == .team }.compactMap(\.department))
        let clusterManagerClusters = Set(scenario.managers.filter { $0.level == .cluster }.compactMap(\.cluster))
        let clusterOf = Dictionary(scenario.departments.map { ($0.name, $0.cluster) }, uniquingKeysWith: { first, _ in first })
        let teamManagers = scenario.managers.filter { $0.level == .team }
        let membership = scenario.officialCount + teamManagers.count + scenario.connectors.count
            + scenario.ties.filter { $0.kind == .membership }.count
        let reportsTo = scenario.departments.filter { teamManagerDepartments.contains($0.name) }.reduce(0) { $0 + $1.officials.total }
            + teamManagers.filter { clusterManagerClusters.contains(clusterOf[$0.department ?? ""] ?? "") }.count
            + scenario.connectors.filter { teamManagerDepartments.contains($0.homeDepartment) }.count
            + scenario.ties.filter { $0.kind == .reportsTo }.count
        #expect(counts[Int(EdgeKind.membership.rawValue)] == membership)
        #expect(counts[Int(EdgeKind.reportsTo.rawValue)] == reportsTo)
        #expect(counts[Int(EdgeKind.assignedTo.rawValue)] == scenario.connectors.reduce(0) { $0 + $1.neighbourhoods.count }
            + scenario.ties.filter { $0.kind == .assignedTo }.count)
        #expect(counts[Int(EdgeKind.portfolio.rawValue)] == scenario.aldermen.reduce(0) { $0 + $1.portfolio.count }
            + scenario.ties.filter { $0.kind == .portfolio }.count)
        #expect(counts.reduce(0, +) == graph.edgeCount)
    }

    /// The specific organisation edges exist between the right nodes.
    static func checkOrganisation(_ network: ScenarioNetwork, of scenario: Scenario) {
        let graph = network.graph
        for (index, range) in network.officialRanges.enumerated() {
            let department = network.departmentNodes[index]
            #expect(range.allSatisfy { graph.hasEdge(from: $0, to: department, kind: .membership) },
                    "officials of \(scenario.departments[index].name)")
        }
        for (index, connector) in scenario.connectors.enumerated() {
            let node = network.connectorNodes[index]
            #expect(graph.nodes.kinds[Int(node)] == .connector)
            #expect(graph.nodes.name(of: node) == connector.name)
            #expect(graph.nodes.departmentName(of: node) == connector.homeDepartment)
            let home = network.nodeByName[connector.homeDepartment]!
            #expect(graph.hasEdge(from: node, to: home, kind: .membership), "\(connector.name)")
            for hood in connector.neighbourhoods {
                let hoodNode = network.nodeByName[hood]!
                #expect(graph.nodes.kinds[Int(hoodNode)] == .neighbourhood)
                #expect(graph.hasEdge(from: node, to: hoodNode, kind: .assignedTo), "\(connector.name) → \(hood)")
            }
        }
        for (index, alderman) in scenario.aldermen.enumerated() {
            for target in alderman.portfolio {
                #expect(graph.hasEdge(from: network.aldermanNodes[index], to: network.nodeByName[target]!, kind: .portfolio),
                        "\(alderman.name) → \(target)")
            }
        }
        for (index, manager) in scenario.managers.enumerated() where manager.level == .team {
            let department = network.nodeByName[manager.department!]!
            #expect(graph.hasEdge(from: network.managerNodes[index], to: department, kind: .membership), "\(manager.name)")
        }
        for members in network.structureMembers {
            for (position, member) in members.enumerated() {
                for other in members[(position + 1)...] {
                    #expect(graph.hasEdge(from: member, to: other, kind: .tie))
                }
            }
        }
    }

    /// The case municipalities carry the figures of Buzing 2024, Table 1 (DOMAIN.md §7).
    @Test("case municipalities match the thesis' figures",
          arguments: [("scenarios/katwijk.yaml", 66_607, 5, 3, 4, "wijkregisseur"),
                      ("scenarios/leidschendam-voorburg.yaml", 77_753, 3, 4, 6, "gebiedsregisseur"),
                      ("scenarios/maassluis.yaml", 35_303, 2, 3, 5, "wijkcoördinator")])
    func caseFigures(path: String, residents: Int, neighbourhoods: Int, connectors: Int, aldermen: Int, title: String) throws {
        let scenario = try Scenario.load(path: Repository.path(path))
        #expect(scenario.residentCount == residents)
        #expect(scenario.neighbourhoods.count == neighbourhoods)
        #expect(scenario.connectors.count == connectors)
        #expect(scenario.aldermen.count == aldermen)
        #expect(scenario.connectorTitle == title)
    }

    @Test("the profile scenarios carry their profile's sliders (DOMAIN.md §5)",
          arguments: [("developing", Profile.developing), ("participative", .participative),
                      ("organisation-oriented", .organisationOriented), ("rapprochement", .rapprochement),
                      ("tilted", .tilted)])
    func profiles(file: String, profile: Profile) throws {
        let scenario = try Scenario.load(path: Repository.path("scenarios/profiles/\(file).yaml"))
        #expect(scenario.policies.profile == profile)
        #expect(scenario.policies.sliders == profile.sliders)
    }

    @Test("Katwijk in detail: parts land where the scenario puts them")
    func katwijkDetail() throws {
        let scenario = try Scenario.load(path: Repository.path("scenarios/katwijk.yaml"))
        let network = try NetworkGenerator.build(scenario)
        let graph = network.graph
        let zee = network.nodeByName["Wijkregisseur Zee"]!
        #expect(graph.hasEdge(from: zee, to: network.nodeByName["Katwijk aan Zee"]!, kind: .assignedTo))
        #expect(graph.hasEdge(from: zee, to: network.nodeByName["Valkenburg"]!, kind: .assignedTo))
        #expect(!graph.hasEdge(from: zee, to: network.nodeByName["Rijnsburg"]!, kind: .assignedTo))
        #expect(graph.hasEdge(from: zee, to: network.nodeByName["Communicatie en Wijkregie"]!, kind: .membership))
        #expect(graph.hasEdge(from: zee, to: network.nodeByName["Teammanager Wijkregie"]!, kind: .reportsTo))
        // The listed tie keeps its attributes.
        let adviser = network.nodeByName["Communicatieadviseur"]!
        let tie = graph.outEdgeRange(of: adviser).first { graph.outTargets[$0] == zee }!
        #expect(graph.edgeKinds[tie] == .tie && graph.trust[tie] == 0.7 && graph.familiarity[tie] == 0.8)
        // Partners are named "type (neighbourhood)" and know residents of their own neighbourhood only.
        let police = network.nodeByName["police (Katwijk-Noord)"]!
        let noord = network.residentRanges[scenario.neighbourhoods.firstIndex { $0.name == "Katwijk-Noord" }!]
        let known = graph.successors(of: police).filter { graph.nodes.kinds[Int($0)] == .resident }
        #expect(known.count == scenario.generation.partnerResidentTies)
        #expect(known.allSatisfy { noord.contains($0) })
        // The explicit portfolio holder.
        #expect(scenario.aldermen.filter(\.connectorPortfolio).map(\.name) == ["Wethouder Wijkgericht Werken"])
        #expect(scenario.policies.escalation.route == .teamManager)
        #expect(scenario.policies.escalation.reluctance == 0.8)
    }
}

/// Generation depends on the scenario and its seed, and on nothing else.
@Suite("Deterministic generation")
struct DeterminismTests {
    @Test("the same scenario and seed give identical graphs; another seed gives another graph",
          arguments: ["scenarios/maassluis.yaml", "scenarios/den-helder.yaml"])
    func sameSeedSameGraph(path: String) throws {
        var scenario = try Scenario.load(path: Repository.path(path))
        let first = try NetworkGenerator.build(scenario).graph
        let second = try NetworkGenerator.build(try Scenario.load(path: Repository.path(path))).graph
        #expect(first == second)
        #expect(first.outTargets == second.outTargets && first.nodes.activity == second.nodes.activity)

        scenario.run.seed += 1
        let reseeded = try NetworkGenerator.build(scenario).graph
        #expect(reseeded != first)
        // The organisation is fixed by the scenario; only the random parts move.
        #expect(reseeded.nodeCount == first.nodeCount)
        #expect(reseeded.nodes.kinds == first.nodes.kinds)
        #expect(reseeded.nodes.activity != first.nodes.activity)
        #expect(reseeded.outTargets != first.outTargets)
    }

    @Test("adding a neighbourhood does not change the draws of the others (one stream per neighbourhood)")
    func streamsPerNeighbourhood() throws {
        let base = """
            name: Streams
            run: {seed: 11}
            neighbourhoods:
              - {name: A, residents: 300, initiatives: 0}
              - {name: B, residents: 200, initiatives: 0}
            """
        let one = try NetworkGenerator.build(try Scenario.parse(yaml: base, file: "streams.yaml"))
        let two = try NetworkGenerator.build(try Scenario.parse(
            yaml: base + "\n  - {name: C, residents: 100, initiatives: 0}", file: "streams.yaml"))
        func activity(_ network: ScenarioNetwork, _ index: Int) -> [ActivityLevel?] {
            network.residentRanges[index].map { network.graph.nodes.activity[Int($0)] }
        }
        #expect(activity(one, 0) == activity(two, 0))
        #expect(activity(one, 1) == activity(two, 1))
        #expect(Array(activity(one, 0).prefix(200)) != activity(one, 1)) // neighbourhoods draw from different streams
    }
}
