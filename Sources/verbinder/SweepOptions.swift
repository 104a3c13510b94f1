import ArgumentParser
import Foundation
import VerbinderExperiments
import VerbinderScenario

/// What a sweep varies and its run settings: shared by `verbinder sweep` and `verbinder slurm`.
struct SweepOptions: ParsableArguments {
    @Argument(help: "The base scenario file (YAML).")
    var scenario: String

    @Option(help: ArgumentHelp("Sliders to vary over low, mid and high: all or a comma-separated list.", valueName: "all|LIST"))
    var sliders: String?

    @Option(help: ArgumentHelp("Profiles to compare: all or a comma-separated list.", valueName: "all|LIST"))
    var profiles: String?

    @Option(help: ArgumentHelp("Vary any scenario key: KEY=V1,V2,… (repeatable); e.g. policies.escalation.route=none,alderman or connectors[*].hoursPerWeek=16,32. Not run.* (weeks, seed and replications are the same in every arm: --weeks, --seed, --replications).",
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

    @Option(help: ArgumentHelp("The most memory a run may use, e.g. 64GB (default: 80% of this machine's); larger scenarios are refused before they are built.",
                               valueName: "SIZE"))
    var maxMemory: String?

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1.") }
        if let weeks, weeks < 1 || weeks > 520 { throw ValidationError("--weeks must be between 1 and 520.") }
        if let maxMemory, MemoryBudget.parseSize(maxMemory) == nil {
            throw ValidationError("--max-memory expects a size such as 8GB or 512MB, got '\(maxMemory)'.")
        }
    }

    /// The sweep these options define (the scenario file is read; factors are checked).
    func definition() throws -> SweepDefinition {
        if let maxMemory { setenv("VERBINDER_MAX_MEMORY", maxMemory, 1) }
        var factors: [Factor] = []
        if let profiles { factors.append(try Factor.profiles(list(profiles))) }
        if let sliders { factors += try Factor.sliders(list(sliders)) }
        if let interventions { factors.append(try Factor.interventions(list(interventions))) }
        factors += try vary.map(Factor.vary)
        return try SweepDefinition(scenarioPath: scenario, factors: factors, seed: seed, replications: replications, weeks: weeks)
    }

    /// The options as `verbinder sweep` arguments, for a job script that runs the same sweep elsewhere.
    var arguments: [String] {
        var arguments = [scenario]
        if let sliders { arguments += ["--sliders", sliders] }
        if let profiles { arguments += ["--profiles", profiles] }
        for key in vary { arguments += ["--vary", key] }
        if let interventions { arguments += ["--interventions", interventions] }
        if let replications { arguments += ["--replications", String(replications)] }
        if let seed { arguments += ["--seed", String(seed)] }
        if let weeks { arguments += ["--weeks", String(weeks)] }
        if let maxMemory { arguments += ["--max-memory", maxMemory] }
        return arguments
    }
}

/// A comma-separated list, trimmed, without empty entries.
func list(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
