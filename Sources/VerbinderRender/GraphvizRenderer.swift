import CGraphviz
import Foundation

/// Graphviz failed to lay out or render a graph; carries Graphviz's own messages.
public struct RenderError: Error, Sendable, CustomStringConvertible {
    /// What Verbinder was doing.
    public var message: String
    /// The messages Graphviz reported (its errors and warnings), in order.
    public var graphvizMessages: [String]

    public init(_ message: String, graphvizMessages: [String] = []) {
        self.message = message
        self.graphvizMessages = graphvizMessages
    }

    public var description: String {
        graphvizMessages.isEmpty ? "error: \(message)"
            : "error: \(message): " + graphvizMessages.joined(separator: "; ")
    }
}

/// The bytes Graphviz produced, plus the warnings it gave while producing them.
public struct GraphvizOutput: Sendable {
    public var data: Data
    /// Graphviz warnings (e.g. overlapping clusters); errors are thrown as ``RenderError`` instead.
    public var warnings: [String]
}

/// Builds a ``GraphSpec`` through cgraph, lays it out with gvLayout and renders it with gvRenderData,
/// all in-process.
///
/// Graphviz keeps global state (its error handler, string dictionaries, plugin loading) and is not
/// thread-safe, so every call is serialised on one lock. All renders share one `GVC_t`, made on first
/// use and kept for the life of the process: Graphviz 2.43's pango plugin caches a pointer to the last
/// font name it measured, which lives in the context's font dictionary, so freeing the context after a
/// render leaves the next render reading freed memory (LeakSanitizer/ASan caught it). Everything else a
/// render allocates is freed before it returns (gvFreeLayout, agclose, gvFreeRenderData), also on
/// failure; `Tests/leak-check.sh` verifies this over 1,000 renders.
public enum GraphvizRenderer {
    private static let lock = NSLock()
    /// The shared context; only touched under ``lock``.
    nonisolated(unsafe) private static var sharedContext: OpaquePointer?

    /// Renders `spec` with `layout` into `format`.
    ///
    /// DOT is written canonical (`canon`: the graph as built, without positions), with a `layout` attribute naming the engine,
    /// so `dot -Tsvg file.dot` reproduces the picture.
    /// - Throws: ``RenderError`` when Graphviz reports an error or produces no output.
    public static func render(_ spec: GraphSpec, layout: LayoutEngine, format: RenderFormat) throws -> GraphvizOutput {
        lock.lock()
        defer { lock.unlock() }
        return try ErrorCapture.collecting { capture in
            if sharedContext == nil { sharedContext = gvContext() }
            guard let context = sharedContext else { throw RenderError("could not create a Graphviz context") }
            let graph = try build(spec)
            defer { agclose(graph) }
            try capture.check("could not build the graph")
            // gvRenderData insists on a layout even for canonical DOT (which then leaves positions out).
            // gvFreeLayout is safe whatever state the layout got to, so it runs on every exit from here,
            // including a failed layout and an error reported during one.
            defer { gvFreeLayout(context, graph) }
            let layoutStatus = gvLayout(context, graph, layout.rawValue)
            if layoutStatus != 0 {
                throw RenderError("Graphviz could not lay out the graph with '\(layout.rawValue)'",
                                  graphvizMessages: capture.messages)
            }
            try capture.check("Graphviz could not lay out the graph with '\(layout.rawValue)'")
            var buffer: UnsafeMutablePointer<CChar>?
            var length: UInt32 = 0
            let status = gvRenderData(context, graph, format.graphvizName, &buffer, &length)
            defer { if let buffer { gvFreeRenderData(buffer) } }
            guard status == 0 else {
                throw RenderError("Graphviz could not render \(format.rawValue)", graphvizMessages: capture.messages)
            }
            try capture.check("Graphviz could not render \(format.rawValue)")
            guard let buffer, length > 0 else {
                throw RenderError("Graphviz rendered an empty \(format.rawValue) file", graphvizMessages: capture.messages)
            }
            let data = Data(bytes: buffer, count: Int(length))
            return GraphvizOutput(data: data, warnings: capture.warnings)
        }
    }

