import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

/// A scenario the limit benchmark runs: a file, or a municipality `verbinder generate` would write.
struct LimitScale {
    let label: String
    let key: String
    let runs: Int
    /// The limit loop's events per CPU second in the engine issue's profile, on the machine its targets were set on.
    let issueLimitRate: Double
    let load: @Sendable () throws -> Scenario

    static let all = [
        LimitScale(label: "67k (Katwijk)", key: "katwijk", runs: 7, issueLimitRate: 20e6) { try file("scenarios/katwijk.yaml") },
        LimitScale(label: "1M", key: "residents-1m", runs: 5, issueLimitRate: 18e6) { try file("scenarios/large/residents-1m.yaml") },
        LimitScale(label: "5M", key: "residents-5m", runs: 3, issueLimitRate: 13e6) { try file("scenarios/large/residents-5m.yaml") },
        LimitScale(label: "20M (generated)", key: "residents-20m", runs: 2, issueLimitRate: 8e6) {
            let size = MunicipalitySize(residents: 20_000_000, neighbourhoods: 2_000, departments: 40, officials: 300_000, connectors: 2_000)
            return try Scenario.parse(yaml: ScenarioGenerator.yaml(size), file: "generated 20M")
        },
    ]

    private static func file(_ path: String) throws -> Scenario {
        try Scenario.load(path: repositoryRoot.appendingPathComponent(path).path)
    }
}

extension Benchmark {
    /// Verbinder against the limit anchor: the C event loop of `benchmarks/limit/limit.c`, calibrated from the
    /// same Verbinder run to the same events per replication, at 67k, 1M, 5M and 20M residents.
    static let limit = Benchmark(
        name: "limit",
        summary: "Verbinder ÷ the C limit loop of the same model (events per CPU second) at 67k / 1M / 5M / 20M residents"
    ) { report in
        let binary = try buildLimitLoop()
        var table = [
            "| residents | events per replication (Verbinder / limit loop) | limit loop | bare replication | ÷ limit | `Simulator.run`, 1 replication | ÷ limit |",
            "|---|---|---|---|---|---|---|",
        ]
        var runsText: [String] = []
        for scale in LimitScale.all {
            var scenario = try scale.load()
            scenario.run.weeks = 52
            scenario.run.replications = 1
            let network = try NetworkGenerator.build(scenario)
            let prepared = PreparedSimulation(scenario, network: network)
            var run: SimulationRun?
            var bareCPU: [Double] = []
            // Each sample is the mean of `calls` calls, enough for about 50 ms: a sample of a 1 ms replication is
            // otherwise at the mercy of one interrupt or page fault.
            let once = Measure.timeWithCPU { prepared.replication(0) }.cpu
            let calls = max(1, Int((sampleSeconds / max(once, 1e-6)).rounded(.up)))
            let measured = repeatMeasured(runs: scale.runs) {
                let full = Measure.timeWithCPU {
                    (0 ..< calls).reduce(nil as SimulationRun?) { _, _ in Simulator.run(scenario, network: network, options: SimulationOptions(threads: 1)) }
                }
                run = full.result
                let bare = Measure.timeWithCPU { for _ in 0 ..< calls { _ = prepared.replication(0) } }
                bareCPU.append(bare.cpu / Double(calls))
                return ["run": full.cpu / Double(calls)]
            }
            guard let run, let fullCPU = measured["run"] else { continue }
            let bare = Summary(values: Array(bareCPU.suffix(fullCPU.runs)))
            let input = repositoryRoot.appendingPathComponent("benchmarks/results/limit/\(scale.key).txt")
            try FileManager.default.createDirectory(at: input.deletingLastPathComponent(), withIntermediateDirectories: true)
            try limitInput(scenario: scenario, network: network, prepared: prepared, run: run).write(to: input, atomically: true, encoding: .utf8)
            // As many loop replications as Verbinder calls, the first sample's worth a warm-up.
            let limitRuns = try runLimitLoop(binary, input: input.path, replications: (min(scale.runs, maxRuns ?? scale.runs) + 1) * calls)
            let limitEvents = limitRuns.last?.events ?? 0
            let limitCPU = Summary(values: limitRuns.dropFirst(calls).map(\.cpu))
            let events = Double(run.events)
            let rates = (limit: Double(limitEvents) / limitCPU.median, bare: events / bare.median, full: events / fullCPU.median)
            report.record("limit.\(scale.key)", [
                "events": events, "limitEvents": Double(limitEvents), "limitRate": rates.limit,
                "bareRate": rates.bare, "runRate": rates.full, "residents": Double(scenario.neighbourhoods.reduce(0) { $0 + $1.residents }),
            ])
            let difference = (Double(limitEvents) - events) / events * 100
            table.append("| \(scale.label) | \(grouped(run.events)) / \(grouped(limitEvents)) (\(format(difference, 2))%) "
                         + "| \(format(rates.limit / 1e6, 2)) M/s | \(format(rates.bare / 1e6, 2)) M/s | \(format(rates.bare / rates.limit * 100, 0))% "
                         + "| \(format(rates.full / 1e6, 2)) M/s | \(format(rates.full / rates.limit * 100, 0))% |")
            runsText.append("\(scale.label): \(fullCPU.runs) runs" + (calls > 1 ? " of \(calls) calls each (the loop: \(limitCPU.runs) replications)" : ""))
        }
        report.section("Simulation against the limit loop (events per CPU second, one thread)", [
            "The limit anchor is `benchmarks/limit/limit.c` (built with `cc -O2`, or the toolchain's `clang`, by this benchmark): the same sources and rates, "
                + "the same random draws per arrival from xoshiro256** streams, a per-resident activity table read, per-connector "
                + "queues with the deferral deadline, and the same six event kinds on one heap, but every decision one draw against "
                + "a probability calibrated from the Verbinder run (`benchmarks/limit/README.md`), no outcome bookkeeping, no outcome "
                + "graph, no aggregation. Events per replication of both are given (the difference in parentheses). CPU seconds of "
                + "the event loop (C, set-up excluded), of `PreparedSimulation.replication` (bare replication, no outcome graph) and "
                + "of `Simulator.run` with 1 replication on 1 thread (set-up, replication 0 with the outcome graph, aggregation), "
                + "median after one warm-up run; a run of a small scenario calls it several times, enough for about "
                + "\(format(sampleSeconds * 1000, 0)) ms, and counts the mean (the loop: the median of as many replications); "
                + "one simulated year (52 weeks), the scenarios' seeds; \(runsText.joined(separator: ", ")).",
            "",
        ] + table)
    }

