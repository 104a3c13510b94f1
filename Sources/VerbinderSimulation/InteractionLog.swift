/// Replication 0's interactions as they happen: one 64-bit entry per interaction, its ``interactionKey(_:_:_:)``
/// with ``successBit`` set when it succeeded, appended in order and counted once at the end (``counted()``).
/// An append costs less than finding the edge in a table at every interaction, as an index did, and the sort the
/// outcome graph needs anyway does the grouping.
struct InteractionLog {
    /// Set in an entry that succeeded. Keys leave bits 32 and 33 clear below 2^30 nodes (a target fills bits 2–31).
    static let successBit: UInt64 = 1 << 32

    private var entries: [UInt64] = []

    mutating func append(_ key: UInt64, success: Bool) {
        precondition(key & (Self.successBit | Self.successBit << 1) == 0, "interaction nodes beyond 2^30")
        entries.append(success ? key | Self.successBit : key)
    }

    /// Marks the entry appended last as a success.
    mutating func markLastSuccess() {
        guard !entries.isEmpty else { return }
        entries[entries.count - 1] |= Self.successBit
    }

    /// One ``Interaction`` per distinct (source, target, kind) with its attempts and successes, in key order;
    /// empties the log.
    mutating func counted() -> [Interaction] {
        var log = entries
        entries = []
        radixSort(&log) { $0 & ~Self.successBit }
        var interactions: [Interaction] = []
        var position = 0
        while position < log.count {
            let key = log[position] & ~Self.successBit
            var attempts = 0, successes = 0
            while position < log.count, log[position] & ~Self.successBit == key {
                attempts += 1
                if log[position] & Self.successBit != 0 { successes += 1 }
                position += 1
            }
            interactions.append(Interaction(
                source: Int32(truncatingIfNeeded: key >> 34), target: Int32(truncatingIfNeeded: (key >> 2) & 0x3FFF_FFFF),
                kind: InteractionKind(rawValue: UInt8(key & 3))!, attempts: attempts, successes: successes))
        }
        return interactions
    }
}
