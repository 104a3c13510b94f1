import Foundation
import VerbinderCore

/// A per-node output column; the raw value is the column name in CSV and JSON output.
public enum Metric: String, CaseIterable, Sendable {
    case degree
    case inDegree = "in_degree"
    case outDegree = "out_degree"
    case betweenness
    case betweennessWeighted = "betweenness_weighted"
    case closeness
    case eigenvector
    case pagerank
    case constraint
    case effectiveSize = "effective_size"
    case efficiency
    case hierarchy
    case brokerageCoordinator = "brokerage_coordinator"
    case brokerageItinerant = "brokerage_itinerant"
    case brokerageRepresentative = "brokerage_representative"
    case brokerageGatekeeper = "brokerage_gatekeeper"
    case brokerageLiaison = "brokerage_liaison"
    case brokerageTotal = "brokerage_total"
    case community
    case power
    case interest
    case quadrant

    /// Every metric but hierarchy (which is asked for by name), in column order.
    public static let defaults: [Metric] = allCases.filter { $0 != .hierarchy }

    /// Families usable in `--metrics` besides single names.
    public static let families: [(name: String, metrics: [Metric])] = [
        ("all", allCases),
        ("centrality", [.degree, .inDegree, .outDegree, .betweenness, .betweennessWeighted, .closeness, .eigenvector, .pagerank]),
        ("holes", [.constraint, .effectiveSize, .efficiency, .hierarchy]),
        ("brokerage", [.brokerageCoordinator, .brokerageItinerant, .brokerageRepresentative, .brokerageGatekeeper,
                       .brokerageLiaison, .brokerageTotal]),
        ("grid", [.power, .interest, .quadrant]),
    ]

    /// Parses a comma-separated list of metric names and families into metrics in column order.
    /// - Throws: ``InputError`` naming an unknown entry (with a suggestion).
    public static func parseList(_ text: String) throws -> [Metric] {
        var chosen = Set<Metric>()
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            if let metric = Metric(rawValue: entry) {
                chosen.insert(metric)
            } else if let family = families.first(where: { $0.name == entry }) {
                chosen.formUnion(family.metrics)
            } else {
                let names = allCases.map(\.rawValue) + families.map(\.name)
                let hint = closestMatch(to: entry, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw InputError("unknown metric '\(entry)'\(hint); known: \(names.joined(separator: ", "))",
                                 at: SourceLocation(file: "--metrics"))
            }
        }
        return allCases.filter(chosen.contains)
    }

    var isBrokerage: Bool { rawValue.hasPrefix("brokerage_") }
    /// Whether values are whole numbers (printed without decimals).
    var isCount: Bool { [.degree, .inDegree, .outDegree, .community].contains(self) }
}

/// What to compute and how.
public struct AnalysisOptions: Sendable {
    /// Read ties with direction (`true`) or without.
    public var directed = false
    public var metrics: [Metric] = Metric.defaults
    /// The node attribute whose values are the groups for brokerage and the E–I index.
    public var groupAttribute = "arena"
    /// When set, `metrics` came from the defaults and brokerage is dropped quietly if the groups are missing.
    public var metricsAreDefault = true
    /// Betweenness from this many sampled sources (NetworkX's `k`); nil for exact.
    public var sample: Int?
    /// Seed for sampling and Louvain.
    public var seed: UInt64 = 0
    /// Worker threads for betweenness and closeness; nil for all cores.
    public var threads: Int?
    /// UCINET's partial credit for brokerage.
    public var partialCredit = false
    public var powerInterest = PowerInterest.Settings()

    public init() {}
}

