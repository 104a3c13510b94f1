import Foundation

/// Paths inside the repository the tests were built from.
public enum Repository {
    /// The repository root: two folders above `Tests/VerbinderTestSupport/`.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The absolute path of `relative` (a path from the root).
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Every scenario under `scenarios/`, recursively, relative to the root, sorted. The observation files
    /// of `scenarios/observations/` (targets for calibration, not scenarios) are left out.
    public static let shippedScenarios: [String] = {
        let folder = root.appendingPathComponent("scenarios")
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix("observations/") }
            .map { "scenarios/" + $0 }
            .sorted()
    }()
}
