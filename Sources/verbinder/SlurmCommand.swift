import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderSupport

/// `verbinder slurm`: a sweep as a Slurm job array of shards plus a merge job, written and optionally submitted.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Run a sweep on a Slurm cluster: write (and --submit) a job array of shards and a merge job.",
        discussion: """
            Takes the sweep's own arguments. Writes OUT/slurm/sweep.sbatch (array task I runs `verbinder sweep \
            --shard I/N --resume`, one store per shard), OUT/slurm/merge.sbatch (verbinder merge into \
            OUT/results.sqlite) and OUT/slurm/submit.sh, which submits the array and the merge job with \
            --dependency=afterok. Shards are contiguous parts of the run list of about equal expected cost; seeds \
            depend on the run only, so the merged store equals a single-machine sweep. A failed or killed task is \
            resubmitted alone with `OUT/slurm/submit.sh TASK` (or --submit --tasks TASK); it skips the runs it \
            already stored.

            Examples (add --submit to submit the scripts with sbatch; --submit --tasks 2 resubmits task 2):
              verbinder slurm scenarios/katwijk.yaml --sliders all --shards 4 --out out/slurm
              verbinder slurm scenarios/profiles/developing.yaml --sliders all --shards 16 --out out/s16
            """)

    @OptionGroup var sweep: SweepOptions

    @Option(help: "Array tasks, one shard each.")
    var shards: Int = 4

    @Option(help: "Slurm partition (default: the cluster's default).")
    var partition: String?

    @Option(help: ArgumentHelp("Time limit per task, as Slurm writes it: MINUTES, H:MM:SS or D-HH:MM:SS (default: the partition's).", valueName: "T"))
    var time: String?

    @Option(help: "CPUs per task; a task runs that many simulations at once.")
    var cpusPerTask: Int = 1

    @Option(help: "The sweep's output directory (shared by the nodes): shard stores, results.sqlite, and slurm/ with the scripts.")
    var out: String = "out/sweep"

    @Flag(help: "Submit with sbatch and print the job ids.")
    var submit = false

    @Option(help: ArgumentHelp("With --submit: only these array tasks, e.g. 2 or 1,3 (to resubmit failed ones).", valueName: "LIST"))
    var tasks: String?

    @Option(help: "The verbinder executable the tasks run (default: this one).")
    var executable: String?

    func validate() throws {
        if shards < 1 { throw ValidationError("--shards must be at least 1.") }
        if cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1.") }
        if let time, time.range(of: #"^(\d+-)?\d+(:\d{1,2}){0,2}$"#, options: .regularExpression) == nil {
            throw ValidationError("--time expects a Slurm time limit such as 90, 1:30:00 or 2-00:00:00, got '\(time)'.")
        }
        if let partition, partition.range(of: #"^[A-Za-z0-9_.,-]+$"#, options: .regularExpression) == nil {
            throw ValidationError("--partition expects a partition name (letters, digits, _ . , -), got '\(partition)'.")
        }
        if let tasks {
            guard submit else { throw ValidationError("--tasks needs --submit.") }
            guard tasks.range(of: #"^\d+(-\d+)?(,\d+(-\d+)?)*$"#, options: .regularExpression) != nil else {
                throw ValidationError("--tasks expects array task numbers such as 2, 1,3 or 0-2, got '\(tasks)'.")
            }
        }
    }

    func run() throws {
        try checkOutputLocation(out)
        let sweep = try Sweep(try self.sweep.definition())
        guard shards <= sweep.runCount else {
            throw InputError("--shards \(shards) is more than the sweep's \(sweep.runCount) runs: every shard needs a run",
                             at: SourceLocation(file: self.sweep.scenario))
        }
        let plan = try ShardPlan(sweep)
        let workingDirectory = FileManager.default.currentDirectoryPath
        let job = SlurmJob(sweepArguments: self.sweep.arguments, executable: absolute(executable ?? currentExecutable()),
                           workingDirectory: workingDirectory, outDirectory: absolute(out), shards: shards,
                           partition: partition, time: time, cpusPerTask: cpusPerTask, command: commandLine())
        let paths = try job.write()
        print("\(sweep.armCount) arms × \(sweep.replications) replications = \(sweep.runCount) runs, in \(shards) shards:")
        for index in 0 ..< shards {
            let shard = Shard(index: index, count: shards)
            let share = plan.cost(of: shard) / plan.totalCost * 100
            print("  task \(index): \(plan.positions(of: shard).count) runs, \(formatNumber(share, .fixed(1)))% of the expected cost → \(shard.storeFileName)")
        }
        print("Wrote \(paths.joined(separator: ", "))")
        guard submit else {
            print("Submit with: \(paths[2])")
            return
        }
        print(try submitJobs(paths[2]), terminator: "")
        print("Merged results when done: \(job.mergedStore)")
    }

    /// Runs submit.sh and returns what it printed (the job ids).
    func submitJobs(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = tasks.map { [$0] } ?? []
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw InputError("cannot run the submission script: \(error.localizedDescription)", at: SourceLocation(file: script))
        }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = complaint.contains("sbatch: command not found") || complaint.contains("sbatch: not found")
                ? "sbatch is not on PATH (is this a Slurm login node?)" : complaint.trimmingCharacters(in: .whitespacesAndNewlines)
            throw InputError("submitting failed: \(reason); the scripts are written, submit later with \(script)",
                             at: SourceLocation(file: script))
        }
        return printed
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
            .standardizedFileURL.path
    }

    private func currentExecutable() -> String {
        Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}
