import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One child process, measured by the kernel: wall time, its own CPU time and peak memory (`wait4`'s `rusage`).
///
/// The child is started by a small Python process, not by this one: Linux counts in a child's `ru_maxrss` the
/// peak of the memory it was started from (the parent's, at `exec`), and this benchmark process holds networks of
/// gigabytes by then, so its own children would all report about its peak. The Python starter's peak is some 10 MB.
struct ChildRun {
    /// Seconds from starting the child to `wait4` returning.
    let wall: Double
    /// User + system CPU seconds of the child (all its threads).
    let cpu: Double
    /// The child's peak resident set size in bytes (`ru_maxrss`, kilobytes on Linux).
    let peakBytes: Int
    /// The exit status, or 128 + the signal that ended it.
    let status: Int32
    /// The end of what it wrote to standard error (for a failure message).
    let errorTail: String

    /// Starts `arguments[0]` with `arguments[1...]`, standard output discarded, waits for it and prints
    /// "wall cpu maxrss-KiB exit-status".
    private static let starter = """
        import os, sys, time
        start = time.monotonic()
        pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                             file_actions=[(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
                                           (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0)])
        _, status, usage = os.wait4(pid, 0)
        wall = time.monotonic() - start
        print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
        """

    /// Runs `arguments` (the first one the executable's path) with standard output discarded, and waits for it.
    static func run(_ arguments: [String], scratch: URL) throws -> ChildRun {
        let errorFile = scratch.appendingPathComponent("stderr-\(UUID().uuidString).txt").path
        let resultFile = scratch.appendingPathComponent("rusage-\(UUID().uuidString).txt").path
        defer { for file in [errorFile, resultFile] { try? FileManager.default.removeItem(atPath: file) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, resultFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let command = ["python3", "-c", starter] + arguments
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "python3", &actions, nil, &argv, environ)
        guard spawned == 0 else {
            throw BenchmarkError("cannot start python3 to measure \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw BenchmarkError("waitpid for \(arguments[0]) failed: \(String(cString: strerror(errno)))") }
        }
        let errors = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
        let errorTail = String(errors.trimmingCharacters(in: .whitespacesAndNewlines).suffix(400))
        let fields = ((try? String(contentsOfFile: resultFile, encoding: .utf8)) ?? "").split(separator: " ")
            .map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard status == 0, fields.count == 4, let wall = fields[0], let cpu = fields[1], let peak = fields[2], let exit = fields[3] else {
            throw BenchmarkError("could not measure \(arguments[0]) (the python3 starter failed): \(errorTail)")
        }
        return ChildRun(wall: wall, cpu: cpu, peakBytes: Int(peak) * 1024,
                        status: exit < 0 ? 128 - Int32(exit) : Int32(exit), errorTail: errorTail)
    }
}

/// The whole-process targets of the engine issue, with the figures they are judged on.
enum ProcessTargets {
    /// CPU seconds of `simulate residents-1m.yaml --replications 4` before the engine work (the issue's baseline).
    static let baselineCPU = (low: 1.03, high: 1.10)
    /// How many times less CPU than the baseline's low end the 1M command must use.
    static let cpuFactor = 3.0
    /// The 20M-resident year: wall seconds and peak bytes it must stay under.
    static let wallLimit = 10.0
    static let memoryLimit = 2_147_483_648
}

/// A municipality for `verbinder generate` (the flags' values).
private struct GeneratedSize {
    let label: String
    let key: String
    let residents, neighbourhoods, departments, officials, connectors: Int

    var flags: [String] {
        ["--residents", "\(residents)", "--neighbourhoods", "\(neighbourhoods)", "--departments", "\(departments)",
         "--officials", "\(officials)", "--connectors", "\(connectors)"]
    }
    var text: String {
        "\(grouped(residents)) residents, \(grouped(neighbourhoods)) neighbourhoods, \(departments) departments, "
            + "\(grouped(officials)) officials, \(grouped(connectors)) connectors"
    }

    static let twentyMillion = GeneratedSize(label: "20M", key: "residents-20m", residents: 20_000_000, neighbourhoods: 2_000,
                                             departments: 40, officials: 300_000, connectors: 2_000)
    static let fiftyMillion = GeneratedSize(label: "50M", key: "residents-50m", residents: 50_000_000, neighbourhoods: 5_000,
                                            departments: 100, officials: 750_000, connectors: 5_000)
}

/// Bytes as GiB with two decimals.
func gibibytes(_ bytes: Int) -> String { format(Double(bytes) / 1_073_741_824, 2) + " GiB" }

/// Bytes as MiB below 1 GiB, as GiB from there on.
func memorySize(_ bytes: Int) -> String { bytes < 1_073_741_824 ? mebibytes(bytes) : gibibytes(bytes) }

extension Benchmark {
    /// The release CLI as child processes: `simulate` of the 1M scenario with 4 replications, the 20M-resident year
    /// and `generate` + `simulate` at 50M residents; CPU (user + system), wall time and peak RSS from `wait4`.
    static let process = Benchmark(
        name: "process",
        summary: "the release `verbinder` CLI as child processes: simulate 1M × 4 replications, 20M and 50M residents × 1 year (CPU, wall, peak RSS)"
    ) { report in
        let binary = repositoryRoot.appendingPathComponent(".build/release/verbinder").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchmarkError("\(binary) is missing: build it first with `make release` (or `swift build -c release "
                                 + "--product verbinder`) in the repository root")
        }
        let loadBefore = Measure.loadAverages()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-process-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var outputs = 0
        // Other processes' share of the machine during the runs: its busy CPU time less this process's and its children's.
        var childCPU = 0.0
        let machineBefore = Measure.machineBusySeconds(), ownBefore = Measure.cpuSeconds()
        let started = Date()
        /// Runs one child process and counts its CPU time.
        func spawn(_ arguments: [String]) throws -> ChildRun {
            let run = try ChildRun.run([binary] + arguments, scratch: scratch)
            childCPU += run.cpu
            return run
        }
        /// Runs one command with a fresh `--out` directory under `scratch`, removed afterwards.
        func simulate(_ arguments: [String]) throws -> ChildRun {
            outputs += 1
            let out = scratch.appendingPathComponent("out-\(outputs)")
            defer { try? FileManager.default.removeItem(at: out) }
            return try spawn(["simulate"] + arguments + ["--out", out.path])
        }
        /// `runs` measured runs after `warmUp` unmeasured ones (capped by `VERBINDER_BENCH_MAX_RUNS`).
        func measured(runs requested: Int, warmUp: Int, _ body: () throws -> ChildRun) throws -> [ChildRun] {
            for _ in 0 ..< warmUp { _ = try body() }
            return try (0 ..< min(requested, maxRuns ?? requested)).map { _ in try body() }
        }
        var table = ["| command | runs | CPU user + sys | wall | peak RSS | target | verdict |", "|---|---|---|---|---|---|---|"]
        /// Keeps the figures of `runs` under `key` and returns the table cells for CPU, wall and peak RSS.
        func record(_ key: String, _ runs: [ChildRun], _ extra: [String: Double] = [:]) -> (cpu: Summary, wall: Summary, peak: Int, failed: ChildRun?) {
            let cpu = Summary(values: runs.map(\.cpu)), wall = Summary(values: runs.map(\.wall))
            let peak = runs.map(\.peakBytes).max() ?? 0
            let failed = runs.first { $0.status != 0 }
            report.record(key, cpu.figures.merging([
                "wall": wall.median, "wallMin": wall.min, "wallMax": wall.max, "peakBytes": Double(peak),
                "peakMinBytes": Double(runs.map(\.peakBytes).min() ?? 0), "status": Double(failed?.status ?? 0),
            ].merging(extra) { $1 }) { $1 })
            return (cpu, wall, peak, failed)
        }
        func failure(_ run: ChildRun?) -> String {
            guard let run else { return "" }
            return " (exit status \(run.status): \(run.errorTail.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")))"
        }

        // 1M residents, 4 replications.
        let oneMillion = "scenarios/large/residents-1m.yaml"
        let scenario = repositoryRoot.appendingPathComponent(oneMillion).path
        let small = try measured(runs: 5, warmUp: 1) { try simulate([scenario, "--replications", "4"]) }
        let smallFigures = record("process.residents-1m", small)
        let goal = ProcessTargets.baselineCPU.low / ProcessTargets.cpuFactor
        let smallMet = smallFigures.failed == nil && smallFigures.cpu.median <= goal
        table.append("| `verbinder simulate \(oneMillion) --replications 4 --out DIR` | \(small.count) after 1 warm-up "
                     + "| \(smallFigures.cpu.seconds) | \(smallFigures.wall.seconds) | \(mebibytes(smallFigures.peak)) "
                     + "| CPU ≤ \(format(goal, 3)) s (3× less than the issue's \(format(ProcessTargets.baselineCPU.low, 2))–\(format(ProcessTargets.baselineCPU.high, 2)) s) "
                     + "| \(smallMet ? "**met**" : "**not met**"): \(format(ProcessTargets.baselineCPU.low / smallFigures.cpu.median, 2))× "
                     + "(against \(format(ProcessTargets.baselineCPU.low, 2)) s), \(format(ProcessTargets.baselineCPU.high / smallFigures.cpu.median, 2))× "
                     + "(against \(format(ProcessTargets.baselineCPU.high, 2)) s) less CPU"
                     + "\(failure(smallFigures.failed)) |")
        /// One `verbinder inspect` of `file` (load the scenario, generate its network, summarise it): the network's share.
        func inspect(_ file: String, key: String, what: String) throws {
            let run = try spawn(["inspect", file])
            let figures = record("process.\(key).inspect", [run])
            table.append("| `verbinder inspect` of \(what) (load + generate the network + summarise it; for comparison) | 1 | \(format(run.cpu, 3)) s "
                         + "| \(format(run.wall, 3)) s | \(memorySize(run.peakBytes)) | — | \(run.status == 0 ? "ran" : "failed")\(failure(figures.failed)) |")
        }
        try inspect(scenario, key: "residents-1m", what: "`\(oneMillion)`")

        // Generated municipalities: generate once, then simulate one year with one replication.
        var notes: [String] = []
        for (size, runs, warmUp) in [(GeneratedSize.twentyMillion, 2, 1), (GeneratedSize.fiftyMillion, 1, 0)] {
            let file = scratch.appendingPathComponent("\(size.key).yaml").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            let generate = try spawn(["generate"] + size.flags + ["--out", file])
            let generateFigures = record("process.\(size.key).generate", [generate])
            table.append("| `verbinder generate` (\(size.text)) | 1 | \(format(generate.cpu, 3)) s | \(format(generate.wall, 3)) s "
                         + "| \(mebibytes(generate.peakBytes)) | — | \(generate.status == 0 ? "ran" : "failed")\(failure(generateFigures.failed)) |")
            guard generate.status == 0 else { continue }
            let year = try measured(runs: runs, warmUp: warmUp) { try simulate([file, "--replications", "1", "--weeks", "52"]) }
            let figures = record("process.\(size.key)", year, ["residents": Double(size.residents)])
            let command = "`verbinder simulate` of the generated \(size.label) municipality, `--replications 1 --weeks 52 --out DIR`"
            let runsText = warmUp > 0 ? "\(year.count) after 1 warm-up" : "\(year.count), no warm-up"
            let cells = "| \(command) | \(runsText) | \(figures.cpu.seconds) | \(figures.wall.seconds) | "
                + "\(memorySize(figures.peak))\(year.count > 1 ? " (max; min \(memorySize(year.map(\.peakBytes).min() ?? 0)))" : "")"
            if size.key == GeneratedSize.twentyMillion.key {
                let wallMet = figures.failed == nil && figures.wall.median < ProcessTargets.wallLimit
                let memoryMet = figures.failed == nil && figures.peak < ProcessTargets.memoryLimit
                table.append(cells + " | wall < \(format(ProcessTargets.wallLimit, 0)) s (median); peak RSS < 2 GiB "
                             + "(2,147,483,648 bytes; largest run) | wall \(wallMet ? "**met**" : "**not met**"), peak RSS "
                             + "\(memoryMet ? "**met**" : "**not met**") (\(grouped(figures.peak)) bytes)\(failure(figures.failed)) |")
                try inspect(file, key: size.key, what: "the generated \(size.label) municipality")
            } else {
                let ran = figures.failed == nil
                table.append(cells + " | runs on this machine and is reported | \(ran ? "**met**: exit status 0" : "**not met**")"
                             + "\(failure(figures.failed)) |")
                notes.append("The 50M run is one run without warm-up (a warm-up would double its minutes).")
            }
        }

        let loadAfter = Measure.loadAverages()
        let elapsed = Date().timeIntervalSince(started)
        let otherCores = machineBefore.flatMap { before in Measure.machineBusySeconds().map { after in
            max(0, after - before - (Measure.cpuSeconds() - ownBefore) - childCPU) / max(elapsed, 1e-9)
        } }
        let free = loadBefore[0] < freeCoresLoad
        report.record("process.load", ["before1": loadBefore[0], "after1": loadAfter[0]]
                      .merging(otherCores.map { ["otherCores": $0] } ?? [:]) { $1 })
        report.section("Whole process: the release CLI as child processes", [
            "`.build/release/verbinder` of the repository root (built by `make release`), started by a small Python process "
                + "(`os.posix_spawn`, so the child's peak memory does not include this benchmark's; at most the starter's "
                + "10 MB or so), standard output discarded, and waited for with `wait4`: CPU is the child's user + system time "
                + "(all its threads), peak RSS the child's `ru_maxrss`, wall time from spawn to exit. Median (min – max) over the stated runs. Each "
                + "`--out DIR` is a fresh temporary directory, removed after the run; the generated scenarios are temporary files. "
                + "`simulate` runs its replications on all cores (its default). " + notes.joined(separator: " "),
            "",
            "Load average (1 / 5 / 15 min) before: \(loadText(loadBefore)); after: \(loadText(loadAfter)). "
                + (free ? "Both cores were free at the start (1-minute load below \(format(freeCoresLoad, 1)))."
                        : "Both cores were **not** free at the start by the 1-minute load (\(format(loadBefore[0], 2)), "
                            + "\(format(freeCoresLoad, 1)) or more; it includes the benchmarks run just before this one).")
                + (otherCores.map { " During the runs other processes kept \(format($0, 2)) cores busy on average (`/proc/stat`'s busy "
                    + "time less the CPU time of this process and its children)"
                    + ($0 < freeCoresOtherWork ? ": the cores were free for the commands." : ": wall times are pessimistic; CPU times "
                        + "and peak RSS are less affected.") } ?? ""),
            "",
        ] + table)
    }
}
