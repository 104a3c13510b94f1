import Foundation

/// How `verbinder serve` runs: where it listens, who may use it, what it reads and writes, and what one
/// request may cost.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (the "listening" line says which).
    public var port: Int
    /// Required on every request when set; always set when ``host`` is not a loopback address.
    public var token: String?
    /// The folder of scenarios offered (read recursively); nothing outside it is ever read.
    public var scenariosDirectory: String
    /// The SQLite file of saved options: the only file the server writes.
    public var storePath: String
    /// The folder beside the store that holds sweeps started from the page (one folder each, with its result
    /// store and report): `options.sqlite` → `options-sweeps/`.
    public var sweepsDirectory: String {
        let store = storePath as NSString
        return (store.deletingLastPathComponent as NSString)
            .appendingPathComponent(((store.lastPathComponent as NSString).deletingPathExtension) + "-sweeps")
    }

    /// The scenario selected when the page opens (a path relative to ``scenariosDirectory``).
    public var initialScenario: String?
    public var limits: Limits

    /// What one request may ask for.
    public struct Limits: Sendable {
        /// Bytes of an uploaded scenario or a JSON body.
        public var uploadBytes = 512 * 1024
        /// Residents of a scenario simulated on request.
        public var residents = 250_000
        /// Replications per request.
        public var replications = 100
        /// Simulated weeks per request.
        public var weeks = 260
        /// Simulations running at once; more are refused with 429 and Retry-After.
        public var concurrentRuns = 8
        /// Runs (arms × replications) of one sweep started from the page: the 243-arm slider sweep with the
        /// largest number of replications fits.
        public var sweepRuns = 243 * 100
        /// Uploaded scenarios kept in the store.
        public var uploads = 200
        /// Saved options kept in the store.
        public var savedOptions = 1000

        public init() {}
    }

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, scenariosDirectory: String,
                storePath: String, initialScenario: String? = nil, limits: Limits = Limits()) {
        self.host = host
        self.port = port
        self.token = token
        self.scenariosDirectory = scenariosDirectory
        self.storePath = storePath
        self.initialScenario = initialScenario
        self.limits = limits
    }

    /// Whether ``host`` only accepts connections from this machine.
    public var isLoopback: Bool { ["127.0.0.1", "localhost", "::1"].contains(host) }

    /// A random token of 32 hexadecimal digits (128 bits from the system's generator).
    public static func generateToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0 ..< 4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max, using: &generator)) }.joined()
    }
}
