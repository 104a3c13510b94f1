import Foundation
import Testing
import VerbinderTestSupport

/// `verbinder odd` end to end.
@Suite("odd command")
struct OddCommandTests {
    @Test("writes the seven elements as HTML to --out, the same bytes twice")
    func writesHTML() throws {
        let folder = try TemporaryFolder.make("verbinder-odd")
        defer { try? FileManager.default.removeItem(at: folder) }
        let one = folder.appendingPathComponent("one.html"), two = folder.appendingPathComponent("two.html")
        for file in [one, two] {
            let result = try VerbinderBinary.run(["odd", "scenarios/maassluis.yaml", "--format", "html", "--out", file.path])
            #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stderr)")
        }
        let html = try String(contentsOf: one, encoding: .utf8)
        #expect(try Data(contentsOf: one) == Data(contentsOf: two))
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<h2>7. Submodels</h2>") && !html.contains("<script"))
        #expect(html.contains("Maassluis") && html.contains("<td>odd command</td>"))
    }

    @Test("a study folder without a store: exit 2, nothing written")
    func badStudy() throws {
        let folder = try TemporaryFolder.make("verbinder-odd")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("odd.md")
        let result = try VerbinderBinary.run(["odd", "scenarios/maassluis.yaml", "--study", folder.path, "--out", out.path])
        #expect(result.status == 2 && result.stderr.contains("no results.sqlite"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
