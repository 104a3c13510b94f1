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

/// The simulation model's parameters (scenario key `model`). Each one's unit, plausible range and provenance
/// is in ``ModelParameters/catalogue`` and `docs/model.md`; probabilities are 0...1, times in working days or
/// hours, "weights" scale a lever or barrier (0...1) into a factor.
public struct ModelParameters: Sendable, Codable, Equatable {
    // MARK: Requests
    /// Requests per 1,000 residents per week, per role (questions, initiatives, problems, conflicts).
    public var residentRequestRate = PerRole(0.6, 0.12, 0.3, 0.06)
    /// Requests per 100 officials per week, per role (questions about, plans for, problems in, conflicts with the neighbourhood).
    public var officialRequestRate = PerRole(1.0, 0.4, 0.3, 0.12)
    /// Probability that a request concerns one more policy domain (repeatedly: 1, 2, ... extra domains).
    public var integralShare = 0.3
    /// The most extra domains one request can concern.
    public var maxExtraDomains = 4.0
    /// Connector hours of work per request, per role.
    public var effortHours = PerRole(1.5, 8.0, 5.0, 8.0)
    /// Extra effort per extra policy domain, as a share of the request's effort.
    public var integralEffort = 0.5
    /// Lowest urgency of a conflict (other requests: uniform 0...1; conflicts: uniform from here to 1).
    public var conflictUrgency = 0.5

    // MARK: Routing
    /// Residents' (average activity) awareness of the connector with all levers low.
    public var residentAwareness = 0.25
    /// Awareness added by the communication slider, the residents slider and internal publicity.
    public var awarenessCommunication = 0.25
    public var awarenessParticipation = 0.1
    public var awarenessPublicity = 0.05
    /// Awareness added per unit of residents' trust above neutral (0.5).
    public var awarenessTrust = 0.2
    /// Usual suspects' use of the connector as a share of the awareness (they find the town hall themselves).
    public var usualSuspectUse = 0.5
    /// Share of hard-to-reach residents' requests the connector picks up with all levers low; the rest stay unvoiced.
    public var hardToReachReach = 0.25
    /// Reach added by the residents slider and the communication slider.
    public var reachParticipation = 0.3
    public var reachCommunication = 0.15
    /// Chance an official brings a request to the connector unprompted, with all levers low (Buzing 2024 master thesis: 12 of 15 say officials do not).
    public var officialInitiative = 0.06
    /// Extra chance an official comes to the connector per unit of familiarity with the connectors.
    public var familiarityPull = 0.3
    /// Extra chance an official comes to the connector per step of the communication and internal-process sliders.
    public var pullCommunication = 0.1
    public var pullProcess = 0.1
    /// Extra awareness of officials under internal publicity (intranet, campaign, training; Buzing 2024 master thesis §5.6.2).
    public var publicityEffect = 0.25
    /// Extra chance an official comes with a documented role, with consultation inclusion, with a transition manager.
    public var pullDocumentedRole = 0.05
    public var pullConsultation = 0.1
    public var pullTransitionManager = 0.05
    /// How strongly a department's trust in the connector steers its officials' routing: the chance is
    /// multiplied by 1 + weight × (trust − ``trustReference``).
    public var routingTrustWeight = 1.0
    /// Share of requests reaching a connector that are not the connector's job, unless the role is documented.
    public var misdirectedShare = 0.25
    /// Factor on misdirected requests once the role is documented.
    public var documentedMisdirectedFactor = 0.3
    /// Share of misdirected requests that structural communication prevents at communication high (targeting).
    public var communicationTargeting = 0.5
    /// Connector hours lost on each misdirected request.
    public var misdirectedEffortHours = 0.75

