import Foundation
import VerbinderScenario
import VerbinderSimulation

extension Benchmark {
    /// One simulated year of the Amsterdam-scale scenario: events per second, wall time, peak memory,
    /// one replication and several replications over all cores (parallel efficiency).
    static let simulation = Benchmark(
        name: "simulation",
        summary: "Simulator: one simulated year of scenarios/large/amsterdam-scale.yaml, 1 and N replications"
    ) { report in
        let relative = "scenarios/large/amsterdam-scale.yaml"
        var scenario = try Scenario.load(path: repositoryRoot.appendingPathComponent(relative).path)
        scenario.run.weeks = 52
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let network = try Measure.time { try NetworkGenerator.build(scenario) }
        let runs = 5
        var events = 0
        func measure(replications: Int, threads: Int) -> Summary {
            var copy = scenario
            copy.run.replications = replications
            return repeatMeasured(runs: runs) {
                let run = Measure.time {
                    Simulator.run(copy, network: network.result, options: SimulationOptions(threads: threads))
                }
                events = run.result.events
                return ["run": run.seconds]
            }["run"]!
        }
        let single = measure(replications: 1, threads: 1)
        let singleEvents = events
        let replications = 2 * cores
        let serial = measure(replications: replications, threads: 1)
        let parallel = measure(replications: replications, threads: cores)
        let parallelEvents = events
        let efficiency = serial.median / (parallel.median * Double(cores))
        func rate(_ count: Int, _ summary: Summary) -> String { format(Double(count) / summary.median / 1e6, 2) + " M events/s" }
        report.section("Simulation: one simulated year of `\(relative)`", [
            "Simulator.run on the prebuilt network (\(grouped(network.result.graph.nodeCount)) nodes; generating it took "
                + "\(format(network.seconds, 2)) s). Median (min – max) over \(runs) runs after one warm-up run; \(cores) cores.",
            "",
            "| workload | events | wall time | events per second |",
            "|---|---|---|---|",
            "| 1 replication, 1 thread | \(grouped(singleEvents)) | \(single.seconds) | \(rate(singleEvents, single)) |",
            "| \(replications) replications, 1 thread | \(grouped(parallelEvents)) | \(serial.seconds) | \(rate(parallelEvents, serial)) |",
            "| \(replications) replications, \(cores) threads | \(grouped(parallelEvents)) | \(parallel.seconds) | \(rate(parallelEvents, parallel)) |",
            "",
            "Parallel efficiency over \(cores) cores: \(format(efficiency * 100, 0))%. "
                + "Peak resident memory of the benchmark process so far: \(mebibytes(Measure.peakResidentBytes())).",
        ])
    }
}
