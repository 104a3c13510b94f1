import VerbinderCore
import VerbinderScenario

/// Everything a replication needs that does not change during a run, derived once from a scenario and
/// its network and shared (read-only) by all replications.
final class SimulationSetup: Sendable {
    /// Working hours per day and per week: the simulation clock runs in working hours.
    static let hoursPerDay = 8.0
    static let hoursPerWeek = 40.0
    /// Residents' trust changes are given per this many residents (a larger neighbourhood moves less).
    static let residentsPerTrustUnit = 1000.0

    /// A Poisson source of requests: residents of a neighbourhood, or officials of a department, for one role.
    struct Source: Sendable {
        var direction: RequestDirection
        var role: ConnectorRole
        /// Neighbourhood (residents) or department (officials).
        var group: Int32
        /// Requests per working hour.
        var rate: Double
    }

    struct NeighbourhoodInfo: Sendable {
        var node: Int32
        var residents: Range<Int32>
        /// The scenario's resident count (0: nobody to engage).
        var population: Int
        var connectors: [Int32]
        var hardToReachShare: Double
        /// Where the activity levels of the residents change: the generator lays each neighbourhood's residents
        /// out by level (``NetworkGenerator``), so residents.lowerBound + r is a usual suspect for r below
        /// `usualSuspectsEnd`, of average activity below `averageEnd`, hard to reach below `hardToReachEnd`, and of
        /// no level after that (``activity(ofRank:in:)``).
        var usualSuspectsEnd: Int32 = 0
        var averageEnd: Int32 = 0
        var hardToReachEnd: Int32 = 0
    }

    struct DepartmentInfo: Sendable {
        var node: Int32
        var officials: Range<Int32>
        var cluster: Int32
        var barriers: Barriers
        /// Escalation targets, as nodes; -1 when missing.
        var teamManager: Int32
        var clusterManager: Int32
        var responsibleAlderman: Int32
    }

    struct ConnectorInfo: Sendable {
        var node: Int32
        var name: String
        var homeDepartment: Int32
        var homeCluster: Int32
        /// Hours per week available for requests (after overhead).
        var availableHours: Double
        var emphasis: RoleEmphasis
        /// Knowledge of the organisation at the start: ``ModelParameters/connectorKnowledge`` plus
        /// ``ModelParameters/knowledgeFromTies`` × the share of departments the connector has ties into.
        var initialKnowledge: Double
    }

