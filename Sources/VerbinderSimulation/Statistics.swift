import Foundation

/// Summary statistics used to aggregate replications.
public enum Statistics {
    /// The arithmetic mean; nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The sample standard deviation (n − 1); nil for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count > 1, let mean = mean(values) else { return nil }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// The 95% confidence interval of the mean (Student's t); nil for fewer than two values.
    public static func confidenceInterval95(_ values: [Double]) -> [Double]? {
        guard let mean = mean(values), let sd = standardDeviation(values) else { return nil }
        let half = tQuantile975(degreesOfFreedom: values.count - 1) * sd / Double(values.count).squareRoot()
        return [mean - half, mean + half]
    }

    /// The 95% confidence interval of a mean of proportions, clipped to [0, 1]; nil for fewer than two values.
    public static func proportionInterval95(_ values: [Double]) -> [Double]? {
        confidenceInterval95(values).map { [max(0, $0[0]), min(1, $0[1])] }
    }

    /// The 0.975 quantile of Student's t distribution (two-sided 95%).
    public static func tQuantile975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                               2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        if df >= 1 && df <= table.count { return table[df - 1] }
        if df <= 0 { return .infinity }
        // Beyond 30 degrees of freedom: Cornish–Fisher expansion around the normal quantile.
        let z = 1.959964, n = Double(df)
        return z + (z * z * z + z) / (4 * n) + (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n)
    }

    /// The `q`-quantile with linear interpolation between order statistics (NumPy's default); nil for no values.
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    /// The same `q`-quantile as ``quantile(_:_:)`` of the sorted values, found by selection in O(n) instead of
    /// sorting: `values` is reordered (partially), not sorted. Nil for no values.
    static func quantile(selecting values: inout [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let position = q * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        return values.withUnsafeMutableBufferPointer { buffer in
            select(lower, in: buffer)
            let low = buffer[lower]
            // After the selection everything past `lower` is at least as large: the next order statistic is their minimum.
            let high = lower + 1 < buffer.count ? buffer[(lower + 1)...].min()! : low
            return low + (high - low) * (position - Double(lower))
        }
    }

    /// Reorders `buffer` so that `buffer[k]` holds the value a sort would put there, nothing larger before it
    /// and nothing smaller after it (quickselect with a median-of-three pivot; falls back to sorting the
    /// remaining range if the partitions keep coming out lopsided).
    private static func select(_ k: Int, in buffer: UnsafeMutableBufferPointer<Double>) {
        var low = 0, high = buffer.count - 1
        var rounds = 0
        while low < high {
            rounds += 1
            if rounds > 64 {
                var rest = UnsafeMutableBufferPointer(rebasing: buffer[low ... high])
                rest.sort()
                return
            }
            let middle = low + (high - low) / 2
            if buffer[middle] < buffer[low] { buffer.swapAt(middle, low) }
            if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
            if buffer[high] < buffer[middle] { buffer.swapAt(high, middle) }
            let pivot = buffer[middle]
            var i = low, j = high
            while i <= j {
                while buffer[i] < pivot { i += 1 }
                while pivot < buffer[j] { j -= 1 }
                if i <= j {
                    buffer.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now buffer[low...j] <= pivot <= buffer[i...high], and buffer[j+1..<i] == pivot.
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return
            }
        }
    }
}
