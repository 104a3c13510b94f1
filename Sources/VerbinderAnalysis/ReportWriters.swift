import Foundation
import VerbinderCore
import VerbinderSupport

extension AnalysisReport {
    /// The text of one cell: counts as integers, other numbers in the shortest form that reads back exactly,
    /// NaN as `nan`.
    func cell(_ metric: Metric, _ node: Int) -> String {
        if metric == .quadrant { return quadrants?[node].rawValue ?? "" }
        guard let value = values[metric]?[node] else { return "" }
        return formatNumber(value, metric.isCount || (metric.isBrokerage && brokerage?.z != nil) ? .exact : .exactFloat)
    }

    /// CSV: `id` (and `label`, when the input names nodes) then the requested metrics, one row per node in
    /// input order.
    public func csv() -> String {
        var lines = [(["id"] + (labels == nil ? [] : ["label"]) + metrics.map(\.rawValue)).joined(separator: ",")]
        for node in 0 ..< nodeCount {
            let names = [ids[node]] + (labels.map { [$0[node]] } ?? [])
            lines.append((names.map(csvField) + metrics.map { cell($0, node) }).joined(separator: ","))
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
                        if let labels { writer.field("label", .string(labels[node])) }
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
            let header = ["#", "id"] + (labels == nil ? [] : ["label"]) + metrics.map(\.rawValue)
            let rows = order.prefix(top).enumerated().map { rank, node in
                [String(rank + 1), ids[node]] + (labels.map { [$0[node]] } ?? []) + metrics.map { metric -> String in
                    if metric == .quadrant { return quadrants?[node].rawValue ?? "" }
                    guard let value = values[metric]?[node] else { return "" }
                    return metric.isCount || (metric.isBrokerage && value == value.rounded()) ? formatNumber(value, .exact)
                        : formatNumber(value, .fixed(4))
                }
            }
            lines += textTable(header, rows)
        }
        if let groupAttribute {
            lines.append("")
            lines.append("Groups by '\(groupAttribute)' (E–I index: −1 all ties inside, +1 all ties outside; network \(formatNumber(eiNetwork, .fixed(3)))):")
            lines += textTable(["group", "members", "internal ties", "external ties", "E–I"], eiGroups.map {
                [groupNames[Int($0.code)], String($0.members), String($0.internalTies), String($0.externalTies),
                 formatNumber($0.index, .fixed(3))]
            })
        }
        if let brokerage, let expected = brokerage.globalExpected, let z = brokerage.globalZ {
            lines.append("")
            lines.append("Brokerage over the whole network (sna: observed, expected under a random graph of equal density, z):")
            let roles = Brokerage.Role.allCases.map(\.name) + ["total"]
            lines += textTable(["role", "observed", "expected", "z"], roles.indices.map {
                [roles[$0], formatNumber(brokerage.globalCounts[$0], .exact), formatNumber(expected[$0], .fixed(1)),
                 formatNumber(z[$0], .fixed(2))]
            })
        }
        if let communityCount, let modularity {
            lines.append("")
            lines.append("Communities (Louvain): \(communityCount), modularity \(formatNumber(modularity, .fixed(4)))")
        }
        if let grid = powerInterest {
            lines.append("")
            lines.append("Power–interest grid (power ≥ \(grid.settings.powerThreshold) is high, interest ≥ \(grid.settings.interestThreshold) is high):")
            lines.append("  power: \(grid.powerSource)")
            lines.append("  interest: \(grid.interestSource)")
            lines += textTable(["quadrant", "nodes", "examples"], PowerInterest.Quadrant.allCases.map { quadrant in
                let members = (0 ..< nodeCount).filter { grid.quadrant[$0] == quadrant }
                    .sorted { grid.power[$0] + grid.interest[$0] > grid.power[$1] + grid.interest[$1] }
                return [quadrant.rawValue, String(members.count), members.prefix(4).map { (labels ?? ids)[$0] }.joined(separator: ", ")]
            })
        }
        return lines.joined(separator: "\n") + "\n"
    }
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
        text += jsonString(name) + ": "
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
        case .string(let text): jsonString(text)
        case .number(let number): number.isFinite ? formatNumber(number, .exact) : "null"
        case .bool(let flag): flag ? "true" : "false"
        case .strings(let list): "[" + list.map(jsonString).joined(separator: ", ") + "]"
        case .numbers(let list): "[" + list.map { $0.isFinite ? formatNumber($0, .exact) : "null" }.joined(separator: ", ") + "]"
        }
    }
}
