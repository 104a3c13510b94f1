import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderSupport
import VerbinderUncertainty

/// `verbinder sensitivity`: global sensitivity of the model's outputs to its parameters (Morris or Sobol').
struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Global sensitivity of the outputs to the model parameters: Morris screening or Sobol' indices.",
        discussion: """
            Varies the model parameters over their plausible ranges (`verbinder model --parameters` lists them) \
            and ranks, per output, which parameters drive it: every praatplaat cell's success rate, connected \
            share, requests connected per year, residents' requests connected per year, dropped share and \
            dropped per year, utilisation and departments' trust.

            morris: r trajectories (--samples r) on a p-level grid, r·(k + 1) design points; μ, μ*, σ and a \
            bootstrap 95% half-width of μ*. sobol: a Saltelli design of N base samples (--samples N), N·(k + 2) \
            points; first-order (Saltelli 2010) and total (Jansen) indices with bootstrap 95% half-widths. \
            Each point runs --replications replications with common random numbers (replication k of every \
            point draws the same arrivals); indices use the mean over replications and the noise share reports \
            how much of an output's variance is replication noise.

            OUT/results.sqlite holds the design, every run's outputs and the ranked indices (view `ranking`); \
            OUT/METHOD/OUTPUT.csv holds each output's indices in SALib's layout, OUT/samples.csv and \
            OUT/outputs.csv the design and the outputs for SALib itself. Results do not depend on --jobs.

            Runs are stored as each design point finishes (OUT/evaluations.sqlite): a killed study continues \
            with --resume without repeating or losing a point. With --shard I/N the design points are divided \
            into N contiguous parts (the same on every machine); each shard stores OUT/evaluations-I-of-N.sqlite \
            and verbinder merge computes the indices from all of them, identical to a study in one process.

            Example:
              verbinder sensitivity scenarios/katwijk.yaml --method morris --samples 10 --out out/morris
              verbinder sensitivity scenarios/katwijk.yaml --method sobol --samples 256 --replications 1 --parameters overheadShare,connectorKnowledge,officialInitiative --out out/sobol
              verbinder sensitivity scenarios/katwijk.yaml --method morris --samples 4 --weeks 13 --out out/morris-shards --shard 0/2
              verbinder sensitivity scenarios/katwijk.yaml --method morris --samples 4 --weeks 13 --out out/morris-shards --shard 1/2
              verbinder merge out/morris-shards/evaluations-0-of-2.sqlite out/morris-shards/evaluations-1-of-2.sqlite --out out/morris-shards
            """)

    @OptionGroup var study: SensitivityOptions

    @Option(help: "Output directory (created as needed; must not hold another study's results).")
    var out: String = "out/sensitivity"

    @Option(help: "Parallel design points (default: all cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Parameters shown per output (all are stored).")
    var top: Int = 5

    @Flag(help: "Continue an interrupted study in OUT (the same definition); starts it when nothing is stored yet.")
    var resume = false

    @Option(help: ArgumentHelp("Evaluate only shard I of N (0 ≤ I < N) of the design points into OUT/evaluations-I-of-N.sqlite; "
                               + "combine the shards with verbinder merge.", valueName: "I/N"))
    var shard: String?

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if top < 1 { throw ValidationError("--top must be at least 1.") }
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard expects I/N with 0 ≤ I < N (shards count from 0, as Slurm array tasks do), got '\(shard)'.")
        }
    }

    func run() throws {
        try checkOutputLocation(out)
        let (base, chosen, design) = try study.resolve()
        let definition = try StudyDefinition(design: design, scenario: base)
        let method = design.method, replications = design.replications
        let part = shard.flatMap(Shard.init(parsing:)) ?? .whole
        let provenance = StudyProvenance(command: commandLine(), version: verbinderVersion, scenarioPath: study.scenario,
                                         scenarioName: base.name, weeks: base.run.weeks, scenarioSeed: base.run.seed)

        let directory = try OutputDirectory.prepare(out)
        let (path, lock) = try directory.lockStore(named: StudyEvaluationStore.fileName(part))
        defer { lock.release() }
        let store: StudyEvaluationStore
        if FileManager.default.fileExists(atPath: path) {
            guard resume else {
                throw InputError("a study is already stored here: pass --resume to continue it, or choose another --out", at: SourceLocation(file: path))
            }
            store = try StudyEvaluationStore.open(path, forWriting: true)
            guard store.definition.hash == definition.hash else {
                throw InputError("cannot resume: the stored study was defined differently (other method, parameters, settings or scenario); "
                                 + "its command was: \(store.provenance.command)", at: SourceLocation(file: path))
            }
        } else {
            if FileManager.default.fileExists(atPath: directory.file("results.sqlite")) {
                throw InputError("the output directory already holds results: choose another --out", at: SourceLocation(file: out))
            }
            do {
                store = try StudyEvaluationStore.create(at: path, definition: definition, shard: part, provenance: provenance)
            } catch {
                lock.release()
                directory.removeCreated()
                throw error
            }
        }
        print("\(method == .sobol ? "Sobol'" : "Morris") over \(chosen.count) parameters: \(design.unitRows.count) design points × "
              + "\(replications) replications = \(design.runCount) runs of \(base.run.weeks) weeks, seed \(base.run.seed)")
        if !part.isWhole {
            let points = store.points
            print("Running \(part): \(points.count) design points (positions \(points.lowerBound)–\(points.upperBound - 1))")
        }
        let bar = ProgressBar("sensitivity")
        let hold = TestHold.fromEnvironment(shard: part)
        let clock = Date()
        let outcome = try SensitivityEvaluations.evaluate(base, parameters: chosen, store: store, jobs: jobs, progress: {
            bar.update($0, of: $1)
            hold?.holdIfDue(finished: $0)
        })
        bar.finish()
        let seconds = Date().timeIntervalSince(clock)
        if outcome.alreadyStored > 0 {
            print("Resumed: \(outcome.alreadyStored) design points were already stored; ran the other \(outcome.executed).")
        }
        print("Ran \(outcome.executed * replications) runs in \(formatNumber(seconds, .fixed(1))) s (\(jobs) jobs).")
        guard part.isWhole else {
            try store.close()
            print("Stored: \(path)")
            print("Next, when every shard is done: verbinder merge \(out)/evaluations-*-of-\(part.count).sqlite --out \(out)")
            return
        }
        lock.release()
        try writeStudyResults([store], to: out, top: top)
    }
}

