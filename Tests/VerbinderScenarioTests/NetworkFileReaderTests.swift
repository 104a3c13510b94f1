import Testing
import VerbinderCore
import VerbinderScenario

/// Real networks from CSV node and edge files.
@Suite("Network files (CSV)")
struct NetworkFileReaderTests {
    /// A builder that already knows one neighbourhood and one department, as the generator's would.
    static func builder() -> GraphBuilder {
        var builder = GraphBuilder()
        builder.nodes.neighbourhoodNames = ["Noord"]
        builder.nodes.departmentNames = ["Wijkzaken"]
        return builder
    }

    @Test("nodes and edges with their attributes and defaults")
    func readsNodesAndEdges() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let nodes = try folder.write("nodes.csv", """
            id,kind,arena,neighbourhood,department,function,activity
            alice,resident,,Noord,,,usualSuspect
            bob,official,,,Wijkzaken,policy,
            "Smit, J.",partner,lifeworld,,,,
            """)
        let edges = try folder.write("edges.csv", """
            source,target,kind,weight,trust,familiarity
            alice,bob,,2.5,0.9,0.1
            bob,"Smit, J.",reportsTo,,,
            alice,alice,tie,0,1,0
            """)
        var builder = Self.builder()
        var names: [String: Int32] = [:]
        try NetworkFileReader.read(NetworkFiles(edges: edges, nodes: nodes), into: &builder, names: &names)
        let graph = builder.build()
        #expect(graph.nodeCount == 3)
        #expect(names == ["alice": 0, "bob": 1, "Smit, J.": 2])
        #expect(graph.nodes.kinds == [.resident, .official, .partner])
        #expect(graph.nodes.arenas == [.lifeworld, .municipal, .lifeworld])
        #expect(graph.nodes.activity == [.usualSuspect, nil, nil])
        #expect(graph.nodes.functions == [nil, .policy, nil])
        #expect(graph.nodes.neighbourhoodName(of: 0) == "Noord")
        #expect(graph.nodes.departmentName(of: 1) == "Wijkzaken")
        #expect(graph.nodes.name(of: 2) == "Smit, J.")

