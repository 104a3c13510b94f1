import Foundation
import GRDB
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

/// The posterior of one parameter: weighted mean and quantiles of the final population.
public struct PosteriorSummary: Sendable, Equatable {
    public var parameter: String
    public var prior: UncertainFactor
    public var defaultValue: Double
    public var mean: Double
    public var q05: Double
    public var median: Double
    public var q95: Double
}

/// The posterior predictive distribution of one output: weighted quantiles over the final population's runs.
public struct PredictiveSummary: Sendable, Equatable {
    public var output: String
    public var mean: Double
    public var q05: Double
    public var q95: Double
    /// The observed interval, when the output is a target.
    public var observed: ClosedRange<Double>?
    /// Share of the posterior's runs with a value (a praatplaat rate needs attempts).
    public var defined: Double
}

/// A calibration's result.
public struct CalibrationResult: Sendable {
    public var parameters: [StudyParameter]
    public var targets: [ObservedTarget]
    public var generations: [ABCSMC.Generation]
    public var posterior: [PosteriorSummary]
    public var predictive: [PredictiveSummary]
    /// The targets' simulated values at the scenario's own parameter values (replication 0).
    public var atDefaults: [Double?]
    /// Posterior mass of the particles whose run met every target (each inside its observed interval).
    public var allTargetsMet: Double
    public var seconds: Double
}

/// Calibrates a scenario's model parameters to observed targets by ABC-SMC (or rejection ABC).
public enum Calibration {
    /// Runs the calibration. Each evaluation simulates one replication of the scenario with the particle's
    /// parameter values; evaluation i uses replication i's random streams, so results are reproducible and do not
    /// depend on `jobs`. The distance is the root mean square of the target distances (each 1 at the edge of its
    /// observed interval), so a target the model cannot reach does not hide the others. `resume` and `completed`
    /// continue an interrupted calibration and store each completed generation (see ``ABCSMC/run``).
    public static func run(_ scenario: Scenario, parameters: [StudyParameter], targets: [ObservedTarget],
                           settings: ABCSMC.Settings, jobs: Int, outputs: [StudyOutput] = StudyOutput.all,
                           progress: (@Sendable (Int, Double, Double) -> Void)? = nil,
                           resume: ABCSMC.State? = nil,
                           completed: ((ABCSMC.State) throws -> Void)? = nil) throws -> CalibrationResult {
        let start = Date()
        let model = try CalibrationModel(scenario, parameters: parameters, targets: targets, outputs: outputs)
        let generations = try ABCSMC.run(factors: parameters.map(\.factor), settings: settings, jobs: jobs, simulate: model.evaluate,
                                         progress: progress, resume: resume, completed: completed)
        return summarise(generations, parameters: parameters, targets: targets, outputs: outputs, atDefaults: model.outputs(scenario, 0),
                         seconds: Date().timeIntervalSince(start))
    }