    /// Parses DOT text with Graphviz's own parser (agmemread) and reports what it holds.
    /// - Throws: ``RenderError`` when Graphviz cannot parse it.
    public static func parseDOT(_ text: String) throws -> ParsedDOT {
        lock.lock()
        defer { lock.unlock() }
        return try ErrorCapture.collecting { capture in
            guard let graph = agmemread(text) else {
                throw RenderError("Graphviz could not parse the DOT text", graphvizMessages: capture.messages)
            }
            defer { agclose(graph) }
            try capture.check("Graphviz could not parse the DOT text")
            var nodes: [ParsedDOT.Node] = []
            var edgeCount = 0
            var node = agfstnode(graph)
            while let current = node {
                let name = String(cString: agnameof(UnsafeMutableRawPointer(current)))
                nodes.append(ParsedDOT.Node(name: name, label: value(of: "label", on: UnsafeMutableRawPointer(current))))
                var edge = agfstout(graph, current)
                while let currentEdge = edge {
                    edgeCount += 1
                    edge = agnxtout(graph, currentEdge)
                }
                node = agnxtnode(graph, current)
            }
            var subgraphs: [String] = []
            var subgraph = agfstsubg(graph)
            while let current = subgraph {
                subgraphs.append(String(cString: agnameof(UnsafeMutableRawPointer(current))))
                subgraph = agnxtsubg(current)
            }
            return ParsedDOT(nodes: nodes, edgeCount: edgeCount, subgraphs: subgraphs)
        }
    }

    /// What ``parseDOT(_:)`` found: nodes (with their labels), the number of edges, top-level subgraphs.
    public struct ParsedDOT: Sendable {
        public struct Node: Sendable {
            public var name: String
            /// The label attribute as Graphviz stores it (still escaped), or nil.
            public var label: String?
        }

        public var nodes: [Node]
        public var edgeCount: Int
        /// Names of the root graph's subgraphs, in Graphviz's order.
        public var subgraphs: [String]
    }

    // MARK: Building the cgraph graph

    private static func build(_ spec: GraphSpec) throws -> UnsafeMutablePointer<Agraph_t> {
        var descriptor = Agdesc_t()
        descriptor.directed = 1
        descriptor.maingraph = 1
        let discipline = SequentialIDs.discipline
        guard let graph = spec.name.withCString({ agopen(UnsafeMutablePointer(mutating: $0), descriptor, discipline) }) else {
            throw RenderError("Graphviz could not open a graph")
        }
        let root = UnsafeMutableRawPointer(graph)
        for attribute in spec.attributes { set(attribute, on: root, in: graph) }
        for attribute in spec.nodeDefaults { declare(attribute, kind: Int32(AGNODE), in: graph) }
        for attribute in spec.edgeDefaults { declare(attribute, kind: Int32(AGEDGE), in: graph) }

        var handles: [String: UnsafeMutablePointer<Agnode_t>] = [:]
        handles.reserveCapacity(spec.nodes.count)
        for node in spec.nodes {
            guard handles[node.id] == nil else {
                agclose(graph)
                throw RenderError("node id '\(node.id)' is used twice")
            }
            guard let handle = node.id.withCString({ agnode(graph, UnsafeMutablePointer(mutating: $0), 1) }) else {
                agclose(graph)
                throw RenderError("Graphviz could not create node '\(node.id)'")
            }
            handles[node.id] = handle
            for attribute in node.attributes { set(attribute, on: UnsafeMutableRawPointer(handle), in: graph) }
        }
        func addSubgraphs(_ list: [GraphSpec.Subgraph], to parent: UnsafeMutablePointer<Agraph_t>) throws {
            for subgraph in list {
                guard let handle = subgraph.id.withCString({ agsubg(parent, UnsafeMutablePointer(mutating: $0), 1) }) else {
                    throw RenderError("Graphviz could not create subgraph '\(subgraph.id)'")
                }
                for attribute in subgraph.attributes { set(attribute, on: UnsafeMutableRawPointer(handle), in: graph) }
                for id in subgraph.nodeIDs {
                    guard let node = handles[id] else { throw RenderError("subgraph '\(subgraph.id)' names unknown node '\(id)'") }
                    agsubnode(handle, node, 1)
                }
                try addSubgraphs(subgraph.subgraphs, to: handle)
            }
        }
        do {
            try addSubgraphs(spec.subgraphs, to: graph)
            for edge in spec.edges {
                guard let tail = handles[edge.tail], let head = handles[edge.head] else {
                    throw RenderError("edge \(edge.tail) -> \(edge.head) names an unknown node")
                }
                guard let handle = agedge(graph, tail, head, nil, 1) else {
                    throw RenderError("Graphviz could not create edge \(edge.tail) -> \(edge.head)")
                }
                for attribute in edge.attributes { set(attribute, on: UnsafeMutableRawPointer(handle), in: graph) }
            }
        } catch {
            agclose(graph)
            throw error
        }
        return graph
    }

