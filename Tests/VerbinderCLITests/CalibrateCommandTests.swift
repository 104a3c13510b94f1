import Foundation
import Testing
import VerbinderTestSupport

/// `verbinder calibrate` end to end: a short ABC-SMC run on a shipped case, --jobs independence, bad input.
@Suite("calibrate command")
struct CalibrateCommandTests {
    static let arguments = ["calibrate", "scenarios/maassluis.yaml", "--observed", "scenarios/observations/maassluis.yaml",
                            "--particles", "12", "--generations", "2", "--weeks", "4"]

    @Test("a short calibration writes the posterior and predictive intervals, identical for 1 and 3 jobs")
    func shortCalibration() throws {
        let folder = try TemporaryFolder.make("verbinder-calibrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        var posteriors: [String] = []
        for jobs in ["1", "3"] {
            let out = folder.appendingPathComponent("jobs-\(jobs)")
            let result = try VerbinderBinary.run(Self.arguments + ["--jobs", jobs, "--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Posterior (median and 90% credible interval") && result.stdout.contains("fixer.fromResidents"))
            #expect(result.stdout.contains("source: Buzing 2024 master thesis"))
            let posterior = try String(contentsOf: out.appendingPathComponent("posterior.csv"), encoding: .utf8)
            #expect(posterior.hasPrefix("weight,distance,residentRequestRate.entrepreneur,") && posterior.split(separator: "\n").count == 13)
            posteriors.append(posterior)
        }
        #expect(posteriors[0] == posteriors[1])
    }

    @Test("a calibration killed after a generation resumes from it with the uninterrupted result")
    func killedCalibrationResumes() throws {
        let folder = try TemporaryFolder.make("verbinder-calibrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let interrupted = folder.appendingPathComponent("interrupted"), whole = folder.appendingPathComponent("whole")
        // Holds once the prior sample and generation 1 are stored, so the kill lands between generations.
        let holding = folder.appendingPathComponent("holding")
        let process = try VerbinderBinary.start(Self.arguments + ["--jobs", "2", "--out", interrupted.path], log: folder.appendingPathComponent("log"),
                                                environment: ["VERBINDER_TEST_HOLD": "after=2,file=\(holding.path)"])
        #expect(waitUntil(timeout: 300) { !process.isRunning || FileManager.default.fileExists(atPath: holding.path) })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the calibration ended before it could be killed")
        #expect(!FileManager.default.fileExists(atPath: interrupted.appendingPathComponent("posterior.csv").path))
        let again = try VerbinderBinary.run(Self.arguments + ["--out", interrupted.path])
        #expect(again.status == 2 && again.stderr.contains("--resume"), "\(again.stderr)")
        let other = try VerbinderBinary.run(Self.arguments + ["--seed", "99", "--out", interrupted.path, "--resume"])
        #expect(other.status == 2 && other.stderr.contains("defined differently"), "\(other.stderr)")
        let resumed = try VerbinderBinary.run(Self.arguments + ["--jobs", "3", "--out", interrupted.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Resumed: 2 generations were already stored"), "\(resumed.stdout)")
        #expect(!resumed.stderr.contains("generation 1:") && resumed.stderr.contains("generation 2:"), "\(resumed.stderr)")
        let reference = try VerbinderBinary.run(Self.arguments + ["--jobs", "1", "--out", whole.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = try String(contentsOf: whole.appendingPathComponent("posterior.csv"), encoding: .utf8)
        #expect(try String(contentsOf: interrupted.appendingPathComponent("posterior.csv"), encoding: .utf8) == expected)
    }

    static let rejection = ["calibrate", "scenarios/maassluis.yaml", "--observed", "scenarios/observations/maassluis.yaml",
                            "--method", "rejection", "--particles", "10", "--weeks", "4"]

    /// What a calibration printed from its generations on (the result; not the run's own lines).
    static func summary(_ stdout: String) -> String {
        let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.drop { !$0.hasPrefix("Generations:") }.filter { !$0.hasPrefix("Results:") && !$0.hasPrefix("Merged ") }.joined(separator: "\n")
    }

    @Test("rejection in three shards merged gives the posterior of one process byte for byte; a missing shard is named")
    func shardedRejectionEqualsWhole() throws {
        let folder = try TemporaryFolder.make("verbinder-calibrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = folder.appendingPathComponent("whole"), sharded = folder.appendingPathComponent("sharded")
        let reference = try VerbinderBinary.run(Self.rejection + ["--jobs", "2", "--out", whole.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        for index in 0 ..< 3 {
            let shard = try VerbinderBinary.run(Self.rejection + ["--jobs", "2", "--out", sharded.path, "--shard", "\(index)/3"])
            #expect(shard.status == 0, "\(shard.stderr)")
            #expect(shard.stdout.contains("Running shard \(index) of 3:") && shard.stdout.contains("verbinder merge"), "\(shard.stdout)")
            #expect(!FileManager.default.fileExists(atPath: sharded.appendingPathComponent("results.sqlite").path))
            if index == 1 {
                let early = try VerbinderBinary.run(["merge", sharded.appendingPathComponent("draws-0-of-3.sqlite").path,
                                                     sharded.appendingPathComponent("draws-1-of-3.sqlite").path, "--out", sharded.path])
                #expect(early.status == 2 && early.stderr.contains("owed by draws-2-of-3.sqlite"), "\(early.stderr)")
                #expect(!FileManager.default.fileExists(atPath: sharded.appendingPathComponent("results.sqlite").path))
                // A finished shard resumed runs nothing.
                let resumed = try VerbinderBinary.run(Self.rejection + ["--out", sharded.path, "--shard", "1/3", "--resume"])
                #expect(resumed.status == 0 && resumed.stdout.contains("Resumed: 16 prior draws were already stored; ran the other 0."),
                        "\(resumed.stdout)\(resumed.stderr)")
            }
        }
        let stores = (0 ..< 3).map { sharded.appendingPathComponent("draws-\($0)-of-3.sqlite").path }
        let merged = try VerbinderBinary.run(["merge"] + stores + ["--out", sharded.path])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("Merged 3 calibration draw stores"))
        let expected = try Data(contentsOf: whole.appendingPathComponent("posterior.csv"))
        #expect(try Data(contentsOf: sharded.appendingPathComponent("posterior.csv")) == expected)
        #expect(String(decoding: expected, as: UTF8.self).split(separator: "\n").count == 11)
        #expect(Self.summary(merged.stdout) == Self.summary(reference.stdout) && Self.summary(reference.stdout).contains("Posterior (median"))
    }

    @Test("a rejection calibration killed mid-run resumes without repeating or losing a draw")
    func killedRejectionResumes() throws {
        let folder = try TemporaryFolder.make("verbinder-calibrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let interrupted = folder.appendingPathComponent("interrupted"), whole = folder.appendingPathComponent("whole")
        // Holds once 7 draws are stored (one job: exactly 7), so the kill lands mid-run however fast the machine is.
        let holding = folder.appendingPathComponent("holding")
        let process = try VerbinderBinary.start(Self.rejection + ["--jobs", "1", "--out", interrupted.path], log: folder.appendingPathComponent("log"),
                                                environment: ["VERBINDER_TEST_HOLD": "after=7,file=\(holding.path)"])
        #expect(waitUntil(timeout: 300) { !process.isRunning || FileManager.default.fileExists(atPath: holding.path) })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the calibration ended before it could be killed")
        #expect(!FileManager.default.fileExists(atPath: interrupted.appendingPathComponent("posterior.csv").path))
        let again = try VerbinderBinary.run(Self.rejection + ["--out", interrupted.path])
        #expect(again.status == 2 && again.stderr.contains("--resume"), "\(again.stderr)")
        let other = try VerbinderBinary.run(Self.rejection + ["--seed", "99", "--out", interrupted.path, "--resume"])
        #expect(other.status == 2 && other.stderr.contains("defined differently"), "\(other.stderr)")
        let resumed = try VerbinderBinary.run(Self.rejection + ["--jobs", "3", "--out", interrupted.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Resumed: 7 prior draws were already stored; ran the other 43."), "\(resumed.stdout)")
        let reference = try VerbinderBinary.run(Self.rejection + ["--jobs", "2", "--out", whole.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = try Data(contentsOf: whole.appendingPathComponent("posterior.csv"))
        #expect(try Data(contentsOf: interrupted.appendingPathComponent("posterior.csv")) == expected)
        // An ABC-SMC calibration is not started over a rejection calibration's directory, nor the other way round.
        let mixed = try VerbinderBinary.run(Self.arguments + ["--out", interrupted.path])
        #expect(mixed.status == 2 && mixed.stderr.contains("not empty"), "\(mixed.stderr)")
    }

    @Test("ABC-SMC in three shards, merged batch by batch, gives the posterior of one process byte for byte")
    func shardedABCSMCEqualsWhole() throws {
        let folder = try TemporaryFolder.make("verbinder-calibrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = folder.appendingPathComponent("whole"), sharded = folder.appendingPathComponent("sharded")
        let reference = try VerbinderBinary.run(Self.arguments + ["--jobs", "2", "--out", whole.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        let stores = (0 ..< 3).map { sharded.appendingPathComponent("draws-\($0)-of-3.sqlite").path }
        var rounds = 0
        var merged: ProcessResult?
        while !FileManager.default.fileExists(atPath: sharded.appendingPathComponent("posterior.csv").path) && rounds < 60 {
            for index in [2, 0, 1] {
                let shard = try VerbinderBinary.run(Self.arguments + ["--jobs", "2", "--out", sharded.path, "--shard", "\(index)/3", "--resume"])
                #expect(shard.status == 0, "\(shard.stderr)")
                #expect(shard.stdout.contains("Running shard \(index) of 3: ") && shard.stdout.contains("proposals"), "\(shard.stdout)")
            }
            let merge = try VerbinderBinary.run(["merge"] + stores + ["--out", sharded.path])
            #expect(merge.status == 0, "\(merge.stderr)")
            merged = merge
            rounds += 1
        }
        #expect(rounds >= 3, "generation 0, 1 and 2 take a round each at least")
        #expect(merged?.stdout.contains("Merged 3 calibration draw stores") == true)
        #expect(Self.summary(merged?.stdout ?? "") == Self.summary(reference.stdout))
        let expected = try Data(contentsOf: whole.appendingPathComponent("posterior.csv"))
        #expect(try Data(contentsOf: sharded.appendingPathComponent("posterior.csv")) == expected)
        // A shard run after the end has nothing to do.
        let after = try VerbinderBinary.run(Self.arguments + ["--out", sharded.path, "--shard", "0/3", "--resume"])
        #expect(after.status == 0 && after.stdout.contains("Nothing to run: the calibration has ended"), "\(after.stdout)")
    }

    @Test("a bad shard: exit 2 saying why, nothing written",
          arguments: [(["--shard", "2/2"], "--shard expects I/N"), (["--method", "rejection", "--shard", "1/0"], "--shard expects I/N")])
    func badShard(_ extra: [String], _ message: String) throws {
        let folder = try TemporaryFolder.make("verbinder-calibrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try VerbinderBinary.run(Self.arguments + extra + ["--out", folder.appendingPathComponent("c").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("every shipped observation file is valid")
    func shippedObservationsAreValid() throws {
        for name in ["katwijk", "leidschendam-voorburg", "maassluis"] {
            let folder = try TemporaryFolder.make("verbinder-calibrate")
            defer { try? FileManager.default.removeItem(at: folder) }
            let result = try VerbinderBinary.run(["calibrate", "scenarios/\(name).yaml", "--observed", "scenarios/observations/\(name).yaml",
                                                  "--particles", "10", "--generations", "1", "--weeks", "2", "--out", folder.appendingPathComponent("c").path])
            #expect(result.status == 0, "\(name): \(result.stderr)")
        }
    }

    @Test("a bad observation file: exit 2 with file:line, nothing written")
    func badObservations() throws {
        let file = try TemporaryFolder.file("obs.yaml", "targets:\n  - output: utilisaton\n    interval: [0.8, 1]\n    source: x\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let out = file.deletingLastPathComponent().appendingPathComponent("out")
        let result = try VerbinderBinary.run(["calibrate", "scenarios/maassluis.yaml", "--observed", file.path, "--out", out.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("obs.yaml:2:13: error: targets[0].output: unknown output 'utilisaton' (did you mean 'utilisation'?)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
