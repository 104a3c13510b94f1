import Foundation
import VerbinderCore
import VerbinderSimulation
import VerbinderSupport

/// A rendered picture and what was decided while making it.
public struct RenderedPicture: Sendable {
    /// The file's bytes (SVG, PNG, PDF or DOT).
    public var data: Data
    public var view: RenderView
    public var layout: LayoutEngine
    public var format: RenderFormat
    /// One line saying which view was drawn and why (e.g. chosen automatically from the network's size).
    public var note: String
    /// Graphviz warnings, if any.
    public var warnings: [String]
}

/// Draws Verbinder's pictures: the network, aggregate and arenas views, the praatplaat, and comparisons.
public enum Renderer {
    /// The layout a view uses unless told otherwise.
    public static func defaultLayout(for view: RenderView) -> LayoutEngine {
        switch view {
        // neato rather than fdp: in Graphviz 2.43 fdp's layout differs from run to run even with a fixed seed.
        case .network: .neato
        // dot draws the three arenas as clusters, so groups read as lifeworld, professional network, municipality.
        case .aggregate, .arenas, .praatplaat, .compare, .flow: .dot
        }
    }

    /// Each view's default layout in words, as ``render(_:options:against:)`` chooses it (for `--help`).
    public static var defaultLayoutsDescription: String {
        RenderView.allCases.map { "\($0.rawValue): \(defaultLayout(for: $0).rawValue)" }.joined(separator: ", ")
    }

    /// Refuses a network view of `size` nodes plus edges beyond what `layout` lays out in seconds
    /// (``LayoutEngine/networkViewLimit``).
    /// - Throws: ``InputError`` naming the limit and what to do instead.
    static func checkNetworkView(size: Int, layout: LayoutEngine, asked: Bool) throws {
        guard size > layout.networkViewLimit else { return }
        let larger = LayoutEngine.allCases.filter { $0.networkViewLimit >= size }.map { "--layout \($0.rawValue)" }
        throw InputError("the network view has \(VisualGrammar.grouped(size)) nodes and edges, too many for the "
                         + "\(layout.rawValue) layout (at most \(VisualGrammar.grouped(layout.networkViewLimit)) lay out in seconds): "
                         + (larger.isEmpty ? "" : "use \(larger.joined(separator: " or ")), or ")
                         + "draw the aggregate or arenas view", at: .value(asked ? "layout" : "view"))
    }

    /// Renders `input` as `options` say; `against` is the second result of the compare view.
    /// - Throws: ``InputError`` for options that do not fit the input (e.g. a praatplaat of a scenario),
    ///   ``RenderError`` when Graphviz fails.
    public static func render(_ input: RenderInput, options: RenderOptions, against: RenderInput? = nil) throws -> RenderedPicture {
        try options.validate()
        if against != nil && options.view != .compare && options.view != nil {
            throw InputError("a second result to compare against is only used by the compare view", at: .value("against"))
        }
        let view = options.view ?? (against != nil ? .compare : nil)
        switch view {
        case .praatplaat:
            guard let summary = input.summary else {
                throw InputError("the praatplaat view needs a simulation result (\(RenderInput.summaryFile)); this input is a scenario",
                                 at: SourceLocation(file: input.path))
            }
            let layout = options.layout ?? defaultLayout(for: .praatplaat)
            let spec = PraatplaatPicture.spec(summary, threshold: options.threshold, layout: layout)
            return try finish(spec, view: .praatplaat, layout: layout, format: options.format,
                              note: "praatplaat view (threshold \(formatNumber(options.threshold, .percent(0))))")
        case .compare:
            guard let against else {
                throw InputError("the compare view needs a second result to compare against", at: .value("against"))
            }
            let layout = options.layout ?? defaultLayout(for: .compare)
            let (spec, level) = try ComparePicture.spec(input, against, threshold: options.threshold, layout: layout)
            return try finish(spec, view: .compare, layout: layout, format: options.format,
                              note: "compare view (\(level.rawValue) level, \(layout.rawValue) layout)")
        case .flow:
            if let layout = options.layout, layout != .dot {
                throw InputError("the flow picture is laid out by dot, left to right; --layout \(layout.rawValue) does not apply to it",
                                 at: .value("layout"))
            }
            return try FlowPicture.render(input, replications: input.summary?.reproduction.replications ?? 1, format: options.format)
        case .network, .aggregate, .arenas, nil:
            let (full, choice) = try picture(of: input.network, view: view, layout: options.layout)
            let (picture, left) = full.simplified()
            var note = left.map { "\(choice); \($0)" } ?? choice
            if input.network.isResult, let summary = input.summary, summary.reproduction.replications > 1 {
                note += "; nodes and edges from replication 0 of \(summary.reproduction.replications), headline numbers summed over all"
            }
            let layout = options.layout ?? defaultLayout(for: picture.level)
            if picture.level == .network {
                try checkNetworkView(size: picture.nodes.count + picture.edges.count, layout: layout, asked: options.layout != nil)
            }
            let legend = Legend(title: input.scenarioName, headline: headline(input),
                                note: "\(note) · \(layout.rawValue) layout · Verbinder \(verbinderVersion)")
            let spec = NetworkPicture.spec(picture, legend: legend, layout: layout)
            return try finish(spec, view: picture.level, layout: layout, format: options.format, note: note)
        }
    }

