import VerbinderCore

/// Per-role values of a parameter, in ``ConnectorRole`` order.
public struct PerRole: Sendable, Codable, Equatable {
    public var fixer: Double
    public var entrepreneur: Double
    public var bridgeBuilder: Double
    public var mediator: Double

    public init(_ fixer: Double, _ entrepreneur: Double, _ bridgeBuilder: Double, _ mediator: Double) {
        self.fixer = fixer
        self.entrepreneur = entrepreneur
        self.bridgeBuilder = bridgeBuilder
        self.mediator = mediator
    }

    /// The value for one role.
    @inlinable public subscript(role: ConnectorRole) -> Double {
        switch role {
        case .fixer: fixer
        case .entrepreneur: entrepreneur
        case .bridgeBuilder: bridgeBuilder
        case .mediator: mediator
        }
    }
}

/// The simulation model's parameters (scenario key `model`). Every default and its rationale from the
/// seeds is documented in `docs/model.md`; all probabilities are 0...1, times in working days or hours.
public struct ModelParameters: Sendable, Codable, Equatable {
    // MARK: Requests
    /// Requests per 1,000 residents per week, per role (questions, initiatives, problems, conflicts).
    public var residentRequestRate = PerRole(0.6, 0.12, 0.3, 0.06)
    /// Requests per 100 officials per week, per role (questions about, plans for, problems in, conflicts with the neighbourhood).
    public var officialRequestRate = PerRole(1.0, 0.4, 0.3, 0.12)
    /// Probability that a request concerns one more policy domain (repeatedly: 1, 2, ... extra domains).
    public var integralShare = 0.3
    /// Connector hours of work per request, per role.
    public var effortHours = PerRole(1.5, 8.0, 5.0, 8.0)

    // MARK: Routing
    /// Residents' (average activity) awareness of the connector with all levers low.
    public var residentAwareness = 0.25
    /// Share of hard-to-reach residents' requests the connector picks up with all levers low; the rest stay unvoiced.
    public var hardToReachReach = 0.25
    /// Chance an official brings a request to the connector unprompted, with all levers low (seed 003: 12 of 15 say officials do not).
    public var officialInitiative = 0.06
    /// Extra chance an official comes to the connector per unit of familiarity with the connectors.
    public var familiarityPull = 0.3
    /// Extra awareness of officials under internal publicity (intranet, campaign, training; seed 003 §5.6.2).
    public var publicityEffect = 0.25
    /// Share of requests reaching a connector that are not the connector's job, unless the role is documented.
    public var misdirectedShare = 0.25
    /// Connector hours lost on each misdirected request.
    public var misdirectedEffortHours = 0.75

    // MARK: Connector work
    /// Share of a connector's hours taken by presence in the neighbourhood, meetings and overhead.
    public var overheadShare = 0.3
    /// Probability the connector answers a resident's question from own knowledge, without a department.
    public var connectorKnowledge = 0.6
    /// Share of questions and initiatives small enough for an own budget; settled at high internal positioning.
    public var smallShare = 0.3
    /// Working days within which a conflict must be taken up before it escalates in the neighbourhood.
    public var mediationDeadlineDays = 10.0

    // MARK: Department response
    /// Base probability that a department cooperates with a connector's request, per role.
    public var cooperationBase = PerRole(0.95, 0.85, 0.85, 0.85)
    /// Cooperation factor for a department in another cluster than the connector's home (seed 003 §4.5).
    public var otherClusterFactor = 0.8
    /// Mean working days a department takes to answer, at internal orientation 0 and 1.
    public var responseDays = 2.0
    public var slowResponseDays = 8.0
    /// Connector requests per official a department can have open before its workload lowers cooperation
    /// (by up to 30% when the open requests reach this level).
    public var departmentRequestCapacity = 0.05
    /// Base success of the lifeworld side (residents engage with an official's request through the connector), per role.
    public var lifeworldBase = PerRole(0.8, 0.7, 0.75, 0.7)
    /// Base success of a direct request (without connector) from residents, per role.
    public var directResidentBase = PerRole(0.8, 0.35, 0.35, 0.3)
    /// Base success of a direct request from officials into the neighbourhood, per role.
    public var directOfficialBase = PerRole(0.55, 0.35, 0.4, 0.3)

    // MARK: Escalation
    /// Probability an escalation changes the answer: team manager, cluster manager, alderman.
    public var escalationEffect = [0.45, 0.55, 0.7]
    /// Working days an escalation takes: team manager, cluster manager, alderman.
    public var escalationDays = [3.0, 5.0, 8.0]
    /// Loss of the escalated department's trust in the connectors per escalation ("verraad", seed 003 §4.3).
    public var escalationTrustCost = 0.06

    // MARK: Feedback
    /// Gain in trust and familiarity per successful cooperation (seed 003 §5.6.2: positive experiences).
    public var trustGain = 0.03
    public var familiarityGain = 0.05
    /// Loss of residents' trust (per 1,000 residents of the neighbourhood) when a conflict is not mediated in time.
    public var conflictTrustLoss = 0.1

    public init() {}

    /// Decodes a stored model; parameters missing from it (results written before they existed) keep
    /// their defaults.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var groups: [String: [Int]] = [:]
        for (index, parameter) in Self.catalogue.enumerated() {
            guard let group = parameter.group else {
                if let value = try container.decodeIfPresent(Double.self, forKey: AnyCodingKey(parameter.name)) {
                    self[keyPath: parameter.keyPath] = value
                }
                continue
            }
            groups[group, default: []].append(index)
        }
        for (group, members) in groups.sorted(by: { $0.key < $1.key }) where container.contains(AnyCodingKey(group)) {
            if let values = try? container.decode([Double].self, forKey: AnyCodingKey(group)) {
                // Per-level values are stored as a list in level order.
                for (index, value) in zip(members, values) { self[keyPath: Self.catalogue[index].keyPath] = value }
            } else {
                let nested = try container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: AnyCodingKey(group))
                for index in members {
                    let parameter = Self.catalogue[index]
                    if let value = try nested.decodeIfPresent(Double.self, forKey: AnyCodingKey(parameter.member)) {
                        self[keyPath: parameter.keyPath] = value
                    }
                }
            }
        }
    }
}

/// A coding key made from any string.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
