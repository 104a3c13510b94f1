import ArgumentParser
import Foundation
import VerbinderExperiments
import VerbinderUncertainty

/// `verbinder merge`: one result from the shard stores of a sharded sweep, sensitivity study or rejection calibration.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard stores of a sharded sweep, sensitivity study or rejection calibration into one result.",
        discussion: """
            The shards must hold the same experiment (definition, arm scenarios, Verbinder version) and together \
            every run exactly once; otherwise nothing is written and the missing or duplicated runs are named, \
            with the shards that owe them. The merged store equals the single-machine sweep's run by run; \
            merging again replaces it with the same contents.

            Shard stores of a sensitivity study (evaluations-I-of-N.sqlite, from verbinder sensitivity --shard) \
            are recognised: --out is then the study's directory, which gets results.sqlite and the CSV files \
            with indices identical to the study run in one process.

            Shard stores of a rejection calibration (draws-I-of-N.sqlite, from verbinder calibrate --method \
            rejection --shard) are recognised too: --out is the calibration's directory, which gets results.sqlite \
            and posterior.csv identical to the calibration run in one process.

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
            let opened = try stores.map { try CalibrationDrawStore.open($0) }
            let result = try Calibration.rejectionResult(opened)
            let directory = try OutputDirectory.prepare(out)
            do {
                try Calibration.write(result, provenance: opened[0].provenance, method: "rejection", to: out)
            } catch {
                directory.removeCreated()
                throw error
            }
            print(describeCalibration(result))
            print("Merged \(opened.count) calibration draw stores: \(out)/results.sqlite, \(out)/posterior.csv")
            return
        }
        let outcome = try StoreMerger.merge(stores, into: out)
        print("Merged \(outcome.runs) runs from \(outcome.inputs) stores: \(outcome.path)")
    }
}