/// What a sensitivity study varies and how: shared by `verbinder sensitivity` and `verbinder slurm sensitivity`.
struct SensitivityOptions: ParsableArguments {
    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(help: "morris or sobol.")
    var method: SensitivityMethod = .morris

    @Option(help: ArgumentHelp("The parameters to vary: all, or names separated by commas.", valueName: "all|NAME,..."))
    var parameters: String = "all"

    @Option(help: "Morris trajectories r (default 10) or Sobol' base samples N (default 64; a power of two is best).")
    var samples: Int?

    @Option(help: "Morris grid levels p (even).")
    var levels: Int = 4

    @Option(help: "Replications of each design point (common random numbers); 2 or more report the noise share.")
    var replications: Int = 2

    @Option(help: "Simulated weeks (default: the scenario's own).")
    var weeks: Int?

    @Option(help: "Seed of the runs and of the design (default: the scenario's run.seed).")
    var seed: UInt64?

    func validate() throws {
        if let weeks, weeks < 1 || weeks > 520 { throw ValidationError("--weeks must be between 1 and 520.") }
    }

    /// The study these options define: the scenario with the study's weeks and seed, the parameters and the design.
    /// - Throws: ``InputError`` for unknown parameters, settings the method cannot use, or a bad scenario.
    func resolve() throws -> (scenario: Scenario, parameters: [StudyParameter], design: SensitivityDesign) {
        let names: [String]? = parameters == "all" ? nil : list(parameters)
        let chosen = try catalogueParameters(names, at: .value("parameters"))
        let count = samples ?? (method == .sobol ? 64 : 10)
        let problems = SensitivityDesign.validationProblems(method: method, factorCount: chosen.count, samples: count,
                                                            levels: levels, replications: replications)
        if !problems.isEmpty { throw InputError(problems) }
        var base = try Scenario.load(path: scenario)
        if let weeks { base.run.weeks = weeks }
        if let seed { base.run.seed = seed }
        let design = SensitivityDesign(method: method, factors: chosen.map(\.factor), samples: count, levels: levels,
                                       replications: replications, seed: base.run.seed)
        return (base, chosen, design)
    }

