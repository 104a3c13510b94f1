import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderSupport

/// `verbinder sweep`: a full factorial experiment over sliders, profiles, interventions and any scenario key.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a full factorial experiment over sliders, profiles, interventions or any scenario key.",
        discussion: """
            Every combination of the levels given is an arm; each arm runs the same replications. Replication k \
            of every arm uses the same random streams for request arrivals (common random numbers), so arms \
            are compared pairwise. Runs stream into OUT/results.sqlite as they finish; an interrupted sweep \
            continues with --resume without repeating or losing a run. Results do not depend on --jobs.

            With --shard I/N the run list is divided into N contiguous parts of about equal expected cost (the \
            same division on every machine); each shard writes OUT/results-I-of-N.sqlite, and verbinder merge \
            combines them into exactly the results of the single-machine sweep. verbinder slurm writes the job \
            scripts that do this on a Slurm cluster.

            Examples:
              verbinder sweep scenarios/katwijk.yaml --sliders politics --replications 5 --out out/sliders
              verbinder sweep scenarios/katwijk.yaml --vary 'connectors[*].hoursPerWeek=16,32' --out out/hours
              verbinder sweep scenarios/katwijk.yaml --interventions none,internalPublicity --out out/iv
              verbinder sweep scenarios/katwijk.yaml --sliders politics --out out/shards --shard 0/2
              verbinder sweep scenarios/katwijk.yaml --sliders politics --out out/shards --shard 1/2 --resume
            """)

    @OptionGroup var sweep: SweepOptions

    @Option(help: "Parallel runs (default: all cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Output directory; the result store is OUT/results.sqlite.")
    var out: String = "out/sweep"

    @Flag(help: "Continue an interrupted sweep in OUT (the same definition); starts it when nothing is stored yet.")
    var resume = false

    @Option(help: ArgumentHelp("Run only shard I of N (0 ≤ I < N) into OUT/results-I-of-N.sqlite; combine the shards with verbinder merge.",
                               valueName: "I/N"))
    var shard: String?

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard expects I/N with 0 ≤ I < N (shards count from 0, as Slurm array tasks do), got '\(shard)'.")
        }
    }

    func run() throws {
        try checkOutputLocation(out)
        let definition = try self.sweep.definition()
        let sweep = try Sweep(definition)
        let part = shard.flatMap(Shard.init(parsing:)) ?? .whole
        let directory = try OutputDirectory.prepare(out)
        let (path, lock) = try directory.lockStore(named: part.storeFileName)
        defer { lock.release() }
        let store: ResultStore
        var arms: [Arm]?
        if FileManager.default.fileExists(atPath: path) {
            guard resume else {
                throw InputError("a sweep is already stored here: pass --resume to continue it, or choose another --out",
                                 at: SourceLocation(file: path))
            }
            store = try ResultStore.open(path, forWriting: true)
            let stored = try store.experiment()
            guard stored.definitionHash == definition.hash else {
                throw InputError("cannot resume: the stored sweep was defined differently (other factors, settings or scenario text); "
                                 + "its command was: \(stored.command)", at: SourceLocation(file: path))
            }
            guard stored.shard == part else {
                throw InputError("cannot resume: this store holds \(stored.shard.description), not \(part.description)", at: SourceLocation(file: path))
            }
        } else {
            do {
                let resolved = try (0 ..< sweep.armCount).map { try sweep.arm($0) }
                for arm in resolved { try MemoryBudget.check(arm.scenario, at: SourceLocation(file: self.sweep.scenario)) }
                let base = try Scenario.load(path: self.sweep.scenario)
                store = try ResultStore.create(at: path, sweep: sweep, arms: resolved, command: commandLine(),
                                               scenarioName: base.name, scenarioDescription: base.description, shard: part)
                arms = resolved
            } catch {
                // Only the directories this process made, and only while empty: never another process's results.
                lock.release()
                directory.removeCreated()
                throw error
            }
        }
        print("\(sweep.armCount) arms × \(sweep.replications) replications = \(sweep.runCount) runs of \(sweep.weeks) weeks, seed \(sweep.seed)")
        print("Common random numbers: replication k of every arm uses the same seed, so the same request arrivals; arm differences are paired.")
        var positions: Range<Int>?
        if !part.isWhole {
            let plan = try arms.map { ShardPlan(arms: $0, replications: sweep.replications) } ?? ShardPlan(sweep)
            let range = plan.positions(of: part)
            positions = range
            let share = plan.totalCost > 0 ? plan.cost(of: part) / plan.totalCost * 100 : 0
            print("Running \(part): \(range.count) runs (positions \(range.lowerBound)–\(range.upperBound - 1) of the run order, \(formatNumber(share, .fixed(1)))% of the expected cost)")
        }
        let bar = ProgressBar("sweeping")
        let hold = TestHold.fromEnvironment(shard: part)
        let outcome = try SweepRunner.run(sweep, store: store, jobs: jobs, positions: positions, progress: {
            bar.update($0, of: $1)
            hold?.holdIfDue(finished: $0)
        })
        try store.close()
        bar.finish()
        let rate = outcome.wallSeconds > 0 ? Double(outcome.executed) / outcome.wallSeconds : 0
        if outcome.alreadyStored > 0 {
            print("Resumed: \(outcome.alreadyStored) runs were already stored; ran the other \(outcome.executed).")
        }
        print("Ran \(outcome.executed) runs in \(formatNumber(outcome.wallSeconds, .fixed(1))) s (\(formatNumber(rate, .fixed(1))) runs/s, \(jobs) jobs).")
        print("Results: \(path)")
        if part.isWhole {
            print("Next: verbinder report \(out) --out \((out as NSString).appendingPathComponent("report.html"))")
        } else {
            print("Next, when every shard is done: verbinder merge \(out)/results-*-of-\(part.count).sqlite --out \(out)/results.sqlite")
        }
    }
}

/// The command line as typed, quoted where needed, for the reproducibility record.
func commandLine() -> String {
    shellQuoted(["verbinder"] + CommandLine.arguments.dropFirst())
}