        #expect(graph.edgeCount == 3)
        #expect(Array(graph.successors(of: 0)) == [1, 0])
        #expect(graph.edgeKinds == [.tie, .tie, .reportsTo])
        #expect(graph.weights == [2.5, 0, 1])
        #expect(graph.trust == [0.9, 1, 0.5])
        #expect(graph.familiarity == [0.1, 0, 0.5])
    }

    @Test("edges alone: ids must be known, or are created when asked")
    func edgesOnly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let edges = try folder.write("edges.csv", "source,target\nA,B\nB,C\n")
        var builder = Self.builder()
        builder.nodes.append(kind: .connector, name: "A")
        var names: [String: Int32] = ["A": 0]

        var strict = builder
        var strictNames = names
        let error = #expect(throws: InputError.self) {
            try NetworkFileReader.read(NetworkFiles(edges: edges), into: &strict, names: &strictNames)
        }
        #expect(error?.diagnostics.map(\.description) == [
            "\(edges):2: error: unknown node id 'B'",
            "\(edges):3: error: unknown node id 'B'",
            "\(edges):3: error: unknown node id 'C'",
        ])

        try NetworkFileReader.read(NetworkFiles(edges: edges), into: &builder, names: &names,
                                   createMissing: true, defaultKind: .resident)
        let graph = builder.build()
        #expect(names == ["A": 0, "B": 1, "C": 2])
        #expect(graph.nodes.kinds == [.connector, .resident, .resident])
        #expect(graph.edgeCount == 2 && graph.hasEdge(from: 0, to: 1, kind: .tie) && graph.hasEdge(from: 1, to: 2, kind: .tie))
    }

    @Test("every bad row is reported, with its line")
    func badRows() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let nodes = try folder.write("nodes.csv", """
            id,kind,neighbourhood,activity
            a,resident,Nord,
            b,wizard,,
            a,resident,,
            ,official,,
            c,resident,,busy
            """)
        let edges = try folder.write("edges.csv", """
            source,target,kind,weight,trust,familiarity
            a,b,tie,heavy,,
            a,zed,,,,
            a,c,friendship,-1,1.5,0.5
            a,c,tie,1,0.5,NaN
            """)
        var builder = Self.builder()
        var names: [String: Int32] = [:]
        let error = #expect(throws: InputError.self) {
            try NetworkFileReader.read(NetworkFiles(edges: edges, nodes: nodes), into: &builder, names: &names)
        }
        #expect(error?.diagnostics.map(\.description) == [
            "\(nodes):2: error: unknown neighbourhood 'Nord' (did you mean 'Noord'?)",
            "\(nodes):3: error: unknown kind 'wizard' (expected one of: resident, residentGroup, partner, official, department, manager, alderman, connector, transitionManager, neighbourhood, theme)",
            "\(nodes):4: error: duplicate node id 'a'",
            "\(nodes):5: error: empty id",
            "\(nodes):6: error: unknown activity 'busy' (expected one of: usualSuspect, average, hardToReach)",
            "\(edges):2: error: weight 'heavy' is not a number of at least 0",
            "\(edges):3: error: unknown node id 'zed' (not in \(nodes))",
            "\(edges):4: error: weight '-1' is not a number of at least 0",
            "\(edges):4: error: trust '1.5' is not a number from 0 to 1",
            "\(edges):4: error: unknown edge kind 'friendship' (expected one of: membership, reportsTo, assignedTo, portfolio, tie)",
            "\(edges):5: error: familiarity 'NaN' is not a number from 0 to 1",
        ])
    }

    @Test("malformed files: a missing column, a wrong field count")
    func malformedFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let noTarget = try folder.write("edges.csv", "source,kind\nA,tie\n")
        var builder = Self.builder()
        var names: [String: Int32] = [:]
        let missing = #expect(throws: InputError.self) {
            try NetworkFileReader.read(NetworkFiles(edges: noTarget), into: &builder, names: &names)
        }
        #expect(missing?.description == "\(noTarget):1: error: missing column 'target' (header is: source,kind)")

        let ragged = try folder.write("ragged.csv", "id,kind\nA,partner,extra\n")
        let fields = #expect(throws: InputError.self) {
            try NetworkFileReader.read(NetworkFiles(edges: noTarget, nodes: ragged), into: &builder, names: &names)
        }
        #expect(fields?.description == "\(ragged):2: error: expected 2 fields (id,kind), found 3")
    }

    @Test("a scenario's network section: paths relative to the scenario, nodes added to the generated ones")
    func scenarioWithNetworkFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("nodes.csv", "id,kind\nBuurtvereniging,residentGroup\nWoningcorporatie,partner\n")
        try folder.write("edges.csv", "source,target,trust\nBuurtvereniging,Woningcorporatie,0.8\nVerbinder,Buurtvereniging,\n")
        let path = try folder.write("scenario.yaml", """
            name: With files
            neighbourhoods: [{name: Noord, residents: 20, initiatives: 0}]
            departments: [{name: Wijkzaken, officials: {execution: 2}}]
            connectors: [{name: Verbinder, homeDepartment: Wijkzaken, neighbourhoods: [Noord]}]
            network: {nodes: nodes.csv, edges: edges.csv}
            """)
        let scenario = try Scenario.load(path: path)
        #expect(scenario.network == NetworkFiles(edges: folder.url.appendingPathComponent("edges.csv").path,
                                                 nodes: folder.url.appendingPathComponent("nodes.csv").path))
        let network = try NetworkGenerator.build(scenario)
        let graph = network.graph
        let group = try #require(network.nodeByName["Buurtvereniging"])
        let corporation = try #require(network.nodeByName["Woningcorporatie"])
        let connector = network.connectorNodes[0]
        #expect(graph.nodes.kinds[Int(group)] == .residentGroup)
        #expect(graph.hasEdge(from: group, to: corporation, kind: .tie))
        #expect(graph.hasEdge(from: connector, to: group, kind: .tie))
        #expect(graph.count(of: .resident) == 20 && graph.count(of: .official) == 2)

        // A bad file named by a scenario fails the build of its network with the file's line.
        try folder.write("edges.csv", "source,target\nVerbinder,Nobody\n")
        let error = #expect(throws: InputError.self) { try NetworkGenerator.build(scenario) }
        #expect(error?.description == "\(scenario.network!.edges):2: error: unknown node id 'Nobody' (not in \(scenario.network!.nodes!))")
    }

    @Test("a network section without edges")
    func networkWithoutEdges() {
        let error = #expect(throws: InputError.self) {
            try Scenario.parse(yaml: "name: T\nnetwork: {nodes: nodes.csv}\n", file: "/tmp/x.yaml")
        }
        #expect(error?.description == "/tmp/x.yaml:1:1: error: a scenario needs neighbourhoods and departments, actors, or a network\n"
            + "/tmp/x.yaml:2:10: error: network.edges: missing required key 'edges'")
    }
}
