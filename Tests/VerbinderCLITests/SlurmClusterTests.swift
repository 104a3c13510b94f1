import Foundation
import VerbinderTestSupport
import Testing

/// `verbinder slurm` on a real one-node Slurm cluster started on this machine (Tests/slurm/sweep-on-slurm.sh):
/// a 4-task array plus merge equals the single-machine sweep, and a task killed mid-run and resubmitted
/// alone leaves no missing or duplicated runs; a sensitivity study's array plus merge equals the study in one
/// process, and so does an ABC-SMC calibration run in rounds. Runs when Slurm's daemons are installed and we are root.
@Suite("Sweeps on a local Slurm cluster")
struct SlurmClusterTests {
    static let available = getuid() == 0 && ["slurmctld", "slurmd", "munged", "sbatch"].allSatisfy { program in
        ["/usr/sbin", "/usr/bin", "/sbin", "/bin"].contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    @Test(.enabled(if: available, "needs slurm-wlm and munge (make test installs them) and root"), .timeLimit(.minutes(10)))
    func shardedSweepOnSlurmEqualsTheSingleMachineSweep() throws {
        let script = Repository.root.appendingPathComponent("Tests/slurm/sweep-on-slurm.sh").path
        let result = try ProcessRunner.run(script, [try VerbinderBinary.path()])
        let text = result.stdout + result.stderr
        #expect(result.status == 0, "\(text)")
        #expect(text.contains("merged store equals the single-machine sweep"))
        #expect(text.contains("after resubmitting task 2 the merged store equals the single-machine sweep"))
        #expect(text.contains("merged study equals the single-machine study"))
        #expect(text.contains("rounds the posterior equals the single-machine calibration's"))
    }
}
