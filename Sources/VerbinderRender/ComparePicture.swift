import Foundation
import VerbinderCore
import VerbinderSimulation
import VerbinderSupport

/// Two results side by side (e.g. baseline and intervention): both outcome graphs at the same level, the
/// second one's edges marked with the change in success rate, and the praatplaat cells compared.
enum ComparePicture {
    /// Changes in success rate smaller than this (in percentage points) are not marked.
    static let markedChange = 5.0
    /// The largest drawing, in inches (Graphviz `size`): about 1,820 × 1,060 px at 96 dpi.
    static let screenSize = "19,11"

    /// Whether two success rates differ at the 95% level: the two-proportion z-test with pooled variance
    /// (e.g. Agresti, *Categorical Data Analysis*, §2.1); false when either has no attempts.
    static func significantlyDifferent(_ successesA: Int, of attemptsA: Int, _ successesB: Int, of attemptsB: Int) -> Bool {
        guard attemptsA > 0, attemptsB > 0 else { return false }
        let (a, b) = (Double(attemptsA), Double(attemptsB))
        let pooled = Double(successesA + successesB) / (a + b)
        let standardError = (pooled * (1 - pooled) * (1 / a + 1 / b)).squareRoot()
        guard standardError > 0 else { return false }
        return abs(Double(successesA) / a - Double(successesB) / b) / standardError >= 1.959964
    }
    /// Both results are drawn at the aggregate level when both have at most this many groups, else by arena.
    static let aggregateLimit = 40

