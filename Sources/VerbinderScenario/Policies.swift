import VerbinderCore

/// A slider position on the Platform31 mixing panel (Platform31 publication, §2.1).
public enum SliderLevel: UInt8, NamedCase, Codable, Comparable {
    case low
    case mid
    case high

    public var name: String {
        switch self {
        case .low: "low"
        case .mid: "mid"
        case .high: "high"
        }
    }

    /// 0, 0.5 or 1: the position as a fraction of the slider's travel.
    public var fraction: Double { Double(rawValue) / 2 }

    public static func < (a: SliderLevel, b: SliderLevel) -> Bool { a.rawValue < b.rawValue }
}

/// The five sliders of neighbourhood-oriented working (Platform31 publication, §2.1; DOMAIN.md §5).
public struct Sliders: Sendable, Codable, Equatable, Hashable {
    /// Own department or domain team, own budget, mandate.
    public var internalPositioning: SliderLevel
    /// Structured processes, area cycle, integral neighbourhood teams.
    public var internalProcess: SliderLevel
    /// Participation, support for initiatives, neighbourhood budgets, protocols for resident signals.
    public var residents: SliderLevel
    /// Aldermen involved, neighbourhood aldermen, direct line to an explicit portfolio holder.
    public var politics: SliderLevel
    /// Structural area-oriented communication, internal and external.
    public var communication: SliderLevel

    public init(internalPositioning: SliderLevel, internalProcess: SliderLevel, residents: SliderLevel,
                politics: SliderLevel, communication: SliderLevel) {
        self.internalPositioning = internalPositioning
        self.internalProcess = internalProcess
        self.residents = residents
        self.politics = politics
        self.communication = communication
    }

    /// The slider names, in panel order.
    public static let names = ["internalPositioning", "internalProcess", "residents", "politics", "communication"]

    /// The positions in panel order.
    public var levels: [SliderLevel] { [internalPositioning, internalProcess, residents, politics, communication] }
}

/// The five municipal profiles of the Platform31 publication (chapters 3–7) as slider presets (DOMAIN.md §5).
public enum Profile: UInt8, NamedCase, Codable {
    case developing
    case participative
    case organisationOriented
    case rapprochement
    case tilted

    public var name: String {
        switch self {
        case .developing: "developing"
        case .participative: "participative"
        case .organisationOriented: "organisationOriented"
        case .rapprochement: "rapprochement"
        case .tilted: "tilted"
        }
    }

    /// The slider positions of the profile: DOMAIN.md §5's reading of the Platform31 publication's prose.
    public var sliders: Sliders {
        switch self {
        case .developing: Sliders(internalPositioning: .low, internalProcess: .low, residents: .mid, politics: .mid, communication: .low)
        case .participative: Sliders(internalPositioning: .mid, internalProcess: .low, residents: .high, politics: .low, communication: .high)
        case .organisationOriented: Sliders(internalPositioning: .high, internalProcess: .high, residents: .low, politics: .high, communication: .low)
        case .rapprochement: Sliders(internalPositioning: .mid, internalProcess: .low, residents: .high, politics: .high, communication: .mid)
        case .tilted: Sliders(internalPositioning: .high, internalProcess: .high, residents: .high, politics: .high, communication: .high)
        }
    }
}

/// The levers a scenario sets: positioning, capacity, escalation and interventions.
public struct Policies: Sendable, Codable, Equatable {
    /// The profile the sliders started from, if one was named.
    public var profile: Profile?
    /// The effective slider positions (profile, overridden by explicit sliders).
    public var sliders: Sliders
    public var capacity: CapacityPolicy
    public var escalation: EscalationPolicy
    public var interventions: [Intervention]
}

/// How a connector orders queued work (Buzing 2024, §2.3.1, role overload).
public enum TriagePolicy: UInt8, NamedCase, Codable {
    case firstCome
    case byRole
    case byUrgency

    public var name: String {
        switch self {
        case .firstCome: "firstCome"
        case .byRole: "byRole"
        case .byUrgency: "byUrgency"
        }
    }
}

/// What connectors do when work exceeds their hours.
public struct CapacityPolicy: Sendable, Codable, Equatable {
    public var triage: TriagePolicy
    /// Weeks a request may wait in the queue before it is dropped.
    public var maxDeferralWeeks: Double
}

/// Where a connector escalates a refusal (Buzing 2024, §4.5, §5.6.4).
public enum EscalationRoute: UInt8, NamedCase, Codable {
    case none
    case teamManager
    case clusterManager
    case alderman

    public var name: String {
        switch self {
        case .none: "none"
        case .teamManager: "teamManager"
        case .clusterManager: "clusterManager"
        case .alderman: "alderman"
        }
    }
}

/// Which alderman an escalation goes to (Buzing 2024, §5.6.4).
public enum AldermanChoice: UInt8, NamedCase, Codable {
    /// The alderman holding the connectors' portfolio.
    case own
    /// The alderman responsible for the refusing department.
    case responsible

    public var name: String { self == .own ? "own" : "responsible" }
}

/// When a connector considers escalating.
public enum EscalationTrigger: UInt8, NamedCase, Codable {
    case afterRefusal
    case afterWait

    public var name: String { self == .afterRefusal ? "afterRefusal" : "afterWait" }
}

/// The escalation route and the connector's stance toward it.
public struct EscalationPolicy: Sendable, Codable, Equatable {
    public var route: EscalationRoute
    public var alderman: AldermanChoice
    public var trigger: EscalationTrigger
    /// Working days to wait for an answer before escalating (trigger `afterWait`).
    public var waitDays: Double
    /// Probability that a connector forgoes an escalation it could make ("verraad", Buzing 2024, §4.3).
    public var reluctance: Double
}

/// An intervention from the thesis' recommendations (Buzing 2024, §5.6).
public enum InterventionKind: UInt8, NamedCase, Codable {
    case transitionManager
    case internalPublicity
    case documentedRole
    case repositioning
    case consultationInclusion

    public var name: String {
        switch self {
        case .transitionManager: "transitionManager"
        case .internalPublicity: "internalPublicity"
        case .documentedRole: "documentedRole"
        case .repositioning: "repositioning"
        case .consultationInclusion: "consultationInclusion"
        }
    }
}

/// An intervention that takes effect from a given week, so one run shows before and after.
public struct Intervention: Sendable, Codable, Equatable {
    public var kind: InterventionKind
    /// The first week (0-based) in which it applies.
    public var startWeek: Int

    public init(kind: InterventionKind, startWeek: Int) {
        self.kind = kind
        self.startWeek = startWeek
    }
}
