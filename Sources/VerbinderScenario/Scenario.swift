import VerbinderCore

/// One municipality and the policies under test, as read from a scenario file.
///
/// Residents and officials are described by counts, never listed; ``NetworkGenerator`` turns a
/// scenario into a ``Graph`` deterministically from ``RunSettings/seed``.
public struct Scenario: Sendable, Codable, Equatable {
    public var name: String
    public var description: String?
    /// The connector's local title (wijkverbinder, wijkregisseur, gebiedsregisseur, ...).
    public var connectorTitle: String
    public var run: RunSettings
    public var neighbourhoods: [Neighbourhood]
    public var departments: [Department]
    public var themes: [String]
    public var managers: [Manager]
    public var aldermen: [Alderman]
    public var connectors: [Connector]
    public var actors: [Actor]
    public var ties: [Tie]
    public var consultationStructures: [ConsultationStructure]
    public var generation: Generation
    public var network: NetworkFiles?
    public var policies: Policies
    /// Parameters of the simulation model (defaults documented in `docs/model.md`).
    public var model: ModelParameters

    /// All residents over all neighbourhoods.
    public var residentCount: Int { neighbourhoods.reduce(0) { $0 + $1.residents } }
    /// All officials over all departments.
    public var officialCount: Int { departments.reduce(0) { $0 + $1.officials.total } }
}

/// Duration, seed and replications of a run.
public struct RunSettings: Sendable, Codable, Equatable {
    public var weeks: Int
    public var seed: UInt64
    public var replications: Int
}

/// A neighbourhood (wijk) with its residents and the partners present.
public struct Neighbourhood: Sendable, Codable, Equatable {
    public var name: String
    public var residents: Int
    /// Share of residents who do not find the way to the municipality themselves (Platform31 publication).
    public var hardToReachShare: Double
    /// Share of residents who do: the "usual suspects" (Platform31 publication).
    public var usualSuspectShare: Double
    /// Number of resident initiatives, groups and platforms.
    public var initiatives: Int
    /// Partner organisations present, by type (e.g. police, welfare, housing); each becomes a node named "type (neighbourhood)".
    public var partners: [String]
}

/// A department with its policy domain, officials and barrier levels.
public struct Department: Sendable, Codable, Equatable {
    public var name: String
    public var domain: PolicyDomain
    /// The cluster (directorate) the department belongs to; cooperation is better within a cluster (Buzing 2024, §4.5).
    public var cluster: String
    public var officials: OfficialCounts
    public var barriers: Barriers
}

/// Officials of a department by function (Buzing 2024, Table 11).
public struct OfficialCounts: Sendable, Codable, Equatable {
    public var policy: Int
    public var execution: Int
    public var supervision: Int
    public var political: Int

    public var total: Int { policy + execution + supervision + political }

    /// The count for one function.
    public subscript(function: OfficialFunction) -> Int {
        switch function {
        case .policy: policy
        case .execution: execution
        case .supervision: supervision
        case .political: political
        }
    }
}

/// The four barriers to cooperation of Nederhand et al. (2019) (Buzing 2024, Table 12), each 0 (absent) to 1 (strong).
public struct Barriers: Sendable, Codable, Equatable {
    /// Reasoning from rules: "no".
    public var standardisation: Double
    /// Slow answers, bureaucratic language.
    public var internalOrientation: Double
    /// Fragmented budgets and responsibilities: applies per extra domain an integral request needs.
    public var functionSpecific: Double
    /// Not in a programme: "extra work".
    public var resultOrientation: Double

    public init(standardisation: Double, internalOrientation: Double, functionSpecific: Double, resultOrientation: Double) {
        self.standardisation = standardisation
        self.internalOrientation = internalOrientation
        self.functionSpecific = functionSpecific
        self.resultOrientation = resultOrientation
    }
}

/// Management level of a manager.
public enum ManagerLevel: UInt8, NamedCase, Codable {
    case team
    case cluster

    public var name: String { self == .team ? "team" : "cluster" }
}

