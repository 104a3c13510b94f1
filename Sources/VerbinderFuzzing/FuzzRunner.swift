import Foundation
import VerbinderCore

/// Runs a ``FuzzTarget`` on its corpus and on seeded mutants of it, counting what happened.
public struct FuzzRunner {
    /// What a run did.
    public struct Report: Sendable, CustomStringConvertible {
        public var target: String
        public var executions = 0
        /// Inputs read without complaint.
        public var accepted = 0
        /// Inputs refused with an ``InputError`` (a clear message).
        public var rejected = 0
        /// Inputs that threw anything else, with the error: each is a defect (an unclear message).
        public var findings: [(input: [UInt8], error: String)] = []
        public var seconds = 0.0

        public init(target: String) { self.target = target }

        public var description: String {
            "\(target): \(executions) executions in \(String(format: "%.0f", seconds)) s (\(accepted) accepted, \(rejected) refused "
                + "with a clear message, \(findings.count) other errors)"
        }
    }

    public let target: FuzzTarget
    /// Where each input is written before it is read (the file left there is the last input, for a crash).
    public let workDirectory: String

    public init(target: FuzzTarget, workDirectory: String) {
        self.target = target
        self.workDirectory = workDirectory
    }

    /// The path each input is written to.
    public var inputPath: String { (workDirectory as NSString).appendingPathComponent(target.fileName) }

    /// Reads one input; nil when it was accepted or refused clearly, else the unexpected error.
    public func execute(_ input: [UInt8], report: inout Report) -> String? {
        report.executions += 1
        do {
            try Data(input).write(to: URL(fileURLWithPath: inputPath))
        } catch {
            return "cannot write the input: \(error)"
        }
        do {
            try target.read(inputPath)
            report.accepted += 1
            return nil
        } catch let error as InputError {
            report.rejected += 1
            _ = error
            return nil
        } catch {
            report.findings.append((input, "\(type(of: error)): \(error)"))
            return "\(error)"
        }
    }

    /// Reads every corpus entry, then mutants of them until `iterations` mutants were read or `seconds` passed
    /// (whichever is given; both: whichever comes first).
    /// - Parameter beforeEach: called before each mutant is read (a watchdog's heartbeat).
    public func run(corpus: [[UInt8]], seed: UInt64, iterations: Int? = nil, seconds: Double? = nil,
                    beforeEach: () -> Void = {}) -> Report {
        var report = Report(target: target.name)
        let start = Date()
        for input in corpus {
            beforeEach()
            _ = execute(input, report: &report)
        }
        var mutator = Mutator(seed: seed, maxLength: max(1 << 16, 2 * (corpus.map(\.count).max() ?? 0)))
        var pool = corpus.isEmpty ? [[UInt8]()] : corpus
        var count = 0
        while iterations.map({ count < $0 }) ?? true, seconds.map({ Date().timeIntervalSince(start) < $0 }) ?? true {
            let parent = pool[mutator.nextIndex(below: pool.count)]
            let mutant = mutator.mutate(parent, corpus: pool)
            beforeEach()
            let before = report.accepted
            _ = execute(mutant, report: &report)
            // Keep accepted mutants (up to a bound): they reach deeper than the refused ones.
            if report.accepted > before && pool.count < 4 * corpus.count + 64 { pool.append(mutant) }
            count += 1
        }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// The files of `directories` (not recursive, hidden files left out), sorted by name, as bytes.
    public static func loadCorpus(_ directories: [String]) -> [[UInt8]] {
        directories.flatMap { directory -> [[UInt8]] in
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            return names.compactMap { name in
                FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name)).map { [UInt8]($0) }
            }
        }
    }
}
