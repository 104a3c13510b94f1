import Foundation
import Testing
import VerbinderExperiments

/// Runs the built `verbinder` binary: `$VERBINDER_BINARY` (set by `make test`), else `.build/debug/verbinder`.
enum Binary {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path() throws -> String {
        if let path = ProcessInfo.processInfo.environment["VERBINDER_BINARY"], !path.isEmpty { return path }
        let fallback = root.appendingPathComponent(".build/debug/verbinder").path
        guard FileManager.default.isExecutableFile(atPath: fallback) else {
            throw InputErrorLike("no verbinder binary: set VERBINDER_BINARY (make test does) or build \(fallback)")
        }
        return fallback
    }

    struct InputErrorLike: Error, CustomStringConvertible { var description: String; init(_ d: String) { description = d } }

    /// Starts the binary; output goes to files so a killed process leaves readable logs.
    static func start(_ arguments: [String], log: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Runs the binary to the end: (status, stdout, stderr).
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errData = LockedData()
        let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errData.get() == nil { usleep(1000) }
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: errData.get()!, as: UTF8.self))
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data? { lock.withLock { data } }
}

@Suite("sweep, results, compare and report on the command line", .serialized)
struct CommandLineTests {
    @Test func aKilledSweepResumesWithoutLosingOrRepeatingRuns() throws {
        let scenario = try Fixtures.scenarioFile().path
        let directory = try Fixtures.directory()
        let interrupted = directory.appendingPathComponent("interrupted").path
        let reference = directory.appendingPathComponent("reference").path
        let arguments = ["sweep", scenario, "--sliders", "internalProcess,residents,communication", "--replications", "4", "--weeks", "6"]
        let process = try Binary.start(arguments + ["--out", interrupted, "--jobs", "2"], log: directory.appendingPathComponent("log"))
        let storePath = interrupted + "/results.sqlite"
        var storedBeforeKill = 0
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            if FileManager.default.fileExists(atPath: storePath), let store = try? ResultStore.open(storePath),
               let count = try? store.runCount(), count >= 12 {
                storedBeforeKill = count
                break
            }
            usleep(10_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the sweep finished before it could be killed")
        #expect(storedBeforeKill >= 12 && storedBeforeKill < 108)
        let afterKill = try ResultStore.open(storePath)
        #expect(try afterKill.consistencyProblems().isEmpty)

        let again = try Binary.run(arguments + ["--out", interrupted])
        #expect(again.status == 2 && again.stderr.contains("--resume"))
        let resumed = try Binary.run(arguments + ["--out", interrupted, "--resume", "--jobs", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Resumed:"))
        #expect(resumed.stdout.contains("Common random numbers"))
        let full = try Binary.run(arguments + ["--out", reference, "--jobs", "1"])
        #expect(full.status == 0, "\(full.stderr)")

        let store = try ResultStore.open(interrupted)
        #expect(try store.runCount() == 27 * 4)
        #expect(Set(try store.completedRuns()).count == 108)
        #expect(try store.consistencyProblems().isEmpty)
        let resumedCSV = try Binary.run(["results", interrupted, "--format", "csv"])
        let referenceCSV = try Binary.run(["results", reference, "--format", "csv"])
        #expect(resumedCSV.status == 0)
        #expect(resumedCSV.stdout.split(separator: "\n").count > 108 * 30)
        #expect(resumedCSV.stdout == referenceCSV.stdout)

        let resumeOther = try Binary.run(["sweep", scenario, "--sliders", "politics", "--out", interrupted, "--resume"])
        #expect(resumeOther.status == 2 && resumeOther.stderr.contains("defined differently"))

        let compare = try Binary.run(["compare", "\(reference)#arm=0", "\(reference)#arm=26"])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("Paired over 4 replications with common random numbers"))
        let report = try Binary.run(["report", reference, "--metric", "connectedShare"])
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
        let result = try Binary.run(["sweep", scenario, "--replications", "1"] + extra + ["--out", out])
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
            let result = try Binary.run(["sweep", scenario, "--sliders", "residents", "--replications", "1", "--out", out])
            #expect(result.status == 2)
            #expect(result.stderr.contains(out) && result.stderr.contains("cannot"), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a-file"])
        let report = try Binary.run(["report", directory.path])
        #expect(report.status == 2 && report.stderr.contains("no result store here"))
    }

    @Test func compareTwoScenarioFilesOnAKnownDifference() throws {
        let none = try Fixtures.scenarioFile(Fixtures.tinyScenario.replacingOccurrences(of: "route: clusterManager", with: "route: none")).path
        let alderman = try Fixtures.scenarioFile(Fixtures.tinyScenario.replacingOccurrences(
            of: "route: clusterManager, trigger: afterRefusal, reluctance: 0.5", with: "route: alderman, trigger: afterRefusal, reluctance: 0")).path
        let result = try Binary.run(["compare", none, alderman, "--replications", "4", "--format", "json"])
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