    let scenario: Scenario
    let network: ScenarioNetwork
    let model: ModelParameters
    let weeks: Int
    /// Slider positions as fractions 0, 0.5, 1, in panel order.
    let internalPositioning: Double
    let internalProcess: Double
    let residentsSlider: Double
    let politics: Double
    let communication: Double
    /// Start time (hours) of each intervention kind; infinity when absent.
    let interventionStart: [Double]
    let sources: [Source]
    let neighbourhoods: [NeighbourhoodInfo]
    /// Cumulative resident counts, for drawing a neighbourhood in proportion to its residents.
    let cumulativeResidents: [Int]
    let departments: [DepartmentInfo]
    let connectors: [ConnectorInfo]
    /// The alderman connectors escalate to under `own`, and whether the portfolio is explicit.
    let ownAlderman: Int32
    let explicitPortfolio: Bool
    /// Initial trust and familiarity of each department in the connectors, indexed `connector * D + department`.
    let initialTrust: [Double]
    let initialFamiliarity: [Double]
    init(scenario: Scenario, network: ScenarioNetwork) {
        self.scenario = scenario
        self.network = network
        model = scenario.model
        weeks = scenario.run.weeks
        let sliders = scenario.policies.sliders
        internalPositioning = sliders.internalPositioning.fraction
        internalProcess = sliders.internalProcess.fraction
        residentsSlider = sliders.residents.fraction
        politics = sliders.politics.fraction
        communication = sliders.communication.fraction
        var starts = [Double](repeating: .infinity, count: InterventionKind.allCases.count)
        for intervention in scenario.policies.interventions {
            let start = Double(intervention.startWeek) * Self.hoursPerWeek
            starts[Int(intervention.kind.rawValue)] = min(starts[Int(intervention.kind.rawValue)], start)
        }
        interventionStart = starts

        let clusterNames = Array(Set(scenario.departments.map(\.cluster))).sorted()
        func clusterIndex(_ name: String) -> Int32 { Int32(clusterNames.firstIndex(of: name) ?? 0) }
        let names = network.nodeByName
        departments = scenario.departments.enumerated().map { index, department in
            let team = scenario.managers.first { $0.level == .team && $0.department == department.name }
            let cluster = scenario.managers.first { $0.level == .cluster && $0.cluster == department.cluster }
            let alderman = scenario.aldermen.first { $0.portfolio.contains(department.name) }
            return DepartmentInfo(
                node: network.departmentNodes[index], officials: network.officialRanges[index],
                cluster: clusterIndex(department.cluster), barriers: department.barriers,
                teamManager: team.flatMap { names[$0.name] } ?? -1,
                clusterManager: cluster.flatMap { names[$0.name] } ?? -1,
                responsibleAlderman: alderman.flatMap { names[$0.name] } ?? -1)
        }
        let departmentIndex = Dictionary(uniqueKeysWithValues: scenario.departments.enumerated().map { ($1.name, Int32($0)) })
        var connectorInfo = scenario.connectors.enumerated().map { index, connector in
            let home = departmentIndex[connector.homeDepartment] ?? 0
            return ConnectorInfo(
                node: network.connectorNodes[index], name: connector.name, homeDepartment: home,
                homeCluster: clusterIndex(scenario.departments[Int(home)].cluster),
                availableHours: connector.hoursPerWeek * (1 - scenario.model.overheadShare),
                emphasis: connector.roleEmphasis, initialKnowledge: scenario.model.connectorKnowledge)
        }
        // Each neighbourhood's connectors in scenario order, from one pass over the connectors.
        var connectorsByNeighbourhood: [String: [Int32]] = [:]
        for (index, connector) in scenario.connectors.enumerated() {
            for name in Set(connector.neighbourhoods) { connectorsByNeighbourhood[name, default: []].append(Int32(index)) }
        }
        var hoods = scenario.neighbourhoods.enumerated().map { index, hood in
            NeighbourhoodInfo(
                node: network.neighbourhoodNodes[index], residents: network.residentRanges[index], population: hood.residents,
                connectors: connectorsByNeighbourhood[hood.name] ?? [],
                hardToReachShare: hood.hardToReachShare)
        }
        Self.findActivityBounds(&hoods, levels: network.graph.nodes.activity)
        neighbourhoods = hoods
        var cumulative: [Int] = []
        var total = 0
        for hood in scenario.neighbourhoods {
            total += hood.residents
            cumulative.append(total)
        }
        cumulativeResidents = cumulative

        let explicitHolder = scenario.aldermen.first { $0.connectorPortfolio }
        let homeName = scenario.connectors.first?.homeDepartment
        let implicitHolder = scenario.aldermen.first { alderman in homeName.map { alderman.portfolio.contains($0) } ?? false }
        ownAlderman = (explicitHolder ?? implicitHolder ?? scenario.aldermen.first).flatMap { names[$0.name] } ?? -1
        explicitPortfolio = explicitHolder != nil

        var sources: [Source] = []
        for (index, hood) in scenario.neighbourhoods.enumerated() {
            for role in ConnectorRole.allCases {
                let perWeek = scenario.requestsPerWeek(from: hood, role: role)
                if perWeek > 0 { sources.append(Source(direction: .fromResidents, role: role, group: Int32(index), rate: perWeek / Self.hoursPerWeek)) }
            }
        }
        for (index, department) in scenario.departments.enumerated() where !scenario.neighbourhoods.isEmpty {
            for role in ConnectorRole.allCases {
                let perWeek = scenario.requestsPerWeek(from: department, role: role)
                if perWeek > 0 { sources.append(Source(direction: .fromOfficials, role: role, group: Int32(index), rate: perWeek / Self.hoursPerWeek)) }
            }
        }
        self.sources = sources

        // Initial relations: what the connectors' ties into each department say, or a cautious default.
        let graph = network.graph
        let departmentCount = scenario.departments.count
        var trust = [Double](repeating: scenario.model.initialTrust, count: connectorInfo.count * departmentCount)
        var familiarity = [Double](repeating: scenario.model.initialFamiliarity, count: connectorInfo.count * departmentCount)
        for (c, connector) in connectorInfo.enumerated() {
            var sums = [(trust: Double, familiarity: Double, count: Int)](repeating: (0, 0, 0), count: departmentCount)
            for edge in graph.outEdgeRange(of: connector.node) where graph.edgeKinds[edge] == .tie {
                let department = graph.nodes.departments[Int(graph.outTargets[edge])]
                guard department >= 0, graph.nodes.kinds[Int(graph.outTargets[edge])] == .official else { continue }
                sums[Int(department)].trust += Double(graph.trust[edge])
                sums[Int(department)].familiarity += Double(graph.familiarity[edge])
                sums[Int(department)].count += 1
            }
            for d in 0 ..< departmentCount where sums[d].count > 0 {
                trust[c * departmentCount + d] = sums[d].trust / Double(sums[d].count)
                familiarity[c * departmentCount + d] = sums[d].familiarity / Double(sums[d].count)
            }
            let tiedShare = departmentCount > 0 ? Double(sums.filter { $0.count > 0 }.count) / Double(departmentCount) : 0
            connectorInfo[c].initialKnowledge = min(1, scenario.model.connectorKnowledge + scenario.model.knowledgeFromTies * tiedShare)
        }
        connectors = connectorInfo
        initialTrust = trust
        initialFamiliarity = familiarity
    }

