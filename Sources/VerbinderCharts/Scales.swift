import Foundation
import VerbinderSupport

/// Maps a continuous domain linearly onto a pixel range (the range may run backwards, as y axes do).
public struct LinearScale: Sendable, Equatable {
    public var domain: (lower: Double, upper: Double)
    public var range: (start: Double, end: Double)

    /// A scale from `domain` onto `range`; an empty domain is widened by one unit either side.
    public init(domain: (Double, Double), range: (Double, Double)) {
        var lower = domain.0.isFinite ? domain.0 : 0
        var upper = domain.1.isFinite ? domain.1 : 1
        if lower > upper { swap(&lower, &upper) }
        if lower == upper { lower -= 1; upper += 1 }
        self.domain = (lower, upper)
        self.range = range
    }

    /// The smallest scale over `values` (finite ones), optionally including zero, with nice rounded ends.
    public static func fitting(_ values: [Double], range: (Double, Double), includeZero: Bool = false) -> LinearScale {
        let finite = values.filter(\.isFinite)
        var lower = finite.min() ?? 0
        var upper = finite.max() ?? 1
        if includeZero { lower = min(lower, 0); upper = max(upper, 0) }
        return LinearScale(domain: (lower, upper), range: range).nice()
    }

    /// The pixel position of `value`.
    public func callAsFunction(_ value: Double) -> Double {
        let t = (value - domain.lower) / (domain.upper - domain.lower)
        return range.start + t * (range.end - range.start)
    }

    /// About `count` round tick values inside the domain (steps of 1, 2 or 5 × 10^k).
    public func ticks(_ count: Int = 5) -> [Double] {
        let step = Self.tickStep(domain.lower, domain.upper, count)
        let first = (domain.lower / step).rounded(.up)
        let last = (domain.upper / step).rounded(.down)
        guard first <= last else { return [] }
        return stride(from: first, through: last, by: 1).map { ($0 * step * 1e9).rounded() / 1e9 }
    }

    /// Decimals that tell the ``ticks(_:)`` apart (at least 2, as ``chartLabel`` shows by default; more for
    /// steps under 0.01). `percent`: for labels shown as percentages.
    public func tickDecimals(_ count: Int = 5, percent: Bool = false) -> Int {
        let step = Self.tickStep(domain.lower, domain.upper, count) * (percent ? 100 : 1)
        guard step.isFinite, step > 0 else { return 2 }
        return max(2, Int((-log10(step) - 1e-9).rounded(.up)))
    }

    /// The scale with its domain widened to whole tick steps.
    public func nice(_ count: Int = 5) -> LinearScale {
        let step = Self.tickStep(domain.lower, domain.upper, count)
        return LinearScale(domain: ((domain.lower / step).rounded(.down) * step, (domain.upper / step).rounded(.up) * step),
                           range: (range.start, range.end))
    }

    static func tickStep(_ lower: Double, _ upper: Double, _ count: Int) -> Double {
        let raw = (upper - lower) / Double(max(1, count))
        let power = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / power
        // Round to 1, 2, 5 or 10 × 10^k, switching at the geometric midpoints (as d3-scale does).
        let nice: Double = fraction >= 7.07 ? 10 : fraction >= 3.16 ? 5 : fraction >= 1.41 ? 2 : 1
        return nice * power
    }

    public static func == (a: LinearScale, b: LinearScale) -> Bool {
        a.domain == b.domain && a.range == b.range
    }
}

/// Evenly spaced bands for categories (bars, heatmap rows and columns).
public struct BandScale: Sendable, Equatable {
    public var count: Int
    public var range: (start: Double, end: Double)
    /// Fraction of each step left empty between bands (0 … 1).
    public var padding: Double

    public init(count: Int, range: (Double, Double), padding: Double = 0.2) {
        self.count = max(1, count)
        self.range = range
        self.padding = min(max(padding, 0), 0.95)
    }

    /// The distance from one band's start to the next.
    public var step: Double { (range.end - range.start) / Double(count) }
    /// The width of one band.
    public var bandwidth: Double { step * (1 - padding) }

    /// The start of band `index`.
    public func callAsFunction(_ index: Int) -> Double { range.start + step * Double(index) + step * padding / 2 }
    /// The centre of band `index`.
    public func center(_ index: Int) -> Double { self(index) + bandwidth / 2 }

    public static func == (a: BandScale, b: BandScale) -> Bool {
        a.count == b.count && a.range == b.range && a.padding == b.padding
    }
}

/// Colour ramps: a sequential one for magnitudes and a diverging one for differences around zero.
public enum ColorScale: Sendable, Equatable {
    /// Light yellow → green → dark blue (viridis-like, readable in grey and by most colour-blind readers).
    case sequential(lower: Double, upper: Double)
    /// Red (negative) → white (zero) → blue (positive), symmetric around 0 with `limit`.
    case diverging(limit: Double)

    static let sequentialStops: [(Double, Double, Double)] = [
        (253, 231, 37), (94, 201, 98), (33, 145, 140), (59, 82, 139), (68, 1, 84),
    ]
    static let divergingStops: [(Double, Double, Double)] = [
        (178, 24, 43), (239, 138, 98), (247, 247, 247), (103, 169, 207), (33, 102, 172),
    ]

    /// The colour of `value` as `#rrggbb`; missing values are light grey.
    public func color(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "#e6e6e6" }
        switch self {
        case .sequential(let lower, let upper):
            let t = upper > lower ? (value - lower) / (upper - lower) : 0.5
            return Self.interpolate(Self.sequentialStops, t)
        case .diverging(let limit):
            let t = limit > 0 ? 0.5 + value / (2 * limit) : 0.5
            return Self.interpolate(Self.divergingStops, t)
        }
    }

    /// Whether text on `value`'s colour reads better in white.
    public func needsLightText(_ value: Double?) -> Bool {
        guard let value, value.isFinite else { return false }
        switch self {
        case .sequential(let lower, let upper): return upper > lower && (value - lower) / (upper - lower) > 0.55
        case .diverging(let limit): return limit > 0 && abs(value) / limit > 0.7
        }
    }

    static func interpolate(_ stops: [(Double, Double, Double)], _ t: Double) -> String {
        let clamped = min(max(t, 0), 1) * Double(stops.count - 1)
        let index = min(Int(clamped), stops.count - 2)
        let f = clamped - Double(index)
        let a = stops[index], b = stops[index + 1]
        func channel(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * f).rounded()) }
        return String(format: "#%02x%02x%02x", channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }
}

/// A tick or value label: up to `decimals` decimals, trailing zeros dropped; percentages when asked.
public func chartLabel(_ value: Double, percent: Bool = false, decimals: Int = 2) -> String {
    guard value.isFinite else { return "–" }
    let text = formatNumber(percent ? value * 100 : value, .trimmed(decimals))
    return percent ? text + "%" : text
}
