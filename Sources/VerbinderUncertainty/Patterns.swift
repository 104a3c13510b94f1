import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport

/// A qualitative finding of the sources as an executable check: scenario variants ("sides": the scenario as
/// given, unless ``scenarioAsGiven`` is false, then the variants) run with common random numbers, and a statistic
/// of one replication across the sides that is positive when the finding holds. The finding holds when the 95% interval of the statistic's mean over
/// replications lies above zero.
public struct Pattern: Sendable {
    public var name: String
    /// The finding in one sentence.
    public var finding: String
    /// Publication and section.
    public var source: String
    /// How the check relates to calibration: a target the observation files also use, or a prediction the
    /// model was not fitted to.
    public var role: String
    /// Whether the scenario as given is the first side; false when every side is a variant.
    public var scenarioAsGiven = true
    /// Labels and transformations of the sides after the scenario as given (or of all sides).
    public var variants: [(label: String, transform: @Sendable (inout Scenario) -> Void)]
    /// The statistic of one replication: `runs[side]`, run length in weeks; nil when undefined in it.
    public var statistic: @Sendable ([ReplicationSummary], Int) -> Double?

    /// The number of sides simulated.
    public var sideCount: Int { variants.count + (scenarioAsGiven ? 1 : 0) }

    /// The sides of the pattern on `scenario`: the scenario as given (when used), then each variant of it.
    func sides(of scenario: Scenario) -> [Scenario] {
        (scenarioAsGiven ? [scenario] : []) + variants.map { variant in
            var side = scenario
            variant.transform(&side)
            return side
        }
    }
}

/// The outcome of a pattern on one scenario.
public struct PatternResult: Sendable {
    public var name: String
    /// Mean statistic over replications where it is defined.
    public var effect: Double
    /// Paired 95% interval of the mean (Student's t); nil with fewer than two defined replications.
    public var ci95: [Double]?
    public var replications: Int
    public var holds: Bool
    /// With `--robust`: the share of Latin-hypercube parameter samples in which the mean statistic is positive.
    public var robustShare: Double?
}