    // MARK: Connector work
    /// Share of a connector's hours taken by presence in the neighbourhood, meetings and overhead.
    public var overheadShare = 0.3
    /// A connector's knowledge of the organisation at the start, without ties into departments: the chance
    /// to answer a resident's single-domain question from own knowledge.
    public var connectorKnowledge = 0.3
    /// Knowledge added at the start by ties into all departments (in proportion to the share tied into).
    public var knowledgeFromTies = 0.3
    /// Share of the gap to full knowledge a connector learns from each answer fetched from a department.
    public var knowledgeLearning = 0.02
    /// Share of the "extra work" barriers (result orientation, workload) that apply to a request for
    /// information (a question) rather than for execution.
    public var informationExtraWork = 0.0
    /// How strongly a connector's role emphasis shapes the proactive work of each role (outreach, initiative
    /// support, bridge building, early mediation): factor 1 + weight × (4 × emphasis − 1).
    public var emphasisEffect = 0.2
    /// Share of questions and initiatives small enough for an own budget.
    public var smallShare = 0.3
    /// Small requests an own budget settles per connector per week, at full budget (internal positioning high, or repositioned).
    public var budgetPerWeek = 2.0
    /// Chance per step of the residents slider that residents settle an initiative or problem themselves or
    /// with partners once the connector brought them together (co-production).
    public var coProduction = 0.2
    /// Working days within which a conflict must be taken up before it escalates in the neighbourhood.
    public var mediationDeadlineDays = 10.0

    // MARK: Department response
    /// Base probability that a department cooperates with a connector's request, per role.
    public var cooperationBase = PerRole(0.95, 0.85, 0.85, 0.85)
    /// Cooperation factor for a department in another cluster than the connector's home (Buzing 2024 master thesis §4.5).
    public var otherClusterFactor = 0.8
    /// Share of the other-cluster gap closed at internal positioning high; floor after repositioning; lift with a transition manager.
    public var positioningClusterLift = 0.5
    public var repositionedClusterFactor = 0.9
    public var transitionClusterLift = 0.1
    /// Mandate factor at internal positioning low (1 at high, and after repositioning).
    public var mandateFloor = 0.85
    /// Process factor at internal process low (1 at high); the slider's lift with a transition manager.
    public var processFloor = 0.9
    public var transitionProcessLift = 0.5
    /// Relation factor: base + trust weight × (trust − reference) + familiarity weight × (familiarity − reference).
    public var relationBase = 0.8
    public var relationTrustWeight = 0.4
    public var relationFamiliarityWeight = 0.2
    /// The trust and familiarity at which relations neither help nor hinder.
    public var trustReference = 0.4
    /// How much each barrier (0...1) lowers cooperation with the connector: standardisation, internal
    /// orientation, function-specific (per extra domain), result orientation; the share of the result
    /// orientation barrier a structured process takes away.
    public var standardisationWeight = 0.25
    public var internalOrientationWeight = 0.1
    public var functionSpecificWeight = 0.35
    public var resultOrientationWeight = 0.25
    public var processBuffer = 0.5
    /// Participation × internal process: cooperation × (1 + weight × residents × (process − 0.5)).
    public var participationProcess = 0.3
    /// Most cooperation lost to a department's workload of open connector requests.
    public var workloadPenalty = 0.3
    /// Cooperation lift on an official's own request (the department asked for it).
    public var ownRequestLift = 0.3
    /// Cooperation lift per step of the politics slider: departments give requests priority when the
    /// administration visibly backs neighbourhood-oriented working.
    public var politicalPriority = 0.15
    /// Smallest and largest chance any single decision can have.
    public var minimumChance = 0.01
    public var maximumChance = 0.99
    /// Mean working days a department takes to answer, at internal orientation 0 and 1.
    public var responseDays = 2.0
    public var slowResponseDays = 8.0
    /// Connector requests per official a department can have open before its workload lowers cooperation
    /// (by up to ``workloadPenalty`` when the open requests reach this level).
    public var departmentRequestCapacity = 0.05
    /// The connector's added value on the lifeworld side of an official's request, per role: the share of
    /// what the official would miss going alone (acting on assumptions) that the connector's neighbourhood
    /// knowledge and access to residents make up.
    public var lifeworldBase = PerRole(0.8, 0.7, 0.75, 0.7)
    /// Lifeworld engagement per step of the residents slider around its middle: × (1 + weight × (residents − 0.5)).
    public var lifeworldParticipation = 0.3
    /// Factor on the connector's added value for a conflict the official calls the connector into late
    /// (unless the role is documented or the connector sits in consultation structures).
    public var lateConflictFactor = 0.75
    /// Base success of a direct request (without connector) from residents, per role.
    public var directResidentBase = PerRole(0.8, 0.35, 0.35, 0.3)
    /// How much each barrier lowers a resident's direct success (residents face them without help).
    public var directStandardisationWeight = 0.5
    public var directInternalOrientationWeight = 0.3
    public var directFunctionSpecificWeight = 0.6
    public var directResultOrientationWeight = 0.4
    /// Direct lift for initiatives per step of the residents slider; for usual suspects; per step of communication.
    public var directInitiativeParticipation = 0.2
    public var usualSuspectDirectLift = 0.1
    public var directCommunication = 0.1
    /// Base success of a direct request from officials into the neighbourhood, per role.
    public var directOfficialBase = PerRole(0.55, 0.35, 0.4, 0.3)

