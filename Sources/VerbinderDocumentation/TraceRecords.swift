import Foundation
import GRDB
import VerbinderCore
import VerbinderExperiments

/// A test suite found in the repository's test folder: what the TRACE appendix lists as model testing.
public struct TestSuiteRecord: Sendable, Equatable {
    /// The test module (the folder under `Tests/`).
    public var module: String
    /// The suite's name as `@Suite("…")` gives it, else its type name.
    public var suite: String
    /// The number of `@Test` functions in the suite's file.
    public var tests: Int

    /// Reads every `Verbinder*Tests` folder of `directory` (files in name order): one record per file with tests,
    /// named by its first `@Suite`.
    /// - Throws: ``InputError`` when `directory` is not a readable folder.
    public static func scan(directory: String) throws -> [TestSuiteRecord] {
        let manager = FileManager.default
        let modules: [String]
        do {
            modules = try manager.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix("Tests") }.sorted()
        } catch {
            throw InputError("cannot read the test folder: \(error.localizedDescription)", at: SourceLocation(file: directory))
        }
        return modules.flatMap { module -> [TestSuiteRecord] in
            let folder = (directory as NSString).appendingPathComponent(module)
            let files = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
            return files.compactMap { file -> TestSuiteRecord? in
                guard let text = try? String(contentsOfFile: (folder as NSString).appendingPathComponent(file), encoding: .utf8) else { return nil }
                let tests = text.components(separatedBy: "@Test").count - 1
                guard tests > 0 else { return nil }
                return TestSuiteRecord(module: module, suite: suiteName(in: text) ?? String(file.dropLast(6)), tests: tests)
            }
        }
    }

    /// The name of the first `@Suite("…")` in `text`.
    static func suiteName(in text: String) -> String? {
        guard let start = text.range(of: "@Suite(\""), let end = text.range(of: "\"", range: start.upperBound ..< text.endIndex) else { return nil }
        return String(text[start.upperBound ..< end.lowerBound])
    }
}

/// A sensitivity study or calibration cited in the TRACE appendix, identified by the SHA-256 of its store.
public struct StudyRecord: Sendable, Equatable {
    /// The run's folder as given.
    public var directory: String
    /// `sensitivity` or `calibration`.
    public var kind: String
    public var method: String
    /// The command line that made it.
    public var command: String
    /// SHA-256 of `results.sqlite`, lowercase hex.
    public var sha256: String

    /// Reads the run in `directory` (its `results.sqlite`, written by `verbinder sensitivity` or `verbinder calibrate`).
    /// - Throws: ``InputError`` when there is no readable store of either kind.
    public static func read(directory: String) throws -> StudyRecord {
        let path = (directory as NSString).appendingPathComponent("results.sqlite")
        let location = SourceLocation.value("study \(directory)")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("no results.sqlite in \(directory): expected the folder of a verbinder sensitivity or calibrate run", at: location)
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            return try queue.read { db in
                for (table, kind) in [("study", "sensitivity"), ("calibration", "calibration")] where try db.tableExists(table) {
                    if let row = try Row.fetchOne(db, sql: "SELECT method, command FROM \(table)") {
                        return StudyRecord(directory: directory, kind: kind, method: row["method"], command: row["command"],
                                           sha256: sha256Hex(bytes: [UInt8](data)))
                    }
                }
                throw InputError("\(path) is not the store of a sensitivity study or a calibration", at: location)
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError("cannot read \(path): \(error)", at: location)
        }
    }
}
