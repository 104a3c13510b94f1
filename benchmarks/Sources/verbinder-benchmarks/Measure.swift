import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock timing and memory readings.
enum Measure {
    /// Seconds taken by `body`, and its result.
    static func time<Result>(_ body: () throws -> Result) rethrows -> (seconds: Double, result: Result) {
        let clock = ContinuousClock()
        var result: Result?
        let duration = try clock.measure { result = try body() }
        let parts = duration.components
        return (Double(parts.seconds) + Double(parts.attoseconds) * 1e-18, result!)
    }

    /// The process's peak resident set size so far, in bytes (`getrusage`, `ru_maxrss`; kilobytes on Linux).
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) * 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)
        #endif
    }

    /// The current resident set size, in bytes (Linux `/proc/self/statm`; 0 elsewhere).
    static func currentResidentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// Median, minimum and maximum of repeated measurements.
struct Summary {
    let values: [Double]

    var median: Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
    var min: Double { values.min() ?? 0 }
    var max: Double { values.max() ?? 0 }

    /// `median (min – max)` in seconds.
    var seconds: String { "\(format(median, 3)) s (\(format(min, 3)) – \(format(max, 3)))" }
}

/// Repeats `body` `runs` times after `warmUp` unmeasured runs; `body` returns its own timings by label.
func repeatMeasured(runs: Int, warmUp: Int = 1, _ body: () throws -> [String: Double]) rethrows -> [String: Summary] {
    for _ in 0 ..< warmUp { _ = try body() }
    var collected: [String: [Double]] = [:]
    for _ in 0 ..< runs {
        for (label, seconds) in try body() { collected[label, default: []].append(seconds) }
    }
    return collected.mapValues(Summary.init)
}

func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

/// Bytes as MiB with one decimal.
func mebibytes(_ bytes: Int) -> String { format(Double(bytes) / 1_048_576, 1) + " MiB" }

/// A number with thousands separators, e.g. 10,000,000.
func grouped(_ number: Int) -> String {
    let digits = String(number.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(digit)
    }
    return number < 0 ? "-" + result : result
}
