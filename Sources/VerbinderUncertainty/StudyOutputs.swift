import Foundation
import VerbinderCore
import VerbinderSimulation

/// A number a sensitivity study reads from each simulated replication.
public struct StudyOutput: Sendable {
    /// Stable name used in the store and file names, e.g. `connectedShare` or `rate[fixer.fromResidents]`.
    public var name: String
    public var title: String
    /// The value of one replication of `weeks` weeks; nil when undefined (a cell without attempts).
    public var value: @Sendable (ReplicationSummary, Int) -> Double?

    public init(name: String, title: String, value: @escaping @Sendable (ReplicationSummary, Int) -> Double?) {
        self.name = name
        self.title = title
        self.value = value
    }

    /// The outputs every study reports: per praatplaat cell its success rate and connections per year, each
    /// role's share of the attempts, then
    /// connected share, connections per year, residents' requests connected per year, dropped, unvoiced,
    /// officials' share of the attempts, utilisation and departments' trust.
    public static let all: [StudyOutput] = praatplaatCells + roleShares + runWide

    /// Per role its share of the connection attempts through the connector (both directions): the role
    /// emphasis the thesis reports per municipality (Buzing 2024 master thesis, Tables 3 and 4).
    static let roleShares: [StudyOutput] = ConnectorRole.allCases.map { (role: ConnectorRole) -> StudyOutput in
        StudyOutput(name: "attemptShare[\(role.name)]", title: "\(role.name): share of the connection attempts through the connector") { run, _ in
            let attempts: Int = run.attempts.values.reduce(0, +)
            let cells = PraatplaatCellKey.allCases.filter { $0.role == role }
            let ofRole: Int = cells.reduce(0) { $0 + (run.attempts[$1] ?? 0) }
            return attempts > 0 ? Double(ofRole) / Double(attempts) : nil
        }
    }

    /// Per praatplaat cell its success rate (undefined in a run without attempts) and its successes per year
    /// (always defined).
    static let praatplaatCells: [StudyOutput] = PraatplaatCellKey.allCases.flatMap { (cell: PraatplaatCellKey) -> [StudyOutput] in
        let rate = StudyOutput(name: "rate[\(cell.name)]", title: "praatplaat \(cell.name): success rate") { run, _ in
            run.rate(cell)
        }
        let count = StudyOutput(name: "successesPerYear[\(cell.name)]", title: "praatplaat \(cell.name): connections per year") { run, weeks in
            StudyOutput.perYear(run.successes[cell] ?? 0, weeks)
        }
        return [rate, count]
    }

    static let runWide: [StudyOutput] = [
        StudyOutput(name: "connectedShare", title: "share of all requests that ended connected (via the connector or direct)") { run, _ in
            run.connectedShare
        },
        StudyOutput(name: "connectedPerYear", title: "requests connected per year (via the connector or direct)") { run, weeks in
            perYear(run.connected, weeks)
        },
        StudyOutput(name: "residentsConnectedPerYear", title: "residents' requests the connector connected per year") { run, weeks in
            let cells = PraatplaatCellKey.allCases.filter { $0.direction == .fromResidents }
            let successes: Int = cells.reduce(0) { $0 + (run.successes[$1] ?? 0) }
            return perYear(successes, weeks)
        },
        StudyOutput(name: "droppedShare", title: "share of requests through the connector dropped for lack of capacity") { run, _ in
            run.droppedShare
        },
        StudyOutput(name: "droppedPerYear", title: "requests dropped for lack of connector capacity per year") { run, weeks in
            perYear(run.outcomes[.droppedCapacity], weeks)
        },
        StudyOutput(name: "unvoicedPerYear", title: "hard-to-reach residents' requests that never reached anyone, per year") { run, weeks in
            perYear(run.outcomes[.unvoiced], weeks)
        },
        StudyOutput(name: "officialsShareOfAttempts", title: "officials' share of the connection attempts through the connector") { run, _ in
            let attempts: Int = run.attempts.values.reduce(0, +)
            let cells = PraatplaatCellKey.allCases.filter { $0.direction == .fromOfficials }
            let fromOfficials: Int = cells.reduce(0) { $0 + (run.attempts[$1] ?? 0) }
            return attempts > 0 ? Double(fromOfficials) / Double(attempts) : nil
        },
        StudyOutput(name: "utilisation", title: "connector utilisation (mean over connectors)") { run, _ in run.utilisation },
        StudyOutput(name: "trustAfter", title: "departments' trust in the connectors at the end") { run, _ in run.trustAfter },
    ]

    static func perYear(_ count: Int, _ weeks: Int) -> Double { Double(count) * 52 / Double(weeks) }

    /// A file-name form of ``name``: `rate[fixer.fromResidents]` becomes `rate-fixer.fromResidents`.
    public var fileStem: String {
        name.replacingOccurrences(of: "[", with: "-").replacingOccurrences(of: "]", with: "")
    }
}
