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

    /// The outputs every study reports: the eight praatplaat cells, connected share, connections per year,
    /// dropped, utilisation and departments' trust. (Unvoiced requests are not yet part of the per-replication
    /// summary the simulator returns, so they are not offered.)
    public static let all: [StudyOutput] = praatplaatCells + [
        StudyOutput(name: "connectedShare", title: "share of all requests that ended connected (via the connector or direct)") { run, _ in
            let requests = run.requests.values.reduce(0, +)
            return requests > 0 ? Double(run.resolved + run.resolvedAfterEscalation + run.directResolved) / Double(requests) : nil
        },
        StudyOutput(name: "connectedPerYear", title: "requests connected per year (via the connector or direct)") { run, weeks in
            Double(run.resolved + run.resolvedAfterEscalation + run.directResolved) * 52 / Double(weeks)
        },
        StudyOutput(name: "residentsConnectedPerYear", title: "residents' requests the connector connected per year") { run, weeks in
            Double(ConnectorRole.allCases.reduce(0) { $0 + (run.successes[$1]?[.fromResidents] ?? 0) }) * 52 / Double(weeks)
        },
        StudyOutput(name: "droppedShare", title: "share of requests through the connector dropped for lack of capacity") { run, _ in
            let via = run.viaConnector.values.reduce(0, +)
            return via > 0 ? Double(run.droppedCapacity) / Double(via) : nil
        },
        StudyOutput(name: "droppedPerYear", title: "requests dropped for lack of connector capacity per year") { run, weeks in
            Double(run.droppedCapacity) * 52 / Double(weeks)
        },
        StudyOutput(name: "utilisation", title: "connector utilisation (mean over connectors)") { run, _ in run.utilisation },
        StudyOutput(name: "trustAfter", title: "departments' trust in the connectors at the end") { run, _ in run.trustAfter },
    ]

    /// Per praatplaat cell its success rate (undefined in a run without attempts) and its successes per year
    /// (always defined).
    static let praatplaatCells: [StudyOutput] = ConnectorRole.allCases.flatMap { role in
        RequestDirection.allCases.flatMap { direction in
            let cell = "\(role.name).\(direction.name)"
            return [
                StudyOutput(name: "rate[\(cell)]", title: "praatplaat: \(role.name) success rate, requests \(direction.name)") { run, _ in
                    run.rate(role, direction)
                },
                StudyOutput(name: "successesPerYear[\(cell)]", title: "praatplaat: \(role.name) connections per year, requests \(direction.name)") { run, weeks in
                    Double(run.successes[role]?[direction] ?? 0) * 52 / Double(weeks)
                },
            ]
        }
    }

    /// A file-name form of ``name``: `rate[fixer.fromResidents]` becomes `rate-fixer.fromResidents`.
    public var fileStem: String {
        name.replacingOccurrences(of: "[", with: "-").replacingOccurrences(of: "]", with: "")
    }
}