/// The results of one analysis, ready to write as text, CSV or JSON.
public struct AnalysisReport: Sendable {
    public var source: String
    public var directed: Bool
    public var ids: [String]
    public var tieCount: Int
    public var metrics: [Metric]
    /// Values per metric (quadrant excluded); look up by metric, output iterates ``metrics``.
    public var values: [Metric: [Double]] = [:]
    public var quadrants: [PowerInterest.Quadrant]?
    public var powerInterest: PowerInterest.Result?
    public var groupAttribute: String?
    public var groupNames: [String] = []
    public var eiGroups: [EIIndex.Group] = []
    public var eiNetwork: Double = .nan
    public var brokerage: Brokerage.Result?
    public var communityCount: Int?
    public var modularity: Double?
    /// Things a reader should know: dropped self-loops, merged edges, sampling, missing groups.
    public var notes: [String] = []
    /// Seconds spent per step, in the order run.
    public var timings: [(step: String, seconds: Double)] = []

    /// The number of nodes.
    public var nodeCount: Int { ids.count }
}

extension Analysis {
    /// Computes the requested metrics for a network.
    /// - Throws: ``InputError`` when brokerage or the E–I index was asked for by name and the group attribute
    ///   is missing, or when a power/interest attribute is bad.
    public static func analyze(_ data: NetworkData, options: AnalysisOptions) throws -> AnalysisReport {
        let clock = ContinuousClock()
        var timings: [(String, Double)] = []
        func timed<T>(_ step: String, _ body: () throws -> T) rethrows -> T {
            let start = clock.now
            let result = try body()
            let elapsed = clock.now - start
            timings.append((step, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
            return result
        }
        let graph = timed("build graph") { AnalysisGraph(data.edges, directed: options.directed) }
        var report = AnalysisReport(source: data.source, directed: options.directed, ids: data.ids,
                                    tieCount: graph.tieCount, metrics: options.metrics)
        if graph.droppedSelfLoops > 0 { report.notes.append("\(graph.droppedSelfLoops) self-loop(s) ignored") }
        if graph.mergedEdges > 0 {
            report.notes.append("\(graph.mergedEdges) parallel\(options.directed ? "" : " or opposite") edge(s) merged into one tie (weights summed)")
        }
        var metrics = options.metrics
        var groups: (codes: [Int32], names: [String])?
        do {
            groups = try data.groupCodes(options.groupAttribute)
        } catch let error as InputError {
            if options.metricsAreDefault {
                metrics.removeAll(where: \.isBrokerage)
                report.notes.append("no node attribute '\(options.groupAttribute)': brokerage and E–I index left out")
            } else if metrics.contains(where: \.isBrokerage) {
                throw error
            }
        }
        report.metrics = metrics
        let wanted = Set(metrics)
        func set(_ metric: Metric, _ values: [Double]) { if wanted.contains(metric) { report.values[metric] = values } }

        if wanted.contains(.degree) { set(.degree, Centrality.degree(graph)) }
        if wanted.contains(.inDegree) {
            set(.inDegree, graph.isDirected ? graph.givenInDegree.map(Double.init) : Centrality.degree(graph))
        }
        if wanted.contains(.outDegree) {
            set(.outDegree, graph.isDirected ? graph.givenOutDegree.map(Double.init) : Centrality.degree(graph))
        }
        if let sample = options.sample, sample < graph.nodeCount, wanted.contains(.betweenness) || wanted.contains(.betweennessWeighted) {
            report.notes.append("betweenness estimated from \(sample) sampled sources of \(graph.nodeCount) (seed \(options.seed))")
        }
        if wanted.contains(.betweenness) {
            set(.betweenness, timed("betweenness") {
                Centrality.betweenness(graph, sample: options.sample, seed: options.seed, threads: options.threads)
            })
        }
        if wanted.contains(.betweennessWeighted) {
            set(.betweennessWeighted, timed("betweenness (weighted)") {
                Centrality.betweenness(graph, weighted: true, sample: options.sample, seed: options.seed, threads: options.threads)
            })
        }
        if wanted.contains(.closeness) { set(.closeness, timed("closeness") { Centrality.closeness(graph, threads: options.threads) }) }
        var eigenvector: [Double]?
        if wanted.contains(.eigenvector) || (wanted.contains(.power) || wanted.contains(.quadrant)) {
            let result = timed("eigenvector") { Centrality.eigenvector(graph) }
            if !result.converged { report.notes.append("eigenvector iteration did not converge in \(result.iterations) iterations") }
            eigenvector = result.values
            set(.eigenvector, result.values)
        }
        if wanted.contains(.pagerank) {
            let result = timed("pagerank") { Centrality.pageRank(graph) }
            if !result.converged { report.notes.append("PageRank iteration did not converge in \(result.iterations) iterations") }
            set(.pagerank, result.values)
        }
        if !wanted.isDisjoint(with: [.constraint, .effectiveSize, .efficiency, .hierarchy]) {
            let holes = timed("structural holes") { StructuralHoles.compute(graph) }
            set(.constraint, holes.constraint)
            set(.effectiveSize, holes.effectiveSize)
            set(.efficiency, holes.efficiency)
            set(.hierarchy, holes.hierarchy)
        }
        if let groups {
            report.groupAttribute = options.groupAttribute
            report.groupNames = groups.names
            let ei = EIIndex.compute(graph, groups: groups.codes)
            report.eiGroups = ei.groups
            report.eiNetwork = ei.network
            if metrics.contains(where: \.isBrokerage) {
                let brokerage = timed("brokerage") { Brokerage.compute(graph, groups: groups.codes, partialCredit: options.partialCredit) }
                report.brokerage = brokerage
                let columns: [Metric] = [.brokerageCoordinator, .brokerageItinerant, .brokerageRepresentative, .brokerageGatekeeper, .brokerageLiaison]
                for (role, metric) in columns.enumerated() { set(metric, brokerage.counts[role]) }
                set(.brokerageTotal, brokerage.total)
            }
        }
        if wanted.contains(.community) {
            let result = timed("communities") { Communities.louvain(graph, seed: options.seed) }
            set(.community, result.community.map(Double.init))
            report.communityCount = result.count
            report.modularity = result.modularity
        }
        if !wanted.isDisjoint(with: [.power, .interest, .quadrant]) {
            let grid = try PowerInterest.compute(data, graph: graph, eigenvector: eigenvector ?? [], settings: options.powerInterest)
            set(.power, grid.power)
            set(.interest, grid.interest)
            if wanted.contains(.quadrant) { report.quadrants = grid.quadrant }
            report.powerInterest = grid
        }
        report.timings = timings
        return report
    }
}

// MARK: - Writing

extension AnalysisReport {
    /// The text of one cell: counts as integers, other numbers in the shortest form that reads back exactly,
    /// NaN as `nan`.
    func cell(_ metric: Metric, _ node: Int) -> String {
        if metric == .quadrant { return quadrants?[node].rawValue ?? "" }
        guard let value = values[metric]?[node] else { return "" }
        return formatNumber(value, integral: metric.isCount || (metric.isBrokerage && brokerage?.z != nil))
    }

    /// CSV: `id` then the requested metrics, one row per node in input order.
    public func csv() -> String {
        var lines = [(["id"] + metrics.map(\.rawValue)).joined(separator: ",")]
        for node in 0 ..< nodeCount {
            lines.append(([csvField(ids[node])] + metrics.map { cell($0, node) }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON for programs: the network, per-node values (NaN as null), groups with E–I indices, brokerage
    /// expectations and z-scores, communities and the power–interest settings.
    public func json() -> String {
        let writer = JSONWriter()
        writer.object {
            writer.field("source", .string(source))
            writer.field("directed", .bool(directed))
            writer.field("nodeCount", .number(Double(nodeCount)))
            writer.field("tieCount", .number(Double(tieCount)))
            writer.field("metrics", .strings(metrics.map(\.rawValue)))
            writer.field("notes", .strings(notes))
            writer.key("nodes")
            writer.array {
                for node in 0 ..< nodeCount {
                    writer.element()
                    writer.object {
                        writer.field("id", .string(ids[node]))
                        for metric in metrics {
                            if metric == .quadrant {
                                writer.field(metric.rawValue, .string(quadrants?[node].rawValue ?? ""))
                            } else if let value = values[metric]?[node] {
                                writer.field(metric.rawValue, .number(value))
                            }
                        }
                    }
                }
            }
            if let groupAttribute {
                writer.key("groups")
                writer.object {
                    writer.field("attribute", .string(groupAttribute))
                    writer.field("eiIndex", .number(eiNetwork))
                    writer.key("members")
                    writer.array {
                        for group in eiGroups {
                            writer.element()
                            writer.object {
                                writer.field("name", .string(groupNames[Int(group.code)]))
                                writer.field("members", .number(Double(group.members)))
                                writer.field("internalTies", .number(Double(group.internalTies)))
                                writer.field("externalTies", .number(Double(group.externalTies)))
                                writer.field("eiIndex", .number(group.index))
                            }
                        }
                    }
                }
            }
            if let brokerage {
                writer.key("brokerage")
                writer.object {
                    let roles = Brokerage.Role.allCases.map(\.name) + ["total"]
                    writer.field("roles", .strings(roles))
                    writer.field("partialCredit", .bool(brokerage.z == nil))
                    writer.field("networkCounts", .numbers(brokerage.globalCounts))
                    if let expected = brokerage.globalExpected, let z = brokerage.globalZ {
                        writer.field("networkExpected", .numbers(expected))
                        writer.field("networkZ", .numbers(z))
                    }
                    if let expected = brokerage.expected, let z = brokerage.z {
                        writer.key("nodes")
                        writer.array {
                            for node in 0 ..< nodeCount {
                                writer.element()
                                writer.object {
                                    writer.field("id", .string(ids[node]))
                                    writer.field("expected", .numbers(expected[node]))
                                    writer.field("z", .numbers(z[node]))
                                }
                            }
                        }
                    }
                }
            }
            if let communityCount, let modularity {
                writer.key("communities")
                writer.object {
                    writer.field("count", .number(Double(communityCount)))
                    writer.field("modularity", .number(modularity))
                }
            }
            if let grid = powerInterest {
                writer.key("powerInterest")
                writer.object {
                    writer.field("powerThreshold", .number(grid.settings.powerThreshold))
                    writer.field("interestThreshold", .number(grid.settings.interestThreshold))
                    writer.field("powerSource", .string(grid.powerSource))
                    writer.field("interestSource", .string(grid.interestSource))
                }
            }
        }
        return writer.text + "\n"
    }

    /// A readable report: the network, a table of the top `top` nodes ranked by betweenness (or the first
    /// requested metric), groups with E–I indices, communities, and the power–interest grid.
    public func text(top: Int = 20) -> String {
        var lines = ["Network: \(source)", "Nodes: \(nodeCount)   Ties: \(tieCount)   View: \(directed ? "directed" : "undirected")"]
        lines += notes.map { "Note: \($0)" }
        let numeric = metrics.filter { $0 != .quadrant }
        let rankBy = numeric.first(where: { $0 == .betweenness }) ?? numeric.first
        if let rankBy, let column = values[rankBy] {
            let order = (0 ..< nodeCount).sorted { a, b in
                let x = column[a].isNaN ? -Double.infinity : column[a], y = column[b].isNaN ? -Double.infinity : column[b]
                return x != y ? x > y : a < b
            }
            lines.append("")
            lines.append("Top \(min(top, nodeCount)) by \(rankBy.rawValue):")
            let header = ["#", "id"] + metrics.map(\.rawValue)
            let rows = order.prefix(top).enumerated().map { rank, node in
                [String(rank + 1), ids[node]] + metrics.map { metric -> String in
                    if metric == .quadrant { return quadrants?[node].rawValue ?? "" }
                    guard let value = values[metric]?[node] else { return "" }
                    return metric.isCount || (metric.isBrokerage && value == value.rounded()) ? formatNumber(value, integral: true)
                        : value.isNaN ? "nan" : String(format: "%.4f", value)
                }
            }
            lines += textTable(header, rows)
        }
        if let groupAttribute {
            lines.append("")
            lines.append("Groups by '\(groupAttribute)' (E–I index: −1 all ties inside, +1 all ties outside; network \(String(format: "%.3f", eiNetwork))):")
            lines += textTable(["group", "members", "internal ties", "external ties", "E–I"], eiGroups.map {
                [groupNames[Int($0.code)], String($0.members), String($0.internalTies), String($0.externalTies),
                 $0.index.isNaN ? "nan" : String(format: "%.3f", $0.index)]
            })
        }
        if let brokerage, let expected = brokerage.globalExpected, let z = brokerage.globalZ {
            lines.append("")
            lines.append("Brokerage over the whole network (sna: observed, expected under a random graph of equal density, z):")
            let roles = Brokerage.Role.allCases.map(\.name) + ["total"]
            lines += textTable(["role", "observed", "expected", "z"], roles.indices.map {
                [roles[$0], formatNumber(brokerage.globalCounts[$0], integral: true), String(format: "%.1f", expected[$0]),
                 z[$0].isNaN ? "nan" : String(format: "%.2f", z[$0])]
            })
        }
        if let communityCount, let modularity {
            lines.append("")
            lines.append("Communities (Louvain): \(communityCount), modularity \(modularity.isNaN ? "nan" : String(format: "%.4f", modularity))")
        }
        if let grid = powerInterest {
            lines.append("")
            lines.append("Power–interest grid (power ≥ \(grid.settings.powerThreshold) is high, interest ≥ \(grid.settings.interestThreshold) is high):")
            lines.append("  power: \(grid.powerSource)")
            lines.append("  interest: \(grid.interestSource)")
            lines += textTable(["quadrant", "nodes", "examples"], PowerInterest.Quadrant.allCases.map { quadrant in
                let members = (0 ..< nodeCount).filter { grid.quadrant[$0] == quadrant }
                    .sorted { grid.power[$0] + grid.interest[$0] > grid.power[$1] + grid.interest[$1] }
                return [quadrant.rawValue, String(members.count), members.prefix(4).map { ids[$0] }.joined(separator: ", ")]
            })
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A number as text: integral values without decimals when `integral`, otherwise the shortest exact form;
/// NaN as `nan`, infinities as `inf`/`-inf`.
func formatNumber(_ value: Double, integral: Bool = false) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if integral && value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

/// A plain text table: header, rule, columns (numbers right-aligned).
func textTable(_ header: [String], _ rows: [[String]]) -> [String] {
    let widths = header.indices.map { column in ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0 }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { column, cell in
            let padding = String(repeating: " ", count: widths[column] - cell.count)
            return Double(cell) != nil || cell == "nan" ? padding + cell : cell + padding
        }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    return [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)
}

/// A small streaming JSON writer (a class, so nested closures can write to it) that keeps key order and writes NaN and infinities as null.
final class JSONWriter {
    enum Value {
        case string(String), number(Double), bool(Bool), strings([String]), numbers([Double])
    }

    var text = ""
    private var indent = 0
    private var first = [true]

    private func separator() {
        if !first[first.count - 1] { text += "," }
        first[first.count - 1] = false
        text += "\n" + String(repeating: "  ", count: indent)
    }

    func key(_ name: String) {
        separator()
        text += Self.quoted(name) + ": "
    }

    func element() { separator() }

    func field(_ name: String, _ value: Value) {
        key(name)
        text += Self.render(value)
    }

    func object(_ body: () -> Void) { nested("{", "}", body) }
    func array(_ body: () -> Void) { nested("[", "]", body) }

    private func nested(_ open: String, _ close: String, _ body: () -> Void) {
        text += open
        indent += 1
        first.append(true)
        body()
        let empty = first.removeLast()
        indent -= 1
        if !empty { text += "\n" + String(repeating: "  ", count: indent) }
        text += close
    }

    static func render(_ value: Value) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .number(let number): number.isFinite ? formatNumber(number, integral: true) : "null"
        case .bool(let flag): flag ? "true" : "false"
        case .strings(let list): "[" + list.map(quoted).joined(separator: ", ") + "]"
        case .numbers(let list): "[" + list.map { $0.isFinite ? formatNumber($0, integral: true) : "null" }.joined(separator: ", ") + "]"
        }
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