    // MARK: Escalation
    /// Probability an escalation changes the answer: team manager, cluster manager, alderman.
    public var escalationEffect = [0.45, 0.55, 0.7]
    /// Working days an escalation takes: team manager, cluster manager, alderman.
    public var escalationDays = [3.0, 5.0, 8.0]
    /// Loss of the escalated department's trust in the connectors per escalation ("verraad", Buzing 2024 master thesis §4.3).
    public var escalationTrustCost = 0.06
    /// Extra willingness to escalate per step of the politics slider (political backing).
    public var politicsWillingness = 0.5
    /// Factor on reluctance after repositioning.
    public var repositionedReluctance = 0.5
    /// Weight of an implicit portfolio holder relative to an explicit one; the alderman's extra effect per step of politics.
    public var implicitPortfolioWeight = 0.7
    public var politicsAldermanLift = 0.15
    /// Wear of escalation: its effect on a department is divided by 1 + wear × recent escalations against it.
    public var escalationWear = 0.1
    /// Share of the recent-escalation count against a department forgotten each week.
    public var escalationMemoryDecay = 0.05

    // MARK: Bridges
    /// Chance a solved problem leaves a direct official–resident tie (a bridge) at balanced role emphasis.
    public var bridgeChance = 0.5
    /// Share of the connector's traffic for that role, neighbourhood and department that goes direct over a full-strength bridge.
    public var bridgeStepOut = 0.5
    /// Direct success lift over a full-strength bridge.
    public var bridgeDirectLift = 0.3
    /// Share of a bridge's strength lost each week it is not used.
    public var bridgeDecay = 0.02

    // MARK: Feedback
    /// Initial trust and familiarity of a department without the connectors' ties into it.
    public var initialTrust = 0.3
    public var initialFamiliarity = 0.2
    /// Gain in trust and familiarity per successful cooperation (Buzing 2024 master thesis §5.6.2: positive experiences).
    public var trustGain = 0.03
    public var familiarityGain = 0.05
    /// Extra familiarity gain with consultation inclusion (as a share of the gain).
    public var consultationFamiliarityLift = 0.5
    /// Loss of residents' trust (per 1,000 residents of the neighbourhood) when a conflict is not mediated in time.
    public var conflictTrustLoss = 0.1
    /// Residents' trust change, as a share of ``conflictTrustLoss``: gained per connected official's request, lost per failed direct conflict.
    public var officialSuccessTrustShare = 0.25
    public var directConflictTrustShare = 0.5
    /// Share of the gap to neutral residents' trust closed each week.
    public var residentTrustDrift = 0.02

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
