import VerbinderCore

/// What a picture shows.
public enum RenderView: String, Sendable, CaseIterable {
    /// Individual actors and their interactions.
    case network
    /// Departments, neighbourhoods, partner types and connectors, with interactions summed between them.
    case aggregate
    /// One node per kind of actor within each of the three arenas.
    case arenas
    /// The thesis' figure 11: 4 roles × 2 directions, success rate with CI, ✓/✗ against a threshold.
    case praatplaat
    /// Two results side by side, differences marked.
    case compare
    /// A result's requests per year between neighbourhoods, connectors and departments, left to right, with the
    /// share connected (``FlowPicture``).
    case flow

    /// Parses a view name given on the command line.
    /// - Throws: ``InputError`` naming the valid views.
    public init(parsing text: String, option: String = "view") throws {
        guard let view = RenderView(rawValue: text.lowercased()) else {
            throw InputError(unknownChoice("view", text, Self.allCases.map(\.rawValue)), at: .value(option))
        }
        self = view
    }
}

/// The file format Graphviz writes.
public enum RenderFormat: String, Sendable, CaseIterable {
    case svg
    case png
    case pdf
    /// The graph in Graphviz's DOT language, without positions (re-render it with any Graphviz tool).
    case dot

    /// Parses a format name given on the command line.
    /// - Throws: ``InputError`` naming the valid formats.
    public init(parsing text: String, option: String = "format") throws {
        guard let format = RenderFormat(rawValue: text.lowercased()) else {
            throw InputError(unknownChoice("format", text, Self.allCases.map(\.rawValue)), at: .value(option))
        }
        self = format
    }

    /// The format implied by a file name's extension (`.svg`, `.png`, `.pdf`, `.dot`/`.gv`), if any.
    public init?(fileName: String) {
        let lowered = fileName.lowercased()
        if lowered.hasSuffix(".gv") { self = .dot; return }
        guard let dot = lowered.lastIndex(of: "."),
              let format = RenderFormat(rawValue: String(lowered[lowered.index(after: dot)...])) else { return nil }
        self = format
    }

    /// The file extension, without the dot.
    public var fileExtension: String { rawValue }

    /// The name gvRenderData knows the format by. DOT is written canonical (`canon`): the graph as built.
    var graphvizName: String {
        switch self {
        case .svg: "svg"
        case .png: "png:cairo"
        case .pdf: "pdf:cairo"
        case .dot: "canon"
        }
    }
}

/// A Graphviz layout engine.
public enum LayoutEngine: String, Sendable, CaseIterable {
    /// Layered (hierarchical); draws clusters. Best for flows from the lifeworld through connectors to the municipality.
    case dot
    /// Spring model (stress majorisation); ignores clusters.
    case neato
    /// Force-directed; draws clusters.
    case fdp
    /// Multiscale force-directed for large graphs; ignores clusters.
    case sfdp

    /// Parses a layout name given on the command line.
    /// - Throws: ``InputError`` naming the valid layouts.
    public init(parsing text: String, option: String = "layout") throws {
        guard let layout = LayoutEngine(rawValue: text.lowercased()) else {
            throw InputError(unknownChoice("layout", text, Self.allCases.map(\.rawValue)), at: .value(option))
        }
        self = layout
    }

    /// Whether the engine draws clusters (the arenas as boxes).
    public var drawsClusters: Bool { self == .dot || self == .fdp }

    /// The most nodes plus edges of a network view (individual actors) this engine lays out in seconds.
    ///
    /// Measured as CPU time of `verbinder render --view network` (Graphviz 2.43, SVG) on scenarios of one
    /// department with N officials (6 colleague ties each: N + 5 nodes, about 4N edges) and of one
    /// neighbourhood with N residents (about 2N edges), on a loaded 2-core machine (benchmarks/RESULTS.md).
    /// dot: 2.6 s at 502 (100 officials), 3.6 s at 627 (200 residents), over 19 s at 1,251 (250 officials).
    /// fdp: 1.3 s at 1,251, 4.5 s at 2,500 (500 officials). neato: 1.4 s at 5,001 (1,000 officials) but
    /// 3.6 s at 3,081 (1,000 residents: sparse, long paths) and did not finish in 120 s at 14,985 (4,900 residents).
    /// sfdp: 0.8 s at 3,081, 1.6 s at 12,498 (2,500 officials), 6.5 s at 14,985 (4,900 residents), 14 s at 24,502
    /// (4,900 officials).
    public var networkViewLimit: Int {
        switch self {
        case .dot: 700
        case .fdp: 2_500
        case .neato: 3_000
        case .sfdp: 15_000
        }
    }
}

/// Options for one picture.
public struct RenderOptions: Sendable, Equatable {
    /// The view; nil chooses from the size of the network (see ``ViewChoice``).
    public var view: RenderView?
    public var format: RenderFormat
    /// The layout engine; nil picks the view's default.
    public var layout: LayoutEngine?
    /// The success rate a praatplaat cell needs for a ✓ (0...1).
    public var threshold: Double

    public init(view: RenderView? = nil, format: RenderFormat = .svg, layout: LayoutEngine? = nil, threshold: Double = 0.6) {
        self.view = view
        self.format = format
        self.layout = layout
        self.threshold = threshold
    }

    /// Checks the options' values.
    /// - Throws: ``InputError`` for a threshold outside 0...1.
    public func validate() throws {
        guard threshold.isFinite, (0 ... 1).contains(threshold) else {
            throw InputError("threshold \(threshold) is out of range: expected a success rate from 0 to 1 (e.g. 0.6)",
                             at: .value("threshold"))
        }
    }
}

func unknownChoice(_ what: String, _ value: String, _ choices: [String]) -> String {
    var message = "unknown \(what) '\(value)': expected one of \(choices.joined(separator: ", "))"
    if let suggestion = closestMatch(to: value, among: choices) { message += " (did you mean '\(suggestion)'?)" }
    return message
}
