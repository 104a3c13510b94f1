import Foundation
import Testing
import VerbinderTestSupport

/// `verbinder calibrate` end to end: a short ABC-SMC run on a shipped case, --jobs independence, bad input.
@Suite("calibrate command")
struct CalibrateCommandTests {
    static let arguments = ["calibrate", "scenarios/maassluis.yaml", "--observed", "scenarios/observations/maassluis.yaml",
                            "--particles", "12", "--generations", "2", "--weeks", "4"]

    @Test("a short calibration writes the posterior and predictive intervals, identical for 1 and 3 jobs")
    func shortCalibration() throws {
        let folder = try TemporaryFolder.make("verbinder-calibrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        var posteriors: [String] = []
        for jobs in ["1", "3"] {
            let out = folder.appendingPathComponent("jobs-\(jobs)")
            let result = try VerbinderBinary.run(Self.arguments + ["--jobs", jobs, "--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Posterior (median and 90% credible interval") && result.stdout.contains("fixer.fromResidents"))
            #expect(result.stdout.contains("source: Buzing 2024 master thesis"))
            let posterior = try String(contentsOf: out.appendingPathComponent("posterior.csv"), encoding: .utf8)
            #expect(posterior.hasPrefix("weight,distance,residentRequestRate.entrepreneur,") && posterior.split(separator: "\n").count == 13)
            posteriors.append(posterior)
        }
        #expect(posteriors[0] == posteriors[1])
    }

    @Test("every shipped observation file is valid")
    func shippedObservationsAreValid() throws {
        for name in ["katwijk", "leidschendam-voorburg", "maassluis"] {
            let folder = try TemporaryFolder.make("verbinder-calibrate")
            defer { try? FileManager.default.removeItem(at: folder) }
            let result = try VerbinderBinary.run(["calibrate", "scenarios/\(name).yaml", "--observed", "scenarios/observations/\(name).yaml",
                                                  "--particles", "10", "--generations", "1", "--weeks", "2", "--out", folder.appendingPathComponent("c").path])
            #expect(result.status == 0, "\(name): \(result.stderr)")
        }
    }

    @Test("a bad observation file: exit 2 with file:line, nothing written")
    func badObservations() throws {
        let file = try TemporaryFolder.file("obs.yaml", "targets:\n  - output: utilisaton\n    interval: [0.8, 1]\n    source: x\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let out = file.deletingLastPathComponent().appendingPathComponent("out")
        let result = try VerbinderBinary.run(["calibrate", "scenarios/maassluis.yaml", "--observed", file.path, "--out", out.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("obs.yaml:2:13: error: targets[0].output: unknown output 'utilisaton' (did you mean 'utilisation'?)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
