import Foundation
import Testing
import VerbinderFuzzing
import VerbinderTestSupport

/// Every fuzz target on its committed corpus, every crash reproducer, and a fixed number of seeded mutants:
/// each input is accepted or refused with a clear message (an ``InputError``); a crash fails the run.
@Suite("fuzz targets: corpus, crash reproducers and a short seeded run")
struct FuzzRegressionTests {
    static let fuzzFolder = Repository.root.appendingPathComponent("Tests/Fuzz")

    /// Mutants per target: a fixed count (not a time), so the run is the same on any machine.
    static let iterations = 150

    @Test(arguments: FuzzTarget.all.map(\.name))
    func everyInputIsAcceptedOrRefusedClearly(name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let corpus = FuzzRunner.loadCorpus([Self.fuzzFolder.appendingPathComponent("corpus/\(name)").path])
        let reproducers = FuzzRunner.loadCorpus([Self.fuzzFolder.appendingPathComponent("crashes/\(name)").path])
        #expect(!corpus.isEmpty, "no corpus for \(name)")
        let work = try TemporaryFolder.make("verbinder-fuzz-\(name)")
        defer { try? FileManager.default.removeItem(at: work) }
        let runner = FuzzRunner(target: target, workDirectory: work.path)
        let report = runner.run(corpus: corpus + reproducers, seed: 20_261_130, iterations: Self.iterations)
        #expect(report.executions == corpus.count + reproducers.count + Self.iterations)
        for finding in report.findings.prefix(5) {
            Issue.record("\(name): an input threw \(finding.error)")
        }
        // The reproducers are refused, not accepted: each holds a value the readers must reject.
        var reproducerReport = FuzzRunner.Report(target: name)
        for input in reproducers { _ = runner.execute(input, report: &reproducerReport) }
        #expect(reproducerReport.accepted == 0, "\(name): a crash reproducer was accepted")
    }
}
