/// An uncertain input of a sensitivity analysis or calibration: a name and a uniform range.
public struct UncertainFactor: Sendable, Equatable, Codable {
    public var name: String
    public var lower: Double
    public var upper: Double

    public init(name: String, lower: Double, upper: Double) {
        self.name = name
        self.lower = lower
        self.upper = upper
    }

    /// The value at position `unit` (0...1) of the range, as SALib scales its samples.
    @inlinable public func value(atUnit unit: Double) -> Double { unit * (upper - lower) + lower }

    /// The position of `value` in the range (0...1); 0 for an empty range.
    @inlinable public func unit(of value: Double) -> Double { upper > lower ? (value - lower) / (upper - lower) : 0 }
}

extension Array where Element == UncertainFactor {
    /// Scales rows of unit-cube coordinates to the factors' ranges.
    public func scale(_ unitRows: [[Double]]) -> [[Double]] {
        unitRows.map { row in row.indices.map { self[$0].value(atUnit: row[$0]) } }
    }
}

/// The two-sided 95% standard normal quantile (SALib's `norm.ppf(0.975)`), for bootstrap half-widths.
let normal975 = 1.959963984540054

/// Mean of `values`, 0 for none.
@inlinable func mean(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
}

/// Variance of `values` with `ddof` degrees of freedom removed (NumPy's `var`/`std` convention).
@inlinable func variance(_ values: [Double], ddof: Int = 0) -> Double {
    guard values.count > ddof else { return .nan }
    let m = mean(values)
    return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - ddof)
}
