import Foundation
import Testing
import VerbinderTestSupport

/// Huge counts are refused up front with a clear message (the estimate and the limit), never an abort.
@Suite("resource limits: huge counts are refused, not aborted on", .serialized)
struct ResourceLimitTests {
    /// One neighbourhood of 50,000,000 residents: valid as a file, far too big for a small machine.
    static let hugeNeighbourhood = Fixtures.tinyScenario
        .replacingOccurrences(of: "{name: Noord, residents: 3000,", with: "{name: Noord, residents: 50000000,")

    @Test func theReplicationsFlagHasTheScenarioKeysBound() throws {
        let scenario = try Fixtures.scenarioFile().path
        let result = try VerbinderBinary.run(["simulate", scenario, "--replications", "1000000000"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--replications must be between 1 and 10000"), "\(result.stderr)")
        #expect(!result.stderr.contains("allocate") && result.stderr.split(separator: "\n").count < 5)
    }

    @Test(arguments: [
        (["--residents", "1000", "--neighbourhoods", "2", "--departments", "2", "--officials", "10", "--connectors", "10000000"],
         "--connectors must be at most 100000"),
        (["--residents", "1000", "--neighbourhoods", "20000", "--departments", "2", "--officials", "10", "--connectors", "1"],
         "--neighbourhoods must be at most 10000"),
        (["--residents", "200000000", "--neighbourhoods", "2", "--departments", "2", "--officials", "10", "--connectors", "1"],
         "--residents must be at most 50000000 per neighbourhood"),
    ])
    func generateRefusesHugeCounts(arguments: [String], message: String) throws {
        let out = try Fixtures.directory().appendingPathComponent("big.yaml").path
        let result = try VerbinderBinary.run(["generate"] + arguments + ["--out", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aScenarioTooBigForTheMemoryLimitIsRefusedWithTheEstimateAndTheLimit() throws {
        let scenario = try Fixtures.scenarioFile(Self.hugeNeighbourhood).path
        let validate = try VerbinderBinary.run(["validate", scenario])
        #expect(validate.status == 0, "the file itself is valid: \(validate.stderr)")
        let directory = try Fixtures.directory()
        for arguments in [["simulate", scenario, "--max-memory", "2GB", "--out", directory.appendingPathComponent("sim").path],
                          ["sweep", scenario, "--sliders", "residents", "--max-memory", "2GB", "--out", directory.appendingPathComponent("sweep").path]] {
            let result = try VerbinderBinary.run(arguments)
            #expect(result.status == 2, "\(arguments[0]): \(result.stderr)")
            #expect(result.stderr.contains("the scenario needs about") && result.stderr.contains("GB of memory"), "\(result.stderr)")
            #expect(result.stderr.contains("more than the 2.0 GB allowed"), "\(result.stderr)")
        }
        // Other commands read the limit from the environment.
        let inspect = try VerbinderBinary.run(["inspect", scenario], environment: ["VERBINDER_MAX_MEMORY": "1GB"])
        #expect(inspect.status == 2 && inspect.stderr.contains("more than the 1.0 GB allowed"), "\(inspect.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "something was written")
        let bad = try VerbinderBinary.run(["simulate", scenario, "--max-memory", "lots"])
        #expect(bad.status == 2 && bad.stderr.contains("--max-memory expects a size"))
    }
}