extension Pattern {
    /// The sources' findings Verbinder can check (Buzing 2024 master thesis; the Platform31 publication).
    public static let catalogue: [Pattern] = [
        Pattern(name: "fixer-residents-strongest", finding: "the fixer towards residents is the most successful praatplaat cell",
                source: "Buzing 2024 master thesis §5.1.2, figure 11", role: "calibration target (rate[fixer.fromResidents])",
                variants: []) { runs, _ in
            guard let fixer = runs[0].rate(.fixer, .fromResidents) else { return nil }
            let others = PraatplaatCellKey.allCases.filter { $0 != PraatplaatCellKey(.fixer, .fromResidents) }.compactMap { runs[0].rate($0) }
            return fixer - (others.max() ?? 0)
        },
        Pattern(name: "officials-rarely-initiate", finding: "officials bring under 30% of the connector's connection attempts",
                source: "Buzing 2024 master thesis §4.2.2 (twelve of fifteen respondents)", role: "calibration target (officialsShareOfAttempts)",
                variants: []) { runs, _ in
            officialsShare(runs[0]).map { 0.3 - $0 }
        },
        Pattern(name: "publicity-paradox", finding: "internal publicity brings officials to the connector, and more requests are dropped for lack of capacity",
                source: "Buzing 2024 master thesis §4.4 and §5.6.2", role: "validation prediction",
                variants: [("internal publicity", { addIntervention(.internalPublicity, to: &$0) })]) { runs, weeks in
            let officials = { (run: ReplicationSummary) -> Int in run.viaConnector[.fromOfficials] ?? 0 }
            let moreOfficials = Double(officials(runs[1]) - officials(runs[0]))
            let moreDropped = Double(runs[1].outcomes[.droppedCapacity] - runs[0].outcomes[.droppedCapacity])
            return min(moreOfficials, moreDropped) * 52 / Double(weeks)
        },
        Pattern(name: "repositioning-lifts-entrepreneur-and-bridge", finding: "repositioning the connector lifts the entrepreneur and bridge-builder cells",
                source: "the Platform31 publication; Buzing 2024 master thesis §5.6", role: "validation prediction",
                variants: [("repositioning", { addIntervention(.repositioning, to: &$0) })]) { runs, _ in
            let cells = PraatplaatCellKey.allCases.filter { $0.role == .entrepreneur || $0.role == .bridgeBuilder }
            let connected = { (run: ReplicationSummary) -> Int in cells.reduce(0) { $0 + (run.successes[$1] ?? 0) } }
            let tried = { (run: ReplicationSummary) -> Int in cells.reduce(0) { $0 + (run.attempts[$1] ?? 0) } }
            guard tried(runs[0]) > 0, tried(runs[1]) > 0 else { return nil }
            return Double(connected(runs[1])) / Double(tried(runs[1])) - Double(connected(runs[0])) / Double(tried(runs[0]))
        },
        Pattern(name: "escalation-connects", finding: "escalating refusals (to the alderman) connects more requests than never escalating",
                source: "Buzing 2024 master thesis §4.3", role: "validation prediction", scenarioAsGiven: false,
                variants: [("no escalation", { $0.policies.escalation.route = .none }),
                           ("escalation to the alderman", { $0.policies.escalation.route = .alderman })]) { runs, _ in
            Double(runs[1].connected - runs[0].connected)
        },
        Pattern(name: "escalation-costs-trust", finding: "escalating refusals (to the alderman) costs departments' trust in the connectors (\"verraad\")",
                source: "Buzing 2024 master thesis §4.3", role: "validation prediction", scenarioAsGiven: false,
                variants: [("no escalation", { $0.policies.escalation.route = .none }),
                           ("escalation to the alderman", { $0.policies.escalation.route = .alderman })]) { runs, _ in
            runs[0].trustAfter - runs[1].trustAfter
        },
        Pattern(name: "capacity-diminishing-returns", finding: "more connector hours connect more requests, with diminishing returns",
                source: "Buzing 2024 master thesis §4.4; the Platform31 publication", role: "validation prediction",
                variants: [("+50% hours", { scaleHours(&$0, by: 1.5) }), ("+100% hours", { scaleHours(&$0, by: 2) })]) { runs, _ in
            let connected = runs.map { Double($0.connected) }
            let first = connected[1] - connected[0], second = connected[2] - connected[1]
            return first > 0 ? first - second : nil
        },
        Pattern(name: "external-needs-internal", finding: "opening to residents connects more when the internal process is strong than when it is weak",
                source: "the Platform31 publication (external cooperation only works when internal cooperation works too)",
                role: "input assumption (participationProcess writes the interaction into cooperation)", scenarioAsGiven: false,
                variants: [("residents low, process low", { setSliders(&$0, residents: .low, process: .low) }),
                           ("residents high, process low", { setSliders(&$0, residents: .high, process: .low) }),
                           ("residents low, process high", { setSliders(&$0, residents: .low, process: .high) }),
                           ("residents high, process high", { setSliders(&$0, residents: .high, process: .high) })]) { runs, _ in
            guard let a = runs[0].connectedShare, let b = runs[1].connectedShare, let c = runs[2].connectedShare,
                  let d = runs[3].connectedShare else { return nil }
            return (d - c) - (b - a)
        },
    ] + profileRisks

