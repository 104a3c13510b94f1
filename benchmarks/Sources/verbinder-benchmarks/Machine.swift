import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The machine and toolchain a report comes from.
struct Machine {
    var rows: [(String, String)]

    static func current() -> Machine {
        var memory = "unknown"
        if let info = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
           let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            memory = format(Double(kilobytes) / 1_048_576, 1) + " GiB"
        }
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let os = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { $0.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "unknown"
        #if DEBUG
        let build = "debug (numbers are not representative: use -c release)"
        #else
        let build = "release (`swift build -c release`, scratch path `benchmarks/.build`)"
        #endif
        let graphviz = "libgvc " + run(["pkg-config", "--modversion", "libgvc"]) + " (pkg-config; linked in-process)"
        let commit = run(["git", "-C", repositoryRoot.path, "log", "-1", "--format=%h %cI %s"])
        let changed = run(["git", "-C", repositoryRoot.path, "status", "--porcelain", "--", "Sources", "Package.swift"])
            .split(separator: "\n").compactMap { $0.split(separator: " ").last }
        let tree = changed.isEmpty ? "clean (Sources/ as committed)"
            : "built as found, with uncommitted changes (other engineers' work in progress) in \(changed.count) file(s): "
                + changed.map { "`\($0)`" }.joined(separator: ", ")
        let formatter = ISO8601DateFormatter()
        return Machine(rows: [
            ("date (report written)", formatter.string(from: Date())),
            ("cores (nproc)", "\(ProcessInfo.processInfo.activeProcessorCount)"),
            ("CPU", cpu),
            ("memory", memory),
            ("OS", "\(os), Linux \(run(["uname", "-r"]))"),
            ("Swift", run(["swift", "--version"]).split(separator: "\n").first.map(String.init) ?? "unknown"),
            ("Graphviz", graphviz),
            ("build", build),
            ("git commit", commit),
            ("working tree", tree),
        ])
    }

    /// The output (stdout and stderr, trimmed) of a command, or "unknown".
    static func run(_ arguments: [String]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return "unknown" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Load averages as `1.23 / 1.10 / 0.90` (1, 5, 15 minutes).
func loadText(_ values: [Double]) -> String { values.map { format($0, 2) }.joined(separator: " / ") }
