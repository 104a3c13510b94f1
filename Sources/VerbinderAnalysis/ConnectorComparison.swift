import VerbinderCore
import VerbinderSupport

/// The connectors' position before and after a simulation: betweenness and brokerage on the scenario's
/// network versus on the outcome graph. A connector who "made themselves superfluous" (DOMAIN.md §3, the
/// bridge builder stepping out) brokers less afterwards: residents and officials found each other directly.
public struct ConnectorComparison: Sendable {
    /// One connector's numbers; `after` values are NaN when the connector is absent from the outcome graph.
    public struct Row: Sendable, Equatable {
        public var id: String
        public var betweennessBefore: Double
        public var betweennessAfter: Double
        public var brokerageBefore: Double
        public var brokerageAfter: Double
        public var degreeBefore: Double
        public var degreeAfter: Double
        /// Per role (coordinator, itinerant, representative, gatekeeper, liaison): before and after.
        public var rolesBefore: [Double]
        public var rolesAfter: [Double]
    }

    public var before: String
    public var after: String
    public var groupAttribute: String
    public var rows: [Row]
    public var notes: [String]

    /// Compares the connectors (nodes of kind `connector` in `before`, matched by id in `after`).
    /// - Throws: ``InputError`` when either network lacks the group attribute, or `before` has no connectors.
    public static func compare(before: NetworkData, after: NetworkData, options: AnalysisOptions) throws -> ConnectorComparison {
        let connectors = before.connectorNodes
        guard !connectors.isEmpty else {
            throw InputError("no connectors (nodes of kind 'connector') to compare", at: SourceLocation(file: before.source))
        }
        func measures(_ data: NetworkData) throws -> (betweenness: [Double], brokerage: Brokerage.Result, degree: [Double]) {
            let graph = AnalysisGraph(data.edges, directed: options.directed)
            let groups = try data.groupCodes(options.groupAttribute).codes
            return (Centrality.betweenness(graph, sample: options.sample, seed: options.seed, threads: options.threads),
                    Brokerage.compute(graph, groups: groups, partialCredit: options.partialCredit),
                    Centrality.degree(graph))
        }
        let old = try measures(before)
        let new = try measures(after)
        var index: [String: Int] = [:]  // lookup only
        for (node, id) in after.ids.enumerated() { index[id] = node }
        var notes: [String] = []
        let rows = connectors.map { connector -> Row in
            let node = Int(connector)
            let id = before.ids[node]
            let other = index[id]
            if other == nil { notes.append("connector '\(id)' is not in \(after.source)") }
            func pick(_ values: [Double]) -> Double { other.map { values[$0] } ?? .nan }
            return Row(id: id, betweennessBefore: old.betweenness[node], betweennessAfter: pick(new.betweenness),
                       brokerageBefore: old.brokerage.total[node], brokerageAfter: pick(new.brokerage.total),
                       degreeBefore: old.degree[node], degreeAfter: pick(new.degree),
                       rolesBefore: (0 ..< 5).map { old.brokerage.counts[$0][node] },
                       rolesAfter: (0 ..< 5).map { role in other.map { new.brokerage.counts[role][$0] } ?? .nan })
        }
        return ConnectorComparison(before: before.source, after: after.source, groupAttribute: options.groupAttribute,
                                   rows: rows, notes: notes)
    }

    static let columns = ["id", "degree_before", "degree_after", "betweenness_before", "betweenness_after", "betweenness_change",
                          "brokerage_total_before", "brokerage_total_after", "brokerage_total_change"]
        + Brokerage.Role.allCases.flatMap { ["brokerage_\($0.name)_before", "brokerage_\($0.name)_after"] }

    private func cells(_ row: Row) -> [String] {
        [csvField(row.id), formatNumber(row.degreeBefore, .exact), formatNumber(row.degreeAfter, .exact),
         formatNumber(row.betweennessBefore, .exactFloat), formatNumber(row.betweennessAfter, .exactFloat), formatNumber(row.betweennessAfter - row.betweennessBefore, .exactFloat),
         formatNumber(row.brokerageBefore, .exact), formatNumber(row.brokerageAfter, .exact),
         formatNumber(row.brokerageAfter - row.brokerageBefore, .exact)]
            + (0 ..< 5).flatMap { [formatNumber(row.rolesBefore[$0], .exact), formatNumber(row.rolesAfter[$0], .exact)] }
    }

    /// CSV, one row per connector.
    public func csv() -> String {
        ([Self.columns.joined(separator: ",")] + rows.map { cells($0).joined(separator: ",") }).joined(separator: "\n") + "\n"
    }

    /// JSON, one object per connector with the CSV's columns.
    public func json() -> String {
        let writer = JSONWriter()
        writer.object {
            writer.field("before", .string(before))
            writer.field("after", .string(after))
            writer.field("groupAttribute", .string(groupAttribute))
            writer.field("notes", .strings(notes))
            writer.key("connectors")
            writer.array {
                for row in rows {
                    writer.element()
                    writer.object {
                        writer.field("id", .string(row.id))
                        let numbers = [row.degreeBefore, row.degreeAfter, row.betweennessBefore, row.betweennessAfter,
                                       row.betweennessAfter - row.betweennessBefore, row.brokerageBefore, row.brokerageAfter,
                                       row.brokerageAfter - row.brokerageBefore]
                            + (0 ..< 5).flatMap { [row.rolesBefore[$0], row.rolesAfter[$0]] }
                        for (name, value) in zip(Self.columns.dropFirst(), numbers) { writer.field(name, .number(value)) }
                    }
                }
            }
        }
        return writer.text + "\n"
    }

    /// A readable table: did the connectors make themselves superfluous?
    public func text() -> String {
        var lines = ["Connectors before (\(before)) and after (\(after)); brokerage groups by '\(groupAttribute)'", ""]
        lines += textTable(["connector", "betweenness before", "after", "change", "brokerage before", "after", "change"], rows.map {
            [$0.id, formatNumber($0.betweennessBefore, .fixed(4)), formatNumber($0.betweennessAfter, .fixed(4)),
             formatNumber($0.betweennessAfter - $0.betweennessBefore, .fixed(4)),
             formatNumber($0.brokerageBefore, .exact), formatNumber($0.brokerageAfter, .exact),
             formatNumber($0.brokerageAfter - $0.brokerageBefore, .exact)]
        })
        let fewer = rows.filter { $0.brokerageAfter < $0.brokerageBefore }.count
        lines.append("")
        lines.append("\(fewer) of \(rows.count) connector(s) broker fewer two-paths afterwards (a sign of making themselves superfluous).")
        lines += notes.map { "Note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

}