    /// The stated risks of the Platform31 publication's profiles the model can express, each as a comparison of
    /// two profiles (the publication's chapter 9 names the risks and pairs the participative and
    /// organisation-oriented profiles: "extern samenwerken [lukt] alleen goed als ook intern goed wordt
    /// samengewerkt"). The developing and tilted profiles' risks are not expressible (docs/uncertainty.md).
    public static let profileRisks: [Pattern] = [
        Pattern(name: "rapprochement-sidelines-organisation",
                finding: "in the rapprochement profile the official organisation is sidelined: officials bring a smaller share of the connector's attempts than in the organisation-oriented profile",
                source: "the Platform31 publication, chapter 6 and chapter 9 (\"in de toenaderingsgerichte gemeente staat de ambtelijke organisatie buitenspel\")",
                role: "validation prediction", scenarioAsGiven: false,
                variants: [("rapprochement", { setProfile(&$0, .rapprochement) }),
                           ("organisation-oriented", { setProfile(&$0, .organisationOriented) })]) { runs, _ in
            guard let sidelined = officialsShare(runs[0]), let inward = officialsShare(runs[1]) else { return nil }
            return inward - sidelined
        },
        Pattern(name: "participative-lacks-internal-cooperation",
                finding: "in the participative profile internal cooperation is too limited: residents' requests through the connector connect less often than in the organisation-oriented profile",
                source: "the Platform31 publication, chapter 4 and chapter 9 (\"in de participatieve gemeente is de interne samenwerking over sectoren heen te beperkt\")",
                role: "validation prediction", scenarioAsGiven: false,
                variants: [("participative", { setProfile(&$0, .participative) }),
                           ("organisation-oriented", { setProfile(&$0, .organisationOriented) })]) { runs, _ in
            guard let outward = residentsRate(runs[0]), let inward = residentsRate(runs[1]) else { return nil }
            return inward - outward
        },
        Pattern(name: "organisation-oriented-involves-residents-too-little",
                finding: "in the organisation-oriented profile residents are involved too little: more hard-to-reach residents' requests go unvoiced than in the participative profile",
                source: "the Platform31 publication, chapter 5 and chapter 9 (\"in de organisatiegerichte gemeente is de betrokkenheid van bewoners te klein\")",
                role: "validation prediction", scenarioAsGiven: false,
                variants: [("organisation-oriented", { setProfile(&$0, .organisationOriented) }),
                           ("participative", { setProfile(&$0, .participative) })]) { runs, weeks in
            Double(runs[0].outcomes[.unvoiced] - runs[1].outcomes[.unvoiced]) * 52 / Double(weeks)
        },
    ]

    /// Officials' share of the connection attempts through the connector; nil without attempts.
    static func officialsShare(_ run: ReplicationSummary) -> Double? {
        let all: Int = run.attempts.values.reduce(0, +)
        guard all > 0 else { return nil }
        let officials: Int = PraatplaatCellKey.allCases.filter { $0.direction == .fromOfficials }.reduce(0) { $0 + (run.attempts[$1] ?? 0) }
        return Double(officials) / Double(all)
    }

    /// The pooled success rate of residents' attempts through the connector; nil without attempts.
    static func residentsRate(_ run: ReplicationSummary) -> Double? {
        let cells = PraatplaatCellKey.allCases.filter { $0.direction == .fromResidents }
        let tried: Int = cells.reduce(0) { $0 + (run.attempts[$1] ?? 0) }
        let connected: Int = cells.reduce(0) { $0 + (run.successes[$1] ?? 0) }
        return tried > 0 ? Double(connected) / Double(tried) : nil
    }

    static func setProfile(_ scenario: inout Scenario, _ profile: Profile) {
        scenario.policies.profile = profile
        scenario.policies.sliders = profile.sliders
    }

    static func addIntervention(_ kind: InterventionKind, to scenario: inout Scenario) {
        scenario.policies.interventions.removeAll { $0.kind == kind }
        scenario.policies.interventions.append(Intervention(kind: kind, startWeek: 0))
    }

    static func scaleHours(_ scenario: inout Scenario, by factor: Double) {
        for i in scenario.connectors.indices { scenario.connectors[i].hoursPerWeek *= factor }
    }

    static func setSliders(_ scenario: inout Scenario, residents: SliderLevel, process: SliderLevel) {
        scenario.policies.profile = nil
        scenario.policies.sliders.residents = residents
        scenario.policies.sliders.internalProcess = process
    }
}

