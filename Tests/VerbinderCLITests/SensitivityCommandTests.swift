import Foundation
import Testing
import VerbinderTestSupport

/// `verbinder sensitivity` end to end: a small Morris study, --jobs independence, bad input.
@Suite("sensitivity command")
struct SensitivityCommandTests {
    static let scenario = "scenarios/profiles/developing.yaml"
    static let small = ["sensitivity", scenario, "--method", "morris", "--samples", "4", "--weeks", "6", "--replications", "2",
                        "--parameters", "overheadShare,connectorKnowledge,officialInitiative"]

    static func folder() throws -> URL { try TemporaryFolder.make("verbinder-sens") }

    @Test("a Morris study writes the store and SALib-layout CSV, identical for 1 and 3 jobs")
    func morrisStudyAndJobs() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var outputs: [String] = []
        for jobs in ["1", "3"] {
            let out = folder.appendingPathComponent("jobs-\(jobs)")
            let result = try VerbinderBinary.run(Self.small + ["--jobs", jobs, "--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Morris over 3 parameters: 16 design points × 2 replications = 32 runs"))
            #expect(result.stdout.contains("connectedShare") && result.stdout.contains("noise share"))
            let csv = try String(contentsOf: out.appendingPathComponent("morris/connectedShare.csv"), encoding: .utf8)
            #expect(csv.hasPrefix(",mu,mu_star,sigma,mu_star_conf\n") && csv.contains("\noverheadShare,") && csv.split(separator: "\n").count == 4)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("results.sqlite").path))
            outputs.append(csv + (try String(contentsOf: out.appendingPathComponent("outputs.csv"), encoding: .utf8)))
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test("unknown parameters (did-you-mean) and too few samples: exit 2, nothing written",
          arguments: [
              (["--parameters", "overheadShar,connectorKnowledge"], "unknown model parameter 'overheadShar' (did you mean 'overheadShare'?)"),
              (["--method", "sobol", "--samples", "8"], "--samples 8 is too few for sobol: at least 16 base samples"),
              (["--samples", "2"], "--samples 2 is too few for morris: at least 4 trajectories"),
          ])
    func badInput(_ extra: [String], _ message: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("study")
        let result = try VerbinderBinary.run(["sensitivity", Self.scenario, "--weeks", "4"] + extra + ["--out", out.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
