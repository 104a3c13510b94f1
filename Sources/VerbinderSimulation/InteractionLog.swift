/// Replication 0's interactions as they happen: one 64-bit entry per interaction, appended in order and counted
/// once at the end (``counted()``). An entry packs the source (bits 33–62), the target (bits 3–32), the kind
/// (bits 1–2) and whether it succeeded (bit 0), so entries order as (source, target, kind) and a plain sort of
/// the numbers groups each edge's entries. An append costs less than finding the edge in a table at every
/// interaction, and the sort the outcome graph needs anyway does the grouping.
struct InteractionLog {
    /// Nodes a log can name: 0 ..< `nodeLimit`.
    static let nodeLimit: Int32 = 1 << 30
    private static let nodeMask: UInt64 = 1 << 30 - 1
    private static let sourceShift: UInt64 = 33
    private static let targetShift: UInt64 = 3
    private static let kindShift: UInt64 = 1

    private var entries: [UInt64] = []

    mutating func append(_ source: Int32, _ target: Int32, _ kind: InteractionKind, success: Bool) {
        precondition(source < Self.nodeLimit && target < Self.nodeLimit, "interaction nodes beyond 2^30")
        entries.append(UInt64(source) << Self.sourceShift | UInt64(target) << Self.targetShift
            | UInt64(kind.rawValue) << Self.kindShift | (success ? 1 : 0))
    }

    /// Marks the entry appended last as a success.
    mutating func markLastSuccess() {
        guard !entries.isEmpty else { return }
        entries[entries.count - 1] |= 1
    }

    /// One ``Interaction`` per distinct (source, target, kind) with its attempts and successes, in that order;
    /// empties the log.
    mutating func counted() -> [Interaction] {
        var log = entries
        entries = []
        radixSort(&log)
        var edges = 0
        var previous = UInt64.max
        for entry in log where entry >> 1 != previous {
            edges += 1
            previous = entry >> 1
        }
        var interactions: [Interaction] = []
        interactions.reserveCapacity(edges)
        var position = 0
        while position < log.count {
            let entry = log[position]
            var attempts = 0, successes = 0
            while position < log.count, log[position] >> 1 == entry >> 1 {
                attempts += 1
                successes += Int(log[position] & 1)
                position += 1
            }
            interactions.append(Interaction(
                source: Int32(truncatingIfNeeded: entry >> Self.sourceShift),
                target: Int32(truncatingIfNeeded: (entry >> Self.targetShift) & Self.nodeMask),
                kind: InteractionKind(rawValue: UInt8(truncatingIfNeeded: (entry >> Self.kindShift) & 3))!,
                attempts: attempts, successes: successes))
        }
        return interactions
    }
}
