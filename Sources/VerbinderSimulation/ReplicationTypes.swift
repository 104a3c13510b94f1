import Foundation
import VerbinderCore
import VerbinderScenario

/// The index of a praatplaat cell in per-cell arrays (``PraatplaatCellKey/index``).
@inline(__always)
func cellIndex(_ role: ConnectorRole, _ direction: RequestDirection) -> Int {
    Int(role.rawValue) * directionCount + Int(direction.rawValue)
}

/// The numbers of connector roles, request directions, praatplaat cells (role × direction) and outcomes, as
/// constants: `allCases` builds an array on every use, and a global computed from it is initialised lazily,
/// with a call on every use that also keeps the optimiser from reading a replication's state in place. A test
/// checks each against its `allCases.count`.
let roleCount = 4
let directionCount = 2
let cellCount = 8
let outcomeCount = 11

/// A connection attempt in flight. The fields are laid out largest first (88 bytes, no padding holes):
/// one entry per request is kept for the whole run.
struct Request {
    /// The request's own decision stream, seeded from its arrival stream: the same request meets the same
    /// chances in every arm of an experiment (common random numbers beyond arrivals).
    var random: Xoshiro256
    var urgency: Double
    var arrival: Double
    var enqueued: Double = 0
    var origin: Int32
    var neighbourhood: Int32
    /// The department concerned: the target of residents' requests, the origin of officials' requests.
    var department: Int32
    var extraDomains: Int32
    /// The connector handling it, or -1 when it bypasses the connector.
    var connector: Int32 = -1
    /// The escalation target node, once escalated.
    var escalationTarget: Int32 = -1
    var role: ConnectorRole
    var direction: RequestDirection
    /// The origin's activity level (residents' requests), known from its place among the neighbourhood's residents.
    var activity: ActivityLevel?
    var small: Bool
    var escalated = false
    /// The escalation level (0 team manager, 1 cluster manager, 2 alderman), once escalated.
    var escalationLevel: Int8 = -1
    /// Misdirected work: not the connector's job; costs effort, is no connection attempt.
    var misdirected = false
    /// Whether it reached a terminal outcome.
    var finished = false

    init(role: ConnectorRole, direction: RequestDirection, origin: Int32, activity: ActivityLevel?, neighbourhood: Int32,
         department: Int32, extraDomains: Int32, urgency: Double, small: Bool, arrival: Double, random: Xoshiro256) {
        (self.role, self.direction, self.origin, self.activity, self.neighbourhood) = (role, direction, origin, activity, neighbourhood)
        (self.department, self.extraDomains, self.urgency, self.small) = (department, extraDomains, urgency, small)
        (self.arrival, self.random) = (arrival, random)
    }
}

/// A queued request at a connector, ordered by the triage policy's rank, then by time queued, then by
/// queueing order.
struct QueueEntry: HeapElement {
    var rank: Double
    var time: Double
    var sequence: UInt64
    var request: Int32

    var key: Double { rank }

    static func < (a: QueueEntry, b: QueueEntry) -> Bool {
        (a.rank, a.time, a.sequence) < (b.rank, b.time, b.sequence)
    }
    static func == (a: QueueEntry, b: QueueEntry) -> Bool { a.sequence == b.sequence }
}

/// A queued request found past a deadline at a week end (``Replication/applyDeadlines(_:at:)``).
struct ExpiredEntry {
    var request: Int32
    var enqueued: Double
    var outcome: Outcome
}

