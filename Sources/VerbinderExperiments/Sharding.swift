import Foundation

/// One part of a sweep or study split over processes or machines: shard `index` (0-based) of `count`.
///
/// Which runs a shard holds is decided by the sweep's ``ShardPlan``, the same on every machine.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Reads `I/N` as written on the command line (`--shard 2/4`); nil unless 0 ≤ I < N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0 ..< count).contains(index) else {
            return nil
        }
        self.init(index: index, count: count)
    }

    /// The whole sweep as one shard.
    public static let whole = Shard(index: 0, count: 1)

    public var isWhole: Bool { count == 1 }

    /// The store's file name inside a sweep's output directory: `results.sqlite` for the whole sweep,
    /// `results-I-of-N.sqlite` for a shard.
    public var storeFileName: String { storeFileName(stem: "results") }

    /// The file name of this shard's store of kind `stem`: `STEM.sqlite` for the whole, `STEM-I-of-N.sqlite` for a
    /// shard (a sweep's `results`, a sensitivity study's `evaluations`, a rejection calibration's `draws`).
    public func storeFileName(stem: String) -> String { isWhole ? "\(stem).sqlite" : "\(stem)-\(index)-of-\(count).sqlite" }

    /// `shard I of N`, as messages and progress lines name it.
    public var description: String { "shard \(index) of \(count)" }
}

/// How a sweep's runs are divided over shards: each shard takes a contiguous stretch of the run order whose
/// expected cost (``VerbinderScenario/Scenario/expectedRequestsPerRun`` of the arm) is as near 1/N of the total as
/// whole runs allow. Every run is in exactly one shard, and the plan depends only on the sweep definition, so
/// every machine computes the same one. Contiguous stretches keep an arm's replications together, so a shard
/// prepares few arms.
public struct ShardPlan: Sendable {
    /// The expected cost of one run of each arm.
    public let armCosts: [Double]
    public let replications: Int
    /// Cost of all runs of the arms before each arm (one more entry than arms: the last is the total).
    private let costBefore: [Double]

    /// A plan from the cost of one run of each arm.
    public init(armCosts: [Double], replications: Int) {
        // A run costs at least a little, so shards of costless arms still split evenly by run count.
        let costs = armCosts.map { max($0, 1) }
        self.armCosts = costs
        self.replications = replications
        var before = [0.0]
        before.reserveCapacity(costs.count + 1)
        for cost in costs { before.append(before[before.count - 1] + cost * Double(replications)) }
        costBefore = before
    }

    /// The plan of a sweep from all its arms, in index order.
    public init(arms: [Arm], replications: Int) {
        self.init(armCosts: arms.map(\.scenario.expectedRequestsPerRun), replications: replications)
    }

    /// The plan of `sweep`, which resolves every arm to estimate its cost.
    /// - Throws: ``InputError`` when an arm does not resolve.
    public init(_ sweep: Sweep) throws {
        self.init(arms: try (0 ..< sweep.armCount).map(sweep.arm), replications: sweep.replications)
    }

    public var runCount: Int { armCosts.count * replications }
    public var totalCost: Double { costBefore[costBefore.count - 1] }

    /// The shard (of `count`) that holds the run at `position`: the one its cost midpoint falls in.
    public func shard(ofRun position: Int, count: Int) -> Int {
        let arm = position / replications
        let midpoint = costBefore[arm] + (Double(position % replications) + 0.5) * armCosts[arm]
        return min(count - 1, Int(midpoint / totalCost * Double(count)))
    }

    /// The run positions of `shard`, a contiguous stretch of the run order.
    public func positions(of shard: Shard) -> Range<Int> {
        guard !shard.isWhole else { return 0 ..< runCount }
        return firstPosition(inShardAtLeast: shard.index, count: shard.count) ..< firstPosition(inShardAtLeast: shard.index + 1, count: shard.count)
    }

    /// The expected cost of the runs of `shard`.
    public func cost(of shard: Shard) -> Double {
        positions(of: shard).reduce(0) { $0 + armCosts[$1 / replications] }
    }

    /// The first run position whose shard is at least `index` (``shard(ofRun:count:)`` never decreases along the run order).
    private func firstPosition(inShardAtLeast index: Int, count: Int) -> Int {
        var low = 0, high = runCount
        while low < high {
            let middle = (low + high) / 2
            if shard(ofRun: middle, count: count) >= index { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
