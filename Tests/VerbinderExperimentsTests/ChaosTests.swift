import Foundation
import Testing
import VerbinderCore
import VerbinderExperiments
import VerbinderTestSupport

/// kill -9 at seeded random points of `sweep` and `simulate`, each point reached by waiting on an event
/// (a file the process makes), never on a sleep: afterwards `--out` holds nothing partial and `--resume`
/// neither loses nor repeats a run.
@Suite("chaos: kill -9 at seeded random points", .serialized)
struct ChaosTests {
    static let seed: UInt64 = 20_261_130
    static let sweepArguments = ["--sliders", "residents", "--replications", "4", "--weeks", "6", "--jobs", "2"]

    @Test func killedSweepsResumeWithoutLosingOrRepeatingRuns() throws {
        var random = Xoshiro256(seed: Self.seed, stream: streamLabel("chaos-sweep"))
        let scenario = try Fixtures.scenarioFile().path
        let directory = try Fixtures.directory()
        let reference = directory.appendingPathComponent("reference").path
        let full = try VerbinderBinary.run(["sweep", scenario] + Self.sweepArguments + ["--out", reference])
        #expect(full.status == 0, "\(full.stderr)")
        let expected = try Fixtures.metricLines(try ResultStore.open(reference))
        for trial in 0 ..< 6 {
            let out = directory.appendingPathComponent("trial-\(trial)").path
            let marker = directory.appendingPathComponent("held-\(trial)").path
            // A kill point: while the store is being created (its temporary file appears), or once a seeded
            // number of the 12 runs has finished (the sweep's test hold makes a file there and waits).
            let runs = random.nextIndex(below: 13) - 1
            var environment: [String: String] = [:]
            if runs >= 0 { environment["VERBINDER_TEST_HOLD"] = "after=\(runs),file=\(marker)" }
            let process = try VerbinderBinary.start(["sweep", scenario] + Self.sweepArguments + ["--out", out],
                                                    log: directory.appendingPathComponent("log-\(trial)"), environment: environment)
            let reached = waitUntil(timeout: 300, interval: 0.002) {
                if !process.isRunning { return true }
                if runs >= 0 { return FileManager.default.fileExists(atPath: marker) }
                let names = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
                return names.contains { $0.hasPrefix("results.sqlite.creating-") || $0 == "results.sqlite" }
            }
            #expect(reached, "trial \(trial): the kill point was never reached")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            // Nothing partial: at most the store (consistent) and the lock file of the killed process.
            let left = Set((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? [])
            #expect(left.isSubset(of: ["results.sqlite", "results.sqlite-wal", "results.sqlite-shm", ".results.sqlite.lock"])
                    || left.contains { $0.hasPrefix("results.sqlite.creating-") }, "trial \(trial): \(left)")
            if left.contains("results.sqlite") {
                #expect(try ResultStore.open(out).consistencyProblems().isEmpty, "trial \(trial)")
            }
            let resumed = try VerbinderBinary.run(["sweep", scenario] + Self.sweepArguments + ["--out", out, "--resume"])
            #expect(resumed.status == 0, "trial \(trial) (killed after \(runs) runs): \(resumed.stderr)")
            let store = try ResultStore.open(out)
            let stored = try store.completedRuns()
            #expect(stored.count == 12 && Set(stored).count == 12, "trial \(trial): \(stored.count) runs stored")
            #expect(try Fixtures.metricLines(store) == expected, "trial \(trial): the resumed results differ")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["results.sqlite"], "trial \(trial)")
        }
    }

    @Test func killedSimulationsLeaveTheOldResultsOrTheNewOnesWhole() throws {
        var random = Xoshiro256(seed: Self.seed, stream: streamLabel("chaos-simulate"))
        let scenario = try Fixtures.scenarioFile().path
        let directory = try Fixtures.directory()
        let out = directory.appendingPathComponent("run").path
        let arguments = ["simulate", scenario, "--replications", "3", "--weeks", "8", "--out", out]
        let first = try VerbinderBinary.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let expected = try Self.files(out)
        for trial in 0 ..< 6 {
            // A kill point: at once, when the staging copy appears, when a result file is in it, or when the
            // old results have been moved aside.
            let point = random.nextIndex(below: 4)
            let process = try VerbinderBinary.start(arguments, log: directory.appendingPathComponent("log-\(trial)"))
            let staging = ".run.partial-\(process.processIdentifier)", previous = ".run.previous-\(process.processIdentifier)"
            _ = waitUntil(timeout: 300, interval: 0.001) {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
                switch point {
                case 0: return true
                case 1: return !process.isRunning || names.contains(staging)
                case 2: return !process.isRunning
                    || FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(staging)/summary.json").path)
                default: return !process.isRunning || names.contains(previous)
                }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // The results are whole (the old ones, or the new ones, which are the same numbers), or, when the
            // process died between its two renames, set aside whole and put back by the next run.
            if FileManager.default.fileExists(atPath: out) {
                #expect(try Self.files(out) == expected, "trial \(trial) (point \(point)): results are partial")
            } else {
                #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(previous).path), "trial \(trial)")
            }
            let again = try VerbinderBinary.run(arguments)
            #expect(again.status == 0, "trial \(trial): \(again.stderr)")
            #expect(try Self.files(out) == expected, "trial \(trial)")
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(!names.contains { $0.hasPrefix(".run.") }, "trial \(trial): leftovers \(names)")
        }
    }

    /// The result files of a simulation directory with their contents.
    static func files(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
        #expect(files.keys.sorted() == ["outcome-graph.json", "summary.csv", "summary.json", "timeseries.csv"])
        return files
    }
}
