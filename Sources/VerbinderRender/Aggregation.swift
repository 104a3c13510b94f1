import VerbinderCore
import VerbinderSimulation
import VerbinderSupport

/// A network reduced to what one picture draws: groups of actors and the edges summed between them.
struct PictureGraph {
    struct Node {
        /// Stable id, unique in the picture.
        var id: String
        var title: String
        /// A second line under the title (counts), or empty.
        var detail: String
        var kind: NodeKind
        var arena: Arena
        /// How many actors it stands for.
        var members: Int
        /// A generated resident or official in the network view: drawn small and unlabelled.
        var anonymous: Bool
    }

    struct Edge {
        var source: Int
        var target: Int
        var kind: InteractionKind
        var created: Bool
        var attempts: Int
        var successes: Int
        /// How many underlying edges it sums.
        var count: Int
    }

    var level: RenderView
    var nodes: [Node]
    var edges: [Edge]

    /// The same graph with the nodes that `other` also has (same kind and title) first, in `other`'s order,
    /// then the rest in their own order.
    func ordered(like other: PictureGraph) -> PictureGraph {
        func key(_ node: Node) -> String { "\(node.kind.rawValue)|\(node.title)" }
        var rank: [String: Int] = [:]
        for (position, node) in other.nodes.enumerated() where rank[key(node)] == nil { rank[key(node)] = position }
        let order = nodes.indices.sorted { (rank[key(nodes[$0])] ?? other.nodes.count + $0, $0) < (rank[key(nodes[$1])] ?? other.nodes.count + $1, $1) }
        var newIndex = [Int](repeating: 0, count: nodes.count)
        for (position, old) in order.enumerated() { newIndex[old] = position }
        var copy = self
        copy.nodes = order.map { nodes[$0] }
        copy.edges = edges.map { edge in
            var moved = edge
            moved.source = newIndex[edge.source]
            moved.target = newIndex[edge.target]
            return moved
        }
        return copy
    }

    /// The same graph with its edges sorted by source, target, kind and creation.
    func canonicalEdgeOrder() -> PictureGraph {
        var copy = self
        copy.edges.sort { ($0.source, $0.target, $0.kind.rawValue, $0.created ? 1 : 0) < ($1.source, $1.target, $1.kind.rawValue, $1.created ? 1 : 0) }
        return copy
    }
    /// Actors in the underlying network.
    var actorCount: Int
    /// Partner groups that no request reached in a result (title and number of organisations), drawn together as
    /// one grey node (``FlowPicture/idlePartners(_:id:words:)``) instead of as nodes of their own; set by ``simplified(limit:)``.
    var idlePartners: [(title: String, organisations: Int)] = []
}

/// Reduces an ``ActorNetwork`` to a ``PictureGraph`` at one of three levels.
enum Aggregation {
    /// Above this many actors the automatic choice leaves the network view.
    static let networkViewLimit = 250
    /// Above this many groups the automatic choice leaves the aggregate view for the arenas view.
    static let aggregateViewLimit = 400
    /// The network view refuses more actors than this even when asked for (Graphviz would take minutes).
    static let networkViewHardLimit = 5_000
    /// With more connectors than this, the aggregate view groups them by home department.
    static let connectorGroupingLimit = 30
    /// With more ungrouped named actors than this, the aggregate view groups them by kind.
    static let individualLimit = 60

    /// Individual actors.
    static func network(_ network: ActorNetwork) throws -> PictureGraph {
        guard network.nodeCount <= networkViewHardLimit else {
            throw InputError("the network view of \(VisualGrammar.grouped(network.nodeCount)) actors is too large to draw "
                             + "(at most \(VisualGrammar.grouped(networkViewHardLimit))): draw the aggregate or arenas view instead",
                             at: .value("view"))
        }
        let table = network.nodes
        let nodes = (0 ..< Int32(table.count)).map { node -> PictureGraph.Node in
            let kind = table.kinds[Int(node)]
            let name = table.name(of: node)
            return PictureGraph.Node(id: "n\(node)", title: name, detail: "", kind: kind,
                                     arena: table.arenas[Int(node)], members: 1, anonymous: isGenerated(name, kind: kind))
        }
        let groups = [Int32](0 ..< Int32(table.count))
        return reduce(network, groups: groups, nodes: nodes, level: .network, keepSelfLoops: true)
    }

