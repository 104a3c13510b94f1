import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport
import VerbinderUncertainty

/// `verbinder patterns`: the sources' qualitative findings as executable paired checks.
struct PatternsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patterns",
        abstract: "Check the sources' qualitative findings on a scenario: PASS/FAIL with effect and paired 95% CI.",
        discussion: """
            Each pattern runs the scenario and the variants it needs (an intervention, an escalation route, more \
            hours, slider settings) with common random numbers, computes a statistic per replication that is \
            positive when the finding holds, and passes when the 95% interval of its mean lies above zero. \
            With --robust N it also evaluates every pattern on N Latin-hypercube samples of the model \
            parameters' plausible ranges (up to 3 replications each) and reports the share of samples in which \
            the mean statistic is positive: the share of the plausible space in which the finding holds. \
            --patterns FILE.yaml adds your own checks: a paired comparison of two settings (as for \
            verbinder options --try), an output and the expected direction or interval \
            (docs/uncertainty.md; example: examples/patterns-katwijk.yaml).

            Example:
              verbinder patterns scenarios/katwijk.yaml --replications 10
              verbinder patterns scenarios/katwijk.yaml --robust 50 --weeks 26
              verbinder patterns scenarios/katwijk.yaml --patterns examples/patterns-katwijk.yaml
            """)

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(help: "Paired replications per pattern.")
    var replications: Int = 10

    @Option(help: "Latin-hypercube samples of the parameter ranges (0: none).")
    var robust: Int = 0

    @Option(help: "Simulated weeks (default: the scenario's own).")
    var weeks: Int?

    @Option(help: ArgumentHelp("Only these patterns (names separated by commas).", valueName: "NAME,..."))
    var only: String?

    @Option(help: ArgumentHelp("Your own patterns, added to the built-in ones.", valueName: "FILE.yaml"))
    var patterns: String?

    @Option(help: "Parallel pattern evaluations (default: all cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "text or csv.")
    var format: String = "text"

    func validate() throws {
        if replications < 2 { throw ValidationError("--replications must be at least 2 (a paired interval needs two).") }
        if robust < 0 { throw ValidationError("--robust must be 0 or more.") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if let weeks, weeks < 1 || weeks > 520 { throw ValidationError("--weeks must be between 1 and 520.") }
        if format != "text" && format != "csv" { throw ValidationError("--format must be text or csv.") }
    }

    func run() throws {
        var patterns = Pattern.catalogue
        if let file = self.patterns {
            let text: String
            do {
                text = try String(contentsOfFile: scenario, encoding: .utf8)
            } catch {
                throw InputError("cannot read the scenario: \(error.localizedDescription)", at: SourceLocation(file: scenario))
            }
            patterns += try UserPatterns.load(path: file, scenarioText: text, scenarioFile: scenario, reserved: patterns.map(\.name))
        }
        if let only {
            let names = only.split(separator: ",").map(String.init)
            let known = patterns.map(\.name)
            let unknown = names.filter { !known.contains($0) }.map { name in
                Diagnostic("unknown pattern '\(name)'" + (closestMatch(to: name, among: known).map { " (did you mean '\($0)'?)" } ?? "")
                           + "; the patterns are: \(known.joined(separator: ", "))", at: SourceLocation(file: "--only"))
            }
            if !unknown.isEmpty { throw InputError(unknown) }
            patterns = patterns.filter { names.contains($0.name) }
        }
        var base = try Scenario.load(path: scenario)
        if let weeks { base.run.weeks = weeks }
        let parameters = robust > 0 ? try StudyParameter.catalogue(nil, at: SourceLocation(file: "patterns")) : []
        let bar = ProgressBar("patterns")
        let results = try PatternRunner.run(base, patterns: patterns, replications: replications, parameters: parameters,
                                            robust: robust, seed: base.run.seed, jobs: jobs, progress: { bar.update($0, of: $1) })
        bar.finish()
        if format == "csv" {
            print(PatternTable.csvHeader)
            for (pattern, result) in zip(patterns, results) {
                let fields = [csvField(pattern.name), result.holds ? "PASS" : "FAIL", number(result.effect), number(result.ci95?[0]), number(result.ci95?[1]),
                              "\(result.replications)", number(result.robustShare), csvField(pattern.source)]
                print(fields.joined(separator: ","))
            }
            return
        }
        print("\(base.name): \(replications) paired replications of \(base.run.weeks) weeks per side, seed \(base.run.seed)"
              + (robust > 0 ? "; robustness over \(robust) Latin-hypercube samples of \(parameters.count) parameters" : ""))
        for (pattern, result) in zip(patterns, results) {
            let ci = result.ci95.map { "[\(String(format: "%.4g", $0[0])), \(String(format: "%.4g", $0[1]))]" } ?? "(no interval)"
            let share = result.robustShare.map { ", holds in \(formatNumber($0 * 100, .fixed(0)))% of the plausible space" } ?? ""
            print("\(result.holds ? "PASS" : "FAIL")  \(pattern.name): effect \(String(format: "%.4g", result.effect)) \(ci)\(share)")
            print("      \(pattern.finding) — \(pattern.source); \(pattern.role)")
        }
    }

    func number(_ value: Double?) -> String { value.map { $0.isNaN ? "" : "\($0)" } ?? "" }
}
