import Foundation
import VerbinderAnalysis
import VerbinderCore
import VerbinderScenario

/// `verbinder-benchmarks time-betweenness`: times `Centrality.betweenness` on one graph, run after run, and
/// prints one JSON line per run (wall and CPU seconds, threads, load average). Not a benchmark of the suite:
/// `peers/analysis/paired.py` calls it between igraph's runs, so both are measured in the same minutes.
enum BetweennessTool {
    static let usage = """
        usage: verbinder-benchmarks time-betweenness (--nodes N --edges M | --scenario FILE) [--threads T]
                                                     [--runs R] [--sample K] [--seed S] [--graph-out FILE]
                                                     [--values-out FILE]

          --nodes, --edges  the seeded G(n, m) graph of the analysis benchmark (seed n)
          --scenario FILE   the network of a scenario (every edge kind, undirected), relative to the repository
          --threads T       worker threads (default 1)
          --runs R          timed runs after one untimed single-source run (default 1)
          --sample K        K sampled sources (seed --seed, default 1) instead of exact betweenness
          --graph-out FILE  also write the G(n, m) graph as CSV (source,target), as the analysis benchmark does
          --values-out FILE also write the last run's values, one per line
        """

    /// Runs the tool with the arguments after its name; returns the exit status.
    static func main(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(usage)
            return 0
        }
        var options: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let key = arguments[index]
            guard key.hasPrefix("--"), index + 1 < arguments.count else {
                FileHandle.standardError.write(Data("error: expected an option and its value at '\(key)'\n\n\(usage)\n".utf8))
                return 2
            }
            options[String(key.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
        let known: Set = ["nodes", "edges", "scenario", "threads", "runs", "sample", "seed", "graph-out", "values-out"]
        if let unknown = options.keys.sorted().first(where: { !known.contains($0) }) {
            FileHandle.standardError.write(Data("error: unknown option --\(unknown)\n\n\(usage)\n".utf8))
            return 2
        }
        func integer(_ key: String, _ fallback: Int?) -> Int? { options[key].map { Int($0) ?? -1 } ?? fallback }
        guard let threads = integer("threads", 1), threads >= 1, let runs = integer("runs", 1), runs >= 1,
              let seed = integer("seed", 1), seed >= 0 else {
            FileHandle.standardError.write(Data("error: --threads, --runs and --seed take whole numbers (at least 1, 1, 0)\n".utf8))
            return 2
        }
        let sample = integer("sample", nil)
        let graph: AnalysisGraph
        do {
            if let path = options["scenario"] {
                let scenario = try Scenario.load(path: repositoryRoot.appendingPathComponent(path).path)
                graph = AnalysisGraph(NetworkData(try NetworkGenerator.build(scenario), source: path).edges, directed: false)
            } else if let nodes = integer("nodes", nil), let edges = integer("edges", nil), nodes > 1, edges >= 0,
                      edges <= nodes * (nodes - 1) / 2 {
                let list = randomEdges(nodes: nodes, edges: edges, seed: UInt64(nodes))
                if let path = options["graph-out"] { try writeEdges(list, to: URL(fileURLWithPath: path)) }
                graph = AnalysisGraph(list, directed: false)
            } else {
                FileHandle.standardError.write(Data("error: give --scenario FILE or --nodes N --edges M (M at most N(N − 1)/2)\n\n\(usage)\n".utf8))
                return 2
            }
            _ = Centrality.betweenness(graph, sample: 1, seed: 0, threads: 1)
            var values: [Double] = []
            for _ in 0 ..< runs {
                let load = Measure.loadAverages()[0]
                let run = Measure.timeWithCPU { Centrality.betweenness(graph, sample: sample, seed: UInt64(seed), threads: threads) }
                values = run.result
                let line = "{\"wall\": \(run.seconds), \"cpu\": \(run.cpu), \"threads\": \(threads), \"load1\": \(load), "
                    + "\"nodes\": \(graph.nodeCount), \"ties\": \(graph.tieCount), \"sources\": \(min(sample ?? graph.nodeCount, graph.nodeCount))}\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
            if let path = options["values-out"] { try writeValues(values, to: URL(fileURLWithPath: path)) }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 2
        }
        return 0
    }
}
