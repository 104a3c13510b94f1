import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderSupport
import VerbinderUncertainty

/// `verbinder slurm`: a sweep, a sensitivity study or a calibration (for ABC-SMC, rounds of job arrays) as a Slurm
/// job array of shards plus a merge job, written and optionally submitted. `verbinder slurm SCENARIO …` is `verbinder slurm sweep SCENARIO …`.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Run a sweep or study on a Slurm cluster: write (and --submit) a job array of shards and a merge job.",
        discussion: """
            `verbinder slurm SCENARIO …` (or `verbinder slurm sweep SCENARIO …`) takes the sweep's own arguments; \
            `verbinder slurm sensitivity SCENARIO …` a sensitivity study's, `verbinder slurm calibrate SCENARIO …` a \
            calibration's. Each writes OUT/slurm/COMMAND.sbatch (array task I runs the command with \
            --shard I/N --resume, one store per shard), OUT/slurm/merge.sbatch (verbinder merge of the shard \
            stores into OUT, which also computes a study's results) and OUT/slurm/submit.sh, which submits the \
            array and the merge job with --dependency=afterok. The merged result equals the single-machine run. A \
            failed or killed task is resubmitted alone with `OUT/slurm/submit.sh TASK` (or --submit --tasks TASK); \
            it skips what it already stored.

            Examples (add --submit to submit the scripts with sbatch; --submit --tasks 2 resubmits task 2):
              verbinder slurm scenarios/katwijk.yaml --sliders all --shards 4 --out out/slurm
              verbinder slurm sensitivity scenarios/katwijk.yaml --method sobol --shards 8 --out out/sobol
            """,
        subcommands: [SlurmSweepCommand.self, SlurmSensitivityCommand.self, SlurmCalibrateCommand.self],
        defaultSubcommand: SlurmSweepCommand.self)
}