    /// Whether `name` is a generated resident's or official's name (`resident-123`), as the scenario and
    /// `outcome-graph.json` name them: such actors are drawn small and unlabelled.
    static func isGenerated(_ name: String, kind: NodeKind) -> Bool {
        guard kind == .resident || kind == .official else { return false }
        let prefix = kind.name + "-"
        return name.hasPrefix(prefix) && name.count > prefix.count && name.dropFirst(prefix.count).allSatisfy(\.isNumber)
    }

    /// Departments, neighbourhoods, partner types and connectors.
    static func aggregate(_ network: ActorNetwork) -> PictureGraph {
        let table = network.nodes
        var nodes: [PictureGraph.Node] = []
        var groups = [Int32](repeating: -1, count: table.count)

        func newGroup(_ id: String, _ title: String, _ kind: NodeKind, _ arena: Arena) -> Int32 {
            nodes.append(PictureGraph.Node(id: id, title: title, detail: "", kind: kind, arena: arena, members: 0, anonymous: false))
            return Int32(nodes.count - 1)
        }

        // Neighbourhoods and departments first, in the scenario's order.
        let hoodGroups = table.neighbourhoodNames.enumerated().map { index, name in
            newGroup("hood\(index)", name, .neighbourhood, .lifeworld)
        }
        let departmentGroups = table.departmentNames.enumerated().map { index, name in
            newGroup("dept\(index)", name, .department, .municipal)
        }
        var residents = [Int](repeating: 0, count: hoodGroups.count)
        var initiatives = [Int](repeating: 0, count: hoodGroups.count)
        var officials = [Int](repeating: 0, count: departmentGroups.count)

        let connectorCount = table.kinds.reduce(0) { $0 + ($1 == .connector ? 1 : 0) }
        let groupConnectors = connectorCount > connectorGroupingLimit
        var individuals: [Int32] = []
        var partnerGroups: [String: Int32] = [:]
        var connectorGroups: [Int32: Int32] = [:]

        for node in 0 ..< Int32(table.count) {
            let kind = table.kinds[Int(node)]
            let hood = table.neighbourhoods[Int(node)]
            let department = table.departments[Int(node)]
            let inHood = hood >= 0 && (kind == .resident || kind == .residentGroup || kind == .neighbourhood)
            let inDepartment = department >= 0 && (kind == .official || kind == .department || kind == .manager)
            if inHood {
                groups[Int(node)] = hoodGroups[Int(hood)]
                if kind == .resident { residents[Int(hood)] += 1 }
                if kind == .residentGroup { initiatives[Int(hood)] += 1 }
            } else if inDepartment {
                groups[Int(node)] = departmentGroups[Int(department)]
                if kind == .official { officials[Int(department)] += 1 }
            } else if kind == .partner {
                let type = network.partnerType(of: node)
                if let group = partnerGroups[type] {
                    groups[Int(node)] = group
                } else {
                    let group = newGroup("partner\(partnerGroups.count)", type, .partner, .professional)
                    partnerGroups[type] = group
                    groups[Int(node)] = group
                }
            } else if kind == .connector && groupConnectors {
                if let group = connectorGroups[department] {
                    groups[Int(node)] = group
                } else {
                    let home = table.departmentName(of: node).map { " · \($0)" } ?? ""
                    let group = newGroup("connectors\(connectorGroups.count)", "connectors\(home)", .connector,
                                         table.arenas[Int(node)])
                    connectorGroups[department] = group
                    groups[Int(node)] = group
                }
            } else {
                individuals.append(node)
            }
        }
        if individuals.count > individualLimit {
            var kindGroups: [NodeKind: Int32] = [:]
            for node in individuals {
                let kind = table.kinds[Int(node)]
                if let group = kindGroups[kind] {
                    groups[Int(node)] = group
                } else {
                    let group = newGroup("kind\(kind.rawValue)", VisualGrammar.title(of: kind, plural: true), kind,
                                         kind.defaultArena)
                    kindGroups[kind] = group
                    groups[Int(node)] = group
                }
            }
        } else {
            for node in individuals {
                groups[Int(node)] = newGroup("n\(node)", table.name(of: node), table.kinds[Int(node)], table.arenas[Int(node)])
            }
        }
        for group in groups { nodes[Int(group)].members += 1 }
        for (index, group) in hoodGroups.enumerated() {
            var parts: [String] = []
            // A result lists only the actors who took part in the run, not everyone who lives there.
            if residents[index] > 0 {
                parts.append("\(VisualGrammar.grouped(residents[index])) residents\(network.isResult ? " in contact" : "")")
            }
            if initiatives[index] > 0 { parts.append("\(initiatives[index]) initiatives") }
            nodes[Int(group)].detail = parts.joined(separator: " · ")
        }
        for (index, group) in departmentGroups.enumerated() where officials[index] > 0 {
            nodes[Int(group)].detail = "\(VisualGrammar.grouped(officials[index])) officials\(network.isResult ? " in contact" : "")"
        }
        for index in nodes.indices where nodes[index].detail.isEmpty && nodes[index].members > 1 {
            let noun = nodes[index].kind == .partner ? "organisations" : VisualGrammar.title(of: nodes[index].kind, plural: true)
            nodes[index].detail = "\(VisualGrammar.grouped(nodes[index].members)) \(noun)"
        }
        // Neighbourhoods and departments with nobody in them (a result graph lists only those who took part)
        // are dropped by reduce, which keeps only groups with members.
        return reduce(network, groups: groups, nodes: nodes, level: .aggregate, keepSelfLoops: false)
    }

