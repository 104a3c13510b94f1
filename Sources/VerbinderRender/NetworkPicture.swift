import VerbinderCore
import VerbinderSupport

/// Turns a ``PictureGraph`` into a ``GraphSpec`` in Verbinder's visual grammar.
enum NetworkPicture {
    /// Edge labels ("62% of 1,240") are drawn when a picture has at most this many edges.
    static let edgeLabelLimit = 40

    /// The spec for `picture`, titled and with a legend.
    /// - Parameters:
    ///   - idPrefix: prefixed to every node and cluster id (for side-by-side pictures).
    static func spec(_ picture: PictureGraph, legend: Legend, layout: LayoutEngine) -> GraphSpec {
        var spec = GraphSpec(name: "verbinder")
        spec.attributes = graphAttributes(layout: layout, level: picture.level)
        var legend = legend
        let content = body(picture, layout: layout, idPrefix: "", legend: &legend)
        spec.attributes.append(.init("label", .html(legend.html)))
        spec.nodeDefaults = nodeDefaults
        spec.edgeDefaults = edgeDefaults
        spec.nodes = content.nodes
        spec.subgraphs = content.subgraphs
        spec.edges = content.edges
        return spec
    }

    /// Left-to-right position of a kind in the dot layout: lifeworld, professional network, connectors,
    /// departments, managers, aldermen.
    static func layer(of kind: NodeKind) -> Int {
        switch kind {
        case .resident, .residentGroup, .neighbourhood: 0
        case .partner: 1
        case .connector, .transitionManager: 2
        case .official, .department: 3
        case .manager: 4
        case .alderman: 5
        case .theme: 6
        }
    }

    static var nodeDefaults: [GraphSpec.Attribute] {
        [.init("fontname", VisualGrammar.font), .init("fontsize", "11"), .init("fontcolor", VisualGrammar.textColour),
         .init("style", "filled"), .init("margin", "0.12,0.06")]
    }

    static var edgeDefaults: [GraphSpec.Attribute] {
        [.init("fontname", VisualGrammar.font), .init("fontsize", "9"), .init("fontcolor", VisualGrammar.mutedText),
         .init("arrowsize", "0.7"), .init("color", VisualGrammar.structureColour)]
    }

    static func graphAttributes(layout: LayoutEngine, level: RenderView) -> [GraphSpec.Attribute] {
        var attributes: [GraphSpec.Attribute] = [
            .init("layout", layout.rawValue),
            .init("fontname", VisualGrammar.font),
            .init("fontcolor", VisualGrammar.textColour),
            .init("bgcolor", "white"),
            .init("pad", "0.4"),
            .init("labelloc", "t"),
            .init("labeljust", "l"),
            .init("outputorder", "edgesfirst"),
        ]
        switch layout {
        case .dot:
            attributes += [.init("rankdir", "LR"), .init("newrank", "true"), .init("nodesep", "0.3"),
                           .init("ranksep", level == .arenas ? "1.6" : "1.2"), .init("splines", "true")]
        // The force-directed engines start from random positions: a fixed seed (start) keeps output reproducible.
        // They draw straight edges: in Graphviz 2.43 the obstacle router (splines=true, spline, polyline)
        // corrupts the heap on some cluster geometries, and splines=curved makes repeated neato layouts in
        // one process differ and, after a few hundred, crash (both found by rendering
        // Tests/VerbinderRenderTests/Fixtures/tricky.yaml many times in one process). Curved edges also
        // enumerate every simple cycle of the graph (exponential: a department of 30 officials never finished).
        case .fdp:
            attributes += [.init("splines", "line"), .init("sep", "+8"), .init("K", level == .network ? "0.6" : "1.2"),
                           .init("start", "7")]
        case .neato:
            attributes += [.init("overlap", "prism"), .init("splines", "line"), .init("sep", "+8"), .init("start", "7")]
        case .sfdp:
            attributes += [.init("overlap", "prism"), .init("splines", "line"), .init("sep", "+6"), .init("start", "7")]
        }
        return attributes
    }