    static func spec(_ first: RenderInput, _ second: RenderInput, threshold: Double, layout: LayoutEngine) throws
        -> (GraphSpec, RenderView) {
        let firstAggregate = Aggregation.aggregate(first.network)
        let secondAggregate = Aggregation.aggregate(second.network)
        let useAggregate = firstAggregate.nodes.count <= aggregateLimit && secondAggregate.nodes.count <= aggregateLimit
        let unordered = useAggregate
            ? (firstAggregate.simplified().graph, secondAggregate.simplified().graph)
            : (Aggregation.arenas(first.network).simplified().graph, Aggregation.arenas(second.network).simplified().graph)
        // The same groups in the same order on both sides, so the layout engine places them alike.
        let pictures = (unordered.0.canonicalEdgeOrder(), unordered.1.ordered(like: unordered.0).canonicalEdgeOrder())
        let names = panelNames(first, second)

        var spec = GraphSpec(name: "compare")
        spec.attributes = NetworkPicture.graphAttributes(layout: layout, level: pictures.0.level)
        if layout == .dot {
            spec.attributes.removeAll { $0.name == "rankdir" }
            spec.attributes.append(.init("rankdir", "TB"))
        }
        // Scaled down (never up) to fit a screen.
        spec.attributes.append(.init("size", screenSize))
        spec.nodeDefaults = NetworkPicture.nodeDefaults
        spec.edgeDefaults = NetworkPicture.edgeDefaults

        var legend = Legend(title: "\(names.0) vs \(names.1)", headline: headlineChanges(first, second),
                            note: "compare view · \(pictures.0.level.rawValue) level · \(layout.rawValue) layout · "
                                + "right: labels ▲/▼ mark success-rate changes of \(Int(markedChange)) points or more that are significant "
                                + "(two-proportion z-test, 95%) · Verbinder \(verbinderVersion)")
        let left = NetworkPicture.body(pictures.0, layout: layout, idPrefix: "a_", legend: &legend)
        var right = NetworkPicture.body(pictures.1, layout: layout, idPrefix: "b_", legend: &legend)
        legend.arenas = VisualGrammar.arenaOrder.filter(legend.arenas.contains)
        markChanges(&right.edges, second: pictures.1, against: pictures.0)
        if let a = first.summary, let b = second.summary {
            legend.extra = praatplaatTable(a, b, names: names, threshold: threshold)
        }
        spec.attributes.append(.init("label", .html(legend.html)))
        spec.nodes = left.nodes + right.nodes
        spec.edges = left.edges + right.edges
        func panel(_ id: String, _ title: String, _ inner: [GraphSpec.Subgraph], _ nodes: [GraphSpec.Node]) -> GraphSpec.Subgraph {
            let clustered = Set(inner.flatMap(\.nodeIDs))
            return GraphSpec.Subgraph(
                id: id,
                attributes: [.init("label", .html(##"<FONT POINT-SIZE="20"><B>\##(htmlEscaped(title))</B></FONT>"##)),
                             .init("style", "rounded"), .init("color", "#BBBBBB"), .init("penwidth", "1"),
                             .init("margin", "20"), .init("labeljust", "c")],
                nodeIDs: nodes.map(\.id).filter { !clustered.contains($0) }, subgraphs: inner)
        }
        if layout.drawsClusters {
            spec.subgraphs = [panel("cluster_a", names.0, left.subgraphs, left.nodes),
                              panel("cluster_b", names.1, right.subgraphs, right.nodes)]
        }
        return (spec, pictures.0.level)
    }

    /// Names for the two panels: the scenario names, or the directory names when those are equal.
    static func panelNames(_ first: RenderInput, _ second: RenderInput) -> (String, String) {
        if first.scenarioName != second.scenarioName { return (first.scenarioName, second.scenarioName) }
        let a = (first.path as NSString).lastPathComponent, b = (second.path as NSString).lastPathComponent
        if !a.isEmpty, !b.isEmpty, a != b { return (a, b) }
        return ("\(first.scenarioName) (1)", "\(second.scenarioName) (2)")
    }

    /// Labels the second picture's edges with their change against the first (matched by node titles and kind).
    static func markChanges(_ edges: inout [GraphSpec.Edge], second: PictureGraph, against first: PictureGraph) {
        struct Key: Hashable { var source: String; var target: String; var kind: InteractionKind; var created: Bool }
        func key(_ edge: PictureGraph.Edge, in picture: PictureGraph) -> Key {
            Key(source: "\(picture.nodes[edge.source].kind.rawValue)|\(picture.nodes[edge.source].title)",
                target: "\(picture.nodes[edge.target].kind.rawValue)|\(picture.nodes[edge.target].title)",
                kind: edge.kind, created: edge.created)
        }
        var before: [Key: PictureGraph.Edge] = [:]
        for edge in first.edges { before[key(edge, in: first)] = edge }
        let drawn = second.edges
        for (index, edge) in drawn.enumerated() where edge.attempts > 0 && index < edges.count {
            let rate = Double(edge.successes) / Double(edge.attempts)
            var label: String?
            if let old = before[key(edge, in: second)], old.attempts > 0 {
                let change = (rate - Double(old.successes) / Double(old.attempts)) * 100
                if abs(change) >= markedChange,
                   significantlyDifferent(old.successes, of: old.attempts, edge.successes, of: edge.attempts) {
                    let points = Int(change.rounded())
                    let colour = change > 0 ? PraatplaatPicture.passText : PraatplaatPicture.failText
                    label = ##"<FONT COLOR="\##(colour)"><B>\##(change > 0 ? "▲ +" : "▼ −")\##(abs(points)) pts</B></FONT><BR/><FONT POINT-SIZE="8">\##(formatNumber(rate, .percent(0))) of \##(VisualGrammar.grouped(edge.attempts))</FONT>"##
                }
            } else {
                label = ##"<FONT COLOR="#5A3B00"><B>new</B></FONT><BR/><FONT POINT-SIZE="8">\##(formatNumber(rate, .percent(0))) of \##(VisualGrammar.grouped(edge.attempts))</FONT>"##
            }
            if let label {
                edges[index].attributes.removeAll { $0.name == "label" }
                edges[index].attributes.append(.init("label", .html(label)))
            }
        }
    }

    static func headlineChanges(_ first: RenderInput, _ second: RenderInput) -> [String] {
        let a = Renderer.headline(first), b = Renderer.headline(second)
        return zip(a, b).map { $0 == $1 ? $0 : "\($0)  →  \($1)" }
    }

    /// The eight praatplaat cells of both results, with the change and flipped verdicts highlighted.
    static func praatplaatTable(_ a: SimulationSummary, _ b: SimulationSummary, names: (String, String), threshold: Double) -> String {
        func header(_ text: String) -> String { ##"<TD BGCOLOR="#EEEEEE"><FONT POINT-SIZE="10"><B>\##(htmlEscaped(text))</B></FONT></TD>"## }
        func verdict(_ cell: PraatplaatCell) -> String {
            guard let rate = PraatplaatPicture.rate(of: cell) else { return ##"<FONT COLOR="#888888">–</FONT>"## }
            let pass = rate >= threshold
            return ##"<FONT COLOR="\##(pass ? PraatplaatPicture.passText : PraatplaatPicture.failText)"><B>\##(pass ? "✓" : "✗")</B> \##(formatNumber(rate, .percent(0)))</FONT>"##
        }
        var rows = ["<TR>" + header("role") + header("direction") + header(names.0) + header(names.1) + header("change") + "</TR>"]
        for role in ConnectorRole.allCases {
            for direction in RequestDirection.allCases {
                let before = a.praatplaat[role, direction], after = b.praatplaat[role, direction]
                var change = "–"
                var fill = "#FFFFFF"
                if let old = PraatplaatPicture.rate(of: before), let new = PraatplaatPicture.rate(of: after) {
                    let points = Int(((new - old) * 100).rounded())
                    let significant = significantlyDifferent(before.successes, of: before.attempts, after.successes, of: after.attempts)
                    let colour = !significant ? VisualGrammar.mutedText
                        : points > 0 ? PraatplaatPicture.passText : points < 0 ? PraatplaatPicture.failText : VisualGrammar.mutedText
                    let arrow = points > 0 ? "▲ +" : points < 0 ? "▼ −" : "± "
                    change = ##"<FONT COLOR="\##(colour)">\##(arrow)\##(abs(points)) pts\##(significant ? "" : " (n.s.)")</FONT>"##
                    if (old >= threshold) != (new >= threshold) {
                        fill = "#FFF1C2"
                        change = "<B>\(change)</B>"
                    }
                }
                let direction = direction == .fromResidents ? "residents → municipality" : "officials → neighbourhood"
                rows.append(##"<TR><TD ALIGN="LEFT" BGCOLOR="\##(fill)"><FONT POINT-SIZE="10">\##(htmlEscaped(PraatplaatPicture.names(of: role).dutch))</FONT></TD><TD ALIGN="LEFT" BGCOLOR="\##(fill)"><FONT POINT-SIZE="10">\##(direction)</FONT></TD><TD BGCOLOR="\##(fill)"><FONT POINT-SIZE="10">\##(verdict(before))</FONT></TD><TD BGCOLOR="\##(fill)"><FONT POINT-SIZE="10">\##(verdict(after))</FONT></TD><TD BGCOLOR="\##(fill)"><FONT POINT-SIZE="10">\##(change)</FONT></TD></TR>"##)
            }
        }
        let note = "Praatplaat cells (threshold \(formatNumber(threshold, .percent(0)))); highlighted: the verdict changed; "
            + "n.s.: the change is not significant (two-proportion z-test on the attempts summed over replications, 95%)"
        rows.append(##"<TR><TD COLSPAN="5" ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="\##(VisualGrammar.mutedText)">\##(htmlEscaped(note))</FONT></TD></TR>"##)
        return ##"<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="#DDDDDD">\##(rows.joined())</TABLE>"##
    }
}
