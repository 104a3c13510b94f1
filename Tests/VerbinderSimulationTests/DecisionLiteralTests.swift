import Foundation
import Testing

/// No behavioural number hides in the model's decision code: every one is a ``ModelParameters`` field with a
/// default, range and provenance (`verbinder model --parameters`).
@Suite("Decision code literals")
struct DecisionLiteralTests {
    /// The decision code: `Replication.swift` and its `Replication+*.swift` extensions.
    static func decisionFiles() throws -> [URL] {
        let folder = repositoryRoot.appendingPathComponent("Sources/VerbinderSimulation")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent == "Replication.swift" || $0.lastPathComponent.hasPrefix("Replication+") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Numeric literals in `line` once comments and string literals are removed.
    static func literals(in line: String) -> [String] {
        var code = ""
        var inString = false
        var previous: Character = " "
        for character in line {
            if !inString && previous == "/" && character == "/" { code.removeLast(); break }
            if character == "\"" { inString.toggle() } else if !inString { code.append(character) }
            previous = character
        }
        let pattern = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9_.])(0x[0-9A-Fa-f_]+|[0-9][0-9_]*(\.[0-9_]+)?([eE][-+]?[0-9]+)?)(?![A-Za-z0-9_])"#)
        return pattern.matches(in: code, range: NSRange(code.startIndex..., in: code)).map { String(code[Range($0.range, in: code)!]) }
    }

    @Test("the decision code holds no numeric literal other than 0, 1 and 0.5")
    func noBehaviouralLiterals() throws {
        let files = try Self.decisionFiles()
        #expect(files.count >= 5, "decision files: \(files.map(\.lastPathComponent))")
        let allowed: Set<Double> = [0, 1, 0.5]
        for file in files {
            for (number, line) in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for literal in Self.literals(in: String(line)) where !allowed.contains(Double(literal.replacingOccurrences(of: "_", with: "")) ?? .nan) {
                    Issue.record("\(file.lastPathComponent):\(number + 1): literal \(literal) — make it a ModelParameters field: \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
    }

    @Test("the scan finds literals where they are, and not in comments or strings")
    func scanFindsLiterals() {
        #expect(Self.literals(in: "p *= 1.3 // not 2.5") == ["1.3"])
        #expect(Self.literals(in: #"let s = "week 52"; x = 0.25 * y + 1"#) == ["0.25", "1"])
        #expect(Self.literals(in: "escalationEffect[level] + model.p2 * x1").isEmpty)
        #expect(Self.literals(in: "a << 34 | 1e7") == ["34", "1e7"])
    }
}
