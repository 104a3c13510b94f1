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
              (["--method", "sobol", "--samples", "8"], "--samples: error: 8 base samples are too few for sobol: at least 16"),
              (["--samples", "2"], "--samples: error: 2 trajectories are too few for morris: at least 4"),
              (["--levels", "3"], "--levels: error: Morris grid levels must be even and at least 2, not 3"),
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

    /// Every file of a study's index tables (SALib-layout CSV per output) and the design and outputs, by name.
    static func indexFiles(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["samples.csv", "outputs.csv"] { files[name] = try Data(contentsOf: directory.appendingPathComponent(name)) }
        let morris = directory.appendingPathComponent("morris")
        for name in try FileManager.default.contentsOfDirectory(atPath: morris.path) {
            files["morris/" + name] = try Data(contentsOf: morris.appendingPathComponent(name))
        }
        return files
    }

    @Test("three shards merged give index tables byte-identical to one process; a missing shard is named")
    func shardedAndMergedEqualsWhole() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = folder.appendingPathComponent("whole"), sharded = folder.appendingPathComponent("sharded")
        let reference = try VerbinderBinary.run(Self.small + ["--jobs", "2", "--out", whole.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        for index in 0 ..< 3 {
            let shard = try VerbinderBinary.run(Self.small + ["--jobs", "2", "--out", sharded.path, "--shard", "\(index)/3"])
            #expect(shard.status == 0, "\(shard.stderr)")
            #expect(shard.stdout.contains("Running shard \(index) of 3:") && shard.stdout.contains("verbinder merge"))
            #expect(!FileManager.default.fileExists(atPath: sharded.appendingPathComponent("results.sqlite").path))
            if index == 1 {
                let early = try VerbinderBinary.run(["merge", sharded.appendingPathComponent("evaluations-0-of-3.sqlite").path,
                                                     sharded.appendingPathComponent("evaluations-1-of-3.sqlite").path, "--out", sharded.path])
                #expect(early.status == 2 && early.stderr.contains("owed by evaluations-2-of-3.sqlite"), "\(early.stderr)")
                #expect(!FileManager.default.fileExists(atPath: sharded.appendingPathComponent("results.sqlite").path))
            }
        }
        let stores = (0 ..< 3).map { sharded.appendingPathComponent("evaluations-\($0)-of-3.sqlite").path }
        let merged = try VerbinderBinary.run(["merge"] + stores + ["--out", sharded.path])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("Merged 3 study stores"))
        let expected = try Self.indexFiles(whole), actual = try Self.indexFiles(sharded)
        #expect(expected.count > 20 && expected == actual)
        // A shard of another study is refused.
        let other = folder.appendingPathComponent("other")
        let otherShard = try VerbinderBinary.run(Self.small + ["--seed", "8", "--out", other.path, "--shard", "2/3"])
        #expect(otherShard.status == 0, "\(otherShard.stderr)")
        let mixed = try VerbinderBinary.run(["merge", stores[0], stores[1], other.appendingPathComponent("evaluations-2-of-3.sqlite").path,
                                             "--out", other.path])
        #expect(mixed.status == 2 && mixed.stderr.contains("another study"), "\(mixed.stderr)")
    }

    @Test("a study killed while it runs resumes without repeating or losing a design point")
    func killedStudyResumes() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let interrupted = folder.appendingPathComponent("interrupted"), whole = folder.appendingPathComponent("whole")
        // The study holds once 6 runs (3 design points of 2 replications) are stored, so the kill always lands
        // mid-study however fast the machine is.
        let holding = folder.appendingPathComponent("holding")
        let process = try VerbinderBinary.start(Self.small + ["--jobs", "1", "--out", interrupted.path], log: folder.appendingPathComponent("log"),
                                                environment: ["VERBINDER_TEST_HOLD": "after=6,file=\(holding.path)"])
        #expect(waitUntil(timeout: 300) { !process.isRunning || FileManager.default.fileExists(atPath: holding.path) })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the study ended before it could be killed")
        #expect(!FileManager.default.fileExists(atPath: interrupted.appendingPathComponent("results.sqlite").path))

        let again = try VerbinderBinary.run(Self.small + ["--out", interrupted.path])
        #expect(again.status == 2 && again.stderr.contains("--resume"), "\(again.stderr)")
        let otherDefinition = try VerbinderBinary.run(Self.small + ["--seed", "8", "--out", interrupted.path, "--resume"])
        #expect(otherDefinition.status == 2 && otherDefinition.stderr.contains("defined differently"), "\(otherDefinition.stderr)")
        let resumed = try VerbinderBinary.run(Self.small + ["--jobs", "2", "--out", interrupted.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Resumed: 3 design points were already stored; ran the other 13."), "\(resumed.stdout)")
        let reference = try VerbinderBinary.run(Self.small + ["--jobs", "3", "--out", whole.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = try Self.indexFiles(whole), actual = try Self.indexFiles(interrupted)
        #expect(expected.count > 20 && expected == actual)
    }
}