    /// The picture at the asked level, or the level that suits the network's size: the network view when it has
    /// at most ``Aggregation/networkViewLimit`` actors and its layout draws it in seconds, else aggregate or arenas.
    static func picture(of network: ActorNetwork, view: RenderView?, layout: LayoutEngine?) throws -> (PictureGraph, String) {
        switch view {
        case .network:
            return (try Aggregation.network(network), "network view")
        case .aggregate:
            let picture = Aggregation.aggregate(network)
            return (picture, "aggregate view (\(VisualGrammar.grouped(network.nodeCount)) actors in \(picture.nodes.count) groups)")
        case .arenas:
            return (Aggregation.arenas(network), "arenas view (\(VisualGrammar.grouped(network.nodeCount)) actors)")
        default:
            let actors = VisualGrammar.grouped(network.nodeCount)
            var reason = "\(actors) actors, more than \(Aggregation.networkViewLimit)"
            if network.nodeCount <= Aggregation.networkViewLimit {
                let picture = try Aggregation.network(network)
                let drawn = picture.simplified().graph
                let size = drawn.nodes.count + drawn.edges.count
                let engine = layout ?? defaultLayout(for: .network)
                if size <= engine.networkViewLimit {
                    return (picture, "network view, chosen automatically (\(actors) actors, at most \(Aggregation.networkViewLimit))")
                }
                reason = "\(actors) actors, but \(VisualGrammar.grouped(size)) nodes and edges, more than \(engine.rawValue) lays out "
                    + "in seconds (\(VisualGrammar.grouped(engine.networkViewLimit)))"
            }
            let aggregate = Aggregation.aggregate(network)
            if aggregate.nodes.count <= Aggregation.aggregateViewLimit {
                return (aggregate, "aggregate view, chosen automatically (\(reason); \(aggregate.nodes.count) groups)")
            }
            return (Aggregation.arenas(network), "arenas view, chosen automatically (\(reason); "
                    + "\(aggregate.nodes.count) groups, more than \(Aggregation.aggregateViewLimit))")
        }
    }

    /// Three headline numbers for the title.
    static func headline(_ input: RenderInput) -> [String] {
        if let summary = input.summary {
            var attempts = 0, successes = 0
            for role in ConnectorRole.allCases {
                for direction in RequestDirection.allCases {
                    attempts += summary.praatplaat[role, direction].attempts
                    successes += summary.praatplaat[role, direction].successes
                }
            }
            let requests = summary.outcomes.total { _ in true }
            let helped = summary.outcomes.total { $0.isSuccess }
            let unresolved = summary.outcomes.total { $0.isThroughConnector && !$0.isSuccess }
            let utilisation = summary.connectors.isEmpty ? 0
                : summary.connectors.reduce(0) { $0 + $1.utilisation } / Double(summary.connectors.count)
            let replications = summary.reproduction.replications
            let scope = replications == 1 ? "one replication" : "sums over \(replications) replications"
            return ["\(VisualGrammar.share(helped, of: requests)) of all \(VisualGrammar.grouped(requests)) requests connected (\(scope))",
                    "the connector's own attempts: \(VisualGrammar.share(successes, of: attempts)) of \(VisualGrammar.grouped(attempts)) connected",
                    "\(VisualGrammar.grouped(unresolved)) requests through the connector unresolved",
                    "connectors at \(formatNumber(utilisation, .percent(0))) of their hours (mean)"]
        }
        if input.network.isResult {
            var attempts = 0, successes = 0, escalations = 0, created = 0
            input.network.forEachEdge { _, _, kind, tries, wins, isNew in
                if kind == .request { attempts += tries; successes += wins }
                if kind == .escalation { escalations += tries }
                if isNew { created += 1 }
            }
            let rate = attempts > 0 ? formatNumber(Double(successes) / Double(attempts), .percent(0)) : "–"
            return ["\(rate) of \(VisualGrammar.grouped(attempts)) requests connected",
                    "\(VisualGrammar.grouped(escalations)) escalations",
                    "\(VisualGrammar.grouped(created)) ties created"]
        }
        let nodes = input.network.nodes
        var counts = [Int](repeating: 0, count: NodeKind.allCases.count)
        for kind in nodes.kinds { counts[Int(kind.rawValue)] += 1 }
        func count(_ kind: NodeKind) -> String { VisualGrammar.grouped(counts[Int(kind.rawValue)]) }
        return ["\(count(.resident)) residents in \(count(.neighbourhood)) neighbourhoods",
                "\(count(.official)) officials in \(count(.department)) departments",
                "\(count(.connector)) connector\(counts[Int(NodeKind.connector.rawValue)] == 1 ? "" : "s")"]
    }

