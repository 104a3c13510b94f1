import Foundation
import Testing
import VerbinderExperiments
import VerbinderTestSupport

@Suite("sweep, results, compare and report on the command line", .serialized)
struct CommandLineTests {
    @Test func aKilledSweepResumesWithoutLosingOrRepeatingRuns() throws {
        let scenario = try Fixtures.scenarioFile().path
        let directory = try Fixtures.directory()
        let interrupted = directory.appendingPathComponent("interrupted").path
        let reference = directory.appendingPathComponent("reference").path
        let arguments = ["sweep", scenario, "--sliders", "internalProcess,residents,communication", "--replications", "4", "--weeks", "6"]
        // The sweep holds once 20 runs are finished (VERBINDER_TEST_HOLD), so the kill always lands mid-sweep
        // however fast the machine is.
        let holding = directory.appendingPathComponent("holding")
        let process = try VerbinderBinary.start(arguments + ["--out", interrupted, "--jobs", "2"], log: directory.appendingPathComponent("log"),
                                                environment: ["VERBINDER_TEST_HOLD": "after=20,file=\(holding.path)"])
        let storePath = interrupted + "/results.sqlite"
        // Both workers stop at their next progress report after 20 finished runs, by which time the two full
        // batches of 8 are committed.
        #expect(waitUntil(timeout: 300) {
            !process.isRunning || (FileManager.default.fileExists(atPath: holding.path)
                                   && ((try? ResultStore.open(storePath).runCount()) ?? 0) >= 16)
        })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the sweep ended before it could be killed")
        let storedBeforeKill = try ResultStore.open(storePath).runCount()
        #expect(storedBeforeKill >= 16 && storedBeforeKill < 108, "runs stored before the kill: \(storedBeforeKill)")
        let afterKill = try ResultStore.open(storePath)
        #expect(try afterKill.consistencyProblems().isEmpty)

        let again = try VerbinderBinary.run(arguments + ["--out", interrupted])
        #expect(again.status == 2 && again.stderr.contains("--resume"))
        let resumed = try VerbinderBinary.run(arguments + ["--out", interrupted, "--resume", "--jobs", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Resumed:"))
        #expect(resumed.stdout.contains("Common random numbers"))
        let full = try VerbinderBinary.run(arguments + ["--out", reference, "--jobs", "1"])
        #expect(full.status == 0, "\(full.stderr)")

        let store = try ResultStore.open(interrupted)
        #expect(try store.runCount() == 27 * 4)
        #expect(Set(try store.completedRuns()).count == 108)
        #expect(try store.consistencyProblems().isEmpty)
        let resumedCSV = try VerbinderBinary.run(["results", interrupted, "--format", "csv"])
        let referenceCSV = try VerbinderBinary.run(["results", reference, "--format", "csv"])
        #expect(resumedCSV.status == 0)
        #expect(resumedCSV.stdout.split(separator: "\n").count > 108 * 30)
        #expect(resumedCSV.stdout == referenceCSV.stdout)

        let resumeOther = try VerbinderBinary.run(["sweep", scenario, "--sliders", "politics", "--out", interrupted, "--resume"])
        #expect(resumeOther.status == 2 && resumeOther.stderr.contains("defined differently"))

        let compare = try VerbinderBinary.run(["compare", "\(reference)#arm=0", "\(reference)#arm=26"])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("Paired over 4 replications with common random numbers"))
        let report = try VerbinderBinary.run(["report", reference, "--metric", "connectedShare"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(FileManager.default.fileExists(atPath: reference + "/report.html"))
    }

    @Test(arguments: [
        (["--vary", "policies.escalation.rout=none,alderman"], "unknown key 'rout' (did you mean 'route'?)"),
        (["--vary", "policies.escalation.route=none,bogus"], "unknown value 'bogus'"),
        (["--sliders", ""], "empty sweep"),
        (["--profiles", "developing,tilde"], "unknown profile 'tilde'"),
    ])
    func badSweepInputExitsTwoAndWritesNothing(extra: [String], message: String) throws {
        let scenario = try Fixtures.scenarioFile().path
        let out = try Fixtures.directory().appendingPathComponent("out").path
        let result = try VerbinderBinary.run(["sweep", scenario, "--replications", "1"] + extra + ["--out", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unwritableOutputIsAClearErrorAndNothingIsWritten() throws {
        let scenario = try Fixtures.scenarioFile().path
        let directory = try Fixtures.directory()
        let file = directory.appendingPathComponent("a-file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        for out in [file.path, file.path + "/sub"] {
            let result = try VerbinderBinary.run(["sweep", scenario, "--sliders", "residents", "--replications", "1", "--out", out])
            #expect(result.status == 2)
            #expect(result.stderr.contains(out) && result.stderr.contains("cannot"), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a-file"])
        let report = try VerbinderBinary.run(["report", directory.path])
        #expect(report.status == 2 && report.stderr.contains("no result store here"))
    }

    @Test func compareTwoScenarioFilesOnAKnownDifference() throws {
        let none = try Fixtures.scenarioFile(Fixtures.tinyScenario.replacingOccurrences(of: "route: clusterManager", with: "route: none")).path
        let alderman = try Fixtures.scenarioFile(Fixtures.tinyScenario.replacingOccurrences(
            of: "route: clusterManager, trigger: afterRefusal, reluctance: 0.5", with: "route: alderman, trigger: afterRefusal, reluctance: 0")).path
        let result = try VerbinderBinary.run(["compare", none, alderman, "--replications", "4", "--weeks", "26", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let differences = try #require(json["differences"] as? [[String: Any]])
        let escalations = try #require(differences.first { $0["metric"] as? String == "escalations" })
        #expect(escalations["meanA"] as? Double == 0)
        #expect((escalations["difference"] as? Double ?? 0) > 0)
        #expect(escalations["significant"] as? Bool == true)
        #expect(json["pairedReplications"] as? Int == 4)
    }
}
