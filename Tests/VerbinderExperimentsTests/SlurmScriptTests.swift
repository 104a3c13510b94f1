import Foundation
import Testing
import VerbinderTestSupport
import VerbinderExperiments

/// Values written into Slurm scripts can never add a line or a command of their own.
@Suite("Slurm scripts with hostile values", .serialized)
struct SlurmScriptTests {
    static let hostile = [
        "a\ntouch PWNED", "x'; touch PWNED; '", "$(touch PWNED)", "`touch PWNED`", "a\r\ntouch PWNED", "tab\there",
        "back\\slash\\n", "quote\"d", "\u{1b}[31mred", "line\u{2028}separator", "ünïcode ✓", "", " lead and trail ",
        "new\n\nlines\n", "#SBATCH --wrap=touch PWNED", "a\nexec touch PWNED",
    ]

    @Test func everyHostileArgumentReachesTheCommandIntactAndNothingElseRuns() throws {
        let directory = try Fixtures.directory()
        let recorder = directory.appendingPathComponent("record-arguments")
        // A stand-in for verbinder that records its arguments, one per NUL-terminated field.
        try """
            #!/usr/bin/env bash
            printf '%s\\0' "$@" > "\(directory.path)/arguments"
            """.write(to: recorder, atomically: true, encoding: .utf8)
        #expect(chmod(recorder.path, 0o755) == 0)
        let out = directory.appendingPathComponent("out").path
        let arguments = ["scenario.yaml"] + Self.hostile.flatMap { ["--vary", "description=\($0)"] }
        let job = SlurmJob(arguments: arguments, executable: recorder.path, workingDirectory: directory.path,
                           outDirectory: out, shards: 2, partition: nil, time: nil, cpusPerTask: 1,
                           command: shellQuoted(["verbinder", "slurm"] + arguments))
        let paths = try job.write()
        for script in paths {
            let text = try String(contentsOfFile: script, encoding: .utf8)
            #expect(!text.contains("\ntouch") && !text.contains("\nexec touch") && !text.contains("\n#SBATCH --wrap"), "\(script)")
        }
        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = [paths[0]]
        bash.currentDirectoryURL = directory
        bash.environment = ["SLURM_ARRAY_TASK_ID": "1", "PATH": "/usr/bin:/bin"]
        bash.standardOutput = FileHandle.nullDevice
        try bash.run()
        bash.waitUntilExit()
        #expect(bash.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("PWNED").path), "a value ran a command")
        let recorded = try Data(contentsOf: directory.appendingPathComponent("arguments"))
        let fields = recorded.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        #expect(fields == ["sweep"] + arguments + ["--out", out, "--shard", "1/2", "--jobs", "1", "--resume"])
    }

    @Test func aDirectoryWithALineBreakIsRefusedBeforeAnyScriptIsWritten() throws {
        let directory = try Fixtures.directory()
        let out = directory.appendingPathComponent("out\n#SBATCH --wrap=touch PWNED").path
        let job = SlurmJob(arguments: ["s.yaml"], executable: "/bin/true", workingDirectory: directory.path,
                           outDirectory: out, shards: 2, partition: nil, time: nil, cpusPerTask: 1, command: "verbinder slurm")
        expectInputError(["line break", "output directory"]) { _ = try job.write() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func theCommandLineRejectsAnOutWithALineBreak() throws {
        let scenario = try Fixtures.scenarioFile().path
        let directory = try Fixtures.directory()
        let out = directory.appendingPathComponent("x\ntouch PWNED").path
        let result = try VerbinderBinary.run(["slurm", scenario, "--sliders", "residents", "--replications", "1", "--shards", "2", "--out", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains("line break"), "\(result.stderr)")
    }
}
