import Foundation
import VerbinderCore

/// A sharded sweep or study as Slurm jobs: a job array whose task I runs shard I of N, and a merge job that
/// starts once every task has succeeded (`--dependency=afterok`).
///
/// ``write()`` puts three files in `OUT/slurm/`: `TASK.sbatch` (the array: `sweep.sbatch`, `sensitivity.sbatch`
/// or `calibrate.sbatch`), `merge.sbatch`, and `submit.sh [TASKS]`, which submits the array (or only the tasks
/// named, to resubmit failed ones) and a merge job depending on it, printing both job ids.
public struct SlurmJob: Sendable {
    /// What the array tasks run: a `verbinder` command that takes `--shard I/N --resume --jobs J --out OUT`
    /// and stores shard I of N as `OUT/STEM-I-of-N.sqlite`, which `verbinder merge` combines.
    public struct Task: Sendable, Equatable {
        /// The `verbinder` command, e.g. `sweep`.
        public var command: String
        /// The stem of its shard stores' file names (``Shard/storeFileName(stem:)``), e.g. `results`.
        public var storeStem: String
        /// Whether one merge may leave work for another round (an ABC-SMC calibration absorbs one batch per
        /// merge): the merge job then submits the array and a merge job again until `results.sqlite` exists.
        public var repeats: Bool

        public init(command: String, storeStem: String, repeats: Bool = false) {
            self.command = command
            self.storeStem = storeStem
            self.repeats = repeats
        }

        /// `verbinder sweep`, whose shards store `results-I-of-N.sqlite`.
        public static let sweep = Task(command: "sweep", storeStem: "results")
    }

    public var task: Task
    /// The task command's arguments without `--out`, `--shard`, `--jobs` and `--resume`.
    public var arguments: [String]
    /// The `verbinder` executable the tasks run (an absolute path).
    public var executable: String
    /// The directory the tasks run in (relative paths in the arguments are relative to it).
    public var workingDirectory: String
    /// The output directory (absolute): shard stores, the merged results, and `slurm/` with the scripts.
    public var outDirectory: String
    public var shards: Int
    public var partition: String?
    /// Slurm's time limit per task (`--time`), e.g. `2:00:00`.
    public var time: String?
    public var cpusPerTask: Int
    /// The command that wrote the scripts, for the record.
    public var command: String

    public init(task: Task = .sweep, arguments: [String], executable: String, workingDirectory: String, outDirectory: String, shards: Int,
                partition: String?, time: String?, cpusPerTask: Int, command: String) {
        self.task = task
        self.arguments = arguments
        self.executable = executable
        self.workingDirectory = workingDirectory
        self.outDirectory = outDirectory
        self.shards = shards
        self.partition = partition
        self.time = time
        self.cpusPerTask = cpusPerTask
        self.command = command
    }

    /// Where the scripts go.
    public var scriptDirectory: String { (outDirectory as NSString).appendingPathComponent("slurm") }
    /// Where the tasks' output goes.
    public var logDirectory: String { (scriptDirectory as NSString).appendingPathComponent("logs") }
    /// The store the merge job writes (a study's merge also writes its CSV files beside it).
    public var mergedStore: String { (outDirectory as NSString).appendingPathComponent(Shard.whole.storeFileName) }
    /// The job-array script's file name: `sweep.sbatch`, `sensitivity.sbatch`, `calibrate.sbatch`.
    public var arrayScriptName: String { "\(task.command).sbatch" }
    /// The shard stores the array tasks write, in shard order.
    public var shardStores: [String] {
        (0 ..< shards).map { (outDirectory as NSString).appendingPathComponent(Shard(index: $0, count: shards).storeFileName(stem: task.storeStem)) }
    }

    /// The job-array script.
    public var arrayScript: String {
        let name = task.command
        let run = [executable, name] + arguments + ["--out", outDirectory]
        return """
            #!/usr/bin/env bash
            # Verbinder \(name) as a Slurm job array: task I runs shard I of \(shards) into \
            \(commentText(outDirectory))/\(task.storeStem)-I-of-\(shards).sqlite.
            # Written by: \(commentText(command))
            # Submit with submit.sh (the array and the merge job); resubmit failed tasks alone with submit.sh TASKS:
            # --resume makes a task skip what it already stored.
            #SBATCH --job-name=verbinder-\(name)
            #SBATCH --array=0-\(shards - 1)
            \(directives(cpus: cpusPerTask, log: "\(name)-%A_%a.out"))
            set -euo pipefail
            # The shard count is the whole array's size, fixed here: SLURM_ARRAY_TASK_COUNT counts only the tasks
            # submitted together, which is fewer when failed tasks are resubmitted alone.
            shards=\(shards)
            task="${SLURM_ARRAY_TASK_ID:?run this script with sbatch: it is a job array}"
            echo "verbinder \(name) shard $task of $shards (array task ${SLURM_ARRAY_JOB_ID:-?}_$task of ${SLURM_ARRAY_TASK_COUNT:-?} submitted) on $(hostname)"
            exec \(shellQuoted(run)) --shard "$task/$shards" --jobs "${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}" --resume

            """
    }