/// The raw counts of one replication, aggregated by ``Simulator``.
struct ReplicationResult: Sendable {
    /// Attempts (terminal outcomes through a connector) and successes per praatplaat cell (``cellIndex``).
    var cellAttempts = [Int](repeating: 0, count: cellCount)
    var cellSuccesses = [Int](repeating: 0, count: cellCount)
    /// Requests that arose per cell, whatever their route, and their outcomes: `cell * outcomes + outcome`.
    var cellArrivals = [Int](repeating: 0, count: cellCount)
    var cellOutcomes = [Int](repeating: 0, count: cellCount * outcomeCount)
    /// Requests still open at a connector at the end, per cell.
    var cellOpen = [Int](repeating: 0, count: cellCount)
    var outcomes = [Int](repeating: 0, count: outcomeCount)
    var misdirected = 0
    var settledByBudget = 0
    /// Initiatives and problems residents settled themselves or with partners once brought together.
    var coProduced = 0
    /// Residents' questions the connector answered from own knowledge.
    var answeredFromKnowledge = 0
    /// Requests that arose, and those that went through a connector, per direction.
    var requests = [0, 0]
    var viaConnector = [0, 0]
    /// Latency in working days of every finished request, per role.
    var latencies: [[Double]] = Array(repeating: [], count: roleCount)
    /// Per connector: busy hours, hours available, overload weeks, summed queue samples, max queue,
    /// escalations, requests open at the end.
    var busyHours: [Double] = []
    var availableHours: [Double] = []
    var overloadWeeks: [Int] = []
    var queueSum: [Int] = []
    var queueMax: [Int] = []
    var escalations: [Int] = []
    var openAtConnector: [Int] = []
    var trustBefore = 0.0, trustAfter = 0.0
    var familiarityBefore = 0.0, familiarityAfter = 0.0
    var escalatedTrustBefore: Double?, escalatedTrustAfter: Double?
    var residentTrustBefore = 0.0, residentTrustAfter = 0.0
    var knowledgeBefore = 0.0, knowledgeAfter = 0.0
    var bridgesBuilt = 0
    /// Summed strength of all bridges at the end (each 0...1, fading without use).
    var bridgeStrength = 0.0
    var events = 0
    /// Events per ``Event/Kind`` (by raw value).
    var eventsByKind = [Int](repeating: 0, count: Event.Kind.allCases.count)
    var weekly: [WeekRow] = []
    /// Aggregated interaction edges (replication 0 only), sorted by key.
    var interactions: [Interaction] = []
}

/// One week of the time series.
struct WeekRow: Sendable {
    var arrivals = 0, viaConnector = 0, connected = 0, dropped = 0, direct = 0, directResolved = 0, escalations = 0
    var queueLength = 0
    var busyHours = 0.0
    var meanTrust = 0.0
}

/// An aggregated interaction between two nodes during a run.
struct Interaction: Sendable {
    var source: Int32
    var target: Int32
    var kind: InteractionKind
    var attempts: Int
    var successes: Int
}

/// A set of integers 0 ..< count as a bitmap, one bit each.
struct BitSet {
    private var words: [UInt64]

    init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }

    @inline(__always)
    func contains(_ element: Int) -> Bool { words[element >> 6] & (1 << UInt64(element & 63)) != 0 }

    @inline(__always)
    mutating func insert(_ element: Int) { words[element >> 6] |= 1 << UInt64(element & 63) }

    /// The members, ascending: O(count / 64 + members).
    var members: [Int] {
        var members: [Int] = []
        members.reserveCapacity(words.reduce(0) { $0 + $1.nonzeroBitCount })
        for (index, word) in words.enumerated() {
            var rest = word
            while rest != 0 {
                members.append(index << 6 | rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
        return members
    }
}

/// `base` to the whole power `exponent` (≥ 0): exactly `pow(base, Double(exponent))`, without the call for the
/// exponents most requests have, 0 and 1 (`pow(x, 0)` is 1 and `pow(x, 1)` is `x`, exactly).
@inline(__always)
func power(_ base: Double, _ exponent: Int32) -> Double {
    switch exponent {
    case 0: 1
    case 1: base
    default: pow(base, Double(exponent))
    }
}

/// Sorts `values` ascending in place: a least-significant-digit radix sort on 11-bit digits with one scratch
/// buffer, skipping the digits that are the same in every value, so O(n) per digit that varies (replication 0's
/// interaction log: a few times faster than a comparison sort).
func radixSort(_ values: inout [UInt64]) {
    guard values.count > 1 else { return }
    let first = values[0]
    let varying = values.reduce(0) { $0 | ($1 ^ first) }
    let digitBits: UInt64 = 11, digitMask: UInt64 = (1 << digitBits) - 1
    var scratch = [UInt64](unsafeUninitializedCapacity: values.count) { _, initialized in initialized = values.count }
    var starts = [Int](repeating: 0, count: 1 << digitBits)
    for shift in stride(from: UInt64(0), to: 64, by: Int(digitBits)) where (varying >> shift) & digitMask != 0 {
        values.withUnsafeBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { target in
                starts.withUnsafeMutableBufferPointer { starts in
                    for index in starts.indices { starts[index] = 0 }
                    for value in source { starts[Int((value >> shift) & digitMask)] += 1 }
                    var total = 0
                    for index in starts.indices { (starts[index], total) = (total, total + starts[index]) }
                    for value in source {
                        let digit = Int((value >> shift) & digitMask)
                        target[starts[digit]] = value
                        starts[digit] += 1
                    }
                }
            }
        }
        swap(&values, &scratch)
    }
}

/// The mean of `values`, 0 when empty.
func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
