import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport

/// `verbinder compare`: paired differences between two scenarios or two arms of a sweep.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two scenarios, or two arms of a sweep, with paired differences and 95% CIs.",
        discussion: """
            Each side is a scenario file or an arm of a result store, written STORE#arm=N. Scenarios are \
            simulated with the same seed and replications (A's, unless --seed or --replications is given), so \
            replication k of both draws the same request arrivals (common random numbers) and differences are \
            paired. A '*' marks a difference whose 95% interval excludes zero; differences of shares are in percentage points (pp).

            Examples (out/sliders is written by the first `verbinder sweep` example):
              verbinder compare scenarios/profiles/developing.yaml scenarios/profiles/tilted.yaml
              verbinder compare out/sliders#arm=0 out/sliders#arm=2
            """)

    @Argument(help: "The first side: a scenario file or STORE#arm=N.")
    var a: String

    @Argument(help: "The second side (differences are B − A).")
    var b: String

    @Option(help: "Replications for scenarios (default: A's run.replications).")
    var replications: Int?

    @Option(help: "Seed for both scenarios (default: A's run.seed).")
    var seed: UInt64?

    @Option(help: "Simulated weeks for both scenarios (default: each scenario's own).")
    var weeks: Int?

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "text or json.")
    var format: CompareFormat = .text

    @Flag(help: "Show every metric (default: the headline metrics, the praatplaat rates and the outcome counts).")
    var all = false

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1.") }
        if let weeks, weeks < 1 || weeks > 520 { throw ValidationError("--weeks must be between 1 and 520.") }
        if threads < 1 { throw ValidationError("--threads must be at least 1.") }
    }

    func run() throws {
        var common: (seed: UInt64, replications: Int)?
        let sampleA = try sample(a, label: "A", common: &common)
        let sampleB = try sample(b, label: "B", common: &common)
        var differences = Comparison.paired(sampleA, sampleB)
        if !all {
            let shown: Set<String> = Set(MetricCatalog.headline + ["rate", "escalations", "bridgesBuilt"]
                                         + OutcomeMeasure.allCases.map(\.name))
            differences = differences.filter { shown.contains($0.metric) }
        }
        let pairs = differences.map(\.pairs).max() ?? 0
        switch format {
        case .json:
            struct Output: Encodable {
                var a: String, b: String, pairedReplications: Int, commonRandomNumbers: Bool, differences: [MetricDifference]
            }
            print(try jsonText(Output(a: sampleA.label, b: sampleB.label, pairedReplications: pairs, commonRandomNumbers: true,
                                      differences: differences)))
        case .text:
            print("A: \(sampleA.label)")
            print("B: \(sampleB.label)")
            print("Paired over \(pairs) replications with common random numbers (replication k of A and B draws the same request arrivals).")
            print("")
            print(textTable(["metric", "cell", "A", "B", "B − A", "95% CI", "sig"], differences.map { row in
                let share = MetricCatalog.entry(row.metric)?.isShare ?? false
                return [row.metric, row.cell, value(row.meanA, share), value(row.meanB, share), difference(row.difference, share),
                        row.ci95.map { "\(difference($0[0], share)) to \(difference($0[1], share))" } ?? "–", row.significant ? "*" : ""]
            }).joined(separator: "\n"))
            let significant = differences.filter(\.significant).count
            print("")
            print("\(significant) of \(differences.count) differences are significant at 95% (*).")
        }
    }

    func value(_ number: Double, _ share: Bool) -> String {
        share ? formatNumber(number, .percent(1), missing: "–") : formatNumber(number, .fixed(2))
    }

    /// A difference: shares in percentage points, with a sign.
    func difference(_ number: Double, _ share: Bool) -> String {
        formatNumber(number, share ? .points(1) : .signed(2))
    }

    func sample(_ source: String, label: String, common: inout (seed: UInt64, replications: Int)?) throws -> ArmSample {
        if let marker = source.range(of: "#arm=") {
            let path = String(source[..<marker.lowerBound])
            guard let arm = Int(source[marker.upperBound...]) else {
                throw InputError("expected STORE#arm=N with a number N", at: SourceLocation(file: source))
            }
            let store = try ResultStore.open(path)
            var sample = try ArmSample.load(store: store, arm: arm)
            sample.label = "\(path) \(sample.label)"
            return sample
        }
        var scenario = try Scenario.load(path: source)
        let settings = common ?? (seed ?? scenario.run.seed, replications ?? scenario.run.replications)
        common = settings
        scenario.run.seed = settings.seed
        scenario.run.replications = settings.replications
        if let weeks { scenario.run.weeks = weeks }
        var sample = try ArmSample.simulate(scenario, label: source, count: settings.replications, threads: threads)
        sample.label = "\(source) (\(scenario.name); seed \(settings.seed), \(settings.replications) replications × \(scenario.run.weeks) weeks)"
        return sample
    }
}

enum CompareFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
