import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport

/// The language of a picture's words.
public enum PictureLanguage: String, Sendable, CaseIterable {
    case nl, en
}

/// The outcome network as a flow picture a transition manager reads at a page's width: a few nodes
/// (neighbourhoods, partner types, connectors, departments, managers and aldermen), the three arenas as labelled
/// clusters left to right, one arrow per flow with its width by requests per year and its colour by the share
/// connected, and flows inside one node written on the node instead of drawn as loops.
///
/// Direct flows between neighbourhoods and departments (residents or officials going without the connector),
/// officials' requests to a connector and, with several connectors, their referrals are summed over the
/// departments (or connectors) and drawn to the box around them, so the picture has about one arrow per
/// neighbourhood, connector and department. Every number is per year of one replication (replication 0, the
/// one the page's estimates start with): a result's outcome graph records only that replication.
public enum FlowPicture {
    /// A node of the picture: one neighbourhood, partner type, connector, department, or kind of actor.
    struct Node {
        var id: String
        var title: String
        /// Lines under the title.
        var details: [String]
        var kind: NodeKind
        var arena: Arena
        /// Requests per year inside this node (both ends in it) and how many were connected.
        var withinAttempts = 0
        var withinSuccesses = 0
        /// Whether any flow starts or ends here.
        var active = false
        /// A neighbourhood's direct requests to departments, and departments' direct requests to it.
        var directOut = (attempts: 0, successes: 0)
        var directIn = (attempts: 0, successes: 0)
    }

    /// Where a flow starts or ends: a node, or the box around all neighbourhoods, departments or connectors.
    enum End: Hashable {
        case node(Int)
        case lifeworld
        case departments
        case connectors
    }

    /// A summed flow between two ends.
    struct Flow {
        var source: End
        var target: End
        var attempts: Int
        var successes: Int
        var escalation: Bool
        /// Between the lifeworld and a department without the connector.
        var direct: Bool
    }

    /// Above this many connectors the picture draws one node per home department.
    static let connectorLimit = 8
    /// The most neighbourhoods for which `simulate --render` draws the flow picture (one node each, one column)
    /// rather than a view chosen by the network's size.
    public static let neighbourhoodLimit = 30

    /// Draws `input`'s outcome network (a simulation result) as a flow picture.
    /// - Parameters:
    ///   - replications: how many replications the numbers around the picture use (the picture says its
    ///     numbers come from replication 0 of them).
    /// - Throws: ``InputError`` for a scenario (no flows to draw), ``RenderError`` when Graphviz fails.
    public static func render(_ input: RenderInput, replications: Int, language: PictureLanguage = .en,
                              format: RenderFormat = .svg) throws -> RenderedPicture {
        guard input.network.isResult else {
            throw InputError("the flow picture needs a simulation result; this input is a scenario", at: SourceLocation(file: input.path))
        }
        let spec = spec(input, replications: replications, words: Words(language))
        return try Renderer.finish(spec, view: .flow, layout: .dot, format: format, note: "flow picture")
    }

