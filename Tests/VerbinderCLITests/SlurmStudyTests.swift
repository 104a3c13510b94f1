import Foundation
import Testing
import VerbinderTestSupport

/// `verbinder slurm sensitivity` and `verbinder slurm calibrate`: the scripts' content, and that running every
/// array task (here with bash, as Slurm would run them) and then the merge job gives the result of the study run
/// in one process. Tests/slurm/sweep-on-slurm.sh runs a sweep's jobs on a real Slurm cluster.
@Suite("Slurm jobs for studies")
struct SlurmStudyTests {
    /// Runs a written job script as Slurm would run it: array task `task`, or the merge job when nil.
    static func runScript(_ path: String, task: Int?) throws -> ProcessResult {
        var environment = ["SLURM_CPUS_PER_TASK": "2", "SLURM_ARRAY_JOB_ID": "7"]
        if let task { environment["SLURM_ARRAY_TASK_ID"] = String(task) }
        return try ProcessRunner.run("/bin/bash", [path], in: Repository.root, environment: environment)
    }

    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// Writes the jobs with `arguments`, checks the three scripts, runs every task and the merge job.
    /// - Returns: what the merge job printed.
    static func writeAndRun(_ arguments: [String], command: String, stem: String, shards: Int, out: URL) throws -> ProcessResult {
        let written = try VerbinderBinary.run(["slurm"] + arguments + ["--shards", String(shards), "--out", out.path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("in \(shards) shards:") && written.stdout.contains("task \(shards - 1): "), "\(written.stdout)")
        let scripts = out.appendingPathComponent("slurm")
        let array = scripts.appendingPathComponent("\(command).sbatch"), merge = scripts.appendingPathComponent("merge.sbatch")
        let submit = scripts.appendingPathComponent("submit.sh")
        for script in [array, merge, submit] {
            #expect(FileManager.default.isExecutableFile(atPath: script.path), "\(script.path)")
        }
        let arrayText = try text(array)
        #expect(arrayText.contains("#SBATCH --array=0-\(shards - 1)\n") && arrayText.contains("#SBATCH --job-name=verbinder-\(command)\n"))
        #expect(arrayText.contains("/verbinder \(command) \(arguments[1]) "), "\(arrayText)")
        #expect(arrayText.contains(" --out \(out.path) --shard \"$task/$shards\" --jobs \"${SLURM_CPUS_PER_TASK:-1}\" --resume\n"), "\(arrayText)")
        let stores = (0 ..< shards).map { out.appendingPathComponent("\(stem)-\($0)-of-\(shards).sqlite").path }
        let mergeText = try text(merge)
        #expect(mergeText.contains(" merge \(stores.joined(separator: " ")) --out \(out.path)\n"), "\(mergeText)")
        let submitText = try text(submit)
        #expect(submitText.contains("\(command).sbatch") && submitText.contains("--dependency=\"afterok:$array_job\" merge.sbatch"))
        #expect(submitText.contains("echo \"\(command) job: $array_job\""))
        for task in 0 ..< shards {
            let ran = try runScript(array.path, task: task)
            #expect(ran.status == 0, "task \(task): \(ran.stderr)")
            #expect(ran.stdout.contains("verbinder \(command) shard \(task) of \(shards)") && ran.stdout.contains("Running shard \(task) of \(shards):"))
        }
        // A task resubmitted after it finished (or was killed) skips what it stored.
        let again = try runScript(array.path, task: 0)
        #expect(again.status == 0 && again.stdout.contains("Resumed: ") && again.stdout.contains("ran the other 0."), "\(again.stdout)\(again.stderr)")
        let merged = try runScript(merge.path, task: nil)
        #expect(merged.status == 0, "\(merged.stderr)")
        return merged
    }

    @Test("slurm sensitivity: tasks run with --shard I/N --resume, and the merge job gives the indices of one process")
    func sensitivityJobs() throws {
        let folder = try TemporaryFolder.make("verbinder-slurm-study")
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = folder.appendingPathComponent("whole"), cluster = folder.appendingPathComponent("cluster")
        let reference = try VerbinderBinary.run(SensitivityCommandTests.small + ["--jobs", "2", "--out", whole.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        let merged = try Self.writeAndRun(SensitivityCommandTests.small, command: "sensitivity", stem: "evaluations", shards: 3, out: cluster)
        #expect(merged.stdout.contains("Merged 3 study stores"))
        let expected = try SensitivityCommandTests.indexFiles(whole), actual = try SensitivityCommandTests.indexFiles(cluster)
        #expect(expected.count > 20 && expected == actual)
    }

    @Test("slurm calibrate: tasks divide the prior draws, and the merge job gives the posterior of one process")
    func calibrateJobs() throws {
        let folder = try TemporaryFolder.make("verbinder-slurm-study")
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = folder.appendingPathComponent("whole"), cluster = folder.appendingPathComponent("cluster")
        let reference = try VerbinderBinary.run(CalibrateCommandTests.rejection + ["--jobs", "2", "--out", whole.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        let merged = try Self.writeAndRun(CalibrateCommandTests.rejection, command: "calibrate", stem: "draws", shards: 2, out: cluster)
        #expect(merged.stdout.contains("Merged 2 calibration draw stores"))
        #expect(CalibrateCommandTests.summary(merged.stdout) == CalibrateCommandTests.summary(reference.stdout))
        #expect(try Data(contentsOf: cluster.appendingPathComponent("posterior.csv")) == Data(contentsOf: whole.appendingPathComponent("posterior.csv")))
    }

    @Test("slurm calibrate with abc-smc: each merge job absorbs a batch and submits the next round until the posterior of one process is written")
    func abcSMCRounds() throws {
        let folder = try TemporaryFolder.make("verbinder-slurm-study")
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = folder.appendingPathComponent("whole"), cluster = folder.appendingPathComponent("cluster")
        let reference = try VerbinderBinary.run(CalibrateCommandTests.arguments + ["--jobs", "2", "--out", whole.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        let written = try VerbinderBinary.run(["slurm"] + CalibrateCommandTests.arguments + ["--shards", "2", "--out", cluster.path])
        #expect(written.status == 0, "\(written.stderr)")
        let scripts = cluster.appendingPathComponent("slurm")
        let merge = scripts.appendingPathComponent("merge.sbatch")
        #expect(try Self.text(merge).contains("if [ ! -e \(cluster.path)/results.sqlite ]; then\n    exec \(scripts.path)/submit.sh\nfi"))
        // sbatch stands in for Slurm: it records each submission and answers a job id.
        let bin = folder.appendingPathComponent("bin"), log = folder.appendingPathComponent("sbatch.log")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\necho \"$*\" >> '\(log.path)'\necho 42\n".write(to: bin.appendingPathComponent("sbatch"), atomically: true, encoding: .utf8)
        #expect(chmod(bin.appendingPathComponent("sbatch").path, 0o755) == 0)
        var rounds = 0
        while !FileManager.default.fileExists(atPath: cluster.appendingPathComponent("posterior.csv").path) && rounds < 60 {
            for task in 0 ..< 2 {
                let ran = try Self.runScript(scripts.appendingPathComponent("calibrate.sbatch").path, task: task)
                #expect(ran.status == 0, "task \(task): \(ran.stderr)")
            }
            let merged = try ProcessRunner.run("/bin/bash", [merge.path], in: Repository.root,
                                               environment: ["PATH": bin.path + ":/usr/bin:/bin"])
            #expect(merged.status == 0, "\(merged.stderr)")
            rounds += 1
            let submissions = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n") ?? []
            let done = FileManager.default.fileExists(atPath: cluster.appendingPathComponent("posterior.csv").path)
            // Every round but the last submits the array and a merge job depending on it.
            #expect(submissions.count == 2 * (done ? rounds - 1 : rounds), "\(submissions)")
            if !done { #expect(merged.stdout.contains("calibrate job: 42") && merged.stdout.contains("merge job: 42"), "\(merged.stdout)") }
        }
        #expect(rounds >= 3)
        let submissions = try String(contentsOf: log, encoding: .utf8)
        #expect(submissions.contains("--parsable --array=0-1 calibrate.sbatch") && submissions.contains("--dependency=afterok:42 merge.sbatch"))
        #expect(try Data(contentsOf: cluster.appendingPathComponent("posterior.csv")) == Data(contentsOf: whole.appendingPathComponent("posterior.csv")))
    }

    @Test("more shards than draws or design points: exit 2 saying why, nothing written",
          arguments: [
              (CalibrateCommandTests.rejection + ["--shards", "51"], "--shards 51 is more than the 50 prior draws to divide"),
              (SensitivityCommandTests.small + ["--shards", "17"], "--shards 17 is more than the 16 design points to divide"),
          ])
    func refused(_ arguments: [String], _ message: String) throws {
        let folder = try TemporaryFolder.make("verbinder-slurm-study")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try VerbinderBinary.run(["slurm"] + arguments + ["--out", folder.appendingPathComponent("out").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("verbinder slurm SCENARIO is verbinder slurm sweep SCENARIO")
    func sweepIsTheDefault() throws {
        let folder = try TemporaryFolder.make("verbinder-slurm-study")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sweep = ["scenarios/profiles/developing.yaml", "--sliders", "residents", "--replications", "1", "--weeks", "4", "--shards", "2"]
        var scripts: [String] = []
        for (name, words) in [("plain", ["slurm"]), ("named", ["slurm", "sweep"])] {
            let out = folder.appendingPathComponent(name)
            let result = try VerbinderBinary.run(words + sweep + ["--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            let text = try Self.text(out.appendingPathComponent("slurm/sweep.sbatch"))
            scripts.append(text.split(separator: "\n").filter { !$0.hasPrefix("# Written by:") }.joined(separator: "\n")
                .replacingOccurrences(of: out.path, with: "OUT"))
        }
        #expect(scripts[0] == scripts[1] && scripts[0].contains("/verbinder sweep scenarios/profiles/developing.yaml --sliders residents "))
    }
}
