import Foundation
import VerbinderFuzzing

// verbinder-fuzz TARGET --corpus DIR... --work DIR [--seconds S] [--iterations N] [--seed S] [--hang S]
//
// Fuzzes one reader (see FuzzTarget.all) with seeded mutants of its corpus. Exit status: 0 when every input
// was accepted or refused with a clear message; 1 when some input threw another error (saved under
// WORK/findings); 3 on a hang (an input read for longer than --hang seconds, left in WORK as the input file);
// a crash ends the process by its signal, leaving the crashing input in WORK. Tests/Fuzz/run.sh supervises
// runs and keeps crashing inputs as reproducers.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("verbinder-fuzz: \(message)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let target = FuzzTarget.named(name) else {
    fail("give a target: \(FuzzTarget.all.map(\.name).joined(separator: ", "))")
}
arguments.removeFirst()
var corpus: [String] = [], work: String?, seconds: Double?, iterations: Int?, seed: UInt64 = 1, hang = 10.0
while !arguments.isEmpty {
    let option = arguments.removeFirst()
    guard let value = arguments.first else { fail("\(option) needs a value") }
    arguments.removeFirst()
    switch option {
    case "--corpus": corpus.append(value)
    case "--work": work = value
    case "--seconds": guard let number = Double(value) else { fail("--seconds expects a number") }; seconds = number
    case "--iterations": guard let number = Int(value) else { fail("--iterations expects a whole number") }; iterations = number
    case "--seed": guard let number = UInt64(value) else { fail("--seed expects a whole number") }; seed = number
    case "--hang": guard let number = Double(value) else { fail("--hang expects a number") }; hang = number
    default: fail("unknown option \(option)")
    }
}
guard let work else { fail("give --work DIR") }
try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
let inputs = FuzzRunner.loadCorpus(corpus)
if inputs.isEmpty { fail("the corpus is empty: \(corpus.joined(separator: ", "))") }

// A watchdog: an input read for longer than --hang seconds ends the run with status 3.
final class Heartbeat: @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date()
    func beat() { lock.withLock { last = Date() } }
    var age: Double { lock.withLock { Date().timeIntervalSince(last) } }
}
let heartbeat = Heartbeat()
let hangLimit = hang, targetName = name
let watchdog = Thread {
    while true {
        Thread.sleep(forTimeInterval: 0.5)
        if heartbeat.age > hangLimit {
            FileHandle.standardError.write(Data("verbinder-fuzz: \(targetName): hang (an input took more than \(hangLimit) s)\n".utf8))
            exit(3)
        }
    }
}
watchdog.start()

let runner = FuzzRunner(target: target, workDirectory: work)
let report = runner.run(corpus: inputs, seed: seed, iterations: iterations, seconds: seconds, beforeEach: heartbeat.beat)
print(report)
if !report.findings.isEmpty {
    let folder = (work as NSString).appendingPathComponent("findings")
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (index, finding) in report.findings.enumerated() {
        try? Data(finding.input).write(to: URL(fileURLWithPath: "\(folder)/\(name)-\(seed)-\(index)"))
        print("  finding \(index): \(finding.error.prefix(300))")
    }
    exit(1)
}
