import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario

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

            Example:
              verbinder sweep scenarios/profiles/developing.yaml --sliders all --replications 30 --out out/sliders
              verbinder sweep scenarios/katwijk.yaml --vary policies.escalation.route=none,teamManager,alderman \\
                --vary 'connectors[*].hoursPerWeek=16,24,32' --out out/capacity
              verbinder sweep scenarios/katwijk.yaml --interventions none,internalPublicity,documentedRole+repositioning
            """)

    @Argument(help: "The base scenario file (YAML).")
    var scenario: String

    @Option(help: ArgumentHelp("Sliders to vary over low, mid and high: all or a comma-separated list.", valueName: "all|LIST"))
    var sliders: String?

    @Option(help: ArgumentHelp("Profiles to compare: all or a comma-separated list.", valueName: "all|LIST"))
    var profiles: String?

    @Option(help: ArgumentHelp("Vary any scenario key: KEY=V1,V2,… (repeatable); e.g. policies.escalation.route=none,alderman or connectors[*].hoursPerWeek=16,32.",
                               valueName: "KEY=V1,V2"))
    var vary: [String] = []

    @Option(help: ArgumentHelp("Intervention levels, comma-separated: none, or kinds joined by + (each from week 0).", valueName: "LIST"))
    var interventions: String?

    @Option(help: "Replications per arm (default: the scenario's run.replications).")
    var replications: Int?

    @Option(help: "Seed of every arm (default: the scenario's run.seed).")
    var seed: UInt64?

    @Option(help: "Simulated weeks (default: the scenario's run.weeks).")
    var weeks: Int?

    @Option(help: "Parallel runs (default: all cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Output directory; the result store is OUT/results.sqlite.")
    var out: String = "out/sweep"

    @Flag(help: "Continue an interrupted sweep in OUT (the same definition).")
    var resume = false

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1.") }
        if let weeks, weeks < 1 || weeks > 520 { throw ValidationError("--weeks must be between 1 and 520.") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    }

    func run() throws {
        var factors: [Factor] = []
        if let profiles { factors.append(try Factor.profiles(list(profiles))) }
        if let sliders { factors += try Factor.sliders(list(sliders)) }
        if let interventions { factors.append(try Factor.interventions(list(interventions))) }
        factors += try vary.map(Factor.vary)
        let definition = try SweepDefinition(scenarioPath: scenario, factors: factors, seed: seed, replications: replications, weeks: weeks)
        let sweep = try Sweep(definition)
        let created = !FileManager.default.fileExists(atPath: out)
        let path = try prepareDirectory()
        let store: ResultStore
        if FileManager.default.fileExists(atPath: path) {
            guard resume else {
                throw InputError("a sweep is already stored here: pass --resume to continue it, or choose another --out",
                                 at: SourceLocation(file: path))
            }
            store = try ResultStore.open(path)
            let stored = try store.experiment()
            guard stored.definitionHash == definition.hash else {
                throw InputError("cannot resume: the stored sweep was defined differently (other factors, settings or scenario text); "
                                 + "its command was: \(stored.command)", at: SourceLocation(file: path))
            }
        } else {
            do {
                let arms = try (0 ..< sweep.armCount).map { try sweep.arm($0) }
                let base = try Scenario.load(path: scenario)
                store = try ResultStore.create(at: path, sweep: sweep, arms: arms, command: commandLine(),
                                               scenarioName: base.name, scenarioDescription: base.description)
            } catch {
                if created { try? FileManager.default.removeItem(atPath: out) }
                throw error
            }
        }
        print("\(sweep.armCount) arms × \(sweep.replications) replications = \(sweep.runCount) runs of \(sweep.weeks) weeks, seed \(sweep.seed)")
        print("Common random numbers: replication k of every arm uses the same seed, so the same request arrivals; arm differences are paired.")
        let bar = ProgressBar("sweeping")
        let outcome = try SweepRunner.run(sweep, store: store, jobs: jobs, progress: { bar.update($0, of: $1) })
        bar.finish()
        let rate = outcome.wallSeconds > 0 ? Double(outcome.executed) / outcome.wallSeconds : 0
        if outcome.alreadyStored > 0 {
            print("Resumed: \(outcome.alreadyStored) runs were already stored; ran the other \(outcome.executed).")
        }
        print("Ran \(outcome.executed) runs in \(fixed(outcome.wallSeconds, 1)) s (\(fixed(rate, 1)) runs/s, \(jobs) jobs).")
        print("Results: \(path)")
        print("Next: verbinder report \(out) --out \((out as NSString).appendingPathComponent("report.html"))")
    }

    /// Creates OUT if needed and returns the store's path; a clear error (and nothing created) when it cannot.
    func prepareDirectory() throws -> String {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: out, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw InputError("cannot write the sweep: \(out) is a file, not a directory", at: SourceLocation(file: out))
            }
        } else {
            do {
                try manager.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw InputError("cannot create the output directory: \(error.localizedDescription)", at: SourceLocation(file: out))
            }
        }
        guard manager.isWritableFile(atPath: out) else {
            throw InputError("cannot write the sweep: the output directory is not writable", at: SourceLocation(file: out))
        }
        return (out as NSString).appendingPathComponent(ResultStore.fileName)
    }
}

/// A comma-separated list, trimmed, without empty entries.
func list(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// The command line as typed, quoted where needed, for the reproducibility record.
func commandLine() -> String {
    (["verbinder"] + CommandLine.arguments.dropFirst()).map { argument in
        argument.contains(where: { " '\"*[]$".contains($0) }) ? "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'" : argument
    }.joined(separator: " ")
}
