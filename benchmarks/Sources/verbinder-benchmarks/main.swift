import Foundation
import VerbinderCore

// verbinder-benchmarks [NAME...|all] [--write] [--list]
let usage = """
    usage: verbinder-benchmarks [all | NAME ...] [--write] [--list]

      NAME      one of: \(Benchmark.registered.map(\.name).joined(separator: ", ")) (default: all)
      --write   also write the report to benchmarks/RESULTS.md
      --list    list the benchmarks and exit

    Example:
      cd benchmarks && swift run -c release verbinder-benchmarks graph --write
    """

var arguments = Array(CommandLine.arguments.dropFirst())
let write = arguments.contains("--write")
arguments.removeAll { $0 == "--write" }
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
if arguments.contains("--list") {
    for benchmark in Benchmark.registered { print("\(benchmark.name)\t\(benchmark.summary)") }
    exit(0)
}
if let unknown = arguments.first(where: { $0 != "all" && !Benchmark.registered.map(\.name).contains($0) }) {
    FileHandle.standardError.write(Data("error: unknown benchmark or option '\(unknown)'\n\n\(usage)\n".utf8))
    exit(2)
}
let selected = arguments.isEmpty || arguments.contains("all")
    ? Benchmark.registered
    : Benchmark.registered.filter { arguments.contains($0.name) }

#if DEBUG
FileHandle.standardError.write(Data("warning: a debug build; measure with `swift run -c release`\n".utf8))
#endif

var report = Report()
do {
    for benchmark in selected {
        FileHandle.standardError.write(Data("running \(benchmark.name)...\n".utf8))
        try benchmark.run(&report)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(2)
}
if write {
    let path = repositoryRoot.appendingPathComponent("benchmarks/RESULTS.md").path
    try report.markdown(machine: .current()).write(toFile: path, atomically: true, encoding: .utf8)
    FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
}