/// Runs patterns on a scenario, and over Latin-hypercube samples of the model parameters.
public enum PatternRunner {
    /// Evaluates `patterns` on `scenario` with `replications` paired replications each.
    /// - Parameters:
    ///   - robust: Latin-hypercube samples of `parameters` over which to report the share where each pattern
    ///     holds on average (0: none).
    ///   - progress: (finished, total) simulations, from any thread.
    public static func run(_ scenario: Scenario, patterns: [Pattern], replications: Int, parameters: [StudyParameter] = [],
                           robust: Int = 0, seed: UInt64, jobs: Int,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [PatternResult] {
        // Networks per pattern and side: a side that changes the connectors has a network of its own.
        var built: [Data: ScenarioNetwork] = [:]
        let networks: [[ScenarioNetwork]] = try patterns.map { pattern in
            try pattern.sides(of: scenario).map { side in
                let key = side.networkKey
                if let network = built[key] { return network }
                let network = try NetworkGenerator.build(side)
                built[key] = network
                return network
            }
        }
        let samples = robust > 0 ? latinHypercube(points: robust, dimensions: parameters.count, seed: seed) : []
        // Every job: pattern p at parameter sample s (-1: the scenario as given), all sides and replications.
        let jobsList: [(pattern: Int, sample: Int)] = patterns.indices.flatMap { p in ([-1] + Array(samples.indices)).map { (p, $0) } }
        let robustReplications = max(1, min(replications, 3))
        let total = jobsList.reduce(0) { $0 + patterns[$1.pattern].sideCount * ($1.sample < 0 ? replications : robustReplications) }
        let weeks = scenario.run.weeks
        let simulated = SharedTotal()
        let results = try parallelMap(jobsList.count, threads: jobs) { index throws -> [Double?] in
            let (p, s) = jobsList[index]
            let pattern = patterns[p]
            var base = scenario
            if s >= 0 {
                for (parameter, unit) in zip(parameters, samples[s]) { try parameter.apply(&base, parameter.factor.value(atUnit: unit)) }
            }
            let prepared = zip(pattern.sides(of: base), networks[p]).map { PreparedSimulation($0, network: $1) }
            let count = s < 0 ? replications : robustReplications
            let values: [Double?] = (0 ..< count).map { k in pattern.statistic(prepared.map { $0.replication(k) }, weeks) }
            let done = simulated.add(pattern.sideCount * count)
            progress?(done, total)
            return values
        }
        return patterns.enumerated().map { p, pattern in
            let positions = jobsList.indices.filter { jobsList[$0].pattern == p }
            let own = results[positions.first { jobsList[$0].sample < 0 }!].compactMap { $0 }
            let ci = Statistics.confidenceInterval95(own)
            let holdsShare: Double? = samples.isEmpty ? nil : {
                let means = positions.filter { jobsList[$0].sample >= 0 }.map { results[$0].compactMap { $0 } }
                return Double(means.filter { !$0.isEmpty && mean($0) > 0 }.count) / Double(means.count)
            }()
            return PatternResult(name: pattern.name, effect: own.isEmpty ? .nan : mean(own), ci95: ci, replications: own.count,
                                 holds: (ci?[0] ?? -1) > 0, robustShare: holdsShare)
        }
    }

    /// A Latin-hypercube sample of `points` points in the unit cube: each dimension's range cut into `points`
    /// strata, one point in each, strata permuted independently per dimension (McKay, Beckman & Conover 1979).
    public static func latinHypercube(points: Int, dimensions: Int, seed: UInt64) -> [[Double]] {
        var random = Xoshiro256(seed: seed, stream: streamLabel("latin-hypercube"))
        var columns: [[Double]] = []
        for _ in 0 ..< dimensions {
            var strata = Array(0 ..< points)
            for i in stride(from: points - 1, to: 0, by: -1) { strata.swapAt(i, random.nextIndex(below: i + 1)) }
            columns.append(strata.map { (Double($0) + random.nextUnit()) / Double(points) })
        }
        return (0 ..< points).map { i in columns.map { $0[i] } }
    }
}
