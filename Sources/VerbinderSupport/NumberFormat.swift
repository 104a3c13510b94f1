import Foundation

/// How ``formatNumber(_:_:missing:)`` writes a number. All styles are locale-independent.
package enum NumberStyle: Sendable, Equatable {
    /// The shortest text that reads back exactly; whole numbers (below 10^15) without a fraction: `3`, `0.1`.
    case exact
    /// The shortest text that reads back exactly, always with a fraction or exponent: `3.0`, `0.1`.
    case exactFloat
    /// Whole numbers without a fraction, others with 6 significant digits: `3`, `0.333333`.
    case significant
    /// A fixed number of decimals: `.fixed(2)` writes `3.14`.
    case fixed(Int)
    /// Up to this many decimals, trailing zeros dropped: `.trimmed(2)` writes `3.1` for 3.1 and `3` for 3.
    case trimmed(Int)
    /// A share as a percentage with this many decimals: `.percent(1)` writes `62.5%` for 0.625.
    case percent(Int)
    /// A signed number with this many decimals: `+0.25`, `-1.00`.
    case signed(Int)
    /// A signed difference of shares in percentage points: `.points(1)` writes `+2.5 pp` for 0.025.
    case points(Int)
}

/// `value` as text in `style`. NaN (and nil) is written as `missing`; infinities as `inf` and `-inf`.
package func formatNumber(_ value: Double?, _ style: NumberStyle, missing: String = "nan") -> String {
    guard let value, !value.isNaN else { return missing }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    let whole = value == value.rounded() && abs(value) < 1e15
    switch style {
    case .exact: return whole ? String(Int64(value)) : "\(value)"
    case .exactFloat: return "\(value)"
    case .significant: return whole ? String(Int64(value)) : String(format: "%.6g", value)
    case .fixed(let decimals): return String(format: "%.\(decimals)f", value)
    case .trimmed(let decimals):
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    case .percent(let decimals): return String(format: "%.\(decimals)f%%", value * 100)
    case .signed(let decimals): return String(format: "%+.\(decimals)f", value)
    case .points(let decimals): return String(format: "%+.\(decimals)f pp", value * 100)
    }
}
