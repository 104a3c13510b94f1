import Foundation
import GRDB
import Testing
import VerbinderTestSupport
import VerbinderCore
import VerbinderExperiments

/// Concurrent writers, odd `--out` values, leftovers of killed processes, and inputs that must stay untouched.
@Suite("output safety: locks, odd --out values, leftovers, read-only inputs", .serialized)
struct OutputSafetyTests {
    static let tinySweep = ["--sliders", "residents", "--replications", "1", "--weeks", "2", "--jobs", "1"]

    @Test func concurrentSweepsIntoOneNewOutNeverDeleteTheWinnersStore() throws {
        let scenario = try Fixtures.scenarioFile().path
        let directory = try Fixtures.directory()
        for pair in 0 ..< 6 {
            let out = directory.appendingPathComponent("pair-\(pair)/out").path
            let arguments = ["sweep", scenario] + Self.tinySweep + ["--out", out]
            let logs = (0 ..< 2).map { directory.appendingPathComponent("pair-\(pair)-\($0).log") }
            let processes = try logs.map { try VerbinderBinary.start(arguments, log: $0) }
            for process in processes { process.waitUntilExit() }
            let statuses = processes.map(\.terminationStatus).sorted()
            let messages = try logs.map { try String(contentsOf: $0, encoding: .utf8) }
            #expect(statuses == [0, 2], "pair \(pair): \(messages)")
            let loser = messages[processes[0].terminationStatus == 2 ? 0 : 1]
            #expect(loser.contains("another verbinder process") || loser.contains("already stored"), "\(loser)")
            #expect(!loser.contains("UNIQUE constraint"))
            let store = try ResultStore.open(out)
            #expect(try store.runCount() == 3, "pair \(pair): the winner's store lost runs")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["results.sqlite"])
        }
    }