    /// Sets each neighbourhood's activity bounds from the levels of its residents, which the network lays out
    /// in level order (``ActivityLevel/layoutOrder(_:)``): each bound is found by binary search.
    private static func findActivityBounds(_ hoods: inout [NeighbourhoodInfo], levels: [ActivityLevel?]) {
        for index in hoods.indices {
            let residents = hoods[index].residents
            assert(residents.dropFirst().allSatisfy {
                ActivityLevel.layoutOrder(levels[Int($0) - 1]) <= ActivityLevel.layoutOrder(levels[Int($0)])
            }, "the residents of a neighbourhood are not laid out by activity level")
            /// The number of residents whose level comes before `order`.
            func end(before order: Int) -> Int32 {
                var (low, high) = (residents.lowerBound, residents.upperBound)
                while low < high {
                    let middle = low + (high - low) / 2
                    if ActivityLevel.layoutOrder(levels[Int(middle)]) < order { low = middle + 1 } else { high = middle }
                }
                return low - residents.lowerBound
            }
            hoods[index].usualSuspectsEnd = end(before: 1)
            hoods[index].averageEnd = end(before: 2)
            hoods[index].hardToReachEnd = end(before: 3)
        }
    }

    /// The activity level of the resident `residents.lowerBound + rank` of `hood`.
    @inline(__always)
    func activity(ofRank rank: Int32, in hood: NeighbourhoodInfo) -> ActivityLevel? {
        rank < hood.usualSuspectsEnd ? .usualSuspect
            : rank < hood.averageEnd ? .average
            : rank < hood.hardToReachEnd ? .hardToReach : nil
    }

    /// The neighbourhood of the `draw`-th resident counted over all neighbourhoods in order: the first whose
    /// cumulative population exceeds `draw` (binary search), or 0 when none does.
    func neighbourhood(ofResident draw: Int) -> Int {
        var low = 0, high = cumulativeResidents.count
        while low < high {
            let middle = (low + high) / 2
            if draw < cumulativeResidents[middle] { high = middle } else { low = middle + 1 }
        }
        return low < cumulativeResidents.count ? low : 0
    }

    /// Whether an intervention is in effect at time `now` (hours).
    @inline(__always)
    func active(_ kind: InterventionKind, at now: Double) -> Bool { now >= interventionStart[Int(kind.rawValue)] }
}

extension Scenario {
    /// Requests per week that residents of `hood` raise for `role` (before interventions).
    func requestsPerWeek(from hood: Neighbourhood, role: ConnectorRole) -> Double {
        Double(hood.residents) / 1000 * model.residentRequestRate[role]
    }

    /// Requests per week that officials of `department` raise for `role` (before interventions).
    func requestsPerWeek(from department: Department, role: ConnectorRole) -> Double {
        Double(department.officials.total) / 100 * model.officialRequestRate[role]
    }

    /// The requests one run is expected to simulate: every source's weekly rate over `run.weeks` weeks
    /// (before interventions). Events grow with it, so it measures a run's cost when work is divided over machines.
    public var expectedRequestsPerRun: Double {
        let residents = neighbourhoods.reduce(0.0) { sum, hood in
            ConnectorRole.allCases.reduce(sum) { $0 + requestsPerWeek(from: hood, role: $1) }
        }
        let officials = neighbourhoods.isEmpty ? 0 : departments.reduce(0.0) { sum, department in
            ConnectorRole.allCases.reduce(sum) { $0 + requestsPerWeek(from: department, role: $1) }
        }
        return (residents + officials) * Double(run.weeks)
    }
}
