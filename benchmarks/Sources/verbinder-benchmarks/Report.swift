import Foundation

/// What the benchmarks measured: Markdown sections and the figures behind them, kept in
/// `results/verbinder.json` so that the peers (Python) can compare against them and `report` can
/// assemble `RESULTS.md` from Verbinder's sections and the peers' fragments.
struct Report: Codable {
    /// One benchmark's part of the report.
    struct Section: Codable {
        var benchmark: String
        var title: String
        var text: String
    }

    private(set) var sections: [Section] = []
    /// Figures by key (e.g. `simulation.residents-1m.single`): median, min, max, runs and counts.
    private(set) var figures: [String: [String: Double]] = [:]
    /// The benchmark now running; sections and figures are filed under it.
    var current = ""

    /// Adds a section with a heading and lines of Markdown, and prints it.
    mutating func section(_ title: String, _ lines: [String]) {
        let text = lines.joined(separator: "\n")
        print("## \(title)\n\n\(text)\n")
        sections.append(Section(benchmark: current, title: title, text: text))
    }

    /// Keeps figures for the peers and the summary (`key` → name → value).
    mutating func record(_ key: String, _ values: [String: Double]) {
        figures[key, default: [:]].merge(values) { $1 }
    }

    /// Appends a line to every section the current benchmark wrote.
    mutating func appendToCurrent(_ line: String) {
        for index in sections.indices where sections[index].benchmark == current {
            sections[index].text += "\n\n" + line
        }
    }

    /// This report with another one's sections and figures for benchmarks this one did not run.
    func merged(over older: Report) -> Report {
        let ran = Set(sections.map(\.benchmark))
        var result = self
        result.sections = older.sections.filter { !ran.contains($0.benchmark) } + sections
        result.figures = older.figures.merging(figures) { $1 }
        let order = Benchmark.registered.map(\.name)
        result.sections = result.sections.enumerated().sorted {
            let left = order.firstIndex(of: $0.element.benchmark) ?? order.count
            let right = order.firstIndex(of: $1.element.benchmark) ?? order.count
            return left != right ? left < right : $0.offset < $1.offset
        }.map(\.element)
        return result
    }

    func figure(_ key: String, _ name: String = "median") -> Double? { figures[key]?[name] }
}

/// Where intermediate results live: `benchmarks/results/` (not committed).
enum Results {
    static let directory = repositoryRoot.appendingPathComponent("benchmarks/results")
    static let verbinder = directory.appendingPathComponent("verbinder.json")
    static let peers = directory.appendingPathComponent("peers")
    static let graphs = directory.appendingPathComponent("graphs")

    static func load() -> Report? {
        guard let data = try? Data(contentsOf: verbinder) else { return nil }
        return try? JSONDecoder().decode(Report.self, from: data)
    }

    static func save(_ report: Report) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: verbinder, options: .atomic)
    }

    /// A peer's Markdown fragment (`results/peers/NAME.md`), if the peers ran.
    static func peerFragment(_ name: String) -> String? {
        try? String(contentsOf: peers.appendingPathComponent("\(name).md"), encoding: .utf8)
    }

    /// The mengpaneel's section as `mengpaneel/bench.py` last wrote it (`results/mengpaneel/section.md`), if it ran.
    static var mengpaneelSection: String? {
        try? String(contentsOf: directory.appendingPathComponent("mengpaneel/section.md"), encoding: .utf8)
    }

    /// A peer's JSON summary (`results/peers/NAME.json`), if the peers ran.
    static func peerJSON(_ name: String) -> [String: Any]? {
        guard let data = try? Data(contentsOf: peers.appendingPathComponent("\(name).json")) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
