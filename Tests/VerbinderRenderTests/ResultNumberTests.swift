import Foundation
import Testing
import VerbinderCore
@testable import VerbinderRender
import VerbinderSimulation

/// Numbers read back from a result directory are checked as strictly as a scenario's: a huge, negative,
/// infinite or out-of-range value is an input error naming the key, never a crash or a silent picture.
@Suite("numbers in result files", .serialized)
struct ResultNumberTests {
    /// A result directory whose summary.json has `replacement` applied to the JSON object at `path`.
    static func result(editing keyPath: [String], to value: Any) throws -> String {
        let run = try Fixtures.simulatedRun(weeks: 4)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-numbers-\(UUID().uuidString)/result").path
        try FileManager.default.createDirectory(atPath: (directory as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try run.write(to: directory)
        let file = URL(fileURLWithPath: directory).appendingPathComponent("summary.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        func set(_ object: Any, _ path: ArraySlice<String>) -> Any {
            guard let key = path.first else { return value }
            if let index = Int(key), var array = object as? [Any] {
                array[index] = set(array[index], path.dropFirst())
                return array
            }
            var dictionary = object as? [String: Any] ?? [:]
            dictionary[key] = set(dictionary[key] as Any, path.dropFirst())
            return dictionary
        }
        json = set(json, keyPath[...]) as! [String: Any]
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        return directory
    }

    @Test(arguments: [
        (["praatplaat", "fixer", "fromResidents", "mean"], "1e30", "praatplaat.fixer.fromResidents.mean: 1e+30 is out of range"),
        (["praatplaat", "fixer", "fromResidents", "rate"], "-1", "praatplaat.fixer.fromResidents.rate: -1.0 is out of range"),
        (["praatplaat", "mediator", "fromOfficials", "rate"], "2", "praatplaat.mediator.fromOfficials.rate: 2.0 is out of range"),
        (["praatplaat", "fixer", "fromResidents", "attempts"], "-5", "praatplaat.fixer.fromResidents.attempts: -5 is not a count"),
        (["praatplaat", "fixer", "fromResidents", "successes"], "1000000000", "successes exceed"),
        (["praatplaat", "fixer", "fromResidents", "ci95"], "[0.9, 0.1]", "the lower bound exceeds the upper bound"),
        (["praatplaat", "fixer", "fromResidents", "ci95"], "[0.1]", "expected two bounds"),
        (["outcomes", "stranded"], "-3", "outcomes.stranded: -3 is not a count"),
        (["outcomes", "misdirected"], "-1", "outcomes.misdirected: -1 is not a count"),
        (["connectors", "0", "utilisation"], "1e300", "connectors[0].utilisation"),
        (["network", "trustAfter"], "-0.5", "network.trustAfter: -0.5 is out of range"),
        (["reproduction", "replications"], "0", "reproduction.replications: 0 is out of range"),
    ])
    func outOfRangeNumbersAreInputErrorsNamingTheKey(keyPath: [String], value: String, message: String) throws {
        let json = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        let directory = try Self.result(editing: keyPath, to: json)
        do {
            _ = try RenderInput.load(path: directory)
            Issue.record("\(keyPath) = \(value) was accepted")
        } catch let error as InputError {
            #expect(error.description.contains(message), "\(error)")
            #expect(error.description.contains("summary.json"))
        }
    }

    @Test func aHugeMeanNoLongerCrashesThePraatplaat() throws {
        // Within range, the picture is drawn as before.
        let directory = try Self.result(editing: ["praatplaat", "fixer", "fromResidents", "mean"], to: 0.5)
        let input = try RenderInput.load(path: directory)
        let picture = try Renderer.render(input, options: RenderOptions(view: .praatplaat, format: .svg))
        #expect(!picture.data.isEmpty)
    }
}
