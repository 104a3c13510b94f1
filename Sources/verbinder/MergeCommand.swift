import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderSupport
import VerbinderUncertainty

/// `verbinder merge`: one result from the shard stores of a sharded sweep, sensitivity study or calibration.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard stores of a sharded sweep, sensitivity study or calibration into one result.",
        discussion: """
            The shards must hold the same experiment (definition, arm scenarios, Verbinder version) and together \
            every run exactly once; otherwise nothing is written and the missing or duplicated runs are named, \
            with the shards that owe them. The merged store equals the single-machine sweep's run by run; \
            merging again replaces it with the same contents.

            Shard stores of a sensitivity study (evaluations-I-of-N.sqlite, from verbinder sensitivity --shard) \
            are recognised: --out is then the study's directory, which gets results.sqlite and the CSV files \
            with indices identical to the study run in one process.

            Shard stores of a calibration (draws-I-of-N.sqlite, from verbinder calibrate --shard) are recognised \
            too: --out is the calibration's directory. The merge absorbs the batch the shards evaluated; once the \
            calibration has ended (a rejection calibration after its one batch, an ABC-SMC one after as many \
            rounds of shards and merges as its batches) it writes results.sqlite and posterior.csv, identical to \
            the calibration run in one process. ABC-SMC's state between merges is OUT/generations.sqlite.

            Examples (the shards are those of the `verbinder sweep` examples):
              verbinder merge out/shards/results-*-of-2.sqlite --out out/shards/results.sqlite
              verbinder report out/shards
            """)

    @Argument(help: "The shard stores (results-I-of-N.sqlite, a study's evaluations-I-of-N.sqlite or a calibration's draws-I-of-N.sqlite).")
    var stores: [String]

    @Option(help: "The merged store to write (a file, or a directory that gets results.sqlite).")
    var out: String

    func validate() throws {
        if stores.isEmpty { throw ValidationError("give the shard stores to merge (results-I-of-N.sqlite).") }
    }

    func run() throws {
        try checkOutputLocation(out)
        if stores.allSatisfy(StudyEvaluationStore.isStudyStore) {
            let opened = try stores.map { try StudyEvaluationStore.open($0) }
            let directory = try OutputDirectory.prepare(out)
            do {
                try writeStudyResults(opened, to: out)
            } catch {
                directory.removeCreated()
                throw error
            }
            print("Merged \(opened.count) study stores: \(out)")
            return
        }
        if stores.allSatisfy(CalibrationDrawStore.isDrawStore) {
            try mergeCalibration(try stores.map { try CalibrationDrawStore.open($0) })
            return
        }
        let outcome = try StoreMerger.merge(stores, into: out)
        print("Merged \(outcome.runs) runs from \(outcome.inputs) stores: \(outcome.path)")
    }

    /// Absorbs the batch a calibration's shards evaluated: a rejection calibration's prior draws (then its results),
    /// or the next batch of an ABC-SMC one, whose state OUT/generations.sqlite keeps between merges (its results once
    /// it has ended).
    func mergeCalibration(_ opened: [CalibrationDrawStore]) throws {
        let definition = opened[0].definition
        let directory = try OutputDirectory.prepare(out)
        var coordinator: CalibrationCheckpointStore?
        var lock: FileLock?
        defer {
            try? coordinator?.close()
            lock?.release()
        }
        var state = ABCSMC.State()
        do {
            if definition.settings.generations > 0 {
                let (path, held) = try directory.lockStore(named: CalibrationCheckpointStore.fileName)
                lock = held
                if FileManager.default.fileExists(atPath: path) {
                    let store = try CalibrationCheckpointStore.open(path)
                    coordinator = store
                    guard store.hash == definition.hash else {
                        throw InputError("the calibration stored here was defined differently than the shards' (its command was: "
                                         + "\(store.command))", at: SourceLocation(file: path))
                    }
                    state = try store.load()
                } else {
                    coordinator = try CalibrationCheckpointStore.create(at: path, hash: definition.hash, command: commandLine())
                }
            }
            let (next, result) = try Calibration.merge(opened, state: state)
            try coordinator?.save(next)
            guard let result else {
                let generation = next.generations.count
                print(generation > state.generations.count
                      ? "Generation \(generation - 1) is complete"
                        + (generation == 1 ? " (the prior sample)." : " (tolerance \(formatNumber(next.generations[generation - 1].tolerance, .fixed(3)))).")
                      : "Generation \(generation): \(next.accepted.count) of \(definition.settings.particles) particles accepted from "
                        + "\(next.proposals) proposals so far.")
                print("Next: run every shard again with --resume (the same commands), then merge again; the merge writes the results "
                      + "once the calibration has ended.")
                return
            }
            try Calibration.write(result, provenance: opened[0].provenance, method: definition.settings.generations == 0 ? "rejection" : "abc-smc",
                                  to: out)
            print(describeCalibration(result))
            print("Merged \(opened.count) calibration draw stores: \(out)/results.sqlite, \(out)/posterior.csv")
        } catch {
            if coordinator == nil { directory.removeCreated() }
            throw error
        }
    }
}
