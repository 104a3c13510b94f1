import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport

/// A model parameter a study varies: the factor (name and range) and how to set it in a scenario.
public struct StudyParameter: Sendable {
    public var factor: UncertainFactor
    public var unit: String
    public var defaultValue: Double
    /// Sets the parameter to a value inside its range.
    public var apply: @Sendable (inout Scenario, Double) throws -> Void

    public init(factor: UncertainFactor, unit: String, defaultValue: Double,
                apply: @escaping @Sendable (inout Scenario, Double) throws -> Void) {
        self.factor = factor
        self.unit = unit
        self.defaultValue = defaultValue
        self.apply = apply
    }
}

/// The global sensitivity methods.
public enum SensitivityMethod: String, Sendable, CaseIterable, Codable {
    /// Morris elementary effects: screening, about r·(k + 1) runs.
    case morris
    /// Sobol' first-order and total indices from a Saltelli design: N·(k + 2) runs.
    case sobol

    /// The fewest samples (Sobol' base samples N, Morris trajectories r) a study accepts: fewer give no
    /// usable variance or bootstrap interval.
    public var minimumSamples: Int {
        switch self {
        case .morris: 4
        case .sobol: 16
        }
    }
}

/// What a study evaluates: the method, its design and the replications of each design point.
public struct SensitivityDesign: Sendable, Equatable {
    public var method: SensitivityMethod
    public var factors: [UncertainFactor]
    /// Sobol': base samples N; Morris: trajectories r.
    public var samples: Int
    /// Morris grid levels p (even).
    public var levels: Int
    /// Replications of each design point; replication k of every point uses the same random streams.
    public var replications: Int
    /// Seed of the Morris design and of the bootstrap resamples.
    public var seed: UInt64
    /// Design points in unit-cube coordinates, in evaluation order.
    public let unitRows: [[Double]]

    /// The design; `samples`, `levels` and the factor count must be valid (see ``validationProblems``).
    public init(method: SensitivityMethod, factors: [UncertainFactor], samples: Int, levels: Int = 4, replications: Int = 1, seed: UInt64) {
        self.method = method
        self.factors = factors
        self.samples = samples
        self.levels = levels
        self.replications = replications
        self.seed = seed
        switch method {
        case .sobol: unitRows = SaltelliDesign(baseSamples: samples, dimensions: factors.count).unitRows
        case .morris: unitRows = MorrisDesign(trajectories: samples, dimensions: factors.count, levels: levels, seed: seed).unitRows
        }
    }

    /// What is wrong with these settings, one diagnostic per problem at the value it concerns
    /// (``SourceLocation/value(_:)`` named `parameters`, `samples`, `levels` or `replications`); empty when the
    /// design can be built.
    public static func validationProblems(method: SensitivityMethod, factorCount: Int, samples: Int, levels: Int, replications: Int) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if factorCount < 1 { problems.append(Diagnostic("no parameters to vary", at: .value("parameters"))) }
        if method == .sobol && factorCount > SaltelliDesign.maxDimensions {
            problems.append(Diagnostic("Sobol' sampling supports at most \(SaltelliDesign.maxDimensions) parameters, not \(factorCount)",
                                       at: .value("parameters")))
        }
        if samples < method.minimumSamples {
            let what = method == .sobol ? "base samples" : "trajectories"
            problems.append(Diagnostic("\(samples) \(what) are too few for \(method.rawValue): at least \(method.minimumSamples)",
                                       at: .value("samples")))
        }
        if method == .morris && (levels < 2 || levels % 2 != 0) {
            problems.append(Diagnostic("Morris grid levels must be even and at least 2, not \(levels)", at: .value("levels")))
        }
        if replications < 1 { problems.append(Diagnostic("replications must be at least 1, not \(replications)", at: .value("replications"))) }
        return problems
    }

    /// Simulation runs the study makes.
    public var runCount: Int { unitRows.count * replications }

    /// The design points scaled to the factors' ranges.
    public var rows: [[Double]] { factors.scale(unitRows) }
}

/// The sensitivity of one output to every factor.
public struct OutputSensitivity: Sendable {
    public var output: String
    public var title: String
    /// Why no indices were computed (e.g. a praatplaat cell without attempts in some runs); nil when computed.
    public var skipped: String?
    /// Mean and variance of the per-point outputs (means over replications).
    public var mean: Double
    public var variance: Double
    /// Share of the output's variance over all runs that is replication noise (the mean within-point variance
    /// over the total variance of all runs); nil with one replication.
    public var noiseShare: Double?
    public var sobol: SobolIndices?
    public var morris: MorrisIndices?
    /// Factor positions, most influential first (by ST for Sobol', μ* for Morris; ties by factor order).
    public var ranking: [Int]
}

/// Everything a study produced.
public struct SensitivityResult: Sendable {
    public var design: SensitivityDesign
    /// `values[output][point][replication]`, in ``StudyOutput/all`` order.
    public var values: [[[Double?]]]
    public var outputs: [OutputSensitivity]
    /// Wall seconds spent simulating, and in all.
    public var simulationSeconds: Double
    public var totalSeconds: Double
}

