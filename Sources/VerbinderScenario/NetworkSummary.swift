import VerbinderCore

/// Counts and degree statistics of a scenario's network: what `verbinder inspect` shows.
public struct NetworkSummary: Sendable, Codable, Equatable {
    /// A named count, in a fixed order.
    public struct Count: Sendable, Codable, Equatable {
        public var name: String
        public var count: Int
    }

    /// Degree statistics over a set of nodes (undirected view: in + out).
    public struct DegreeStatistics: Sendable, Codable, Equatable {
        public var group: String
        public var nodes: Int
        public var min: Int
        public var median: Double
        public var mean: Double
        public var max: Int
    }

    /// A connector with where it works.
    public struct ConnectorPlacement: Sendable, Codable, Equatable {
        public var name: String
        public var homeDepartment: String
        public var cluster: String
        public var neighbourhoods: [String]
        public var hoursPerWeek: Double
    }

    public var scenario: String
    public var nodes: Int
    public var edges: Int
    public var nodesByKind: [Count]
    public var nodesByArena: [Count]
    public var edgesByKind: [Count]
    /// Overall first, then one row per node kind present.
    public var degrees: [DegreeStatistics]
    public var connectors: [ConnectorPlacement]

    /// Summarises `network`, built from `scenario`.
    /// - Complexity: O(V log V) for the medians.
    public init(scenario: Scenario, network: ScenarioNetwork) {
        let graph = network.graph
        self.scenario = scenario.name
        nodes = graph.nodeCount
        edges = graph.edgeCount
        var kindCounts = [Int](repeating: 0, count: NodeKind.allCases.count)
        var arenaCounts = [Int](repeating: 0, count: Arena.allCases.count)
        for node in 0 ..< graph.nodeCount {
            kindCounts[Int(graph.nodes.kinds[node].rawValue)] += 1
            arenaCounts[Int(graph.nodes.arenas[node].rawValue)] += 1
        }
        nodesByKind = NodeKind.allCases.map { Count(name: $0.name, count: kindCounts[Int($0.rawValue)]) }
        nodesByArena = Arena.allCases.map { Count(name: $0.name, count: arenaCounts[Int($0.rawValue)]) }
        let edgeCounts = graph.edgeCountsByKind()
        edgesByKind = EdgeKind.allCases.map { Count(name: $0.name, count: edgeCounts[Int($0.rawValue)]) }

        var degreesByKind = [[Int]](repeating: [], count: NodeKind.allCases.count)
        var all: [Int] = []
        all.reserveCapacity(graph.nodeCount)
        for node in 0 ..< Int32(graph.nodeCount) {
            let degree = graph.degree(of: node, in: .undirected)
            all.append(degree)
            degreesByKind[Int(graph.nodes.kinds[Int(node)].rawValue)].append(degree)
        }
        degrees = [Self.statistics("all", all)]
            + NodeKind.allCases.filter { !degreesByKind[Int($0.rawValue)].isEmpty }
                .map { Self.statistics($0.name, degreesByKind[Int($0.rawValue)]) }
        let clusters = Dictionary(scenario.departments.map { ($0.name, $0.cluster) }, uniquingKeysWith: { first, _ in first })
        connectors = scenario.connectors.map {
            ConnectorPlacement(name: $0.name, homeDepartment: $0.homeDepartment, cluster: clusters[$0.homeDepartment] ?? "",
                               neighbourhoods: $0.neighbourhoods, hoursPerWeek: $0.hoursPerWeek)
        }
    }

    private static func statistics(_ group: String, _ values: [Int]) -> DegreeStatistics {
        guard !values.isEmpty else { return DegreeStatistics(group: group, nodes: 0, min: 0, median: 0, mean: 0, max: 0) }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
        return DegreeStatistics(group: group, nodes: values.count, min: sorted[0], median: median,
                                mean: Double(values.reduce(0, +)) / Double(values.count), max: sorted[sorted.count - 1])
    }
}
