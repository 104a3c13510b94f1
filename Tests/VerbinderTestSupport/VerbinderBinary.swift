import Foundation

/// The built `verbinder` binary and the repository it was built from, for end-to-end tests.
///
/// The binary is `$VERBINDER_BINARY` (set by `make test`), else `<repository>/.build/debug/verbinder` when it
/// exists. Without either, ``path()`` throws, so the tests fail with a clear message rather than pass silently.
public enum VerbinderBinary {
    /// Why there is no binary to test.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    /// The path of the binary under test.
    /// - Throws: ``Missing`` when there is none.
    public static func path() throws -> String {
        if let path = ProcessInfo.processInfo.environment["VERBINDER_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw Missing(description: "VERBINDER_BINARY is '\(path)', which is not an executable file")
            }
            return path
        }
        let fallback = Repository.root.appendingPathComponent(".build/debug/verbinder").path
        guard FileManager.default.isExecutableFile(atPath: fallback) else {
            throw Missing(description: """
                no verbinder binary to test: set VERBINDER_BINARY (make test does), or build \(fallback) \
                with `swift build --product verbinder`
                """)
        }
        return fallback
    }

    /// Runs the binary with `arguments` (in the repository root unless `directory` is given) to its end.
    public static func run(_ arguments: [String], in directory: URL = Repository.root,
                           environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(try path(), arguments, in: directory, environment: environment)
    }

    /// Starts the binary and returns at once; standard output and error both go to `log`.
    public static func start(_ arguments: [String], log: URL, in directory: URL = Repository.root,
                             environment: [String: String] = [:]) throws -> Process {
        try ProcessRunner.start(try path(), arguments, in: directory, environment: environment, stdout: log, stderr: log)
    }
}