    /// The result from the generations (the last one the posterior): posterior and predictive summaries, and the
    /// targets at the scenario's defaults (`atDefaults`: every output, replication 0).
    static func summarise(_ generations: [ABCSMC.Generation], parameters: [StudyParameter], targets: [ObservedTarget],
                          outputs: [StudyOutput], atDefaults: [Double], seconds: Double) -> CalibrationResult {
        let targetIndex = targets.map { target in outputs.firstIndex { $0.name == target.output }! }
        let final = generations.last!.particles
        let weights = final.map(\.weight)
        let posterior = parameters.enumerated().map { d, parameter in
            let values = final.map { $0.values[d] }
            return PosteriorSummary(parameter: parameter.factor.name, prior: parameter.factor, defaultValue: parameter.defaultValue,
                                    mean: zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 },
                                    q05: weightedQuantile(values, weights: weights, 0.05),
                                    median: weightedQuantile(values, weights: weights, 0.5),
                                    q95: weightedQuantile(values, weights: weights, 0.95))
        }
        let predictive = outputs.enumerated().map { o, output in
            let pairs = final.compactMap { $0.outputs[o].isNaN ? nil : ($0.outputs[o], $0.weight) }
            let total = pairs.reduce(0) { $0 + $1.1 }
            let target = targets.first { $0.output == output.name }
            return PredictiveSummary(output: output.name,
                                     mean: total > 0 ? pairs.reduce(0) { $0 + $1.0 * $1.1 } / total : .nan,
                                     q05: pairs.isEmpty ? .nan : weightedQuantile(pairs.map(\.0), weights: pairs.map(\.1), 0.05),
                                     q95: pairs.isEmpty ? .nan : weightedQuantile(pairs.map(\.0), weights: pairs.map(\.1), 0.95),
                                     observed: target.map { $0.lower ... $0.upper }, defined: total)
        }
        let met = final.filter { particle in
            zip(targets, targetIndex).allSatisfy { target, i in target.distance(particle.outputs[i].isNaN ? nil : particle.outputs[i]) <= 1 }
        }.reduce(0) { $0 + $1.weight }
        return CalibrationResult(parameters: parameters, targets: targets, generations: generations, posterior: posterior,
                                 predictive: predictive, atDefaults: targetIndex.map { atDefaults[$0].isNaN ? nil : atDefaults[$0] }, allTargetsMet: met,
                                 seconds: seconds)
    }

    /// Writes `result` to `directory` (its parent must exist): `results.sqlite` (generations, every particle with
    /// weight, distance, values and outputs, the posterior and predictive summaries, the targets) and
    /// `posterior.csv` (the final population: weight, distance, one column per parameter). Atomic: all or
    /// nothing, through the shared result-directory writer (``writeDirectoryAtomically(to:fill:)``).
    public static func write(_ result: CalibrationResult, outputs: [StudyOutput] = StudyOutput.all, provenance: StudyProvenance,
                             method: String, to directory: String) throws {
        try writeDirectoryAtomically(to: directory) { staging in
            try removeResultFiles(["results.sqlite", "posterior.csv"], in: staging)
            try writeStore(result, outputs: outputs, provenance: provenance, method: method, to: staging.appendingPathComponent("results.sqlite").path)
            let names = result.parameters.map { SensitivityWriter.csvField($0.factor.name) }
            var lines = [(["weight", "distance"] + names).joined(separator: ",")]
            for particle in result.generations.last!.particles {
                lines.append(([particle.weight, particle.distance] + particle.values).map(SensitivityWriter.number).joined(separator: ","))
            }
            try (lines.joined(separator: "\n") + "\n").write(to: staging.appendingPathComponent("posterior.csv"), atomically: false, encoding: .utf8)
        }
    }

    static func writeStore(_ result: CalibrationResult, outputs: [StudyOutput], provenance: StudyProvenance, method: String, to path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE calibration (
                  id INTEGER PRIMARY KEY CHECK (id = 1), method TEXT NOT NULL, command TEXT NOT NULL, version TEXT NOT NULL,
                  scenario_path TEXT NOT NULL, scenario_name TEXT NOT NULL, scenario_seed TEXT NOT NULL, weeks INTEGER NOT NULL,
                  seconds REAL NOT NULL);
                CREATE TABLE target (
                  output TEXT PRIMARY KEY, lower REAL NOT NULL, upper REAL NOT NULL, source TEXT NOT NULL, assumption TEXT,
                  at_defaults REAL, location TEXT NOT NULL);
                CREATE TABLE parameter (
                  position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, prior_lower REAL NOT NULL, prior_upper REAL NOT NULL,
                  default_value REAL NOT NULL, unit TEXT NOT NULL,
                  posterior_mean REAL, posterior_q05 REAL, posterior_median REAL, posterior_q95 REAL);
                CREATE TABLE generation (
                  generation INTEGER PRIMARY KEY, tolerance REAL, proposals INTEGER NOT NULL, accepted INTEGER NOT NULL,
                  effective_sample_size REAL NOT NULL);
                CREATE TABLE particle (
                  generation INTEGER NOT NULL, particle INTEGER NOT NULL, weight REAL NOT NULL, distance REAL,
                  PRIMARY KEY (generation, particle)) WITHOUT ROWID;
                CREATE TABLE particle_value (
                  generation INTEGER NOT NULL, particle INTEGER NOT NULL, parameter TEXT NOT NULL, value REAL NOT NULL,
                  PRIMARY KEY (generation, particle, parameter)) WITHOUT ROWID;
                CREATE TABLE particle_output (
                  generation INTEGER NOT NULL, particle INTEGER NOT NULL, output TEXT NOT NULL, value REAL,
                  PRIMARY KEY (generation, particle, output)) WITHOUT ROWID;
                CREATE TABLE predictive (
                  output TEXT PRIMARY KEY, mean REAL, q05 REAL, q95 REAL, observed_lower REAL, observed_upper REAL,
                  defined_share REAL NOT NULL);
                """)
            try db.execute(sql: "INSERT INTO calibration VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [method, provenance.command, provenance.version, provenance.scenarioPath, provenance.scenarioName,
                                       String(provenance.scenarioSeed), provenance.weeks, result.seconds])
            for (target, value) in zip(result.targets, result.atDefaults) {
                try db.execute(sql: "INSERT INTO target VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [target.output, target.lower, target.upper, target.source, target.assumption, value,
                                           target.location.description])
            }
            for (position, (parameter, summary)) in zip(result.parameters, result.posterior).enumerated() {
                try db.execute(sql: "INSERT INTO parameter VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [position, parameter.factor.name, parameter.factor.lower, parameter.factor.upper,
                                           parameter.defaultValue, parameter.unit, summary.mean, summary.q05, summary.median, summary.q95])
            }
            let particle = try db.makeStatement(sql: "INSERT INTO particle VALUES (?, ?, ?, ?)")
            let value = try db.makeStatement(sql: "INSERT INTO particle_value VALUES (?, ?, ?, ?)")
            let output = try db.makeStatement(sql: "INSERT INTO particle_output VALUES (?, ?, ?, ?)")
            for (g, generation) in result.generations.enumerated() {
                try db.execute(sql: "INSERT INTO generation VALUES (?, ?, ?, ?, ?)",
                               arguments: [g, generation.tolerance.isFinite ? generation.tolerance : nil, generation.proposals,
                                           generation.particles.count, generation.effectiveSampleSize])
                for (p, accepted) in generation.particles.enumerated() {
                    try particle.execute(arguments: [g, p, accepted.weight, accepted.distance.isFinite ? accepted.distance : nil])
                    for (parameter, x) in zip(result.parameters, accepted.values) { try value.execute(arguments: [g, p, parameter.factor.name, x]) }
                    for (studyOutput, y) in zip(outputs, accepted.outputs) {
                        try output.execute(arguments: [g, p, studyOutput.name, y.isNaN ? nil : y])
                    }
                }
            }
            for summary in result.predictive {
                try db.execute(sql: "INSERT INTO predictive VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [summary.output, summary.mean.isNaN ? nil : summary.mean, summary.q05.isNaN ? nil : summary.q05,
                                           summary.q95.isNaN ? nil : summary.q95, summary.observed?.lowerBound, summary.observed?.upperBound,
                                           summary.defined])
            }
        }
        try queue.close()
    }
}

/// The model a calibration fits: the scenario's network built once, each evaluation one replication with the
/// parameter values set, its distance the root mean square of the target distances.
struct CalibrationModel: Sendable {
    let scenario: Scenario
    let parameters: [StudyParameter]
    let targets: [ObservedTarget]
    let outputList: [StudyOutput]
    let network: ScenarioNetwork
    let targetIndex: [Int]

    init(_ scenario: Scenario, parameters: [StudyParameter], targets: [ObservedTarget], outputs: [StudyOutput]) throws {
        self.scenario = scenario
        self.parameters = parameters
        self.targets = targets
        outputList = outputs
        network = try NetworkGenerator.build(scenario)
        targetIndex = targets.map { target in outputs.firstIndex { $0.name == target.output }! }
    }

    /// Every output of replication `index` of `variant` (NaN where undefined).
    func outputs(_ variant: Scenario, _ index: Int) -> [Double] {
        let run = PreparedSimulation(variant, network: network).replication(index)
        return outputList.map { $0.value(run, scenario.run.weeks) ?? .nan }
    }

    /// Evaluation `index` of the parameter values `values`.
    @Sendable func evaluate(_ values: [Double], _ index: Int) throws -> ABCSMC.Evaluation {
        var variant = scenario
        for (parameter, value) in zip(parameters, values) { try parameter.apply(&variant, value) }
        let simulated = outputs(variant, index)
        let distances = zip(targets, targetIndex).map { target, i in target.distance(simulated[i].isNaN ? nil : simulated[i]) }
        return (distances.isEmpty ? 0 : (distances.reduce(0) { $0 + $1 * $1 } / Double(distances.count)).squareRoot(), simulated)
    }
}
