import Foundation
import Hummingbird
import Logging
import NIOCore
import VerbinderCore

/// The mengpaneel web app: one page and a JSON API over the scenario, simulation and experiment libraries.
public enum Mengpaneel {
    /// Builds the router of a server with `configuration` (also used by tests, without a socket).
    /// - Throws: ``InputError`` when the scenarios folder or the store cannot be opened.
    public static func router(_ configuration: ServerConfiguration) throws -> Router<BasicRequestContext> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configuration.scenariosDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("no such folder of scenarios", at: SourceLocation(file: configuration.scenariosDirectory))
        }
        let store = try OptionStore(path: configuration.storePath)
        let library = try ScenarioLibrary(directory: configuration.scenariosDirectory, store: store, limits: configuration.limits)
        let sweeps: SweepJobs
        do {
            sweeps = try SweepJobs(directory: configuration.sweepsDirectory, store: store)
        } catch {
            throw InputError("cannot read the list of sweeps from the store: \(error)", at: SourceLocation(file: configuration.storePath))
        }
        let routes = Routes(configuration: configuration, library: library, store: store,
                            engine: RunEngine(maxRuns: configuration.limits.concurrentRuns), pictures: NetworkPictures(),
                            sweeps: sweeps)
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: GuardMiddleware(token: configuration.token, loopback: configuration.isLoopback))
        routes.add(to: router)
        return router
    }

    /// Serves until interrupted (SIGINT or SIGTERM). When listening, prints one line to standard output:
    /// `listening on URL` (with the token in the URL when there is one).
    /// - Throws: ``InputError`` for a missing scenarios folder, an unusable store, or a port in use.
    public static func serve(_ configuration: ServerConfiguration) async throws {
        let router = try router(configuration)
        var logger = Logger(label: "verbinder-serve")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "verbinder"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
                var address = "http://\(host):\(port)/"
                var query: [String] = []
                if let token = configuration.token { query.append("token=\(token)") }
                if let initial = configuration.initialScenario {
                    let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~/"))
                    query.append("scenario=\(initial.addingPercentEncoding(withAllowedCharacters: allowed) ?? initial)")
                }
                if !query.isEmpty { address += "?" + query.joined(separator: "&") }
                FileHandle.standardOutput.write(Data("listening on \(address)\n".utf8))
            },
            logger: logger)
        do {
            try await app.runService()
        } catch let error as IOError {
            throw InputError("cannot listen on \(configuration.host):\(configuration.port): \(error)", at: SourceLocation(file: "--port"))
        }
    }
}