    /// The merge job's script: `verbinder merge` of every shard store into the output directory.
    public var mergeScript: String {
        """
        #!/usr/bin/env bash
        # Merges the \(shards) shard stores of the Verbinder \(task.command) into \(commentText(mergedStore))\
        \(task == .sweep ? "" : " and the result files beside it"); submitted by submit.sh to start after the array succeeds.
        # Written by: \(commentText(command))
        #SBATCH --job-name=verbinder-merge
        \(directives(cpus: 1, log: "merge-%j.out"))
        set -euo pipefail
        \(task.repeats ? "" : "exec ")\(shellQuoted([executable, "merge"] + shardStores + ["--out", outDirectory]))
        \(task.repeats ? repeatLines : "")
        """
    }

    /// The merge job's last lines when a merge may leave work for another round.
    private var repeatLines: String {
        """
        # Each merge absorbs one batch; until the results are written, submit the next round (the array and a merge job).
        if [ ! -e \(shellQuoted([mergedStore])) ]; then
            exec \(shellQuoted([(scriptDirectory as NSString).appendingPathComponent("submit.sh")]))
        fi

        """
    }

    /// The submission script: `submit.sh [TASKS]`.
    public var submitScript: String {
        """
        #!/usr/bin/env bash
        # Submits the Verbinder \(task.command)'s job array and a merge job that runs after every task succeeded.
        # Usage: submit.sh [TASKS]   TASKS: the array tasks to submit, e.g. 2 or 1,3 to resubmit failed ones
        #                            (default: all, 0-\(shards - 1)). Cancel the merge job of an earlier submission
        #                            that can no longer start (squeue shows it pending with DependencyNeverSatisfied).
        # Prints "\(task.command) job: ID" and "merge job: ID".
        set -euo pipefail
        cd "$(dirname "$0")"
        tasks="${1:-0-\(shards - 1)}"
        array_job="$(sbatch --parsable --array="$tasks" \(arrayScriptName))"
        array_job="${array_job%%;*}"
        merge_job="$(sbatch --parsable --dependency="afterok:$array_job" merge.sbatch)"
        merge_job="${merge_job%%;*}"
        echo "\(task.command) job: $array_job"
        echo "merge job: $merge_job"

        """
    }

    /// Writes the three scripts (executable, each atomically) and creates the log directory.
    /// - Returns: the paths of the array script, `merge.sbatch` and `submit.sh`.
    /// - Throws: ``InputError`` when the directory or a file cannot be written.
    /// - Throws: ``InputError`` also for a directory, partition or time limit holding a line break or another
    ///   control character: `#SBATCH` lines cannot quote those.
    public func write() throws -> [String] {
        for (what, value) in [("the working directory", workingDirectory), ("the output directory", outDirectory),
                              ("the partition", partition ?? ""), ("the time limit", time ?? "")]
            where value.unicodeScalars.contains(where: isControl) {
            throw InputError("\(what) holds a line break or another control character, which a Slurm script cannot hold: "
                             + shellQuoted([value]), at: SourceLocation(file: scriptDirectory))
        }
        do {
            try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        } catch {
            throw InputError("cannot create the directory: \(error.localizedDescription)", at: SourceLocation(file: logDirectory))
        }
        let files = [(arrayScriptName, arrayScript), ("merge.sbatch", mergeScript), ("submit.sh", submitScript)]
        return try files.map { name, text in
            let path = (scriptDirectory as NSString).appendingPathComponent(name)
            try writeAtomically(Data(text.utf8), to: path)
            guard chmod(path, 0o755) == 0 else {
                throw InputError("cannot make the script executable", at: SourceLocation(file: path))
            }
            return path
        }
    }

    /// The `#SBATCH` lines every job shares.
    private func directives(cpus: Int, log: String) -> String {
        var lines = ["#SBATCH --cpus-per-task=\(cpus)"]
        if let time { lines.append("#SBATCH --time=\(time)") }
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        lines.append("#SBATCH --chdir=\(shellQuoted([workingDirectory]))")
        lines.append("#SBATCH --output=\(shellQuoted([(logDirectory as NSString).appendingPathComponent(log)]))")
        return lines.joined(separator: "\n")
    }
}

/// `arguments` as one shell command line, each quoted where the shell would split or expand it.
///
/// The one quoting function for everything Verbinder writes into a shell script: a plain word stays as it
/// is, anything else goes in single quotes, and a value holding a line break or another control character is
/// written in ANSI-C quotes (`$'…\n…'`), so the script line never ends inside a value and no value can add a
/// line of its own.
public func shellQuoted(_ arguments: [String]) -> String {
    arguments.map { argument in
        if !argument.isEmpty && argument.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) })
            && argument.unicodeScalars.allSatisfy({ !isControl($0) }) {
            return argument
        }
        guard argument.unicodeScalars.contains(where: isControl) else {
            return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        var quoted = "$'"
        for scalar in argument.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "'": quoted += "\\'"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where isControl(scalar): quoted += String(format: "\\x%02x", scalar.value)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "'"
    }.joined(separator: " ")
}

/// ASCII control characters (line breaks among them): what must never reach a script line unescaped.
private func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || scalar.value == 0x7F
}

/// `text` for a comment line in a script: control characters escaped as in ``shellQuoted(_:)``.
func commentText(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    let quoted = shellQuoted([text])
    return String(quoted.dropFirst(2).dropLast())
}