    /// The options as `verbinder sensitivity` arguments, for a job script that runs the same study elsewhere.
    var arguments: [String] {
        var arguments = [scenario, "--method", method.rawValue, "--parameters", parameters]
        if let samples { arguments += ["--samples", String(samples)] }
        arguments += ["--levels", String(levels), "--replications", String(replications)]
        if let weeks { arguments += ["--weeks", String(weeks)] }
        if let seed { arguments += ["--seed", String(seed)] }
        return arguments
    }
}

/// The catalogue's parameters `names` (all with a range when nil), with the command line's advice for unknown names.
func catalogueParameters(_ names: [String]?, at location: SourceLocation) throws -> [StudyParameter] {
    do {
        return try StudyParameter.catalogue(names, at: location)
    } catch let error as InputError {
        throw InputError(error.diagnostics.map { diagnostic in
            var advised = diagnostic
            if diagnostic.message.hasPrefix("unknown model parameter") { advised.message += "; `verbinder model --parameters` lists them" }
            return advised
        })
    }
}

/// Analyses a study from its evaluation stores (one whole store, or every shard's), writes the result files into
/// `out` and prints each output's ranking: the one path for `verbinder sensitivity` and `verbinder merge`.
func writeStudyResults(_ stores: [StudyEvaluationStore], to out: String, top: Int = 5) throws {
    let definition = stores[0].definition
    let parameters = try catalogueParameters(definition.design.factors.map(\.name), at: SourceLocation(file: stores[0].path))
    let byName = Dictionary(uniqueKeysWithValues: parameters.map { ($0.factor.name, $0) })
    let ordered = definition.design.factors.map { factor in
        var parameter = byName[factor.name]!
        parameter.factor = factor
        return parameter
    }
    let result = try SensitivityEvaluations.result(stores)
    let writeStart = Date()
    try SensitivityWriter.write(result, parameters: ordered, outputs: StudyOutput.all, provenance: stores[0].provenance, to: out)
    let writeSeconds = Date().timeIntervalSince(writeStart)
    for output in result.outputs { print(describe(output, design: result.design, top: top)) }
    print("Simulated \(result.design.runCount) runs in \(formatNumber(result.simulationSeconds, .fixed(1))) s of worker time; the indices took "
          + "\(formatNumber(result.totalSeconds - result.simulationSeconds, .fixed(1))) s, writing the results \(formatNumber(writeSeconds, .fixed(1))) s.")
    print("Results: \(out)/results.sqlite (view `ranking`), \(out)/\(definition.design.method.rawValue)/*.csv")
}

/// One output's ranked table, the top parameters only.
func describe(_ output: OutputSensitivity, design: SensitivityDesign, top: Int) -> String {
    var lines = ["", "\(output.output) — \(output.title)"]
    if let skipped = output.skipped { return (lines + ["  not analysed: \(skipped)"]).joined(separator: "\n") }
    let noise = output.noiseShare.map { "noise share \(formatNumber($0 * 100, .fixed(1)))% of the variance over runs" } ?? "noise share: needs 2 or more replications"
    lines.append("  mean \(String(format: "%.4g", output.mean)), \(noise)")
    if output.variance == 0 { return (lines + ["  constant over the design: no parameter moves it"]).joined(separator: "\n") }
    let width = max(9, output.ranking.prefix(top).map { design.factors[$0].name.count }.max() ?? 0)
    func pad(_ text: String) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
    if let s = output.sobol {
        lines.append("  rank \(pad("parameter"))  ST ± 95%         S1 ± 95%")
        for (rank, j) in output.ranking.prefix(top).enumerated() {
            lines.append("  \(String(format: "%4d", rank + 1)) \(pad(design.factors[j].name))  "
                         + "\(String(format: "%6.3f ± %-6.3f", s.total[j], s.totalConf[j]))  \(String(format: "%6.3f ± %-6.3f", s.firstOrder[j], s.firstOrderConf[j]))")
        }
    } else if let m = output.morris {
        lines.append("  rank \(pad("parameter"))  μ* ± 95%               μ            σ")
        for (rank, j) in output.ranking.prefix(top).enumerated() {
            lines.append("  \(String(format: "%4d", rank + 1)) \(pad(design.factors[j].name))  "
                         + "\(String(format: "%9.4g ± %-9.4g  %9.4g  %9.4g", m.muStar[j], m.muStarConf[j], m.mu[j], m.sigma[j]))")
        }
    }
    return lines.joined(separator: "\n")
}

extension SensitivityMethod: ExpressibleByArgument {}
