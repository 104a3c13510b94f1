import Foundation
import VerbinderExperiments

/// A hook for end-to-end tests that must kill a sweep, a study or a calibration while it runs, whatever the machine's speed.
///
/// With `VERBINDER_TEST_HOLD="after=N,shard=I,file=PATH"` in the environment (`shard=I` optional, `file=`
/// last), a sweep or study — only shard I when given — that has finished (and stored) N runs (an ABC-SMC
/// calibration in one process: N generations, the prior sample counting as one; a rejection calibration or a
/// calibration's shard: N proposals of the batch it evaluates)
/// (0: before its first run, once its store exists) creates PATH and then stops making progress for up to ten minutes, so the test waits for
/// PATH and kills it. Slurm passes the variable on to array tasks with the rest of the environment. Without
/// the variable this does nothing.
struct TestHold: Sendable {
    let after: Int
    let marker: String

    static func fromEnvironment(shard: Shard) -> TestHold? {
        guard let spec = ProcessInfo.processInfo.environment["VERBINDER_TEST_HOLD"],
              let fileRange = spec.range(of: "file=") else { return nil }
        var after = 0
        for pair in spec[..<fileRange.lowerBound].split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Int(parts[1]) else { continue }
            if parts[0] == "after" { after = value }
            if parts[0] == "shard", value != shard.index || shard.isWhole { return nil }
        }
        return TestHold(after: after, marker: String(spec[fileRange.upperBound...]))
    }

    /// Holds the calling worker (for up to ten minutes) once `finished` runs are done.
    func holdIfDue(finished: Int) {
        guard finished >= after else { return }
        FileManager.default.createFile(atPath: marker, contents: Data("\(ProcessInfo.processInfo.processIdentifier)\n".utf8))
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline { Thread.sleep(forTimeInterval: 0.5) }
    }
}
