/// SplitMix64 (Steele, Lea & Flood 2014): used to seed and split streams, never for simulation draws.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inlinable @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }
}

/// xoshiro256** (Blackman & Vigna 2018): a fast generator with one independent stream per purpose.
///
/// Streams are derived from a seed and a path of labels (``init(seed:stream:)``), so the numbers a
/// replication or a neighbourhood draws never depend on how many threads run or in which order.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// A generator seeded from `seed` through SplitMix64.
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// The generator of an independent stream: `seed` split by each label of `stream` in turn.
    public init(seed: UInt64, stream: UInt64...) {
        var key = seed
        for label in stream { key = SplitMix64.mix(key ^ SplitMix64.mix(label &+ 0x632B_E59B_D9B4_E019)) }
        self.init(seed: key)
    }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform double in [0, 1), from the top 53 bits.
    @inlinable @inline(__always)
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    @inlinable @inline(__always)
    public mutating func chance(_ p: Double) -> Bool { nextUnit() < p }

    /// A uniform integer in 0 ..< `bound` (Lemire's multiply-shift; bias below 2^-32 for bounds under 2^32).
    @inlinable @inline(__always)
    public mutating func nextIndex(below bound: Int) -> Int {
        Int(((next() >> 32) &* UInt64(bound)) >> 32)
    }
}

/// Stable 64-bit labels for random streams, derived from text (FNV-1a), so stream keys never depend on
/// hash seeds that change between processes.
public func streamLabel(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}