    /// Sets an attribute on a graph, subgraph, node or edge (declaring it with an empty default).
    private static func set(_ attribute: GraphSpec.Attribute, on object: UnsafeMutableRawPointer,
                            in graph: UnsafeMutablePointer<Agraph_t>) {
        attribute.name.withCString { name in
            let name = UnsafeMutablePointer(mutating: name)
            "".withCString { empty in
                let empty = UnsafeMutablePointer(mutating: empty)
                switch attribute.value {
                case .text(let text):
                    _ = text.withCString { agsafeset(object, name, UnsafeMutablePointer(mutating: $0), empty) }
                case .html(let markup):
                    // An HTML string in cgraph's dictionary: agsafeset's agstrdup finds it and keeps the flag.
                    let html = markup.withCString { agstrdup_html(graph, UnsafeMutablePointer(mutating: $0)) }
                    agsafeset(object, name, html, empty)
                    agstrfree(graph, html)
                }
            }
        }
    }

    /// Declares a default for every node or edge.
    private static func declare(_ attribute: GraphSpec.Attribute, kind: Int32, in graph: UnsafeMutablePointer<Agraph_t>) {
        attribute.name.withCString { name in
            switch attribute.value {
            case .text(let text):
                text.withCString { _ = agattr(graph, kind, UnsafeMutablePointer(mutating: name), UnsafeMutablePointer(mutating: $0)) }
            case .html(let markup):
                let html = markup.withCString { agstrdup_html(graph, UnsafeMutablePointer(mutating: $0)) }
                _ = agattr(graph, kind, UnsafeMutablePointer(mutating: name), html)
                agstrfree(graph, html)
            }
        }
    }

    private static func value(of name: String, on object: UnsafeMutableRawPointer) -> String? {
        name.withCString { name in
            guard let value = agget(object, UnsafeMutablePointer(mutating: name)) else { return nil }
            let text = String(cString: value)
            return text.isEmpty ? nil : text
        }
    }
}

/// Routes Graphviz's messages (agerr) into Swift while one render runs.
///
/// Only used under ``GraphvizRenderer``'s lock, which is what makes the global buffer safe.
private final class ErrorCapture {
    nonisolated(unsafe) static var current: ErrorCapture?

    /// Messages in order; a message continuing the previous one (AGPREV) is appended to it.
    var entries: [(isError: Bool, text: String)] = []

    var messages: [String] { entries.map { ($0.isError ? "Error: " : "Warning: ") + $0.text } }
    var warnings: [String] { entries.filter { !$0.isError }.map(\.text) }

    func receive(_ raw: String) {
        var text = raw
        var isError: Bool?
        // agerr writes "Error: " or "Warning: "; the HTML-label lexer writes "Warning : ".
        for (prefix, error) in [("Error", true), ("Warning", false)] where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count).drop { $0 == " " }
            if rest.first == ":" {
                isError = error
                text = String(rest.dropFirst())
                break
            }
        }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let isError {
            entries.append((isError, text))
        } else if let last = entries.indices.last {
            entries[last].text += entries[last].text.isEmpty ? text : " " + text
            entries[last].text = entries[last].text.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if !text.isEmpty {
            entries.append((true, text))
        }
    }

    /// Throws when Graphviz reported an error since the capture began.
    func check(_ message: String) throws {
        if entries.contains(where: \.isError) || agerrors() >= Int32(AGERR.rawValue) {
            throw RenderError(message, graphvizMessages: messages)
        }
    }

    /// Runs `body` with Graphviz messages routed to a fresh capture, then restores the defaults.
    static func collecting<T>(_ body: (ErrorCapture) throws -> T) throws -> T {
        let capture = ErrorCapture()
        current = capture
        agreseterrors()
        let previousLevel = agseterr(AGWARN)
        let previousHandler = agseterrf { message in
            if let message { ErrorCapture.current?.receive(String(cString: message)) }
            return 0
        }
        defer {
            agseterrf(previousHandler)
            agseterr(previousLevel)
            agreseterrors()
            current = nil
        }
        return try body(capture)
    }
}