    @Test func aSweepAndAConcurrentResumeOfOneStoreGetAClearMessage() throws {
        let scenario = try Fixtures.scenarioFile().path
        let out = try Fixtures.directory().appendingPathComponent("out").path
        let first = try VerbinderBinary.run(["sweep", scenario] + Self.tinySweep + ["--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        // This test process holds the store's lock, as a running sweep does.
        let lock = try ResultStore.lock(out + "/results.sqlite")
        defer { lock.release() }
        for extra in [["--resume"], []] {
            let second = try VerbinderBinary.run(["sweep", scenario] + Self.tinySweep + ["--out", out] + extra)
            #expect(second.status == 2)
            #expect(second.stderr.contains("another verbinder process (process \(getpid())) is writing this result store"), "\(second.stderr)")
        }
        lock.release()
        #expect(try ResultStore.open(out).runCount() == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["results.sqlite"])
    }

    @Test func theRootAndEmptyPathsAreNoOutputs() {
        #expect(outputLocationProblem("/") != nil)
        #expect(outputLocationProblem("  ") != nil)
        #expect(outputLocationProblem(FileManager.default.currentDirectoryPath + "/new-folder") == nil)
    }

    @Test(arguments: ["", ".", "..", "./", "sub/.."])
    func anOutputThatIsTheWorkingDirectoryOrAParentIsRefused(out: String) throws {
        let directory = try Fixtures.directory()
        let working = directory.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: working.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "keep".write(to: working.appendingPathComponent("marker.txt"), atomically: true, encoding: .utf8)
        try "keep".write(to: directory.appendingPathComponent("parent-marker.txt"), atomically: true, encoding: .utf8)
        let scenario = try Fixtures.scenarioFile().path
        for arguments in [["simulate", scenario, "--replications", "1", "--weeks", "2", "--out", out],
                          ["sweep", scenario] + Self.tinySweep + ["--out", out]] {
            let result = try VerbinderBinary.run(arguments, in: working)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("--out"), "\(result.stderr)")
            #expect(FileManager.default.fileExists(atPath: working.appendingPathComponent("marker.txt").path))
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("parent-marker.txt").path))
            #expect(try FileManager.default.contentsOfDirectory(atPath: working.path).sorted() == ["marker.txt", "sub"])
        }
    }

    @Test func aFileOutputThatIsADirectoryIsRefusedClearly() throws {
        let scenario = try Fixtures.scenarioFile().path
        let directory = try Fixtures.directory()
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("pictures"), withIntermediateDirectories: true)
        for out in [".", "pictures"] {
            let result = try VerbinderBinary.run(["render", scenario, "--out", out], in: directory)
            #expect(result.status == 2)
            #expect(result.stderr.contains("--out \(out) is"), "\(result.stderr)")
            #expect(!result.stderr.contains("URL type"))
        }
    }

    @Test func temporariesOfKilledProcessesAreRemovedAndInterruptedSwapsRestored() throws {
        let dead = try Self.deadProcessID()
        let scenario = try Fixtures.scenarioFile().path
        let directory = try Fixtures.directory()
        // A sweep killed while creating its store.
        let sweepOut = directory.appendingPathComponent("sweep")
        try FileManager.default.createDirectory(at: sweepOut, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] {
            try "x".write(to: sweepOut.appendingPathComponent("results.sqlite.creating-\(dead)\(suffix)"), atomically: false, encoding: .utf8)
        }
        let sweep = try VerbinderBinary.run(["sweep", scenario] + Self.tinySweep + ["--out", sweepOut.path])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sweepOut.path) == ["results.sqlite"])

        // A simulation killed while swapping its results in: the staging copy and the previous results.
        let partial = directory.appendingPathComponent(".katwijk.partial-\(dead)")
        let previous = directory.appendingPathComponent(".katwijk.previous-\(dead)")
        for folder in [partial, previous] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try "mine".write(to: previous.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("katwijk").path
        let simulate = try VerbinderBinary.run(["simulate", scenario, "--replications", "1", "--weeks", "2", "--out", out])
        #expect(simulate.status == 0, "\(simulate.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["katwijk", "sweep"])
        // The interrupted swap's results were put back, so what the user kept there is carried over.
        #expect(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8) == "mine")
        #expect(FileManager.default.fileExists(atPath: out + "/summary.json"))
    }

    @Test func readingCommandsNeverWriteTheStoreTheyRead() throws {
        let scenario = try Fixtures.scenarioFile().path
        let directory = try Fixtures.directory()
        let out = directory.appendingPathComponent("out").path
        let sweep = try VerbinderBinary.run(["sweep", scenario] + Self.tinySweep + ["--out", out])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let store = out + "/results.sqlite"
        // A store as copied off a cluster: rollback journal, no -wal beside it.
        try DatabaseQueue(path: store).writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        #expect(Self.journalIsWAL(before) == false)
        let results = try VerbinderBinary.run(["results", store])
        #expect(results.status == 0, "\(results.stderr)")
        let report = try VerbinderBinary.run(["report", store, "--out", directory.appendingPathComponent("report.html").path])
        #expect(report.status == 0, "\(report.stderr)")
        let merged = directory.appendingPathComponent("merged.sqlite").path
        let merge = try VerbinderBinary.run(["merge", store, "--out", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(firstDifference(try Data(contentsOf: URL(fileURLWithPath: store)), before) == nil, "a reading command rewrote the store")

        let empty = directory.appendingPathComponent("empty.sqlite")
        FileManager.default.createFile(atPath: empty.path, contents: Data())
        for arguments in [["results", empty.path], ["report", empty.path], ["merge", empty.path, "--out", merged + "-2"]] {
            let result = try VerbinderBinary.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains("not a Verbinder result store"), "\(result.stderr)")
            #expect(try Data(contentsOf: empty).isEmpty, "\(arguments) wrote into the empty file")
        }
    }

    /// Whether a SQLite file's header says WAL (file format versions 2 at bytes 18 and 19).
    static func journalIsWAL(_ data: Data) -> Bool { data.count > 19 && data[18] == 2 && data[19] == 2 }

    /// The id of a process that has ended (and been reaped).
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let pid = process.processIdentifier
        #expect(!processIsAlive(pid))
        return pid
    }
}
