import VerbinderCore

/// The power–interest grid (Johnson, Scholes & Whittington 2005; Mendelow 1991): each stakeholder's power
/// and interest on a 0–1 scale, and the quadrant they fall in.
///
/// Power, in order of preference: a numeric node attribute (``Settings/powerAttribute``); otherwise
/// `authorityWeight × formal authority + (1 − authorityWeight) × centrality`, where formal authority comes
/// from the actor's kind, function and portfolio (``formalAuthority(kind:function:holdsPortfolio:)``) and
/// centrality is eigenvector centrality divided by its maximum; nodes of unknown kind get centrality alone.
/// Interest, in order of preference: a numeric node attribute (``Settings/interestAttribute``); otherwise
/// involvement in consultation structures (memberships divided by the largest count, 0 for non-members),
/// when the input has structures; otherwise degree divided by the largest degree (a weak proxy, and said so
/// in the report).
public enum PowerInterest {
    /// The four quadrants.
    public enum Quadrant: String, Sendable, CaseIterable {
        /// High power, high interest: manage closely.
        case keyPlayer = "key-player"
        /// High power, low interest.
        case keepSatisfied = "keep-satisfied"
        /// Low power, high interest.
        case keepInformed = "keep-informed"
        /// Low power, low interest.
        case minimalEffort = "minimal-effort"
    }

    /// Thresholds and sources; a value at or above a threshold counts as high.
    public struct Settings: Sendable, Equatable {
        public var powerThreshold: Double = 0.5
        public var interestThreshold: Double = 0.5
        /// Share of formal authority in power (the rest is centrality), 0...1.
        public var authorityWeight: Double = 0.5
        /// A numeric node attribute (0...1) to use as power; `power` is used when present and this is nil.
        public var powerAttribute: String?
        /// A numeric node attribute (0...1) to use as interest; `interest` is used when present and this is nil.
        public var interestAttribute: String?

        public init() {}
    }

    /// Power, interest and quadrant per node, and where power and interest came from.
    public struct Result: Sendable, Equatable {
        public var power: [Double]
        public var interest: [Double]
        public var quadrant: [Quadrant]
        public var powerSource: String
        public var interestSource: String
        public var settings: Settings
    }

    /// Formal authority of an actor, 0...1: aldermen 1 (0.8 without a portfolio), managers 0.8, transition
    /// managers 0.7, departments 0.6, officials by function (political 0.6, policy and supervision 0.5,
    /// execution 0.3, unknown 0.4), partners 0.4, connectors 0.3 (no mandate or budget: DOMAIN.md §4),
    /// resident groups 0.2, residents 0.1, neighbourhoods and themes 0.
    public static func formalAuthority(kind: NodeKind, function: OfficialFunction?, holdsPortfolio: Bool) -> Double {
        switch kind {
        case .alderman: holdsPortfolio ? 1 : 0.8
        case .manager: 0.8
        case .transitionManager: 0.7
        case .department: 0.6
        case .official:
            switch function {
            case .political: 0.6
            case .policy, .supervision: 0.5
            case .execution: 0.3
            case nil: 0.4
            }
        case .partner: 0.4
        case .connector: 0.3
        case .residentGroup: 0.2
        case .resident: 0.1
        case .neighbourhood, .theme: 0
        }
    }

    /// Places every node on the grid.
    /// - Parameter eigenvector: eigenvector centrality per node (used for power unless an attribute gives it).
    /// - Throws: ``InputError`` when a named attribute is missing or holds a value that is not a number in 0...1.
    public static func compute(_ data: NetworkData, graph: AnalysisGraph, eigenvector: [Double], settings: Settings) throws -> Result {
        let n = data.nodeCount
        var power: [Double]
        var powerSource: String
        if let name = settings.powerAttribute ?? (data.attribute("power") != nil ? "power" : nil) {
            power = try numericAttribute(data, name)
            powerSource = "attribute '\(name)'"
        } else {
            let top = eigenvector.filter { !$0.isNaN }.max() ?? 0
            let centrality = eigenvector.map { top > 0 ? $0 / top : 0 }
            let functions = data.attribute("function")
            var holdsPortfolio = [Bool](repeating: false, count: n)
            for edge in 0 ..< data.edges.count where data.edgeKinds[edge] == EdgeKind.portfolio.name {
                holdsPortfolio[Int(data.edges.sources[edge])] = true
            }
            let weight = settings.authorityWeight
            power = (0 ..< n).map { node in
                guard let kind = data.kinds[node] else { return centrality[node] }
                let authority = formalAuthority(kind: kind, function: functions.flatMap { OfficialFunction(name: $0[node]) },
                                                holdsPortfolio: holdsPortfolio[node])
                return weight * authority + (1 - weight) * centrality[node]
            }
            powerSource = data.kinds.contains(where: { $0 != nil })
                ? "formal authority × \(weight) + eigenvector centrality (scaled to max 1) × \(1 - weight)"
                : "eigenvector centrality (scaled to max 1)"
        }
        var interest: [Double]
        var interestSource: String
        if let name = settings.interestAttribute ?? (data.attribute("interest") != nil ? "interest" : nil) {
            interest = try numericAttribute(data, name)
            interestSource = "attribute '\(name)'"
        } else if !data.structures.isEmpty {
            var memberships = [Double](repeating: 0, count: n)
            for members in data.structures {
                for member in Set(members).sorted() { memberships[Int(member)] += 1 }
            }
            let top = memberships.max() ?? 0
            interest = memberships.map { top > 0 ? $0 / top : 0 }
            interestSource = "consultation-structure memberships (scaled to max 1)"
        } else {
            let degree = Centrality.degree(graph)
            let top = degree.max() ?? 0
            interest = degree.map { top > 0 ? $0 / top : 0 }
            interestSource = "degree (scaled to max 1; no interest attribute or consultation structures in the input)"
        }
        let quadrant = (0 ..< n).map { node -> Quadrant in
            let high = power[node] >= settings.powerThreshold
            let engaged = interest[node] >= settings.interestThreshold
            switch (high, engaged) {
            case (true, true): return .keyPlayer
            case (true, false): return .keepSatisfied
            case (false, true): return .keepInformed
            case (false, false): return .minimalEffort
            }
        }
        return Result(power: power, interest: interest, quadrant: quadrant, powerSource: powerSource,
                      interestSource: interestSource, settings: settings)
    }

    static func numericAttribute(_ data: NetworkData, _ name: String) throws -> [Double] {
        guard let values = data.attribute(name) else {
            throw InputError("no node attribute '\(name)' (attributes: \(data.attributeNames.joined(separator: ", ")))",
                             at: SourceLocation(file: data.source))
        }
        var problems: [Diagnostic] = []
        let numbers = values.enumerated().map { node, text -> Double in
            guard let value = Double(text), value >= 0, value <= 1 else {
                problems.append(Diagnostic("node '\(data.ids[node])': \(name) '\(text)' is not a number in 0...1",
                                           at: SourceLocation(file: data.source)))
                return .nan
            }
            return value
        }
        if !problems.isEmpty { throw InputError(problems) }
        return numbers
    }
}
