/// The position of each interaction edge in a replication's list, by its ``interactionKey(_:_:_:)``: an
/// open-addressing hash table with linear probing and a multiplicative (Fibonacci) hash, cheaper per lookup
/// than a `Dictionary` with its seeded SipHash. Replication 0 looks up an edge for every request. Nothing
/// depends on the table's order: the edges are kept in the order first seen and sorted at the end.
struct InteractionIndex {
    /// Slot contents: a key, or ``empty``.
    private var keys: [UInt64]
    private var positions: [Int32]
    private(set) var count = 0
    /// 64 minus the log2 of the slot count: the hash's top bits pick the slot.
    private var shift: UInt64

    /// No interaction key has all bits set: its target is never negative, so bit 33 is always clear.
    private static let empty = UInt64.max

    init() {
        keys = Array(repeating: Self.empty, count: 1024)
        positions = Array(repeating: -1, count: 1024)
        shift = 54
    }

    /// The position stored for `key`; if it has none, stores `next` for it and returns nil.
    mutating func position(of key: UInt64, insertingIfAbsent next: Int) -> Int? {
        var slot = slot(of: key)
        while true {
            let stored = keys[slot]
            if stored == key { return Int(positions[slot]) }
            if stored == Self.empty { break }
            slot = (slot + 1) & (keys.count - 1)
        }
        keys[slot] = key
        positions[slot] = Int32(next)
        count += 1
        if 2 * count > keys.count { grow() }
        return nil
    }

    @inline(__always)
    private func slot(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Doubles the table (kept at most half full) and reinserts every key.
    private mutating func grow() {
        let (oldKeys, oldPositions) = (keys, positions)
        keys = Array(repeating: Self.empty, count: oldKeys.count * 2)
        positions = Array(repeating: -1, count: oldKeys.count * 2)
        shift -= 1
        for (key, position) in zip(oldKeys, oldPositions) where key != Self.empty {
            var slot = slot(of: key)
            while keys[slot] != Self.empty { slot = (slot + 1) & (keys.count - 1) }
            keys[slot] = key
            positions[slot] = position
        }
    }
}