    /// The largest PNG drawn, in inches at 96 dpi (40 in = 3,840 px): larger pictures are scaled down,
    /// which keeps rasterising a city-sized aggregate view to seconds. SVG and PDF are not capped.
    static let maxPNGInches = 40

    static func finish(_ spec: GraphSpec, view: RenderView, layout: LayoutEngine, format: RenderFormat, note: String) throws -> RenderedPicture {
        var spec = spec
        if format == .png && !spec.attributes.contains(where: { $0.name == "size" }) {
            spec.attributes.append(.init("size", "\(maxPNGInches),\(maxPNGInches)"))
        }
        let output = try GraphvizRenderer.render(spec, layout: layout, format: format)
        return RenderedPicture(data: output.data, view: view, layout: layout, format: format, note: note, warnings: output.warnings)
    }

    /// Writes `network.svg` and `praatplaat.svg` into a simulation result directory (for `simulate --render`).
    ///
    /// `network.svg` is the flow picture when the municipality has at most ``FlowPicture/neighbourhoodLimit``
    /// neighbourhoods, else the view that suits the network's size (network, aggregate or arenas);
    /// `praatplaat.svg` needs `summary.json`. Files are written atomically.
    /// - Parameters:
    ///   - directory: a directory holding `summary.json` and `outcome-graph.json`.
    ///   - threshold: the success rate a praatplaat cell needs for a ✓.
    /// - Returns: the paths written, network first.
    /// - Throws: ``InputError`` for a missing or malformed result, ``RenderError`` when Graphviz fails.
    @discardableResult
    public static func renderResultPictures(directory: String, threshold: Double = 0.6) throws -> [String] {
        try renderResultPictures(try RenderInput.load(path: directory), into: directory, threshold: threshold)
    }

    /// Writes `network.svg` and `praatplaat.svg` of a result already in memory (as `simulate --render` holds it,
    /// so nothing is read back) into `directory`; the same pictures as ``renderResultPictures(directory:threshold:)``.
    @discardableResult
    public static func renderResultPictures(_ input: RenderInput, into directory: String, threshold: Double = 0.6) throws -> [String] {
        var written: [String] = []
        let flow = input.network.nodes.neighbourhoodNames.count <= FlowPicture.neighbourhoodLimit
        let network = try render(input, options: RenderOptions(view: flow ? .flow : nil, format: .svg, threshold: threshold))
        let networkPath = (directory as NSString).appendingPathComponent("network.svg")
        try writeAtomically(network.data, to: networkPath)
        written.append(networkPath)
        if input.summary != nil {
            let plate = try render(input, options: RenderOptions(view: .praatplaat, format: .svg, threshold: threshold))
            let platePath = (directory as NSString).appendingPathComponent("praatplaat.svg")
            try writeAtomically(plate.data, to: platePath)
            written.append(platePath)
        }
        return written
    }
}

/// Writes `network.svg` and `praatplaat.svg` next to a simulation's results; see ``Renderer/renderResultPictures(directory:threshold:)``.
@discardableResult
public func renderResultPictures(directory: String, threshold: Double = 0.6) throws -> [String] {
    try Renderer.renderResultPictures(directory: directory, threshold: threshold)
}
