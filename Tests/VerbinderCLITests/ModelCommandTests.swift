import Foundation
import VerbinderTestSupport
import Testing

@Suite("verbinder model")
struct ModelCommandTests {
    @Test("--parameters lists the catalogue as text and as JSON; without it the command says what to give")
    func listsParameters() throws {
        let json = try VerbinderBinary.run(["model", "--parameters", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let knowledge = try #require(entries.first { $0["name"] as? String == "connectorKnowledge" })
        #expect((knowledge["range"] as? [Double])?.count == 2 && knowledge["provenance"] is String && knowledge["defaultValue"] is Double)
        #expect(entries.contains { $0["name"] as? String == "cooperationBase.fixer" })
        let text = try VerbinderBinary.run(["model", "--parameters"])
        #expect(text.status == 0 && text.stdout.contains("escalationEffect.alderman") && text.stdout.contains("provenance"))
        let bare = try VerbinderBinary.run(["model"])
        #expect(bare.status == 2 && bare.stderr.contains("--parameters"))
    }
}