/// `verbinder slurm sweep` (the default of `verbinder slurm`): a sweep's runs as a Slurm job array plus a merge job.
struct SlurmSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a sweep on a Slurm cluster: a job array of shards of its runs and a merge job.",
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
              verbinder slurm sweep scenarios/profiles/developing.yaml --sliders all --shards 16 --out out/s16
            """)

    @OptionGroup var sweep: SweepOptions

    @OptionGroup var slurm: SlurmOptions

    @Option(help: "The sweep's output directory (shared by the nodes): shard stores, results.sqlite, and slurm/ with the scripts.")
    var out: String = "out/sweep"

    func run() throws {
        try checkOutputLocation(out)
        let sweep = try Sweep(try self.sweep.definition())
        let plan = try ShardPlan(sweep)
        try slurm.write(.sweep, arguments: self.sweep.arguments, out: out, units: "runs", count: sweep.runCount,
                        at: SourceLocation(file: self.sweep.scenario),
                        heading: "\(sweep.armCount) arms × \(sweep.replications) replications = \(sweep.runCount) runs") { shard in
            let share = plan.cost(of: shard) / plan.totalCost * 100
            return "\(plan.positions(of: shard).count) runs, \(formatNumber(share, .fixed(1)))% of the expected cost"
        }
    }
}

/// `verbinder slurm sensitivity`: a sensitivity study's design points as a Slurm job array plus a merge job.
struct SlurmSensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Run a sensitivity study on a Slurm cluster: a job array of shards of its design points and a merge job.",
        discussion: """
            Takes `verbinder sensitivity`'s own arguments. Writes OUT/slurm/sensitivity.sbatch (array task I runs \
            `verbinder sensitivity --shard I/N --resume` into OUT/evaluations-I-of-N.sqlite), OUT/slurm/merge.sbatch \
            (verbinder merge of the shard stores into OUT: results.sqlite and the CSV files, identical to the study \
            run in one process) and OUT/slurm/submit.sh. Each shard holds about 1/N of the design points.

            Examples (add --submit to submit the scripts with sbatch):
              verbinder slurm sensitivity scenarios/katwijk.yaml --method sobol --shards 8 --out out/sobol
              verbinder slurm sensitivity scenarios/katwijk.yaml --samples 20 --shards 4 --out out/morris
            """)

    @OptionGroup var study: SensitivityOptions

    @OptionGroup var slurm: SlurmOptions

    @Option(help: "The study's output directory (shared by the nodes): shard stores, the results, and slurm/ with the scripts.")
    var out: String = "out/sensitivity"

    func run() throws {
        try checkOutputLocation(out)
        let (base, chosen, design) = try study.resolve()
        let points = design.unitRows.count
        try slurm.write(StudyEvaluationStore.slurmTask, arguments: study.arguments, out: out, units: "design points", count: points,
                        at: .value("samples"),
                        heading: "\(design.method == .sobol ? "Sobol'" : "Morris") over \(chosen.count) parameters: \(points) design points × "
                            + "\(design.replications) replications = \(design.runCount) runs of \(base.run.weeks) weeks") { shard in
            "\(studyPoints(of: shard, pointCount: points).count) design points"
        }
    }
}

/// `verbinder slurm calibrate`: a calibration's proposals as a Slurm job array plus a merge job (rounds of them for ABC-SMC).
struct SlurmCalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Run a calibration on a Slurm cluster: job arrays of shards of its proposals and merge jobs.",
        discussion: """
            Takes `verbinder calibrate`'s own arguments. Writes OUT/slurm/calibrate.sbatch (array task I runs \
            `verbinder calibrate --shard I/N --resume` into OUT/draws-I-of-N.sqlite), OUT/slurm/merge.sbatch \
            (verbinder merge of the shard stores into OUT) and OUT/slurm/submit.sh. A rejection calibration takes \
            one round: the array simulates the prior draws, the merge writes results.sqlite and posterior.csv. \
            ABC-SMC takes a round per batch of up to --particles proposals (a generation needs one or more): each \
            merge absorbs a batch and, until the calibration has ended, submits the next round itself. Either way \
            the result is identical to the calibration run in one process.

            Examples (add --submit to submit the scripts with sbatch):
              verbinder slurm calibrate scenarios/maassluis.yaml --observed scenarios/observations/maassluis.yaml --method rejection --particles 200 --shards 8 --out out/calibration-maassluis
              verbinder slurm calibrate scenarios/katwijk.yaml --observed scenarios/observations/katwijk.yaml --particles 200 --shards 8 --out out/calibration-katwijk
            """)

    @OptionGroup var calibration: CalibrationOptions

    @OptionGroup var slurm: SlurmOptions

    @Option(help: "The calibration's output directory (shared by the nodes): shard stores, the results, and slurm/ with the scripts.")
    var out: String = "out/calibration"

    func run() throws {
        try checkOutputLocation(out)
        let problem = try calibration.resolve()
        let settings = problem.definition.settings
        let rejection = calibration.method == .rejection
        let heading = "\(rejection ? "Rejection" : "ABC-SMC") calibration of \(problem.parameters.count) parameters to \(problem.targets.count) "
            + "targets, runs of \(problem.scenario.run.weeks) weeks: "
            + (rejection ? "\(settings.drawCount) prior draws, the closest \(settings.particles) kept"
                : "rounds of up to \(settings.particles) proposals, until \(settings.generations) generations after the prior sample")
        let count = rejection ? settings.drawCount : settings.particles
        try slurm.write(CalibrationDrawStore.slurmTask(repeats: !rejection), arguments: calibration.arguments, out: out,
                        units: rejection ? "prior draws" : "proposals of a batch", count: count, at: .value("particles"), heading: heading) { shard in
            "\(studyPoints(of: shard, pointCount: count).count) \(rejection ? "prior draws" : "proposals of each full batch")"
        }
    }
}

/// How a sweep or study runs on Slurm: shared by `verbinder slurm` and its subcommands.
struct SlurmOptions: ParsableArguments {
    @Option(help: "Array tasks, one shard each.")
    var shards: Int = 4

    @Option(help: "Slurm partition (default: the cluster's default).")
    var partition: String?

    @Option(help: ArgumentHelp("Time limit per task, as Slurm writes it: MINUTES, H:MM:SS or D-HH:MM:SS (default: the partition's).", valueName: "T"))
    var time: String?

    @Option(help: "CPUs per task; a task runs that many simulations at once.")
    var cpusPerTask: Int = 1

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

    /// Writes the scripts for `task` run with `arguments` into `out`, prints what each array task holds (`describe`)
    /// and submits them when asked.
    /// - Parameters:
    ///   - count: how many `units` (runs, design points, draws) the shards divide; more shards than that are refused.
    /// - Throws: ``InputError`` for too many shards (at `location`), or when the scripts cannot be written or submitted.
    func write(_ task: SlurmJob.Task, arguments: [String], out: String, units: String, count: Int, at location: SourceLocation,
               heading: String, describe: (Shard) -> String) throws {
        guard shards <= count else {
            throw InputError("--shards \(shards) is more than the \(count) \(units) to divide: every shard needs at least one", at: location)
        }
        let job = SlurmJob(task: task, arguments: arguments, executable: absolute(executable ?? currentExecutable()),
                           workingDirectory: FileManager.default.currentDirectoryPath, outDirectory: absolute(out), shards: shards,
                           partition: partition, time: time, cpusPerTask: cpusPerTask, command: commandLine())
        let paths = try job.write()
        print("\(heading), in \(shards) shards:")
        for index in 0 ..< shards {
            let shard = Shard(index: index, count: shards)
            print("  task \(index): \(describe(shard)) → \(shard.storeFileName(stem: task.storeStem))")
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
