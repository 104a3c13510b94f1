/// Saltelli's sampling scheme for Sobol' indices (Saltelli 2002; Saltelli et al. 2010): N base rows of two
/// matrices A and B drawn from one 2D-dimensional Sobol' sequence, and for each base row the blocks
/// A, AB₁ … AB_D (A with column j from B), optionally BA₁ … BA_D (B with column j from A, for second-order
/// indices), and B. The row order and the points skipped are those of SALib's `saltelli.sample`, so the same
/// N and D give the same matrix.
public struct SaltelliDesign: Sendable, Equatable {
    /// Base samples N.
    public let baseSamples: Int
    /// Factors D.
    public let dimensions: Int
    public let secondOrder: Bool
    /// Sequence points skipped before the first base row: the power of two ≥ N, at least 16 (SALib's default).
    public let skipped: Int
    /// Rows in unit-cube coordinates, (D + 2)·N or (2D + 2)·N of them, block by block.
    public let unitRows: [[Double]]

    /// Rows per base sample: D + 2, or 2D + 2 with second order.
    public var blockSize: Int { secondOrder ? 2 * dimensions + 2 : dimensions + 2 }

    /// The design for `baseSamples` N ≥ 2 and 1 ... ``SobolSequence/maxDimensions``/2 factors.
    public init(baseSamples: Int, dimensions: Int, secondOrder: Bool = false) {
        precondition(baseSamples >= 2 && dimensions >= 1 && 2 * dimensions <= SobolSequence.maxDimensions)
        self.baseSamples = baseSamples
        self.dimensions = dimensions
        self.secondOrder = secondOrder
        var power = 1
        while power < baseSamples { power <<= 1 }
        skipped = max(power, 16)
        let base = SobolSequence(dimensions: 2 * dimensions).points(baseSamples, skip: skipped)
        var rows: [[Double]] = []
        rows.reserveCapacity(baseSamples * (secondOrder ? 2 * dimensions + 2 : dimensions + 2))
        for point in base {
            let a = Array(point[0 ..< dimensions]), b = Array(point[dimensions ..< 2 * dimensions])
            rows.append(a)
            for j in 0 ..< dimensions { var row = a; row[j] = b[j]; rows.append(row) }
            if secondOrder {
                for j in 0 ..< dimensions { var row = b; row[j] = a[j]; rows.append(row) }
            }
            rows.append(b)
        }
        unitRows = rows
    }

    /// The largest number of factors a design can have.
    public static var maxDimensions: Int { SobolSequence.maxDimensions / 2 }
}