    /// The CPU time one sample should take at least.
    private static let sampleSeconds = 0.05

    /// Compiles the limit loop into the benchmark's build folder (with `-O2`).
    private static func buildLimitLoop() throws -> String {
        let source = repositoryRoot.appendingPathComponent("benchmarks/limit/limit.c").path
        let binary = repositoryRoot.appendingPathComponent("benchmarks/.build/limit-loop").path
        var outputs: [String] = []
        // The system's C compiler, or the clang that comes with the Swift toolchain.
        for compiler in ["cc", "clang"] {
            try? FileManager.default.removeItem(atPath: binary)
            outputs.append("\(compiler): " + Machine.run([compiler, "-O2", "-o", binary, source, "-lm"]))
            if FileManager.default.isExecutableFile(atPath: binary) { return binary }
        }
        throw BenchmarkError("could not build \(source): \(outputs.joined(separator: "; "))")
    }

    /// Runs the limit loop: (events, CPU seconds) per replication.
    private static func runLimitLoop(_ binary: String, input: String, replications: Int) throws -> [(events: Int, cpu: Double)] {
        let output = Machine.run([binary, input, String(replications)])
        let rows = output.split(separator: "\n").compactMap { line -> (events: Int, cpu: Double)? in
            let fields = line.split(separator: " ")
            guard fields.count == 4, fields[0] == "events", let events = Int(fields[1]), let cpu = Double(fields[3]) else { return nil }
            return (events, cpu)
        }
        guard rows.count == replications else { throw BenchmarkError("the limit loop failed on \(input): \(output)") }
        return rows
    }

    /// The limit loop's input: the scenario's sizes and rates, and branch probabilities calibrated from `run`'s
    /// event counts, so that the loop processes as many events of each kind as Verbinder did.
    private static func limitInput(scenario: Scenario, network: ScenarioNetwork, prepared: PreparedSimulation, run: SimulationRun) -> String {
        let model = scenario.model
        let weeks = Double(scenario.run.weeks)
        let kinds = run.eventsByKind
        let arrivals = Double(kinds["arrival"] ?? 0), direct = Double(kinds["directResponse"] ?? 0)
        let services = Double(kinds["serviceDone"] ?? 0), department = Double(kinds["departmentResponse"] ?? 0)
        let escalations = Double(kinds["escalationResponse"] ?? 0)
        let outcomes = run.summary.outcomes
        let unvoiced = Double(outcomes[.unvoiced]), misdirected = Double(outcomes.misdirected)
        let sources = prepared.arrivalSources
        // Expected arrivals of hard-to-reach residents: those who can go unvoiced.
        var hardArrivals = 0.0
        for source in sources where source.direction == .fromResidents {
            hardArrivals += source.perHour * 40 * weeks * scenario.neighbourhoods[source.group].hardToReachShare
        }
        let via = max(1, arrivals - unvoiced - direct)
        func p(_ value: Double) -> String { String(format: "%.17g", min(1, max(0, value.isFinite ? value : 0))) }
        let residents = network.residentRanges.map(\.upperBound).max() ?? 0
        let efforts: [String] = ConnectorRole.allCases.map { "\(model.effortHours[$0])" }
        let deferralHours: Double = scenario.policies.capacity.maxDeferralWeeks * 40
        let escalationHours: Double = model.escalationDays[0] * 8
        let header: String = "weeks \(scenario.run.weeks) seed \(scenario.run.seed) residents \(residents) model \(model.maxExtraDomains) "
            + "\(model.integralShare) \(model.smallShare) \(deferralHours) \(escalationHours) " + efforts.joined(separator: " ")
        let branches: [Double] = [unvoiced / max(1, hardArrivals), direct / max(1, arrivals - unvoiced), misdirected / via,
                                  department / max(1, services - misdirected), escalations / max(1, department)]
        var lines: [String] = [header, "branches " + branches.map(p).joined(separator: " "), "neighbourhoods \(scenario.neighbourhoods.count)"]
        for (index, hood) in scenario.neighbourhoods.enumerated() {
            let connectors = scenario.connectors.indices.filter { scenario.connectors[$0].neighbourhoods.contains(hood.name) }
            let range = network.residentRanges[index]
            lines.append("\(range.lowerBound) \(range.count) \(hood.hardToReachShare) \(connectors.count) "
                         + connectors.map(String.init).joined(separator: " "))
        }
        lines.append("departments \(scenario.departments.count)")
        for range in network.officialRanges { lines.append("\(range.lowerBound) \(max(1, range.count)) \(model.responseDays * 8)") }
        let available = run.replications[0].connectorAvailableHours
        lines.append("connectors \(available.count)")
        lines += available.map { "\(40 / max(1e-9, $0 / weeks))" }
        lines.append("sources \(sources.count)")
        lines += sources.map { "\($0.direction == .fromResidents ? 0 : 1) \($0.role.rawValue) \($0.group) \($0.perHour)" }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A benchmark that could not run.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