/// A team manager (of a department) or cluster manager (of a cluster).
public struct Manager: Sendable, Codable, Equatable {
    public var name: String
    public var level: ManagerLevel
    /// The department, for a team manager.
    public var department: String?
    /// The cluster, for a cluster manager.
    public var cluster: String?
}

/// An alderman and the departments or themes in the portfolio.
public struct Alderman: Sendable, Codable, Equatable {
    public var name: String
    public var portfolio: [String]
    /// Whether this alderman explicitly holds the connectors' work (Buzing 2024, Table 1: explicit portfolio holder).
    public var connectorPortfolio: Bool
}

/// A neighbourhood connector.
public struct Connector: Sendable, Codable, Equatable {
    public var name: String
    public var homeDepartment: String
    public var neighbourhoods: [String]
    public var hoursPerWeek: Double
    public var roleEmphasis: RoleEmphasis
}

/// The share of effort a connector gives each role (Buzing 2024, Tables 3 and 4); normalised to sum to 1.
public struct RoleEmphasis: Sendable, Codable, Equatable {
    public var fixer: Double
    public var entrepreneur: Double
    public var bridgeBuilder: Double
    public var mediator: Double

    /// Weights that sum to 1.
    public init(fixer: Double, entrepreneur: Double, bridgeBuilder: Double, mediator: Double) {
        self.fixer = fixer
        self.entrepreneur = entrepreneur
        self.bridgeBuilder = bridgeBuilder
        self.mediator = mediator
    }

    /// The weight of one role.
    public subscript(role: ConnectorRole) -> Double {
        switch role {
        case .fixer: fixer
        case .entrepreneur: entrepreneur
        case .bridgeBuilder: bridgeBuilder
        case .mediator: mediator
        }
    }

    /// Equal emphasis on all four roles.
    public static let balanced = RoleEmphasis(fixer: 0.25, entrepreneur: 0.25, bridgeBuilder: 0.25, mediator: 0.25)
}

/// An actor listed by name (a partner, resident group, transition manager, ...).
public struct Actor: Sendable, Codable, Equatable {
    public var name: String
    public var kind: NodeKind
    public var arena: Arena
    public var neighbourhood: String?
    public var department: String?
    public var function: OfficialFunction?
    public var activity: ActivityLevel?
}

/// A relation between two named actors.
public struct Tie: Sendable, Codable, Equatable {
    public var from: String
    public var to: String
    public var kind: EdgeKind
    public var weight: Double
    public var trust: Double
    public var familiarity: Double
}

/// The kind of a consultation structure (Den Helder policy note: platforms and coordination teams).
public enum ConsultationKind: UInt8, NamedCase, Codable {
    case neighbourhoodPlatform
    case coordinationTeam
    case projectTeam
    case other

    public var name: String {
        switch self {
        case .neighbourhoodPlatform: "neighbourhoodPlatform"
        case .coordinationTeam: "coordinationTeam"
        case .projectTeam: "projectTeam"
        case .other: "other"
        }
    }
}

/// A consultation structure: a group of actors who meet (members know each other).
public struct ConsultationStructure: Sendable, Codable, Equatable {
    public var name: String
    public var kind: ConsultationKind
    public var neighbourhood: String?
    public var members: [String]
}

/// How generated actors are tied to each other.
public struct Generation: Sendable, Codable, Equatable {
    /// Mean number of ties a resident has with other residents of the neighbourhood.
    public var residentTies: Double
    /// Share of residents who belong to a resident initiative (usual suspects more often).
    public var initiativeMembership: Double
    /// Mean number of ties an official has with colleagues in the department.
    public var colleagueTies: Double
    /// Number of officials per department a connector already knows (home department: double);
    /// also the number of officials each partner organisation knows.
    public var connectorContacts: Int
    /// Number of residents each partner organisation knows in its neighbourhood.
    public var partnerResidentTies: Int
}

/// CSV files with a real network to use in addition to (or instead of) generated actors.
public struct NetworkFiles: Sendable, Codable, Equatable {
    /// Nodes: header `id,kind[,arena,neighbourhood,department,function,activity]`.
    public var nodes: String?
    /// Edges: header `source,target[,kind,weight,trust,familiarity]`.
    public var edges: String
}
