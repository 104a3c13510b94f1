import Foundation

/// What a finished child process produced.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs child processes for tests without ever deadlocking on a full pipe: standard output and standard
/// error go to temporary files, read after the child exits.
public enum ProcessRunner {
    /// Runs `executable` with `arguments` in `directory` and waits for it to end.
    /// - Parameter environment: variables added to (or replacing) this process's environment.
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> ProcessResult {
        let folder = try TemporaryFolder.make("verbinder-process")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
        let process = try start(executable, arguments, in: directory, environment: environment, stdout: outURL, stderr: errURL)
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                             stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Starts `executable` and returns at once; its output goes to the files `stdout` and `stderr` (the same
    /// file for both is fine), which stay readable if the test kills it.
    public static func start(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                             environment: [String: String] = [:], stdout: URL, stderr: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        let out = try FileHandle(forWritingTo: stdout)
        defer { try? out.close() }
        let err: FileHandle
        if stderr == stdout {
            err = out
        } else {
            FileManager.default.createFile(atPath: stderr.path, contents: nil)
            err = try FileHandle(forWritingTo: stderr)
        }
        defer { if err !== out { try? err.close() } }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// Waits for an event rather than for a fixed time: polls `condition` every `interval` seconds until it
/// holds or `timeout` seconds have passed. Choose a generous timeout: it only matters when the test fails.
/// - Returns: whether the condition came true in time.
@discardableResult
public func waitUntil(timeout: TimeInterval = 120, interval: TimeInterval = 0.02, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try condition() { return true }
        if Date() >= deadline { return false }
        Thread.sleep(forTimeInterval: interval)
    }
}

/// Uniquely named folders under the system's temporary directory.
public enum TemporaryFolder {
    /// Creates a new empty folder whose name starts with `prefix`.
    public static func make(_ prefix: String = "verbinder-test") throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(getpid())-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

extension TemporaryFolder {
    /// Writes `text` to a file named `name` in a new temporary folder and returns its URL; remove the
    /// folder (its parent) when done.
    public static func file(_ name: String, _ text: String) throws -> URL {
        let file = try make("verbinder-input").appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }
}

/// The offset of the first byte at which `a` and `b` differ (the shorter length when one is a prefix of the
/// other), or nil when they are identical. Compare with this rather than `#expect(a == b)` on large data:
/// on a mismatch Swift Testing diffs the two collections, which takes hours for a picture of 100 kB.
public func firstDifference(_ a: Data, _ b: Data) -> Int? {
    if a == b { return nil }
    return zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
}
