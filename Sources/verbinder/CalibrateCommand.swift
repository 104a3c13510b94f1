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
            weighted particles. Results do not depend on --jobs. ABC-SMC stores each completed generation in \
            OUT/generations.sqlite: --resume continues a killed calibration from its last completed generation, \
            with the same result as an uninterrupted one. Rejection stores each prior draw as it finishes \
            (OUT/draws.sqlite): --resume continues without repeating or losing a draw.

            With --shard I/N each shard evaluates its contiguous part of the next batch of proposals into \
            OUT/draws-I-of-N.sqlite, and verbinder merge of all shards' stores absorbs the batch. Rejection has one \
            batch (its prior draws): run the shards, merge once. ABC-SMC has a batch of up to --particles \
            proposals at a time, each following from the population the merges reached (OUT/generations.sqlite): \
            run the shards and merge again, with the same commands, until the merge writes the results. Either way \
            the result is identical to the calibration in one process; `verbinder slurm calibrate` writes Slurm \
            jobs that do the rounds themselves.

            Examples:
              verbinder calibrate scenarios/maassluis.yaml --observed scenarios/observations/maassluis.yaml --particles 200 --out out/calibration-maassluis
              verbinder calibrate scenarios/maassluis.yaml --observed scenarios/observations/maassluis.yaml --method rejection --particles 20 --weeks 13 --out out/rejection-shards --shard 0/2
              verbinder calibrate scenarios/maassluis.yaml --observed scenarios/observations/maassluis.yaml --method rejection --particles 20 --weeks 13 --out out/rejection-shards --shard 1/2
              verbinder merge out/rejection-shards/draws-0-of-2.sqlite out/rejection-shards/draws-1-of-2.sqlite --out out/rejection-shards
            """)

    @OptionGroup var calibration: CalibrationOptions

    @Option(help: "Output directory (created as needed; must be empty unless --resume continues the calibration stored there).")
    var out: String = "out/calibration"

    @Option(help: "Parallel simulations (default: all cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Continue an interrupted calibration in OUT (the same definition): ABC-SMC from its last completed generation, rejection and shards from their last stored proposal.")
    var resume = false

    @Option(help: ArgumentHelp("Evaluate shard I of N (0 ≤ I < N) of the next batch of proposals into OUT/draws-I-of-N.sqlite; "
                               + "combine the shards with verbinder merge.", valueName: "I/N"))
    var shard: String?

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard expects I/N with 0 ≤ I < N (shards count from 0, as Slurm array tasks do), got '\(shard)'.")
        }
    }

    func run() throws {
        try checkOutputLocation(out)
        let problem = try calibration.resolve()
        let provenance = StudyProvenance(command: commandLine(), version: verbinderVersion, scenarioPath: calibration.scenario,
                                         scenarioName: problem.scenario.name, weeks: problem.scenario.run.weeks,
                                         scenarioSeed: problem.scenario.run.seed)
        print("Calibrating \(problem.parameters.count) parameters to \(problem.targets.count) targets (\(calibration.method.rawValue), "
              + "\(calibration.particles) particles, \(problem.scenario.run.weeks) weeks per run, seed \(problem.scenario.run.seed))")
        let part = shard.flatMap(Shard.init(parsing:)) ?? .whole
        let result: CalibrationResult
        if calibration.method == .abcSMC && part.isWhole {
            result = try runABCSMC(problem)
        } else {
            guard let stored = try runShard(problem, part: part, provenance: provenance) else { return }
            result = stored
        }
        try Calibration.write(result, provenance: provenance, method: calibration.method.rawValue, to: out)
        print(describeCalibration(result))
        print("Results: \(out)/results.sqlite, \(out)/posterior.csv")
    }

    /// ABC-SMC, each completed generation stored in OUT/generations.sqlite.
    func runABCSMC(_ problem: CalibrationOptions.Problem) throws -> CalibrationResult {
        let hash = problem.definition.hash
        let directory = try OutputDirectory.prepare(out)
        let (path, lock) = try directory.lockStore(named: CalibrationCheckpointStore.fileName)
        defer { lock.release() }
        let store: CalibrationCheckpointStore
        var checkpoint: ABCSMC.State?
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
        if let checkpoint, !checkpoint.generations.isEmpty {
            print("Resumed: \(checkpoint.generations.count) generations were already stored (\(checkpoint.evaluated) runs); continuing after generation "
                  + "\(checkpoint.generations.count - 1).")
        }
        let hold = TestHold.fromEnvironment(shard: .whole)
        let result = try Calibration.run(problem.scenario, parameters: problem.parameters, targets: problem.targets, settings: problem.definition.settings,
                                         jobs: jobs, progress: { generation, tolerance, acceptance in
            let shown = tolerance.isFinite ? formatNumber(tolerance, .fixed(3)) : "∞ (prior)"
            printError("generation \(generation): tolerance \(shown), acceptance \(formatNumber(acceptance * 100, .fixed(1)))%")
        }, resume: checkpoint, completed: { done in
            try store.save(done)
            hold?.holdIfDue(finished: done.generations.count)
        })
        try store.close()
        return result
    }

    /// A rejection calibration, or shard `part` (--shard) of a rejection or ABC-SMC one: the proposals of the batch
    /// that comes next (a rejection calibration's one batch is its prior draws; an ABC-SMC one's next batch follows
    /// from OUT/generations.sqlite, which the merges advance) evaluated into OUT/draws[-I-of-N].sqlite as they
    /// finish. The result for a whole rejection calibration; nil for a shard, whose batch verbinder merge absorbs.
    func runShard(_ problem: CalibrationOptions.Problem, part: Shard, provenance: StudyProvenance) throws -> CalibrationResult? {
        let rejection = calibration.method == .rejection
        let directory = try OutputDirectory.prepare(out)
        let (path, lock) = try directory.lockStore(named: CalibrationDrawStore.fileName(part))
        defer { lock.release() }
        let store: CalibrationDrawStore
        if FileManager.default.fileExists(atPath: path) {
            guard resume else {
                throw InputError("a calibration is already stored here: pass --resume to continue it, or choose another --out",
                                 at: SourceLocation(file: path))
            }
            store = try CalibrationDrawStore.open(path, forWriting: true)
            guard store.definition.hash == problem.definition.hash else {
                throw InputError("cannot resume: the stored calibration was defined differently (other scenario, parameters, targets or "
                                 + "settings); its command was: \(store.provenance.command)", at: SourceLocation(file: path))
            }
        } else {
            // Other shards' draw stores, a sharded ABC-SMC calibration's generations.sqlite and slurm/ may be here;
            // another calibration's results or a rejection calibration's other store may not.
            for name in ["results.sqlite"] + (rejection ? [CalibrationCheckpointStore.fileName] : [])
            where FileManager.default.fileExists(atPath: directory.file(name)) {
                throw InputError("the output directory already holds another calibration (\(name)): choose another --out",
                                 at: SourceLocation(file: out))
            }
            do {
                store = try CalibrationDrawStore.create(at: path, definition: problem.definition, shard: part, provenance: provenance)
            } catch {
                lock.release()
                directory.removeCreated()
                throw error
            }
        }
        let state = rejection ? ABCSMC.State() : try sharedState(in: directory, hash: problem.definition.hash)
        let what = rejection ? "prior draws" : "proposals"
        if let batch = ABCSMC.nextBatch(state, settings: problem.definition.settings), !part.isWhole {
            let slice = store.slice(of: batch)
            let of = rejection ? "the \(batch.count) prior draws" : "generation \(batch.generation)'s batch of \(batch.count) proposals"
            print("Running \(part): \(slice.count) of \(of)" + (slice.isEmpty ? "" : " (\(what) \(slice.lowerBound)–\(slice.upperBound - 1))"))
        }
        let bar = ProgressBar("calibrating")
        let hold = TestHold.fromEnvironment(shard: part)
        let clock = Date()
        let outcome = try Calibration.evaluateShard(problem.scenario, parameters: problem.parameters, store: store, state: state, jobs: jobs, progress: {
            bar.update($0, of: $1)
            hold?.holdIfDue(finished: $0)
        })
        bar.finish()
        let merge = "verbinder merge \(out)/draws-*-of-\(part.count).sqlite --out \(out)"
        guard outcome.batch != nil else {
            try store.close()
            print("Nothing to run: the calibration has ended; \(merge) writes its results.")
            return nil
        }
        if outcome.alreadyStored > 0 {
            print("Resumed: \(outcome.alreadyStored) \(what) were already stored; ran the other \(outcome.executed).")
        }
        print("Ran \(outcome.executed) runs in \(formatNumber(Date().timeIntervalSince(clock), .fixed(1))) s (\(jobs) jobs).")
        guard part.isWhole else {
            try store.close()
            print("Stored: \(path)")
            print("Next, when every shard is done: \(merge)" + (rejection ? "" : " (it absorbs this batch; run the shards and "
                  + "merge again, with the same commands, until the merge writes the results)"))
            return nil
        }
        let result = try Calibration.merge([store], state: state).result
        try store.close()
        lock.release()
        return result
    }

    /// The state a sharded ABC-SMC calibration's merges reached (OUT/generations.sqlite; the start when there is none yet).
    func sharedState(in directory: OutputDirectory, hash: String) throws -> ABCSMC.State {
        let path = directory.file(CalibrationCheckpointStore.fileName)
        guard FileManager.default.fileExists(atPath: path) else { return ABCSMC.State() }
        let coordinator = try CalibrationCheckpointStore.open(path, forWriting: false)
        defer { try? coordinator.close() }
        guard coordinator.hash == hash else {
            throw InputError("the calibration stored here was defined differently (other scenario, parameters, targets or settings); "
                             + "its command was: \(coordinator.command)", at: SourceLocation(file: path))
        }
        return try coordinator.load()
    }
}

/// What a calibration fits and how: shared by `verbinder calibrate` and `verbinder slurm calibrate`.
struct CalibrationOptions: ParsableArguments {
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

    func validate() throws {
        if particles < 10 { throw ValidationError("--particles must be at least 10.") }
        if generations < 1 || generations > 50 { throw ValidationError("--generations must be between 1 and 50.") }
        if let weeks, weeks < 1 || weeks > 520 { throw ValidationError("--weeks must be between 1 and 520.") }
    }

    /// A calibration resolved from the options: the scenario with the calibration's weeks and seed, the parameters,
    /// the targets and the definition.
    struct Problem {
        var scenario: Scenario
        var parameters: [StudyParameter]
        var targets: [ObservedTarget]
        var definition: CalibrationDefinition
    }

    /// Reads the observation file and the scenario.
    /// - Throws: ``InputError`` for a bad observation file, unknown parameters or a bad scenario.
    func resolve() throws -> Problem {
        let observations = try Observations.load(path: observed)
        let names: [String]?
        let location: SourceLocation
        if let parameters {
            names = parameters == "all" ? nil : list(parameters)
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
        let definition = try CalibrationDefinition(scenario: base, parameters: chosen, targets: observations.targets, settings: settings)
        return Problem(scenario: base, parameters: chosen, targets: observations.targets, definition: definition)
    }

    /// The options as `verbinder calibrate` arguments, for a job script that runs the same calibration elsewhere.
    var arguments: [String] {
        var arguments = [scenario, "--observed", observed, "--method", method.rawValue, "--particles", String(particles),
                         "--generations", String(generations)]
        if let parameters { arguments += ["--parameters", parameters] }
        if let weeks { arguments += ["--weeks", String(weeks)] }
        if let seed { arguments += ["--seed", String(seed)] }
        return arguments
    }
}

/// A calibration's generations, targets, posterior and posterior predictive praatplaat as text: printed by
/// `verbinder calibrate` and by `verbinder merge` of a sharded one.
func describeCalibration(_ result: CalibrationResult) -> String {
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

/// A number in a calibration's summary: three significant digits.
private func format(_ value: Double) -> String { String(format: "%.3g", value) }
