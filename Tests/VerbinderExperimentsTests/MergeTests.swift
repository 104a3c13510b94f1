import Foundation
import GRDB
import Testing
import VerbinderExperiments

@Suite("Sharded sweeps and merging shard stores")
struct MergeTests {
    let sweep: Sweep

    init() throws {
        sweep = try Fixtures.sweep(try Factor.sliders(["internalProcess", "residents"]), replications: 3)
    }

    /// Runs shards `indices` of `count` into one fresh folder; returns the folder and the stores' paths.
    func shards(_ indices: [Int], of count: Int) throws -> (folder: URL, paths: [String]) {
        let folder = try Fixtures.directory()
        let paths = try indices.map { index in
            let store = try Fixtures.run(sweep, jobs: 1 + index % 2, shard: Shard(index: index, count: count), in: folder)
            try store.close()
            return store.path
        }
        return (folder, paths)
    }

    @Test func mergedShardsEqualTheSingleMachineSweepRunByRun() throws {
        let single = try Fixtures.metricLines(try Fixtures.run(sweep))
        let (folder, paths) = try shards([2, 0, 1], of: 3)
        let output = folder.appendingPathComponent("results.sqlite").path
        let outcome = try StoreMerger.merge(paths, into: output)
        #expect(outcome.path == output && outcome.inputs == 3 && outcome.runs == 27)
        let merged = try ResultStore.open(output)
        #expect(try Fixtures.metricLines(merged) == single)
        #expect(try merged.experiment().shard == .whole)
        #expect(try merged.consistencyProblems().isEmpty)
        #expect(try merged.completedRuns().count == 27)
        try merged.close()
        // Merging again replaces the store with the same contents.
        let again = try StoreMerger.merge(paths, into: folder.path)
        #expect(again.path == output)
        #expect(try Fixtures.metricLines(try ResultStore.open(output)) == single)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("merging") || $0.contains("creating") }
        #expect(leftovers.isEmpty)
    }

    @Test func aShardStoreAloneIsFoundAndNamed() throws {
        let (folder, _) = try shards([0, 1], of: 2)
        expectInputError(["only the shard stores", "results-0-of-2.sqlite", "verbinder merge"]) {
            _ = try ResultStore.open(folder.path)
        }
    }

    @Test func missingRunsAreListedWithTheShardsThatOweThem() throws {
        let (folder, paths) = try shards([0, 2], of: 3)
        let output = folder.appendingPathComponent("results.sqlite").path
        expectInputError(["incomplete: 9 of 27 runs are missing", "arm 3 replication 0", "results-1-of-3.sqlite (not given)", "resuming their stores"]) {
            _ = try StoreMerger.merge(paths, into: output)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        // A shard killed after some of its runs: the store exists but is unfinished.
        let store = try ResultStore.create(at: folder.appendingPathComponent("results-1-of-3.sqlite").path, sweep: sweep,
                                           arms: try (0 ..< sweep.armCount).map(sweep.arm), command: "test", scenarioName: "Tiny",
                                           scenarioDescription: nil, shard: Shard(index: 1, count: 3))
        let positions = try ShardPlan(sweep).positions(of: Shard(index: 1, count: 3))
        _ = try SweepRunner.run(sweep, store: store, jobs: 1, positions: positions.prefix(4))
        try store.close()
        expectInputError(["incomplete: 5 of 27 runs are missing", "results-1-of-3.sqlite (unfinished)"]) {
            _ = try StoreMerger.merge(paths + [store.path], into: output)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func duplicatedRunsAndRepeatedStoresAreRefused() throws {
        let (folder, paths) = try shards([0, 1], of: 2)
        let copy = folder.appendingPathComponent("copy-of-shard-0.sqlite").path
        try FileManager.default.copyItem(atPath: paths[0], toPath: copy)
        let output = folder.appendingPathComponent("merged.sqlite").path
        expectInputError(["runs are stored twice", "arm 0 replication 0 is in both", "copy-of-shard-0.sqlite"]) {
            _ = try StoreMerger.merge(paths + [copy], into: output)
        }
        expectInputError(["the same store is given twice"]) { _ = try StoreMerger.merge(paths + [paths[1]], into: output) }
        expectInputError(["cannot be one of the inputs"]) { _ = try StoreMerger.merge(paths, into: paths[0]) }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func mixedExperimentsAndVersionsAreRefused() throws {
        let (folder, paths) = try shards([0, 1], of: 2)
        let other = try Fixtures.sweep(try Factor.sliders(["internalProcess", "residents"]), replications: 4)
        let stranger = try Fixtures.run(other, shard: Shard(index: 1, count: 2))
        try stranger.close()
        let output = folder.appendingPathComponent("merged.sqlite").path
        expectInputError(["mixed experiments", "another sweep"]) { _ = try StoreMerger.merge([paths[0], stranger.path], into: output) }
        let queue = try DatabaseQueue(path: paths[1])
        try queue.write { try $0.execute(sql: "UPDATE run SET version = '0.0.1' WHERE id = 1") }
        try queue.close()
        expectInputError(["mixed versions", "0.0.1"]) { _ = try StoreMerger.merge(paths, into: output) }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aStoreIsCreatedWholeOrNotAtAll() throws {
        let folder = try Fixtures.directory()
        let path = folder.appendingPathComponent("results.sqlite").path
        // A leftover of a creation that was killed is ignored and cleared.
        _ = FileManager.default.createFile(atPath: path + ".creating-\(ProcessInfo.processInfo.processIdentifier)", contents: Data("junk".utf8))
        let store = try Fixtures.run(sweep, in: folder)
        #expect(try store.runCount() == 27)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("creating") }
        #expect(names.isEmpty)
    }
}
