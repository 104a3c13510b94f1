import VerbinderSupport

/// A graph to hand to Graphviz, described in Swift: ordered attributes, nested clusters, nodes and edges.
///
/// Everything is kept in arrays so the DOT and the pictures Graphviz makes from it depend only on
/// the order the views add things in, never on hashing. ``GraphvizRenderer`` turns a spec into a
/// cgraph graph (agopen, agnode, agsubg, agedge, agsafeset) and renders it in-process.
public struct GraphSpec: Sendable, Equatable {
    /// The graph's name (written as `digraph NAME` in DOT).
    public var name: String
    /// Root graph attributes, in the order they are set.
    public var attributes: [Attribute] = []
    /// Defaults for every node (declared with `agattr(g, AGNODE, ...)`).
    public var nodeDefaults: [Attribute] = []
    /// Defaults for every edge (declared with `agattr(g, AGEDGE, ...)`).
    public var edgeDefaults: [Attribute] = []
    /// Every node, in creation order.
    public var nodes: [Node] = []
    /// Top-level subgraphs (clusters when their id starts with `cluster`).
    public var subgraphs: [Subgraph] = []
    /// Every edge, in creation order; parallel edges are kept.
    public var edges: [Edge] = []

    /// An empty directed graph named `name`.
    public init(name: String) { self.name = name }

    /// An attribute name and value.
    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: AttributeValue

        public init(_ name: String, _ value: AttributeValue) {
            self.name = name
            self.value = value
        }

        /// A plain text attribute.
        public init(_ name: String, _ text: String) {
            self.init(name, .text(text))
        }
    }

    /// A node: an id unique in the graph, and its attributes.
    public struct Node: Sendable, Equatable {
        public var id: String
        public var attributes: [Attribute]

        public init(id: String, attributes: [Attribute]) {
            self.id = id
            self.attributes = attributes
        }
    }

    /// A subgraph holding some of the graph's nodes, and possibly further subgraphs.
    public struct Subgraph: Sendable, Equatable {
        /// Its name; a name starting with `cluster` makes Graphviz draw a box around it (dot and fdp).
        public var id: String
        public var attributes: [Attribute]
        /// Ids of nodes (already in ``GraphSpec/nodes``) that belong to it.
        public var nodeIDs: [String]
        public var subgraphs: [Subgraph]

        public init(id: String, attributes: [Attribute], nodeIDs: [String], subgraphs: [Subgraph] = []) {
            self.id = id
            self.attributes = attributes
            self.nodeIDs = nodeIDs
            self.subgraphs = subgraphs
        }
    }

    /// A directed edge between two node ids.
    public struct Edge: Sendable, Equatable {
        public var tail: String
        public var head: String
        public var attributes: [Attribute]

        public init(tail: String, head: String, attributes: [Attribute]) {
            self.tail = tail
            self.head = head
            self.attributes = attributes
        }
    }

    /// All subgraphs, depth first.
    public var allSubgraphs: [Subgraph] {
        var result: [Subgraph] = []
        func visit(_ list: [Subgraph]) {
            for subgraph in list {
                result.append(subgraph)
                visit(subgraph.subgraphs)
            }
        }
        visit(subgraphs)
        return result
    }
}

/// The value of a Graphviz attribute: escaped text or an HTML-like label.
public enum AttributeValue: Sendable, Equatable {
    /// A value used as given (colours, numbers, shapes, styles). Not for labels: see ``label(_:)``.
    case text(String)
    /// An HTML-like label (Graphviz `<...>` label); the markup must already be escaped (see ``htmlEscaped(_:)``).
    case html(String)

    /// A plain label showing `text` literally: backslashes, quotes, `&`, `<` and emoji are kept as they
    /// are, and newlines become centred line breaks.
    public static func label(_ text: String) -> AttributeValue { .text(escapedLabel(text)) }
}

/// Escapes `text` for a plain Graphviz label (an `escString`).
///
/// Graphviz reads `\N`, `\G`, `\n`, `\l`, ... in labels as escapes and turns `&name;` into characters,
/// so a literal backslash becomes `\\`, `&` becomes `&amp;`, and a newline becomes `\n` (a centred break).
/// Quotes, `<` and `>` need nothing here: cgraph quotes values when it writes DOT, and the SVG renderer
/// escapes them.
public func escapedLabel(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "\\": result += "\\\\"
        case "&": result += "&amp;"
        case "\n", "\r\n": result += "\\n"
        case "\r": result += "\\n"
        default: result.append(character)
        }
    }
    return result
}


/// Escapes `text` for use inside an HTML-like label: XML escaping (characters XML forbids dropped), and line
/// breaks as `<BR/>`.
public func htmlEscaped(_ text: String) -> String { xmlEscaped(text, lineBreak: "<BR/>") }
