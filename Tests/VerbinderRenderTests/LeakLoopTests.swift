import Foundation
import Testing
@testable import VerbinderRender
@testable import VerbinderSimulation

/// Renders many pictures in one process, for `Tests/leak-check.sh` (valgrind). Off unless
/// `VERBINDER_LEAK_RENDERS` is set, since it is slow under valgrind and proves nothing on its own.
@Suite("Leak loop")
struct LeakLoopTests {
    static let count = Int(ProcessInfo.processInfo.environment["VERBINDER_LEAK_RENDERS"] ?? "") ?? 0

    @Test("render many pictures in one process", .enabled(if: count > 0))
    func renderMany() throws {
        let input = try RenderInput(summary: nil, outcome: Fixtures.outcomeGraph())
        let formats = RenderFormat.allCases
        let views: [RenderView] = [.network, .aggregate, .arenas]
        for index in 0 ..< Self.count {
            let options = RenderOptions(view: views[index % views.count], format: formats[index % formats.count],
                                        layout: index % 2 == 0 ? .dot : .fdp)
            let picture = try Renderer.render(input, options: options)
            #expect(!picture.data.isEmpty)
            if index % 10 == 0 {
                // Errors must free what they allocated too.
                var bad = GraphSpec(name: "bad")
                bad.nodes = [GraphSpec.Node(id: "n", attributes: [.init("label", .html("<TABLE><TR><TD>open"))])]
                #expect(throws: RenderError.self) { try GraphvizRenderer.render(bad, layout: .dot, format: .svg) }
            }
        }
    }
}
