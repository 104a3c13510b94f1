import ArgumentParser
import VerbinderAnalysis

/// What to compute in a network analysis: shared by `verbinder analyze` and `verbinder export --with-metrics`.
struct MetricOptions: ParsableArguments {
    @Option(help: "Metrics and families to compute, comma-separated (default: all but hierarchy).")
    var metrics: String?

    @Option(help: "Node attribute whose values are the groups for brokerage and the E–I index.")
    var groups: String = "arena"

    @Option(help: "Estimate betweenness from this many sampled sources (NetworkX's k).")
    var sample: Int?

    @Option(help: "Seed for betweenness sampling and community detection.")
    var seed: UInt64 = 0

    @Option(help: "Worker threads for betweenness and closeness (default: all cores). Results do not depend on it.")
    var threads: Int?

    @Flag(help: "UCINET's partial credit for brokerage: k brokers of one pair get 1/k each.")
    var partialCredit = false

    @Option(help: "Power at or above this is high (power–interest grid).")
    var powerThreshold: Double = 0.5

    @Option(help: "Interest at or above this is high (power–interest grid).")
    var interestThreshold: Double = 0.5

    @Option(help: "Share of formal authority in power; the rest is eigenvector centrality.")
    var authorityWeight: Double = 0.5

    @Option(help: "Numeric node attribute (0–1) to use as power (default: 'power' if present).")
    var powerAttribute: String?

    @Option(help: "Numeric node attribute (0–1) to use as interest (default: 'interest' if present).")
    var interestAttribute: String?

    func validate() throws {
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1.") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        for (name, value) in [("--power-threshold", powerThreshold), ("--interest-threshold", interestThreshold),
                              ("--authority-weight", authorityWeight)] where !(0 ... 1).contains(value) {
            throw ValidationError("\(name) must be between 0 and 1.")
        }
    }

    /// The library's options for a directed or undirected reading of the ties.
    /// - Throws: ``InputError`` for an unknown metric name.
    func analysisOptions(directed: Bool) throws -> AnalysisOptions {
        var options = AnalysisOptions()
        options.directed = directed
        if let metrics {
            options.metrics = try Metric.parseList(metrics)
            options.metricsAreDefault = false
        }
        options.groupAttribute = groups
        options.sample = sample
        options.seed = seed
        options.threads = threads
        options.partialCredit = partialCredit
        options.powerInterest.powerThreshold = powerThreshold
        options.powerInterest.interestThreshold = interestThreshold
        options.powerInterest.authorityWeight = authorityWeight
        options.powerInterest.powerAttribute = powerAttribute
        options.powerInterest.interestAttribute = interestAttribute
        return options
    }
}
