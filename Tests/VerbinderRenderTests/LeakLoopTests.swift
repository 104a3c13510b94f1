import Foundation
import Testing
@testable import VerbinderRender
@testable import VerbinderSimulation

/// Renders many pictures in one process, for `Tests/leak-check.sh` (LeakSanitizer). Off unless
/// `VERBINDER_LEAK_RENDERS` is set: it is slow under the sanitizer and proves little on its own.
/// Prints the resident set size after the first tenth and at the end, as a second, cruder signal.
@Suite("Leak loop")
struct LeakLoopTests {
    static let count = Int(ProcessInfo.processInfo.environment["VERBINDER_LEAK_RENDERS"] ?? "") ?? 0

    @Test("render many pictures in one process", .enabled(if: count > 0))
    func renderMany() throws {
        let input = try RenderInput(summary: nil, outcome: Fixtures.outcomeGraph())
        let formats = RenderFormat.allCases
        let views: [RenderView] = [.network, .aggregate, .arenas]
        var residentAfterWarmUp = 0
        for index in 0 ..< Self.count {
            if index == Self.count / 10 { residentAfterWarmUp = Self.residentKiB() }
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
        print("leak loop (views): \(Self.count) renders; resident set \(residentAfterWarmUp) KiB after \(Self.count / 10), "
              + "\(Self.residentKiB()) KiB at the end")
    }

    /// The same number of renders of a plain graph (plain labels, no clusters, no HTML-like labels), in
    /// every layout and format: separates Verbinder's own lifecycle (context, graph, layout, buffers)
    /// from leaks inside Graphviz's HTML-label and cluster code.
    @Test("render many plain graphs in one process", .enabled(if: count > 0))
    func renderPlain() throws {
        var spec = GraphSpec(name: "plain")
        spec.nodeDefaults = [.init("fontname", "Helvetica")]
        spec.nodes = (0 ..< 12).map { GraphSpec.Node(id: "n\($0)", attributes: [.init("label", .label("Zoë \($0) & <co>"))]) }
        spec.edges = (0 ..< 12).map { GraphSpec.Edge(tail: "n\($0)", head: "n\(($0 * 5 + 1) % 12)", attributes: [.init("label", .label("\($0)"))]) }
        let layouts = LayoutEngine.allCases
        let formats = RenderFormat.allCases
        for index in 0 ..< Self.count {
            let output = try GraphvizRenderer.render(spec, layout: layouts[index % layouts.count], format: formats[(index / 4) % formats.count])
            #expect(!output.data.isEmpty)
        }
    }

    /// The process's resident set size from /proc/self/statm, in KiB (0 where unavailable).
    static func residentKiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }
}
