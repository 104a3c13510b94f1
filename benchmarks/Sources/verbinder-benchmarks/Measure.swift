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

    /// Wall and CPU seconds (user + system, all threads of this process) taken by `body`, and its result.
    static func timeWithCPU<Result>(_ body: () throws -> Result) rethrows -> (seconds: Double, cpu: Double, result: Result) {
        let cpuBefore = cpuSeconds()
        let run = try time(body)
        return (run.seconds, cpuSeconds() - cpuBefore, run.result)
    }

    /// User + system CPU seconds this process has used so far (`getrusage`, all threads).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ value: timeval) -> Double { Double(value.tv_sec) + Double(value.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// CPU seconds all processes on the machine have spent busy so far (Linux `/proc/stat`, every core: user, nice,
    /// system, irq, softirq and steal time); nil elsewhere.
    static func machineBusySeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 8 else { return nil }
        // user nice system idle iowait irq softirq steal: everything but idle and iowait.
        let busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]
        return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Runs `body` and returns how many cores other processes kept busy on average meanwhile: the machine's busy
    /// CPU time less this process's and `children` CPU seconds (what `body` reports its child processes used),
    /// over the wall time; nil where `/proc/stat` is unavailable.
    static func otherWork<Result>(_ body: () throws -> (result: Result, children: Double)) rethrows -> (result: Result, cores: Double?) {
        let machineBefore = machineBusySeconds(), ownBefore = cpuSeconds()
        let run = try time(body)
        guard let machineBefore, let machineAfter = machineBusySeconds(), run.seconds > 0 else { return (run.result.result, nil) }
        let others = machineAfter - machineBefore - (cpuSeconds() - ownBefore) - run.result.children
        return (run.result.result, max(0, others) / run.seconds)
    }

    /// The 1-, 5- and 15-minute load averages (`getloadavg`).
    static func loadAverages() -> [Double] {
        var values = [Double](repeating: 0, count: 3)
        _ = getloadavg(&values, 3)
        return values
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
    /// The number of measured runs.
    var runs: Int { values.count }

    /// The figures a report keeps for this summary: median, min, max and the run count.
    var figures: [String: Double] { ["median": median, "min": min, "max": max, "runs": Double(runs)] }

    /// `median (min – max)` in seconds.
    var seconds: String { "\(format(median, 3)) s (\(format(min, 3)) – \(format(max, 3)))" }

    /// `median (min – max)` of `count / value`, e.g. events per second, in millions with two decimals.
    func millionsPer(_ count: Int) -> String {
        "\(format(Double(count) / median / 1e6, 2)) M (\(format(Double(count) / max / 1e6, 2)) – \(format(Double(count) / min / 1e6, 2)))"
    }
}

/// Repeats `body` `runs` times after `warmUp` unmeasured runs; `body` returns its own timings by label.
/// `VERBINDER_BENCH_MAX_RUNS=N` caps every run count (for trying the suite out quickly; the report then says so).
let maxRuns = ProcessInfo.processInfo.environment["VERBINDER_BENCH_MAX_RUNS"].flatMap { Int($0) }

func repeatMeasured(runs requested: Int, warmUp: Int = 1, _ body: () throws -> [String: Double]) rethrows -> [String: Summary] {
    let runs = min(requested, maxRuns ?? requested)
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