    /// One node per kind of actor within each arena.
    static func arenas(_ network: ActorNetwork) -> PictureGraph {
        let table = network.nodes
        var nodes: [PictureGraph.Node] = []
        var groups = [Int32](repeating: -1, count: table.count)
        var index: [Int: Int32] = [:]
        for arena in VisualGrammar.arenaOrder {
            for kind in NodeKind.allCases {
                index[Int(arena.rawValue) * 64 + Int(kind.rawValue)] = Int32(nodes.count)
                nodes.append(PictureGraph.Node(id: "\(arena.name)-\(kind.name)", title: VisualGrammar.title(of: kind, plural: true),
                                               detail: "", kind: kind, arena: arena, members: 0, anonymous: false))
            }
        }
        for node in 0 ..< table.count {
            let group = index[Int(table.arenas[node].rawValue) * 64 + Int(table.kinds[node].rawValue)]!
            groups[node] = group
            nodes[Int(group)].members += 1
        }
        for position in nodes.indices {
            nodes[position].detail = VisualGrammar.grouped(nodes[position].members)
        }
        return reduce(network, groups: groups, nodes: nodes, level: .arenas, keepSelfLoops: false)
    }

    /// Sums edges between groups (in first-seen order) and drops groups without members.
    private static func reduce(_ network: ActorNetwork, groups: [Int32], nodes: [PictureGraph.Node], level: RenderView,
                               keepSelfLoops: Bool) -> PictureGraph {
        struct Key: Hashable {
            var source: Int32
            var target: Int32
            var kind: InteractionKind
            var created: Bool
        }
        var edges: [PictureGraph.Edge] = []
        var lookup: [Key: Int] = [:]
        network.forEachEdge { source, target, kind, attempts, successes, created in
            let from = groups[Int(source)], to = groups[Int(target)]
            if from == to && !keepSelfLoops { return }
            let key = Key(source: from, target: to, kind: kind, created: created)
            if let position = lookup[key] {
                edges[position].attempts += attempts
                edges[position].successes += successes
                edges[position].count += 1
            } else {
                lookup[key] = edges.count
                edges.append(PictureGraph.Edge(source: Int(from), target: Int(to), kind: kind, created: created,
                                               attempts: attempts, successes: successes, count: 1))
            }
        }
        // Keep groups that stand for somebody; renumber edges.
        var renumber = [Int](repeating: -1, count: nodes.count)
        var kept: [PictureGraph.Node] = []
        for (position, node) in nodes.enumerated() where node.members > 0 {
            renumber[position] = kept.count
            kept.append(node)
        }
        let keptEdges = edges.map { edge -> PictureGraph.Edge in
            var edge = edge
            edge.source = renumber[edge.source]
            edge.target = renumber[edge.target]
            return edge
        }
        return PictureGraph(level: level, nodes: kept, edges: keptEdges, actorCount: network.nodeCount)
    }
}