    /// Nodes, arena clusters and edges of `picture`; fills in what the legend needs to show.
    static func body(_ picture: PictureGraph, layout: LayoutEngine, idPrefix: String, legend: inout Legend)
        -> (nodes: [GraphSpec.Node], subgraphs: [GraphSpec.Subgraph], edges: [GraphSpec.Edge]) {
        let anonymousSize = picture.nodes.count > 120 ? "0.12" : "0.2"
        var nodes = picture.nodes.map { node -> GraphSpec.Node in
            let style = VisualGrammar.style(of: node.kind)
            var attributes: [GraphSpec.Attribute] = [
                .init("shape", style.shape), .init("fillcolor", style.fill), .init("color", style.border),
                .init("fontcolor", style.fontColour), .init("penwidth", formatNumber(style.penwidth, .fixed(1))),
            ]
            if node.anonymous {
                attributes += [.init("label", .text("")), .init("width", anonymousSize), .init("height", anonymousSize),
                               .init("fixedsize", "true")]
            } else if node.detail.isEmpty && picture.level == .network {
                attributes.append(.init("label", .label(node.title)))
            } else {
                let title = node.kind == .connector ? "<B>\(htmlEscaped(node.title))</B>" : htmlEscaped(node.title)
                let detail = node.detail.isEmpty ? ""
                    : ##"<BR/><FONT POINT-SIZE="9">\##(htmlEscaped(node.detail))</FONT>"##
                attributes.append(.init("label", .html(title + detail)))
            }
            if node.kind == .connector {
                attributes += [.init("fontsize", "12"), .init("style", "filled,bold")]
            }
            let tooltip = node.detail.isEmpty ? "\(VisualGrammar.title(of: node.kind)): \(node.title)"
                : "\(VisualGrammar.title(of: node.kind)): \(node.title) (\(node.detail))"
            attributes.append(.init("tooltip", .label(tooltip)))
            return GraphSpec.Node(id: idPrefix + node.id, attributes: attributes)
        }

        // Partners no request reached: one grey node, as in the flow picture, with its line in the legend.
        var idleID: String?
        if !picture.idlePartners.isEmpty {
            let words = FlowPicture.Words(.en)
            let idle = FlowPicture.idlePartners(picture.idlePartners, id: idPrefix + "partners-idle", words: words)
            nodes.append(FlowPicture.graphNode(idle, words: words))
            idleID = idle.id
            legend.idlePartners = true
        }

        var subgraphs: [GraphSpec.Subgraph] = []
        if layout.drawsClusters {
            for arena in VisualGrammar.arenaOrder {
                var members = picture.nodes.filter { $0.arena == arena }.map { idPrefix + $0.id }
                if arena == .professional, let idleID { members.append(idleID) }
                guard !members.isEmpty else { continue }
                let style = VisualGrammar.style(of: arena)
                subgraphs.append(GraphSpec.Subgraph(
                    id: "cluster_\(idPrefix)\(arena.name)",
                    attributes: [
                        .init("label", .html(##"<FONT POINT-SIZE="15" COLOR="\##(style.text)"><B>\##(htmlEscaped(style.title))</B></FONT>"##)),
                        .init("style", "rounded,filled"), .init("fillcolor", style.fill), .init("color", style.border),
                        .init("penwidth", "1.5"), .init("margin", "16"), .init("labeljust", "l"),
                    ],
                    nodeIDs: members))
                legend.arenas.append(arena)
            }
        }

        let drawn = picture.edges
        let maxAttempts = drawn.reduce(0) { max($0, $1.attempts) }
        let maxRelations = drawn.filter { $0.attempts == 0 }.reduce(0) { max($0, $1.count) }
        let labelled = picture.level != .network && drawn.count <= edgeLabelLimit
        var edges = drawn.map { edge -> GraphSpec.Edge in
            let source = picture.nodes[edge.source], target = picture.nodes[edge.target]
            var attributes: [GraphSpec.Attribute] = []
            var colour = VisualGrammar.structureColour
            let tooltip: String
            if edge.attempts > 0 {
                let rate = Double(edge.successes) / Double(edge.attempts)
                colour = VisualGrammar.colour(forRate: rate)
                attributes.append(.init("penwidth", formatNumber(VisualGrammar.width(attempts: edge.attempts, maxAttempts: maxAttempts), .fixed(2))))
                tooltip = "\(edge.kind.name) \(source.title) → \(target.title): \(formatNumber(rate, .percent(0))) of \(VisualGrammar.grouped(edge.attempts)) attempts succeeded"
                if labelled {
                    attributes.append(.init("label", .label("\(formatNumber(rate, .percent(0))) of \(VisualGrammar.grouped(edge.attempts))")))
                }
            } else {
                attributes.append(.init("penwidth", formatNumber(VisualGrammar.width(relations: edge.count, maxRelations: maxRelations), .fixed(2))))
                tooltip = edge.count > 1 ? "\(edge.kind.name) \(source.title) → \(target.title): \(edge.count) relations"
                    : "\(edge.kind.name) \(source.title) → \(target.title)"
                if edge.kind.isStructural { legend.showsStructure = true }
            }
            switch edge.kind {
            case .escalation:
                attributes.append(.init("color", "\(colour):white:\(colour)"))
                attributes.append(.init("arrowhead", "veevee"))
                legend.showsEscalation = true
            case .tie, .bridge:
                attributes.append(.init("color", colour))
                attributes.append(.init("dir", "none"))
            case .request, .referral:
                attributes.append(.init("color", colour))
            default:
                attributes.append(.init("color", colour))
                attributes.append(.init("arrowhead", "empty"))
                attributes.append(.init("arrowsize", "0.5"))
            }
            if edge.created || edge.kind == .bridge {
                attributes.append(.init("style", "dashed"))
                legend.showsCreated = true
            }
            attributes.append(.init("tooltip", .label(tooltip)))
            if layout == .dot && edge.kind.isStructural && edge.kind != .assignedTo {
                attributes.append(.init("weight", "0"))
            }
            // dot ranks edges tail to head: point every edge from the lifeworld toward the municipality
            // (drawn the right way round with dir=back), so the arenas line up left to right.
            if layout == .dot && layer(of: source.kind) > layer(of: target.kind) {
                if !attributes.contains(where: { $0.name == "dir" }) { attributes.append(.init("dir", "back")) }
                for index in attributes.indices where attributes[index].name == "arrowhead" { attributes[index].name = "arrowtail" }
                return GraphSpec.Edge(tail: idPrefix + target.id, head: idPrefix + source.id, attributes: attributes)
            }
            return GraphSpec.Edge(tail: idPrefix + source.id, head: idPrefix + target.id, attributes: attributes)
        }
        // An invisible edge from the first neighbourhood ranks the grey partner node (it has no flows) between
        // the lifeworld and the connectors, where the professional network sits.
        if layout == .dot, let idleID, let hood = picture.nodes.first(where: { $0.kind == .neighbourhood }) {
            edges.append(GraphSpec.Edge(tail: idPrefix + hood.id, head: idleID, attributes: [.init("style", "invis")]))
        }
        legend.kinds = NodeKind.allCases.filter { kind in picture.nodes.contains { $0.kind == kind } }
        legend.showsRates = legend.showsRates || maxAttempts > 0
        legend.maxAttempts = max(legend.maxAttempts, maxAttempts)
        legend.maxRelations = max(legend.maxRelations, maxRelations)
        return (nodes, subgraphs, edges)
    }
}
