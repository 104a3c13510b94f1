import ArgumentParser
import Foundation
import VerbinderServer

/// `verbinder serve`: the mengpaneel web app.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the mengpaneel: move the sliders of a scenario in a browser and see what changes.",
        discussion: """
            Serves one page and a JSON API (described at /openapi.json). It binds 127.0.0.1 unless --host says \
            otherwise; any other host requires a token, generated and printed in the address unless --token gives \
            one. It reads scenarios only from --scenarios and writes only the --store file and, for sweeps started \
            from the page, the folder beside it (STORE-sweeps/). Ctrl-C stops it.

            Example:
              verbinder serve --scenarios scenarios --open katwijk.yaml
              verbinder serve --host 0.0.0.0 --port 8080 --store /var/lib/verbinder/options.sqlite
            """)

    @Option(help: "The folder of scenarios to offer (read recursively).")
    var scenarios: String = "scenarios"

    @Option(help: "The address to listen on (127.0.0.1: this machine only).")
    var host: String = "127.0.0.1"

    @Option(help: "The port (0: a free one).")
    var port: Int = 8080

    @Option(help: "The SQLite file of saved options and uploaded scenarios.")
    var store: String = "mengpaneel.sqlite"

    @Option(help: "The access token (default: none on 127.0.0.1, a random one on any other host).")
    var token: String?

    @Option(name: .customLong("open"), help: "The scenario selected when the page opens, relative to --scenarios.")
    var initialScenario: String?

    @Option(help: "At most this many simulations at once; more get 429 with Retry-After.")
    var maxRuns: Int = 8

    @Option(help: "At most this many runs (arms × replications) in one sweep started from the page.")
    var maxSweepRuns: Int = ServerConfiguration.Limits().sweepRuns

    func validate() throws {
        if !(0 ... 65535).contains(port) { throw ValidationError("--port must be between 0 and 65535.") }
        if let token, token.count < 16 || !token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            throw ValidationError("--token must have at least 16 letters, digits, '-' or '_'.")
        }
        if maxRuns < 1 { throw ValidationError("--max-runs must be at least 1.") }
        if maxSweepRuns < 1 { throw ValidationError("--max-sweep-runs must be at least 1.") }
    }

    func run() async throws {
        var configuration = ServerConfiguration(host: host, port: port, token: token, scenariosDirectory: scenarios,
                                                storePath: store, initialScenario: initialScenario)
        if !configuration.isLoopback && configuration.token == nil { configuration.token = ServerConfiguration.generateToken() }
        configuration.limits.concurrentRuns = maxRuns
        configuration.limits.sweepRuns = maxSweepRuns
        try await Mengpaneel.serve(configuration)
    }
}
