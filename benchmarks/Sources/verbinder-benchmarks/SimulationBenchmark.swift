import Foundation
import VerbinderScenario
import VerbinderSimulation

/// A scenario the simulation benchmark runs, and how often.
struct SimulationScale {
    let label: String
    let file: String
    let runs: Int
    /// The key its figures are filed under (the file name without `.yaml`).
    var key: String { URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent }

    static let all = [
        SimulationScale(label: "100k residents", file: "scenarios/large/residents-100k.yaml", runs: 7),
        SimulationScale(label: "1M residents", file: "scenarios/large/residents-1m.yaml", runs: 5),
        SimulationScale(label: "5M residents", file: "scenarios/large/residents-5m.yaml", runs: 3),
    ]
}

/// Below this 1-minute load average at a benchmark's start the cores count as free (the engine issue's rule).
let freeCoresLoad = 0.5
/// Below this many cores kept busy on average by other processes during a measurement, the cores count as free.
let freeCoresOtherWork = 0.1

extension Benchmark {
    /// One simulated year at 100k, 1M and 5M residents: events per second and wall time for one replication,
    /// and R replications on one thread and on all cores (parallel efficiency).
    static let simulation = Benchmark(
        name: "simulation",
        summary: "Simulator: one simulated year at 100k / 1M / 5M residents, 1 replication and R over all cores"
    ) { report in
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let replications = max(4, 2 * cores)
        var table = [
            "| scenario | workload | events | wall time | events per second (wall) | CPU time | events per CPU second |",
            "|---|---|---|---|---|---|---|",
        ]
        var notes: [String] = []
        var runsText: [String] = []
        var loads: [String] = []
        var busy = false
        for scale in SimulationScale.all {
            var scenario = try Scenario.load(path: repositoryRoot.appendingPathComponent(scale.file).path)
            scenario.run.weeks = 52
            let network = try Measure.time { try NetworkGenerator.build(scenario) }
            let key = "simulation.\(scale.key)"
            report.record("\(key).network", ["median": network.seconds, "nodes": Double(network.result.graph.nodeCount),
                                             "edges": Double(network.result.graph.edgeCount)])
            func measure(_ name: String, replications: Int, threads: Int) {
                let load = Measure.loadAverages()[0]
                var copy = scenario
                copy.run.replications = replications
                var events = 0
                var cpu: [Double] = []
                let measured = Measure.otherWork {
                    (repeatMeasured(runs: scale.runs) {
                        let run = Measure.timeWithCPU {
                            Simulator.run(copy, network: network.result, options: SimulationOptions(threads: threads))
                        }
                        events = run.result.events
                        cpu.append(run.cpu)
                        return ["run": run.seconds]
                    }["run"]!, 0)
                }
                let wall = measured.result
                let cpuSummary = Summary(values: Array(cpu.suffix(wall.runs)))
                report.record("\(key).\(name)", wall.figures.merging([
                    "events": Double(events), "cpu": cpuSummary.median, "threads": Double(threads),
                    "replications": Double(replications), "load1": load,
                ].merging(measured.cores.map { ["otherCores": $0] } ?? [:]) { $1 }) { $1 })
                let workload = "\(replications) replication\(replications == 1 ? "" : "s"), \(threads) thread\(threads == 1 ? "" : "s")"
                table.append("| \(scale.label) | \(workload) | \(grouped(events)) | \(wall.seconds) | \(wall.millionsPer(events)) "
                             + "| \(cpuSummary.seconds) | \(format(Double(events) / cpuSummary.median / 1e6, 2)) M |")
            }
            measure("single", replications: 1, threads: 1)
            measure("serial", replications: replications, threads: 1)
            measure("parallel", replications: replications, threads: cores)
            if let serial = report.figure("\(key).serial"), let parallel = report.figure("\(key).parallel"),
               let load = report.figure("\(key).parallel", "load1") {
                notes.append("\(scale.label) \(format(serial / (Double(cores) * parallel) * 100, 0))%")
                let others = report.figure("\(key).parallel", "otherCores")
                loads.append("\(scale.label): load \(format(load, 2)), other processes \(others.map { format($0, 2) } ?? "?") cores")
                busy = busy || !(others.map { $0 < freeCoresOtherWork } ?? false)
            }
            runsText.append("\(scale.label): \(min(scale.runs, maxRuns ?? scale.runs)) runs, network of \(grouped(network.result.graph.nodeCount)) nodes and "
                            + "\(grouped(network.result.graph.edgeCount)) edges generated in \(format(network.seconds, 2)) s (once, not timed below)")
        }
        let coresText = loads.isEmpty ? "" : busy
            ? "**Parallel efficiency was measured with the cores not both free**: other processes kept \(format(freeCoresOtherWork, 2)) "
                + "cores or more busy during some \(cores)-thread runs, so it is understated. "
            : "Parallel efficiency was measured with both cores free: other processes kept less than \(format(freeCoresOtherWork, 2)) "
                + "cores busy on average during every \(cores)-thread run. "
        report.section("Simulation: one simulated year at 100k, 1M and 5M residents", [
            coresText + "`Simulator.run` (library API, in-process) on the prebuilt network of `scenarios/large/residents-100k.yaml`, "
                + "`residents-1m.yaml` and `residents-5m.yaml`, 52 weeks, the scenarios' seeds. Median (min – max) after one "
                + "warm-up run; \(runsText.joined(separator: "; ")). Events: arrivals, service completions, department, escalation "
                + "and direct responses and week ends (the library's `SimulationRun.events`). CPU time: `getrusage` of the process, "
                + "all threads (median). \(cores) cores; R = \(replications) replications.",
            "",
        ] + table + [
            "",
            "Parallel efficiency T(1 thread, \(replications) replications) / (\(cores) × T(\(cores) threads, \(replications) replications)): "
                + notes.joined(separator: ", ") + ". Before and during the \(cores)-thread runs (the 1-minute load "
                + "average includes this benchmark's own runs just before; the cores other processes kept busy on average are "
                + "`/proc/stat`'s busy time less this process's CPU time): " + loads.joined(separator: "; ") + ". Peak resident memory of the benchmark process so far: "
                + "\(mebibytes(Measure.peakResidentBytes())).",
        ])
    }
}
