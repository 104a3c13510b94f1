import Foundation
import VerbinderCore
import VerbinderScenario

/// A fresh temporary folder, removed by ``remove()``.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("verbinder-tests-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

extension Graph {
    /// Whether an edge of `kind` leads from `source` to `target`.
    func hasEdge(from source: Int32, to target: Int32, kind: EdgeKind) -> Bool {
        outEdgeRange(of: source).contains { outTargets[$0] == target && edgeKinds[$0] == kind }
    }

    /// The number of nodes of `kind`.
    func count(of kind: NodeKind) -> Int { nodes.kinds.lazy.filter { $0 == kind }.count }
}
