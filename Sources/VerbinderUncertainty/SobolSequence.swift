/// The Sobol' low-discrepancy sequence (Sobol' 1967; Bratley & Fox 1988, Gray-code order) with Joe & Kuo's
/// direction numbers, bit for bit the sequence of SALib's `sobol_sequence.sample`: point 0 is the origin,
/// coordinates are integers of 31 bits divided by 2³¹.
public struct SobolSequence: Sendable {
    /// Bits per coordinate.
    static let bits = 31
    /// The most dimensions the embedded direction numbers support.
    public static let maxDimensions = SobolDirections.table.count + 1

    public let dimensions: Int
    /// `directions[d][j]`: the direction integer V_j (j = 1...31) of dimension d, already shifted into place.
    private let directions: [[UInt32]]

    /// A sequence of `dimensions` coordinates (1 ... ``maxDimensions``).
    public init(dimensions: Int) {
        precondition(dimensions >= 1 && dimensions <= Self.maxDimensions,
                     "Sobol' sequence: 1 to \(Self.maxDimensions) dimensions, not \(dimensions)")
        self.dimensions = dimensions
        directions = (0 ..< dimensions).map(Self.directionIntegers)
    }

    static func directionIntegers(dimension: Int) -> [UInt32] {
        var v = [UInt32](repeating: 0, count: bits + 1)
        if dimension == 0 {
            for j in 1 ... bits { v[j] = 1 << UInt32(bits - j) }
            return v
        }
        let (a, m) = SobolDirections.table[dimension - 1]
        let s = m.count
        for j in 1 ... min(s, bits) { v[j] = m[j - 1] << UInt32(bits - j) }
        if s < bits {
            for j in (s + 1) ... bits {
                v[j] = v[j - s] ^ (v[j - s] >> UInt32(s))
                for k in 1 ..< s where (a >> UInt32(s - 1 - k)) & 1 == 1 { v[j] ^= v[j - k] }
            }
        }
        return v
    }

    /// Points `skip ..< skip + count` of the sequence, one row of `dimensions` coordinates in [0, 1) each.
    /// - Complexity: O((skip + count) · dimensions).
    public func points(_ count: Int, skip: Int = 0) -> [[Double]] {
        precondition(count >= 0 && skip >= 0 && skip + count <= 1 << Self.bits, "Sobol' sequence: too many points")
        let scale = Double(1 << UInt32(Self.bits))
        var state = [UInt32](repeating: 0, count: dimensions)
        var rows: [[Double]] = []
        rows.reserveCapacity(count)
        for index in 0 ..< skip + count {
            if index > 0 {
                // Gray-code step: flip the direction of the lowest zero bit of index − 1 (1-based).
                let bit = (~(index - 1)).trailingZeroBitCount + 1
                for d in 0 ..< dimensions { state[d] ^= directions[d][bit] }
            }
            if index >= skip { rows.append(state.map { Double($0) / scale }) }
        }
        return rows
    }
}
