import Foundation
import VerbinderCore

// verbinder-benchmarks [all | NAME ... | report] [--write] [--list]
let usage = """
    usage: verbinder-benchmarks [all | NAME ... | report] [--write] [--list]

      NAME      one of: \(Benchmark.registered.map(\.name).joined(separator: ", ")) (default: all)
      report    measure nothing; assemble RESULTS.md from benchmarks/results/ (implies --write)
      --write   also write benchmarks/RESULTS.md from benchmarks/results/ (this run's figures, earlier
                runs' figures for benchmarks not run now, and the peers' fragments)
      --list    list the benchmarks and exit

    verbinder-benchmarks time-betweenness ... times betweenness alone (for peers/analysis/paired.py);
    `time-betweenness --help` for its options.

    Every run keeps its sections and figures in benchmarks/results/verbinder.json (merged over earlier
    runs), where the Python peers read them (`make bench` runs: all, the peers, report).

    Example:
      cd benchmarks && swift run -c release verbinder-benchmarks graph --write
    """

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "time-betweenness" { exit(BetweennessTool.main(Array(arguments.dropFirst()))) }
var write = arguments.contains("--write")
arguments.removeAll { $0 == "--write" }
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
if arguments.contains("--list") {
    for benchmark in Benchmark.registered { print("\(benchmark.name)\t\(benchmark.summary)") }
    exit(0)
}
let names = Benchmark.registered.map(\.name)
if let unknown = arguments.first(where: { $0 != "all" && $0 != "report" && !names.contains($0) }) {
    FileHandle.standardError.write(Data("error: unknown benchmark or option '\(unknown)'\n\n\(usage)\n".utf8))
    exit(2)
}
let reportOnly = arguments == ["report"]
write = write || reportOnly
let selected = reportOnly ? []
    : arguments.isEmpty || arguments.contains("all") ? Benchmark.registered
    : Benchmark.registered.filter { arguments.contains($0.name) }

#if DEBUG
FileHandle.standardError.write(Data("warning: a debug build; measure with `swift run -c release`\n".utf8))
#endif

// The allocator policy of the `verbinder` binary, so in-process figures match what the command does.
MemoryReuse.keepFreedBuffers()
var report = Report()
let earlier = Results.load() ?? Report()
do {
    for benchmark in selected {
        let before = Measure.loadAverages()
        FileHandle.standardError.write(Data("running \(benchmark.name) (load average \(loadText(before)))...\n".utf8))
        report.current = benchmark.name
        let started = Date()
        try benchmark.run(&report)
        let after = Measure.loadAverages()
        report.record("load.\(benchmark.name)", ["before1": before[0], "after1": after[0],
                                                 "seconds": Date().timeIntervalSince(started)])
        report.appendToCurrent("Load average (1 / 5 / 15 min) before this benchmark: \(loadText(before)); after: "
                               + "\(loadText(after)). Measured \(ISO8601DateFormatter().string(from: started)), "
                               + "\(format(Date().timeIntervalSince(started), 0)) s in all.")
        try Results.save(report.merged(over: earlier))
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(2)
}
if write {
    let path = repositoryRoot.appendingPathComponent("benchmarks/RESULTS.md").path
    let merged = selected.isEmpty ? earlier : report.merged(over: earlier)
    do {
        try Document.markdown(merged, machine: .current()).write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        FileHandle.standardError.write(Data("error: cannot write \(path): \(error)\n".utf8))
        exit(2)
    }
    FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
}
