import Foundation
import VerbinderRender
import VerbinderScenario
import VerbinderSimulation

/// The outcome network of the panel's settings as SVG: replication 0 of the settings simulated with its
/// interactions recorded, drawn as a ``FlowPicture`` (neighbourhoods, partner types, connectors, departments;
/// the three arenas as clusters, left to right; requests per year on every arrow). Pictures are cached per
/// (scenario, settings, language), networks per scenario (through ``RunEngine``), so moving a slider back
/// redraws nothing.
final class NetworkPictures: Sendable {
    private let cache = LockedBox<(values: [String: Data], order: [String])>(([:], []))
    private let capacity: Int

    /// Keeps up to `capacity` pictures.
    init(capacity: Int = 128) { self.capacity = max(1, capacity) }

    /// The SVG of `scenario`'s outcome network in `language`; `key` identifies the scenario and its settings.
    /// - Throws: ``InputError`` when the network cannot be built, ``RenderError`` when Graphviz fails.
    func svg(_ scenario: Scenario, key: String, language: PictureLanguage, engine: RunEngine) async throws -> Data {
        let key = key + "\n" + language.rawValue
        if let cached = cache.withLock({ $0.values[key] }) { return cached }
        let single = { var one = scenario; one.run.replications = 1; return one }()
        let network = try engine.network(of: single)
        let data: Data = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    // Replications are seeded by index only, so this replication 0 is the one the estimates include.
                    let run = Simulator.run(single, network: network)
                    let input = try RenderInput(summary: run.summary, outcome: run.outcomeGraph)
                    let picture = try FlowPicture.render(input, replications: scenario.run.replications, language: language)
                    continuation.resume(returning: picture.data)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        cache.withLock { state in
            if state.values[key] == nil {
                state.order.append(key)
                if state.order.count > capacity { state.values[state.order.removeFirst()] = nil }
            }
            state.values[key] = data
        }
        return data
    }
}
