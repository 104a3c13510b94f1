/// The three partly overlapping arenas in which stakeholders act (DOMAIN.md §2, Platform31 publication, "Samenwerken in arena's").
public enum Arena: UInt8, NamedCase, Codable {
    /// Municipal organisation (system world): departments, officials, managers, aldermen.
    case municipal
    /// Professional network of neighbourhood partners: police, welfare, housing, care, schools.
    case professional
    /// Lifeworld of the neighbourhood: residents, initiatives, platforms, associations.
    case lifeworld

    /// The name used in files and output.
    public var name: String {
        switch self {
        case .municipal: "municipal"
        case .professional: "professional"
        case .lifeworld: "lifeworld"
        }
    }
}

/// The kinds of actor (and the places and themes they attach to) in a stakeholder network (DOMAIN.md §2).
public enum NodeKind: UInt8, NamedCase, Codable {
    case resident
    /// A resident initiative, group, platform or association.
    case residentGroup
    /// A partner organisation in the professional network (police, welfare, housing, ...).
    case partner
    case official
    case department
    /// A team or cluster manager.
    case manager
    case alderman
    /// The neighbourhood connector (wijkverbinder, wijkregisseur, gebiedsregisseur, ...).
    case connector
    case transitionManager
    /// A neighbourhood (wijk); connectors are assigned to it.
    case neighbourhood
    /// A policy theme an alderman can hold as portfolio (e.g. participation).
    case theme

    /// The name used in files and output.
    public var name: String {
        switch self {
        case .resident: "resident"
        case .residentGroup: "residentGroup"
        case .partner: "partner"
        case .official: "official"
        case .department: "department"
        case .manager: "manager"
        case .alderman: "alderman"
        case .connector: "connector"
        case .transitionManager: "transitionManager"
        case .neighbourhood: "neighbourhood"
        case .theme: "theme"
        }
    }

    /// The arena an actor of this kind belongs to unless stated otherwise.
    /// Connectors work on the edge of the municipal arena (DOMAIN.md §2) and are placed in it.
    public var defaultArena: Arena {
        switch self {
        case .resident, .residentGroup, .neighbourhood: .lifeworld
        case .partner: .professional
        case .official, .department, .manager, .alderman, .connector, .transitionManager, .theme: .municipal
        }
    }

}

/// What an official mainly does (Buzing 2024, Table 11).
public enum OfficialFunction: UInt8, NamedCase, Codable {
    case policy
    case execution
    case supervision
    case political

    /// The name used in files and output.
    public var name: String {
        switch self {
        case .policy: "policy"
        case .execution: "execution"
        case .supervision: "supervision"
        case .political: "political"
        }
    }
}

/// The policy domain a department works in; integral requests span several (DOMAIN.md §4, function-specific barrier).
public enum PolicyDomain: UInt8, NamedCase, Codable {
    case physical
    case social
    case safety
    case economy
    case participation
    case communication
    case services

    /// The name used in files and output.
    public var name: String {
        switch self {
        case .physical: "physical"
        case .social: "social"
        case .safety: "safety"
        case .economy: "economy"
        case .participation: "participation"
        case .communication: "communication"
        case .services: "services"
        }
    }
}

/// How readily a resident finds the way to the municipality (Platform31 publication: usual suspects versus hard-to-reach groups).
public enum ActivityLevel: UInt8, NamedCase, Codable {
    case usualSuspect
    case average
    case hardToReach

    /// The name used in files and output.
    public var name: String {
        switch self {
        case .usualSuspect: "usualSuspect"
        case .average: "average"
        case .hardToReach: "hardToReach"
        }
    }

    /// The order of a neighbourhood's residents in a generated network: the levels in declaration order (usual
    /// suspects, average, hard to reach), then residents of no level. The simulation finds a resident's level from
    /// its place.
    @inline(__always)
    public static func layoutOrder(_ level: ActivityLevel?) -> Int { level.map { Int($0.rawValue) } ?? allCases.count }
}

/// The kinds of relation between nodes.
public enum EdgeKind: UInt8, NamedCase, Codable {
    /// Official → department (or connector → home department).
    case membership
    /// Actor → manager or alderman.
    case reportsTo
    /// Connector → neighbourhood.
    case assignedTo
    /// Alderman → department or theme.
    case portfolio
    /// A working or social relation between any two actors, with weight, trust and familiarity.
    case tie

    /// The name used in files and output.
    public var name: String {
        switch self {
        case .membership: "membership"
        case .reportsTo: "reportsTo"
        case .assignedTo: "assignedTo"
        case .portfolio: "portfolio"
        case .tie: "tie"
        }
    }

}

/// An enumeration whose cases have stable names in files and output.
public protocol NamedCase: CaseIterable, Sendable, Hashable {
    /// The name used in files and output.
    var name: String { get }
}

extension NamedCase {
    /// Looks a case up by its name in files.
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    /// All names, in declaration order, for messages such as "expected one of ...".
    public static var allNames: [String] { allCases.map(\.name) }
}
