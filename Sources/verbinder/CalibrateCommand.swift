import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport
import VerbinderUncertainty

/// `verbinder calibrate`: the model parameter values that agree with what a municipality observed (ABC).
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Calibrate model parameters to observed targets by approximate Bayesian computation (ABC-SMC).",
        discussion: """
            OBS.yaml lists observed targets in terms of the model's outputs, each an interval (or a value with a \
            tolerance) and its source; optionally the parameters to calibrate (default: every parameter with a \
            range; --parameters overrides). Priors are uniform over the parameters' plausible ranges \
            (`verbinder model --parameters`). A run's distance is the root mean square over the targets of \
            |simulated − centre| / half-width (1 is the edge of an observed interval).

            abc-smc: a prior sample, then --generations populations with tolerances chosen as the median of the \
            previous population's distances, Gaussian moves of twice the weighted variance and importance weights \
            (Beaumont et al. 2009); it stops early when fewer than 2% of proposals are accepted. rejection: \
            5 × --particles prior draws, of which the closest --particles are kept.

            OUT/results.sqlite holds every generation's particles with weights, distances, parameter values and \
            outputs, the posterior summary and the posterior predictive intervals; OUT/posterior.csv the final \
            weighted particles. Results do not depend on --jobs. Each completed generation is stored in \
            OUT/generations.sqlite: --resume continues a killed calibration from its last completed generation, \
            with the same result as an uninterrupted one.

            Example:
              verbinder calibrate scenarios/maassluis.yaml --observed scenarios/observations/maassluis.yaml --particles 200 --out out/calibration-maassluis
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case abcSMC = "abc-smc"
        case rejection
    }

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(help: "The observation file (targets with sources).")
    var observed: String

    @Option(help: "abc-smc or rejection.")
    var method: Method = .abcSMC

    @Option(help: "Accepted particles per generation.")
    var particles: Int = 200

    @Option(help: "ABC-SMC generations after the prior sample.")
    var generations: Int = 5

    @Option(help: ArgumentHelp("The parameters to calibrate (overrides the observation file's list).", valueName: "all|NAME,..."))
    var parameters: String?

    @Option(help: "Simulated weeks (default: the scenario's own).")
    var weeks: Int?

    @Option(help: "Seed of the runs and of the sampler (default: the scenario's run.seed).")
    var seed: UInt64?

    @Option(help: "Output directory (created as needed; must be empty unless --resume continues the calibration stored there).")
    var out: String = "out/calibration"

    @Option(help: "Parallel simulations (default: all cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Continue an interrupted calibration in OUT from its last completed generation (the same definition).")
    var resume = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if particles < 10 { throw ValidationError("--particles must be at least 10.") }
        if generations < 1 || generations > 50 { throw ValidationError("--generations must be between 1 and 50.") }
        if let weeks, weeks < 1 || weeks > 520 { throw ValidationError("--weeks must be between 1 and 520.") }
    }

    func run() throws {
        try checkOutputLocation(out)
        let observations = try Observations.load(path: observed)
        let names: [String]?
        let location: SourceLocation
        if let parameters {
            names = parameters == "all" ? nil : parameters.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            location = .value("parameters")
        } else {
            names = observations.parameters
            location = observations.parametersLocation
        }
        let chosen = try catalogueParameters(names, at: location)
        var base = try Scenario.load(path: scenario)
        if let weeks { base.run.weeks = weeks }
        if let seed { base.run.seed = seed }
        let settings = ABCSMC.Settings(particles: particles, generations: method == .rejection ? 0 : generations, seed: base.run.seed)
        let hash = try CalibrationCheckpointStore.definitionHash(scenario: base, parameters: chosen, targets: observations.targets, settings: settings)
        let directory = try OutputDirectory.prepare(out)
        let (path, lock) = try directory.lockStore(named: CalibrationCheckpointStore.fileName)
        defer { lock.release() }
        let store: CalibrationCheckpointStore
        var checkpoint: ABCSMC.Checkpoint?
        if FileManager.default.fileExists(atPath: path) {
            guard resume else {
                throw InputError("a calibration is already stored here: pass --resume to continue it, or choose another --out",
                                 at: SourceLocation(file: path))
            }
            store = try CalibrationCheckpointStore.open(path)
            guard store.hash == hash else {
                throw InputError("cannot resume: the stored calibration was defined differently (other scenario, parameters, targets or "
                                 + "settings); its command was: \(store.command)", at: SourceLocation(file: path))
            }
            checkpoint = try store.load()
        } else {
            // Hidden files are the lock files of this process (and stale ones of killed ones).
            if let entries = try? FileManager.default.contentsOfDirectory(atPath: out), entries.contains(where: { !$0.hasPrefix(".") }) {
                throw InputError("the output directory is not empty: choose another --out", at: SourceLocation(file: out))
            }
            do {
                store = try CalibrationCheckpointStore.create(at: path, hash: hash, command: commandLine())
            } catch {
                lock.release()
                directory.removeCreated()
                throw error
            }
        }
        print("Calibrating \(chosen.count) parameters to \(observations.targets.count) targets (\(method.rawValue), \(particles) particles, "
              + "\(base.run.weeks) weeks per run, seed \(base.run.seed))")
        if let checkpoint, !checkpoint.generations.isEmpty {
            print("Resumed: \(checkpoint.generations.count) generations were already stored (\(checkpoint.evaluated) runs); continuing after generation "
                  + "\(checkpoint.generations.count - 1).")
        }
        let hold = TestHold.fromEnvironment(shard: .whole)
        let result = try Calibration.run(base, parameters: chosen, targets: observations.targets, settings: settings, jobs: jobs, progress: { generation, tolerance, acceptance in
            let shown = tolerance.isFinite ? formatNumber(tolerance, .fixed(3)) : "∞ (prior)"
            printError("generation \(generation): tolerance \(shown), acceptance \(formatNumber(acceptance * 100, .fixed(1)))%")
        }, resume: checkpoint, completed: { done in
            try store.save(done)
            hold?.holdIfDue(finished: done.generations.count)
        })
        try store.close()
        lock.release()
        try Calibration.write(result, provenance: StudyProvenance(command: commandLine(), version: verbinderVersion, scenarioPath: scenario,
                                                                  scenarioName: base.name, weeks: base.run.weeks, scenarioSeed: base.run.seed),
                              method: method.rawValue, to: out)
        print(describe(result))
        print("Results: \(out)/results.sqlite, \(out)/posterior.csv")
    }

    func describe(_ result: CalibrationResult) -> String {
        var lines: [String] = ["", "Generations:"]
        for (g, generation) in result.generations.enumerated() {
            let tolerance = generation.tolerance.isFinite ? formatNumber(generation.tolerance, .fixed(3)) : "∞"
            lines.append("  \(g): tolerance \(tolerance), \(generation.proposals) runs, acceptance \(formatNumber(generation.acceptance * 100, .fixed(1)))%, "
                         + "effective sample size \(formatNumber(generation.effectiveSampleSize, .fixed(0)))")
        }
        lines.append("  posterior mass whose run has every target inside its observed interval: \(formatNumber(result.allTargetsMet * 100, .fixed(1)))%")
        lines.append("")
        lines.append("Targets (observed interval; at the scenario's defaults; posterior predictive 90% interval):")
        for (target, atDefault) in zip(result.targets, result.atDefaults) {
            let predictive = result.predictive.first { $0.output == target.output }
            lines.append("  \(target.output): observed \(format(target.lower))…\(format(target.upper)); defaults \(atDefault.map(format) ?? "undefined"); "
                         + "posterior \(predictive.map { "\(format($0.q05))…\(format($0.q95))" } ?? "-")")
            lines.append("    source: \(target.source)" + (target.assumption.map { "; assumption: \($0)" } ?? ""))
        }
        lines.append("")
        lines.append("Posterior (median and 90% credible interval; prior range; default, marked * when outside the interval):")
        let width = max(9, result.posterior.map(\.parameter.count).max() ?? 0)
        for summary in result.posterior {
            let moved = summary.defaultValue < summary.q05 || summary.defaultValue > summary.q95
            lines.append("  \(summary.parameter.padding(toLength: width, withPad: " ", startingAt: 0))  \(format(summary.median)) "
                         + "[\(format(summary.q05)), \(format(summary.q95))]  prior \(format(summary.prior.lower))…\(format(summary.prior.upper))  "
                         + "default \(format(summary.defaultValue))\(moved ? " *" : "")")
        }
        lines.append("")
        lines.append("Posterior predictive praatplaat (success rate, mean and 90% interval):")
        for cell in PraatplaatCellKey.allCases {
            guard let summary = result.predictive.first(where: { $0.output == "rate[\(cell.name)]" }) else { continue }
            let text = summary.mean.isNaN ? "no attempts" : "\(formatNumber(summary.mean * 100, .fixed(1)))% [\(formatNumber(summary.q05 * 100, .fixed(1))), \(formatNumber(summary.q95 * 100, .fixed(1)))]"
            lines.append("  \(cell.name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(text)")
        }
        return lines.joined(separator: "\n")
    }

    func format(_ value: Double) -> String { String(format: "%.3g", value) }
}
