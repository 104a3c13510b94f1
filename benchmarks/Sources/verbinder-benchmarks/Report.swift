import Foundation

/// What the benchmarks measured, as Markdown: printed as it is made, and written to RESULTS.md with `--write`.
struct Report {
    private(set) var sections: [String] = []

    /// Adds a section with a heading and lines of Markdown, and prints it.
    mutating func section(_ title: String, _ lines: [String]) {
        let text = (["## \(title)", ""] + lines).joined(separator: "\n")
        print(text + "\n")
        sections.append(text)
    }

    /// The whole report, with the machine it ran on.
    func markdown(machine: Machine) -> String {
        var lines = [
            "# Benchmark results",
            "",
            "Written by `swift run -c release verbinder-benchmarks \(CommandLine.arguments.dropFirst().joined(separator: " "))`"
                + " in `benchmarks/`.",
            "",
            "| machine | |",
            "|---|---|",
            "| date | \(machine.date) |",
            "| cores (nproc) | \(machine.cores) |",
            "| memory | \(machine.memory) |",
            "| swift | \(machine.swift) |",
            "| build | \(machine.build) |",
            "",
        ]
        lines += sections.flatMap { [$0, ""] }
        return lines.joined(separator: "\n")
    }
}

/// The machine and toolchain a report comes from.
struct Machine {
    let date: String
    let cores: Int
    let memory: String
    let swift: String
    let build: String

    static func current() -> Machine {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withTimeZone]
        var memory = "unknown"
        if let info = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
           let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            memory = format(Double(kilobytes) / 1_048_576, 1) + " GiB"
        }
        #if DEBUG
        let build = "debug (numbers are not representative: use -c release)"
        #else
        let build = "release"
        #endif
        return Machine(date: formatter.string(from: Date()), cores: ProcessInfo.processInfo.activeProcessorCount,
                       memory: memory, swift: swiftVersion(), build: build)
    }

    /// The first line of `swift --version`, or "unknown".
    private static func swiftVersion() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        guard (try? process.run()) != nil else { return "unknown" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n").first.map(String.init) ?? "unknown"
    }
}
