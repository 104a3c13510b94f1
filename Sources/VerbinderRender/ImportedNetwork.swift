import Foundation
import VerbinderAnalysis

extension RenderInput {
    /// A network a researcher brings (CSV edge list or GraphML), drawn like a scenario before any run; the
    /// title is the file's name.
    public init(imported data: NetworkData, path: String) {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        self.path = path
        self.scenarioName = name
        self.network = ActorNetwork(imported: data, name: name)
        self.summary = nil
        self.scenario = nil
    }
}
