import Foundation
import Testing

/// What a run of the `verbinder` binary produced.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `verbinder` binary, for end-to-end tests of the command line.
///
/// The binary is `$VERBINDER_BINARY` (set by `make test`), else `<repo>/.build/debug/verbinder` when it exists.
/// Without either, ``binary()`` throws, so the tests fail with a clear message rather than pass silently.
enum CommandRunner {
    /// The repository root: two folders above `Tests/VerbinderCLITests/`.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct MissingBinary: Error, CustomStringConvertible {
        var description: String
    }

    /// The path of the binary under test.
    /// - Throws: ``MissingBinary`` when there is none.
    static func binary() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["VERBINDER_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw MissingBinary(description: "VERBINDER_BINARY is '\(path)', which is not an executable file")
            }
            return path
        }
        let fallback = repositoryRoot.appendingPathComponent(".build/debug/verbinder").path
        guard FileManager.default.isExecutableFile(atPath: fallback) else {
            throw MissingBinary(description: """
                no verbinder binary to test: set VERBINDER_BINARY (make test does), or build \(fallback) \
                with `swift build --product verbinder`
                """)
        }
        return fallback
    }

    /// Runs the binary with `arguments` in the repository root and waits for it.
    /// Output goes through temporary files, so a large output can never block the child on a full pipe.
    static func run(_ arguments: [String], in directory: URL = repositoryRoot) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("verbinder-cli-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                             stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Writes `text` to a new temporary file named `name` and returns its path; remove its folder when done.
    static func temporaryFile(_ name: String, _ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("verbinder-cli-input-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Every scenario under `scenarios/`, recursively, relative to the repository root, sorted.
    static let shippedScenarios: [String] = {
        let folder = repositoryRoot.appendingPathComponent("scenarios")
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") }.map { "scenarios/" + $0 }.sorted()
    }()
}
