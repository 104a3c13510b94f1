import Foundation
import Testing
import VerbinderTestSupport

/// A `verbinder serve` process on a free loopback port, for end-to-end tests; stopped by its pid.
final class ServerProcess: @unchecked Sendable {
    let process: Process
    /// The address it printed (with the token, if any).
    let address: String
    /// `http://HOST:PORT`
    let origin: String
    let folder: URL

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Starts the server and waits for its "listening on" line (at most two minutes, e.g. under load).
    /// - Parameters:
    ///   - folder: the folder of its store (`options.sqlite`) and sweeps, e.g. of a server stopped with
    ///     `stop(keepingFiles: true)`; a new temporary folder when nil.
    init(_ extra: [String] = [], folder: URL? = nil) throws {
        self.folder = try folder ?? TemporaryFolder.make("verbinder-serve")
        let output = self.folder.appendingPathComponent("output")
        // A restarted server writes a fresh "listening" line.
        try? FileManager.default.removeItem(at: output)
        let started = try ProcessRunner.start(
            try VerbinderBinary.path(),
            ["serve", "--port", "0", "--scenarios", "scenarios", "--store", self.folder.appendingPathComponent("options.sqlite").path] + extra,
            in: Repository.root, stdout: output, stderr: self.folder.appendingPathComponent("errors"))
        func firstLine() -> String? {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            return text.contains("\n") ? text.split(separator: "\n").first.map(String.init) : nil
        }
        process = started
        waitUntil { firstLine() != nil || !started.isRunning }
        guard let line = firstLine(), line.hasPrefix("listening on http://") else {
            if started.isRunning { started.terminate() }
            throw Failure(description: "the server did not say it was listening: \(firstLine() ?? "(nothing)")")
        }
        address = String(line.dropFirst("listening on ".count))
        let rest = address.dropFirst("http://".count)
        origin = "http://" + (rest.split(separator: "/").first ?? "")
    }

    /// Stops the server (SIGTERM to its pid) and removes its store, unless `keepingFiles`.
    func stop(keepingFiles: Bool = false) {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        if !keepingFiles { try? FileManager.default.removeItem(at: folder) }
    }

    /// A response: status, headers (lower-cased names) and body.
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] { try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any]) }
    }

    /// Sends a request with curl (which lets a test set any header, Host and Origin included).
    func request(_ path: String, method: String = "GET", headers: [String: String] = [:], body: Data? = nil) throws -> Reply {
        let files = folder.appendingPathComponent("curl-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: files) }
        var arguments = ["-s", "-S", "--max-time", "120", "-X", method, "-o", files.appendingPathComponent("body").path,
                         "-D", files.appendingPathComponent("headers").path, "-w", "%{http_code}"]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        if let body {
            try body.write(to: files.appendingPathComponent("request"))
            arguments += ["--data-binary", "@" + files.appendingPathComponent("request").path]
        }
        arguments.append(path.hasPrefix("http") ? path : origin + path)
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = arguments
        let out = Pipe()
        curl.standardOutput = out
        try curl.run()
        let code = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        curl.waitUntilExit()
        var parsed: [String: String] = [:]
        let head = (try? String(contentsOf: files.appendingPathComponent("headers"), encoding: .utf8)) ?? ""
        for line in head.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            parsed[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Reply(status: Int(code) ?? 0, headers: parsed,
                     body: (try? Data(contentsOf: files.appendingPathComponent("body"))) ?? Data())
    }
}

/// Runs the binary under test in the repository root to completion.
func runVerbinder(_ arguments: [String]) throws -> ProcessResult {
    try ProcessRunner.run(try VerbinderBinary.path(), arguments, in: Repository.root)
}
