import Foundation
import VerbinderCore

/// How much memory a scenario's network and simulation need, and the most a run may use.
///
/// The estimate is linear in the generated actors and their ties, calibrated on the 1M-resident benchmark
/// municipality (`scenarios/large/residents-1m.yaml`: 175 MB peak for `inspect` and for a one-thread
/// `simulate`, 1.0M residents and officials with the default tie densities), with a margin. A scenario whose
/// estimate exceeds the limit is refused before anything is built, instead of aborting midway.
public enum MemoryBudget {
    /// Bytes per generated actor (resident or official) beyond its ties: node attributes, names, state.
    public static let bytesPerActor = 96
    /// Bytes per generated tie: the builder's edge list and both directions of the compressed graph.
    public static let bytesPerTie = 56
    /// Ties per resident beyond the generated resident–resident ties: initiative memberships and partners'
    /// ties to residents (about 0.06 per resident at the default densities; the rest is margin).
    public static let extraTiesPerResident = 0.2
    /// Ties per official beyond the colleague ties: department membership and the line to a team manager.
    public static let extraTiesPerOfficial = 2.0
    /// Memory a run needs whatever the scenario: the runtime, the executable and the fixed-size actors.
    public static let baseBytes = 64.0 * 1_048_576
    /// The share of the available memory a run may use when no limit is given, leaving room for the system.
    public static let defaultShareOfAvailableMemory = 0.8

    /// The estimated peak memory, in bytes, of building and simulating `scenario`.
    public static func estimatedBytes(_ scenario: Scenario) -> Double {
        let residents = Double(scenario.residentCount), officials = Double(scenario.officialCount)
        let ties = residents * (scenario.generation.residentTies / 2 + extraTiesPerResident)
            + officials * (scenario.generation.colleagueTies / 2 + extraTiesPerOfficial)
        return (residents + officials) * Double(bytesPerActor) + ties * Double(bytesPerTie) + baseBytes
    }

    /// The most memory a run may use: `VERBINDER_MAX_MEMORY` (set by `--max-memory`) when given, else
    /// ``defaultShareOfAvailableMemory`` of the memory available to this process (physical memory, or the control group's limit when lower).
    public static var limit: Double {
        if let text = ProcessInfo.processInfo.environment["VERBINDER_MAX_MEMORY"], let bytes = parseSize(text) { return bytes }
        var available = Double(ProcessInfo.processInfo.physicalMemory)
        for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
               let bytes = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes > 0 {
                available = min(available, bytes)
            }
        }
        return available * defaultShareOfAvailableMemory
    }

    /// The estimate and the limit, in words, when `scenario` will not fit; nil when it fits.
    public static func excess(_ scenario: Scenario) -> String? {
        let estimate = estimatedBytes(scenario), limit = limit
        guard estimate > limit else { return nil }
        return "the scenario needs about \(describe(estimate)) of memory (\(scenario.residentCount) residents, "
            + "\(scenario.officialCount) officials), more than the \(describe(limit)) allowed"
    }

    /// What to do about a scenario that will not fit.
    public static let advice = "give a machine with more memory and --max-memory (or VERBINDER_MAX_MEMORY), or fewer residents"

    /// Refuses a scenario that will not fit, with the estimate and the limit in the message.
    /// - Throws: ``InputError`` at `location`.
    public static func check(_ scenario: Scenario, at location: SourceLocation) throws {
        if let excess = excess(scenario) { throw InputError("\(excess): \(advice)", at: location) }
    }

    /// Parses a size such as `512MB`, `8GB`, `2TB` or a number of bytes.
    public static func parseSize(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Double)] = [("TB", 0x1p40), ("GB", 0x1p30), ("MB", 0x1p20), ("KB", 0x1p10), ("T", 0x1p40),
                                         ("G", 0x1p30), ("M", 0x1p20), ("K", 0x1p10), ("B", 1)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            guard let number = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number.isFinite, number > 0
            else { return nil }
            return number * factor
        }
        guard let number = Double(trimmed), number.isFinite, number > 0 else { return nil }
        return number
    }

    /// A size in GB or MB with one decimal.
    public static func describe(_ bytes: Double) -> String {
        bytes >= 0x1p30 ? String(format: "%.1f GB", bytes / 0x1p30) : String(format: "%.0f MB", bytes / 0x1p20)
    }
}