extension PictureGraph {
    /// Result pictures draw at most this many interaction edges at the aggregate and arenas levels.
    static let edgeLimit = 60

    /// The picture as drawn for a result at the aggregate or arenas level: of the scenario's structure only
    /// the connectors' assignments stay; only the `limit` busiest interaction edges are drawn; groups left
    /// without edges are dropped, except neighbourhoods, departments and connectors; and partner groups that no
    /// request reached at all (the model routes none to partners) become ``idlePartners``, so the professional
    /// network keeps its box.
    /// Scenario pictures (no attempts anywhere) and the network level are returned unchanged.
    /// - Returns: the picture, and a note on what was left out (nil when nothing was).
    func simplified(limit: Int = PictureGraph.edgeLimit) -> (graph: PictureGraph, note: String?) {
        guard level != .network, edges.contains(where: { $0.attempts > 0 }) else { return (self, nil) }
        var kept = edges.filter { !$0.kind.isStructural || $0.kind == .assignedTo || $0.created }
        var note: String?
        let interactions = kept.indices.filter { kept[$0].kind != .assignedTo }
        if interactions.count > limit {
            let ranked = interactions.sorted { a, b in
                let x = max(kept[a].attempts, kept[a].count), y = max(kept[b].attempts, kept[b].count)
                return x != y ? x > y : a < b
            }
            let chosen = Set(ranked.prefix(limit))
            let total = kept.reduce(0) { $0 + $1.attempts }
            let drawnAttempts = chosen.reduce(0) { $0 + kept[$1].attempts }
            kept = kept.indices.filter { kept[$0].kind == .assignedTo || chosen.contains($0) }.map { kept[$0] }
            let share = total > 0 ? formatNumber(Double(drawnAttempts) / Double(total), .percent(0)) : "all"
            note = "the \(limit) busiest of \(interactions.count) flows drawn (\(share) of attempts)"
        }
        var used = [Bool](repeating: false, count: nodes.count)
        for edge in kept {
            used[edge.source] = true
            used[edge.target] = true
        }
        var reached = [Bool](repeating: false, count: nodes.count)
        for edge in edges where edge.attempts > 0 {
            reached[edge.source] = true
            reached[edge.target] = true
        }
        var renumber = [Int](repeating: -1, count: nodes.count)
        var keptNodes: [Node] = []
        var idle: [(title: String, organisations: Int)] = []
        for (index, node) in nodes.enumerated() {
            if used[index] || node.kind == .neighbourhood || node.kind == .department || node.kind == .connector {
                renumber[index] = keptNodes.count
                keptNodes.append(node)
            } else if node.kind == .partner && !reached[index] {
                idle.append((node.title, node.members))
            }
        }
        let renumbered = kept.map { edge -> Edge in
            var edge = edge
            edge.source = renumber[edge.source]
            edge.target = renumber[edge.target]
            return edge
        }
        return (PictureGraph(level: level, nodes: keptNodes, edges: renumbered, actorCount: actorCount, idlePartners: idle), note)
    }
}
