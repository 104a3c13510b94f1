/// The four connecting roles (Buzing 2024, §2.3, §4.2; DOMAIN.md §3), each answering one kind of request.
public enum ConnectorRole: UInt8, NamedCase, Codable {
    /// Informing: a question about the municipality, or about the neighbourhood.
    case fixer
    /// Exploring: a resident initiative needing support, or a policy plan needing residents.
    case entrepreneur
    /// Signalling: a neighbourhood problem needing an owner.
    case bridgeBuilder
    /// Mediating: a conflict between residents and the municipality.
    case mediator

    public var name: String {
        switch self {
        case .fixer: "fixer"
        case .entrepreneur: "entrepreneur"
        case .bridgeBuilder: "bridgeBuilder"
        case .mediator: "mediator"
        }
    }
}

/// Which side a connection attempt starts from: the two directions of the praatplaat (Buzing 2024, figure 11).
public enum RequestDirection: UInt8, NamedCase, Codable {
    /// Residents toward the municipality.
    case fromResidents
    /// Officials toward the neighbourhood.
    case fromOfficials

    public var name: String {
        switch self {
        case .fromResidents: "fromResidents"
        case .fromOfficials: "fromOfficials"
        }
    }
}