    /// The spec of the flow picture.
    static func spec(_ input: RenderInput, replications: Int, words: Words) -> GraphSpec {
        let network = input.network
        let table = network.nodes
        let scenario = input.scenario
        let weeks = input.summary?.reproduction.weeks ?? scenario?.run.weeks ?? 52
        let perYear = 52.0 / Double(max(1, weeks))

        // Groups: neighbourhoods, partner types, connectors, departments, then kinds of everybody else.
        var nodes: [Node] = []
        var groupOf = [Int](repeating: -1, count: table.count)
        var lookup: [String: Int] = [:]
        func group(_ key: String, _ make: () -> Node) -> Int {
            if let known = lookup[key] { return known }
            nodes.append(make())
            lookup[key] = nodes.count - 1
            return nodes.count - 1
        }
        func neighbourhood(_ name: String) -> Int {
            group("hood|\(name)") { Node(id: "hood\(nodes.count)", title: name, details: [], kind: .neighbourhood, arena: .lifeworld) }
        }
        for name in table.neighbourhoodNames { _ = neighbourhood(name) }
        let connectorCount = table.kinds.reduce(0) { $0 + ($1 == .connector ? 1 : 0) }
        var partnerMembers: [Int: Int] = [:]
        for node in 0 ..< Int32(table.count) {
            let kind = table.kinds[Int(node)]
            let hood = table.neighbourhoodName(of: node), department = table.departmentName(of: node)
            let index: Int
            if let hood, kind == .resident || kind == .residentGroup || kind == .neighbourhood {
                index = neighbourhood(hood)
            } else if kind == .partner {
                let type = network.partnerType(of: node)
                index = group("partner|\(type)") {
                    Node(id: "partner\(nodes.count)", title: words.partnerType(type), details: [], kind: .partner, arena: .professional)
                }
                partnerMembers[index, default: 0] += 1
            } else if kind == .connector {
                let title = connectorCount <= connectorLimit ? table.name(of: node) : "\(words.connectors) · \(department ?? "–")"
                index = group("connector|\(title)") { Node(id: "connector\(nodes.count)", title: title, details: [], kind: .connector, arena: table.arenas[Int(node)]) }
            } else if let department, kind == .official || kind == .department {
                index = group("department|\(department)") { Node(id: "department\(nodes.count)", title: department, details: [], kind: .department, arena: .municipal) }
            } else {
                index = group("kind|\(kind.rawValue)") {
                    Node(id: "kind\(nodes.count)", title: words.plural(kind), details: [], kind: kind, arena: kind.defaultArena)
                }
            }
            groupOf[Int(node)] = index
        }

        // Flows between groups, then between ends (the boxes around departments and connectors where summed).
        var pairFlows: [Flow] = []
        var pairIndex: [Int: Int] = [:]
        network.forEachEdge { source, target, kind, attempts, successes, _ in
            guard attempts > 0 else { return }
            let from = groupOf[Int(source)], to = groupOf[Int(target)]
            nodes[from].active = true
            nodes[to].active = true
            if from == to {
                nodes[from].withinAttempts += attempts
                nodes[from].withinSuccesses += successes
                return
            }
            let key = from * nodes.count + to
            if let position = pairIndex[key] {
                pairFlows[position].attempts += attempts
                pairFlows[position].successes += successes
                pairFlows[position].escalation = pairFlows[position].escalation || kind == .escalation
            } else {
                pairIndex[key] = pairFlows.count
                pairFlows.append(Flow(source: .node(from), target: .node(to), attempts: attempts, successes: successes,
                                      escalation: kind == .escalation, direct: false))
            }
        }
        let departmentNodes = nodes.indices.filter { nodes[$0].kind == .department }
        let connectorNodes = nodes.indices.filter { nodes[$0].kind == .connector }
        let hoodNodes = nodes.indices.filter { nodes[$0].kind == .neighbourhood }
        func isLifeworld(_ index: Int) -> Bool { nodes[index].arena == .lifeworld }
        var flows: [Flow] = []
        var endIndex: [End: [End: Int]] = [:]
        for flow in pairFlows {
            guard case .node(let from) = flow.source, case .node(let to) = flow.target else { continue }
            let fromKind = nodes[from].kind, toKind = nodes[to].kind
            var source = flow.source, target = flow.target
            let direct = (isLifeworld(from) && toKind == .department) || (fromKind == .department && isLifeworld(to))
            if direct {
                // Summed box to box; each neighbourhood's share is written on it.
                if isLifeworld(from) {
                    nodes[from].directOut.attempts += flow.attempts
                    nodes[from].directOut.successes += flow.successes
                } else {
                    nodes[to].directIn.attempts += flow.attempts
                    nodes[to].directIn.successes += flow.successes
                }
                if hoodNodes.count > 1 {
                    if isLifeworld(from) { source = .lifeworld } else { target = .lifeworld }
                }
            }
            if departmentNodes.count > 1 {
                if fromKind == .department && (isLifeworld(to) || toKind == .connector) { source = .departments }
                if toKind == .department && isLifeworld(from) { target = .departments }
            }
            if connectorNodes.count > 1 && fromKind == .connector && nodes[to].arena == .municipal {
                source = .connectors
            }
            if let position = endIndex[source]?[target] {
                flows[position].attempts += flow.attempts
                flows[position].successes += flow.successes
                flows[position].escalation = flows[position].escalation || flow.escalation
            } else {
                endIndex[source, default: [:]][target] = flows.count
                flows.append(Flow(source: source, target: target, attempts: flow.attempts, successes: flow.successes,
                                  escalation: flow.escalation, direct: direct))
            }
        }

        // Details: residents and hours from the scenario, members, flows inside a node.
        for index in nodes.indices {
            var details: [String] = []
            switch nodes[index].kind {
            case .neighbourhood:
                if let residents = scenario?.neighbourhoods.first(where: { $0.name == nodes[index].title })?.residents {
                    details.append(words.residents(residents))
                }
                let node = nodes[index]
                if node.directOut.attempts > 0 {
                    details.append(words.directOut(count(node.directOut.attempts, perYear, words), VisualGrammar.share(node.directOut.successes, of: node.directOut.attempts)))
                }
                if node.directIn.attempts > 0 {
                    details.append(words.directIn(count(node.directIn.attempts, perYear, words), VisualGrammar.share(node.directIn.successes, of: node.directIn.attempts)))
                }
            case .connector:
                if let hours = scenario?.connectors.first(where: { $0.name == nodes[index].title })?.hoursPerWeek {
                    details.append(words.hours(hours))
                }
            case .partner:
                details.append(words.organisations(partnerMembers[index] ?? 0))
            default:
                break
            }
            if nodes[index].withinAttempts > 0 {
                details.append(words.within(count(nodes[index].withinAttempts, perYear, words),
                                            VisualGrammar.share(nodes[index].withinSuccesses, of: nodes[index].withinAttempts)))
            }
            nodes[index].details = details
        }
        // Drawn: neighbourhoods, connectors and departments always, partners with flows and other actors with flows;
        // partners without flows together in one grey node, so the professional network keeps its box.
        let idle = nodes.indices.filter { nodes[$0].kind == .partner && !nodes[$0].active }
        var drawn = nodes.indices.filter { index in
            [.neighbourhood, .connector, .department].contains(nodes[index].kind) || nodes[index].active
        }
        if !idle.isEmpty {
            nodes.append(idlePartners(idle.map { (nodes[$0].title, partnerMembers[$0] ?? 0) }, id: "partners-idle", words: words))
            drawn.append(nodes.count - 1)
        }
        let idlePartners = !idle.isEmpty

        var spec = GraphSpec(name: "verbinder")
        spec.attributes = [
            .init("layout", "dot"), .init("rankdir", "LR"), .init("newrank", "true"), .init("compound", "true"),
            .init("fontname", VisualGrammar.font), .init("fontcolor", VisualGrammar.textColour), .init("bgcolor", "white"),
            .init("pad", "0.25"), .init("nodesep", "0.22"), .init("ranksep", "0.9"), .init("splines", "true"),
            .init("labelloc", "t"), .init("labeljust", "l"), .init("outputorder", "edgesfirst"),
            .init("label", .html(legend(input, replications: replications, weeks: weeks, perYear: perYear, words: words, idlePartners: idlePartners))),
        ]
        spec.nodeDefaults = [.init("fontname", VisualGrammar.font), .init("fontsize", "14"), .init("fontcolor", VisualGrammar.textColour),
                             .init("style", "filled"), .init("margin", "0.14,0.06")]
        spec.edgeDefaults = [.init("fontname", VisualGrammar.font), .init("fontsize", "12"), .init("fontcolor", VisualGrammar.textColour),
                             .init("arrowsize", "0.6")]
        spec.nodes = drawn.map { graphNode(nodes[$0], words: words) }

        // The three arenas as clusters (an arena without actors still shows its box with a note), with the
        // connectors and the departments in boxes of their own inside the municipal one.
        for arena in VisualGrammar.arenaOrder {
            let members = drawn.filter { nodes[$0].arena == arena }
            var ids = members.map { nodes[$0].id }
            var inner: [GraphSpec.Subgraph] = []
            if arena == .municipal {
                let connectors = members.filter { nodes[$0].kind == .connector }, departments = members.filter { nodes[$0].kind == .department }
                if connectors.count > 1 {
                    inner.append(box("cluster_connectors", title: words.plural(.connector), ids: connectors.map { nodes[$0].id }))
                }
                if departments.count > 1 {
                    inner.append(box("cluster_departments", title: words.plural(.department), ids: departments.map { nodes[$0].id }))
                }
                let boxed = Set(inner.flatMap(\.nodeIDs))
                ids = ids.filter { !boxed.contains($0) }
            }
            if arena == .lifeworld {
                let hoods = members.filter { nodes[$0].kind == .neighbourhood }.map { nodes[$0].id }
                if hoods.count > 1 { inner.append(column("rank_neighbourhoods", ids: hoods)) }
            }
            if members.isEmpty {
                let id = "empty_\(arena.name)"
                spec.nodes.append(GraphSpec.Node(id: id, attributes: [
                    .init("shape", "plaintext"), .init("style", ""), .init("fontsize", "12"), .init("fontcolor", VisualGrammar.mutedText),
                    .init("label", .label(words.noActors)),
                ]))
                ids = [id]
            }
            let style = VisualGrammar.style(of: arena)
            spec.subgraphs.append(GraphSpec.Subgraph(
                id: "cluster_\(arena.name)",
                attributes: [
                    .init("label", .html(##"<FONT POINT-SIZE="16" COLOR="\##(style.text)"><B>\##(htmlEscaped(words.arena(arena)))</B></FONT>"##)),
                    .init("style", "rounded,filled"), .init("fillcolor", style.fill), .init("color", style.border),
                    .init("penwidth", "1.5"), .init("margin", "12"), .init("labeljust", "l"),
                ],
                nodeIDs: ids, subgraphs: inner))
        }

        // Edges, oriented from the lifeworld toward the municipality for dot's ranks (drawn back where needed).
        let maxAttempts = flows.reduce(0) { max($0, $1.attempts) }
        func representative(_ end: End) -> (node: Int, cluster: String?) {
            switch end {
            case .node(let index): (index, nil)
            // The last (lowest) members: the summed direct flows then run below the connectors, not across them.
            case .lifeworld: (hoodNodes[hoodNodes.count - 1], "cluster_lifeworld")
            case .departments: (departmentNodes[departmentNodes.count - 1], "cluster_departments")
            case .connectors: (connectorNodes[connectorNodes.count / 2], "cluster_connectors")
            }
        }
        func title(_ end: End) -> String {
            switch end {
            case .node(let index): nodes[index].title
            case .lifeworld: words.allNeighbourhoods
            case .departments: words.allDepartments
            case .connectors: words.allConnectors
            }
        }
        for flow in flows {
            let (from, fromBox) = representative(flow.source), (to, toBox) = representative(flow.target)
            let rate = Double(flow.successes) / Double(flow.attempts)
            let colour = VisualGrammar.colour(forRate: rate)
            let yearly = count(flow.attempts, perYear, words)
            let width = 1 + 8 * (Double(flow.attempts) / Double(max(1, maxAttempts))).squareRoot()
            var attributes: [GraphSpec.Attribute] = [
                .init("penwidth", formatNumber(width, .fixed(1))),
                .init("color", flow.escalation ? "\(colour):white:\(colour)" : colour),
                .init("label", .label("\(yearly) · \(VisualGrammar.share(flow.successes, of: flow.attempts))")),
                .init("tooltip", .label(words.tooltip(title(flow.source), title(flow.target), yearly, VisualGrammar.share(flow.successes, of: flow.attempts)))),
            ]
            if flow.direct { attributes.append(.init("style", "dashed")) }
            if flow.escalation { attributes.append(.init("arrowhead", "veevee")) }
            let backwards = NetworkPicture.layer(of: nodes[from].kind) > NetworkPicture.layer(of: nodes[to].kind)
            if backwards {
                attributes.append(.init("dir", "back"))
                for index in attributes.indices where attributes[index].name == "arrowhead" { attributes[index].name = "arrowtail" }
                if let toBox { attributes.append(.init("ltail", toBox)) }
                if let fromBox { attributes.append(.init("lhead", fromBox)) }
                spec.edges.append(GraphSpec.Edge(tail: nodes[to].id, head: nodes[from].id, attributes: attributes))
            } else {
                if let fromBox { attributes.append(.init("ltail", fromBox)) }
                if let toBox { attributes.append(.init("lhead", toBox)) }
                spec.edges.append(GraphSpec.Edge(tail: nodes[from].id, head: nodes[to].id, attributes: attributes))
            }
        }
        // An invisible chain from the first neighbourhood through the first connector to the first department
        // (each kind held in one column) keeps the arenas left to right when few flows would rank them (a short
        // run, a scenario where nobody used the connector).
        var previous: Int?
        for kind in [NodeKind.neighbourhood, .connector, .department] {
            guard let first = drawn.first(where: { nodes[$0].kind == kind }) else { continue }
            if let previous {
                spec.edges.append(GraphSpec.Edge(tail: nodes[previous].id, head: nodes[first].id, attributes: [.init("style", "invis")]))
            }
            previous = first
        }
        return spec
    }

    /// Partner types that no request reached, as one grey dashed node in the professional network's box: the model
    /// routes no requests to partners (what residents settle with partners counts as co-production at the
    /// connector), so without it the arena would vanish from a result's picture. The flow picture and the
    /// aggregate view both draw it (with ``graphNode(_:words:)``) and explain it with ``Words/partnersIdle``.
    /// - Parameter types: each partner type's title (in the picture's language) and its number of organisations.
    static func idlePartners(_ types: [(title: String, organisations: Int)], id: String, words: Words) -> Node {
        Node(id: id, title: words.plural(.partner),
             details: types.map { "\($0.title): \(words.organisations($0.organisations))" } + [words.noRequests],
             kind: .partner, arena: .professional)
    }

    /// Node titles longer than this many characters are broken at spaces (keeps the columns narrow).
    static let titleLineWidth = 16
    /// Legend lines are broken at spaces after this many characters.
    static let legendLineWidth = 100

    /// `text` in lines of at most `width` characters, broken at spaces (a longer word keeps its own line).
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        lines.append(current)
        return lines
    }

    /// A count per year, rounded ("<1" for a few in a long run).
    static func count(_ value: Int, _ perYear: Double, _ words: Words) -> String {
        let yearly = Double(value) * perYear
        return yearly > 0 && yearly < 0.5 ? "<1" : words.number(Int(yearly.rounded()))
    }

    static func graphNode(_ node: Node, words: Words) -> GraphSpec.Node {
        var style = VisualGrammar.style(of: node.kind)
        // Rounded boxes rather than the render views' houses and double octagons: those shapes grow about half
        // again as wide as their labels, and this picture has to fit a page's width.
        var extra: [GraphSpec.Attribute] = []
        switch node.kind {
        case .neighbourhood:
            style.shape = "box"
            extra = [.init("style", "rounded,filled")]
        case .connector:
            style.shape = "box"
            extra = [.init("peripheries", "2"), .init("style", "rounded,filled,bold")]
        case .partner where !node.active:
            (style.shape, style.fill, style.border, style.fontColour) = ("box", "#F2F2F2", "#AAAAAA", "#666666")
            extra = [.init("style", "rounded,filled,dashed")]
        default:
            break
        }
        let lines = wrapped(node.title, width: titleLineWidth).map(htmlEscaped).joined(separator: "<BR/>")
        let title = node.kind == .connector ? "<B>\(lines)</B>" : lines
        let details = node.details.map { ##"<BR/><FONT POINT-SIZE="11">\##(htmlEscaped($0))</FONT>"## }.joined()
        return GraphSpec.Node(id: node.id, attributes: [
            .init("shape", style.shape), .init("fillcolor", style.fill), .init("color", style.border),
            .init("fontcolor", style.fontColour), .init("penwidth", formatNumber(style.penwidth, .fixed(1))),
            .init("label", .html(title + details)),
            .init("tooltip", .label(([words.singular(node.kind) + ": " + node.title] + node.details).joined(separator: " · "))),
        ] + extra)
    }

    /// A labelled box around `ids`, drawn in one column.
    static func box(_ id: String, title: String, ids: [String]) -> GraphSpec.Subgraph {
        GraphSpec.Subgraph(id: id, attributes: [
            .init("label", .html(##"<FONT POINT-SIZE="12" COLOR="\##(VisualGrammar.mutedText)">\##(htmlEscaped(title))</FONT>"##)),
            .init("style", "rounded"), .init("color", "#B8C6D8"), .init("penwidth", "1"), .init("margin", "8"), .init("labeljust", "l"),
        ], nodeIDs: ids, subgraphs: [column("rank_" + id, ids: ids)])
    }

    /// `ids` in one column (one rank of the left-to-right layout).
    static func column(_ id: String, ids: [String]) -> GraphSpec.Subgraph {
        GraphSpec.Subgraph(id: id, attributes: [.init("rank", "same")], nodeIDs: ids)
    }

    /// The title block: the scenario, what the numbers are, how to read lines and colours.
    static func legend(_ input: RenderInput, replications: Int, weeks: Int, perYear: Double, words: Words, idlePartners: Bool) -> String {
        func line(_ text: String, size: Int, colour: String = VisualGrammar.textColour, bold: Bool = false) -> String {
            let escaped = wrapped(text, width: legendLineWidth).map(htmlEscaped).joined(separator: ##"<BR ALIGN="LEFT"/>"##)
            let body = bold ? "<B>\(escaped)</B>" : escaped
            return ##"<TR><TD ALIGN="LEFT" BALIGN="LEFT" COLSPAN="12"><FONT POINT-SIZE="\##(size)" COLOR="\##(colour)">\##(body)</FONT></TD></TR>"##
        }
        var rows = [line(words.title(input.scenarioName), size: 20, bold: true)]
        rows.append(line(words.numbers(replications: replications, weeks: weeks), size: 12))
        if let summary = input.summary {
            let requests = summary.outcomes.total { _ in true }
            let connected = summary.outcomes.total { $0.isSuccess }
            rows.append(line(words.headline(count(requests, perYear, words), VisualGrammar.share(connected, of: requests)), size: 12))
        }
        for text in words.reading { rows.append(line(text, size: 11, colour: VisualGrammar.mutedText)) }
        if idlePartners { rows.append(line(words.partnersIdle, size: 11, colour: VisualGrammar.mutedText)) }
        let swatches = (0 ... 10).map { step in
            ##"<TD BGCOLOR="\##(VisualGrammar.colour(forRate: Double(step) / 10))" WIDTH="16" HEIGHT="10"></TD>"##
        }.joined()
        func small(_ text: String) -> String { ##"<FONT POINT-SIZE="10" COLOR="\##(VisualGrammar.mutedText)">\##(htmlEscaped(text))</FONT>"## }
        rows.append(##"<TR><TD ALIGN="LEFT" COLSPAN="12"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"><TR><TD ALIGN="LEFT">\##(small(words.colourScale))&#160;</TD><TD ALIGN="RIGHT">\##(small("0%"))</TD>\##(swatches)<TD ALIGN="LEFT">\##(small("100%"))</TD></TR></TABLE></TD></TR>"##)
        return ##"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">\##(rows.joined())</TABLE>"##
    }

    /// The picture's words in one language.
    struct Words {
        let language: PictureLanguage
        init(_ language: PictureLanguage) { self.language = language }
        var dutch: Bool { language == .nl }

        func title(_ scenario: String) -> String { dutch ? "\(scenario): uitkomstnetwerk" : "\(scenario): outcome network" }

        func numbers(replications: Int, weeks: Int) -> String {
            let run = weeks == 52 ? (dutch ? "52 weken" : "52 weeks") : (dutch ? "\(weeks) weken, omgerekend naar een jaar" : "\(weeks) weeks, scaled to a year")
            if replications > 1 {
                return dutch ? "Aantallen: verzoeken per jaar in herhaling 0 van de \(replications) (\(run)); geen gemiddelde over de herhalingen"
                    : "Numbers: requests per year in replication 0 of the \(replications) (\(run)); not a mean over replications"
            }
            return dutch ? "Aantallen: verzoeken per jaar in één herhaling (\(run))" : "Numbers: requests per year in one replication (\(run))"
        }

        func headline(_ requests: String, _ connected: String) -> String {
            dutch ? "In deze herhaling: \(requests) verzoeken per jaar, waarvan \(connected) verbonden (via de wijkverbinder of direct)"
                : "In this replication: \(requests) requests per year, \(connected) of them connected (through the connector or direct)"
        }

        var reading: [String] {
            dutch ? ["Pijl: aantal per jaar · aandeel verbonden; dikte = aantal. Gestreept: direct, zonder de wijkverbinder.",
                     "Dubbele lijn: escalatie. Pijlen naar of van een kader tellen alles erin op.",
                     "In een wijk: verzoeken direct naar (→) en van (←) de afdelingen."]
                : ["Arrow: number per year · share connected; width = number. Dashed: direct, without the connector.",
                   "Double line: escalation. Arrows to or from a box sum everything in it.",
                   "In a neighbourhood: requests direct to (→) and from (←) the departments."]
        }

        var partnersIdle: String {
            dutch ? "Grijs: partners krijgen in het model geen verzoeken; wat bewoners met partners regelen telt als coproductie bij de wijkverbinder."
                : "Grey: partners get no requests in the model; what residents settle with partners counts as co-production at the connector."
        }

        /// A partner type as the scenario names it, in Dutch where the type is one of the usual ones
        /// (scenarios name them in English: police, welfare, housing, care, district nurse, school).
        func partnerType(_ type: String) -> String {
            guard dutch else { return type }
            switch type.lowercased() {
            case "police": return "politie"
            case "welfare": return "welzijn"
            case "housing": return "woningcorporatie"
            case "care": return "zorg"
            case "district nurse": return "wijkverpleging"
            case "school": return "school"
            default: return type
            }
        }

        var colourScale: String { dutch ? "Kleur: aandeel verbonden" : "Colour: share connected" }
        var noRequests: String { dutch ? "geen verzoeken in deze run" : "no requests this run" }
        var noActors: String { dutch ? "geen actoren in dit scenario" : "no actors in this scenario" }
        var connectors: String { dutch ? "wijkverbinders" : "connectors" }
        var allNeighbourhoods: String { dutch ? "alle wijken" : "all neighbourhoods" }
        var allDepartments: String { dutch ? "alle afdelingen" : "all departments" }
        var allConnectors: String { dutch ? "alle wijkverbinders" : "all connectors" }

        func residents(_ count: Int) -> String { dutch ? "\(number(count)) inwoners" : "\(number(count)) residents" }
        func hours(_ hours: Double) -> String {
            let text = formatNumber(hours, hours.rounded() == hours ? .fixed(0) : .fixed(1))
            return dutch ? "\(text) uur per week" : "\(text) hours a week"
        }
        func organisations(_ count: Int) -> String {
            dutch ? "\(count) organisatie\(count == 1 ? "" : "s")" : "\(count) organisation\(count == 1 ? "" : "s")"
        }
        func directOut(_ count: String, _ share: String) -> String {
            dutch ? "→ afdelingen: \(count) · \(share)" : "→ departments: \(count) · \(share)"
        }
        func directIn(_ count: String, _ share: String) -> String {
            dutch ? "← afdelingen: \(count) · \(share)" : "← departments: \(count) · \(share)"
        }
        func within(_ count: String, _ share: String) -> String {
            dutch ? "binnen: \(count) per jaar · \(share)" : "within: \(count) a year · \(share)"
        }
        func tooltip(_ from: String, _ to: String, _ count: String, _ share: String) -> String {
            dutch ? "\(from) → \(to): \(count) verzoeken per jaar, \(share) verbonden" : "\(from) → \(to): \(count) requests a year, \(share) connected"
        }

        func arena(_ arena: Arena) -> String {
            switch arena {
            case .lifeworld: dutch ? "Leefwereld" : "Lifeworld (leefwereld)"
            case .professional: dutch ? "Professioneel netwerk" : "Professional network"
            case .municipal: dutch ? "Gemeentelijke organisatie (systeemwereld)" : "Municipal organisation (systeemwereld)"
            }
        }

        func singular(_ kind: NodeKind) -> String { dutch ? dutchName(kind).singular : VisualGrammar.title(of: kind) }
        func plural(_ kind: NodeKind) -> String { dutch ? dutchName(kind).plural : VisualGrammar.title(of: kind, plural: true) }

        private func dutchName(_ kind: NodeKind) -> (singular: String, plural: String) {
            switch kind {
            case .resident: ("inwoner", "inwoners")
            case .residentGroup: ("bewonersinitiatief", "bewonersinitiatieven")
            case .neighbourhood: ("wijk", "wijken")
            case .partner: ("partner", "partners")
            case .official: ("ambtenaar", "ambtenaren")
            case .department: ("afdeling", "afdelingen")
            case .manager: ("manager", "managers")
            case .alderman: ("wethouder", "wethouders")
            case .connector: ("wijkverbinder", "wijkverbinders")
            case .transitionManager: ("transitiemanager", "transitiemanagers")
            case .theme: ("thema", "thema's")
            }
        }

        /// A whole number with the language's thousands separator: 15.607 or 15,607.
        func number(_ value: Int) -> String {
            dutch ? VisualGrammar.grouped(value).replacingOccurrences(of: ",", with: ".") : VisualGrammar.grouped(value)
        }
    }
}