/// Runs a sensitivity study of a scenario: every design point with its replications, then the indices.
public enum SensitivityStudy {
    /// Evaluates and analyses `design` over `parameters` (in the design's factor order) on `scenario`.
    ///
    /// The network is built once (model parameters do not change it); each point's replication k uses the
    /// scenario's seed and k, so all points share random streams (common random numbers). Points are claimed
    /// in order by `jobs` workers and stored by position, so results do not depend on `jobs`.
    /// - Parameters:
    ///   - progress: called with (finished, total) runs, from any thread.
    /// - Throws: ``InputError`` when the network cannot be built or a parameter cannot be set.
    public static func run(_ scenario: Scenario, parameters: [StudyParameter], design: SensitivityDesign, jobs: Int,
                           outputs: [StudyOutput] = StudyOutput.all,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> SensitivityResult {
        precondition(parameters.map(\.factor) == design.factors)
        let start = Date()
        let results = try evaluate(scenario, parameters: parameters, design: design, points: Array(0 ..< design.unitRows.count),
                                   jobs: jobs, outputs: outputs, progress: progress)
        let simulated = Date().timeIntervalSince(start)
        // values[output][point][replication]
        let values = outputs.indices.map { o in results.map { $0[o] } }
        let analysed = zip(outputs, values).map { analyse($0.0, $0.1, design: design) }
        return SensitivityResult(design: design, values: values, outputs: analysed,
                                 simulationSeconds: simulated, totalSeconds: Date().timeIntervalSince(start))
    }

    /// Simulates the design points at `points` (positions in the design's order) with every replication, on
    /// `jobs` workers; returns per listed point `[output][replication]`, in the order of `points`.
    /// - Parameters:
    ///   - record: called from the worker with (point, values, seconds) as each point finishes, before
    ///     `progress` counts it (a store commits it there).
    ///   - progress: called with (finished, total) runs, from any thread.
    static func evaluate(_ scenario: Scenario, parameters: [StudyParameter], design: SensitivityDesign, points: [Int], jobs: Int,
                         outputs: [StudyOutput],
                         record: (@Sendable (Int, [[Double?]], Double) throws -> Void)? = nil,
                         progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [[[Double?]]] {
        precondition(parameters.map(\.factor) == design.factors)
        let network = try NetworkGenerator.build(scenario)
        let rows = design.rows
        let replications = design.replications, weeks = scenario.run.weeks
        let total = points.count * replications
        progress?(0, total)
        do {
            return try parallelMap(points.count, threads: jobs, progress: { finished, _ in progress?(finished * replications, total) }) { index throws -> [[Double?]] in
                let point = points[index]
                let clock = Date()
                var variant = scenario
                for (parameter, value) in zip(parameters, rows[point]) { try parameter.apply(&variant, value) }
                let prepared = PreparedSimulation(variant, network: network)
                let runs = (0 ..< replications).map { prepared.replication($0) }
                let values = outputs.map { output in runs.map { output.value($0, weeks) } }
                try record?(point, values, Date().timeIntervalSince(clock))
                return values
            }
        } catch let input as InputError {
            throw input
        } catch {
            throw InputError("sensitivity study failed: \(error)", at: SourceLocation(file: scenario.name))
        }
    }

    /// The indices of one output from its values per point and replication.
    static func analyse(_ output: StudyOutput, _ values: [[Double?]], design: SensitivityDesign) -> OutputSensitivity {
        var result = OutputSensitivity(output: output.name, title: output.title, skipped: nil, mean: .nan, variance: .nan,
                                       noiseShare: nil, sobol: nil, morris: nil, ranking: [])
        // A point's value is the mean of its replications where the output is defined (a praatplaat rate is
        // not in a run without attempts); an output undefined in every replication of some point is skipped.
        let defined = values.map { $0.compactMap { $0 } }
        guard defined.allSatisfy({ !$0.isEmpty }) else {
            result.skipped = "undefined in every replication of some design points (a praatplaat cell without attempts)"
            return result
        }
        let y = defined.map(mean)
        result.mean = mean(y)
        result.variance = variance(y)
        if design.replications > 1 {
            let repeated = defined.filter { $0.count > 1 }
            let totalVariance = variance(defined.flatMap { $0 }, ddof: 1)
            if !repeated.isEmpty {
                let within = mean(repeated.map { variance($0, ddof: 1) })
                result.noiseShare = totalVariance > 0 ? within / totalVariance : 0
            }
        }
        let k = design.factors.count
        let score: [Double]
        switch design.method {
        case .sobol:
            let indices = SobolAnalysis.analyze(y, dimensions: k, secondOrder: false, seed: design.seed)
            result.sobol = indices
            score = indices.total
        case .morris:
            let indices = MorrisAnalysis.analyze(inputs: design.unitRows, outputs: y, levels: design.levels, seed: design.seed)
            result.morris = indices
            score = indices.muStar
        }
        result.ranking = (0 ..< k).sorted { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }
        return result
    }
}
