import Testing
import VerbinderCore
import VerbinderScenario

@Suite("Scenario generator")
struct ScenarioGeneratorTests {
    @Test("generated scenarios are valid and hold exactly the requested sizes", arguments: [
        MunicipalitySize(residents: 100_000, neighbourhoods: 12, departments: 8, officials: 1_500, connectors: 10, seed: 3),
        MunicipalitySize(residents: 10, neighbourhoods: 1, departments: 1, officials: 1, connectors: 0),
        MunicipalitySize(residents: 5_000, neighbourhoods: 3, departments: 2, officials: 2, connectors: 7, seed: 9),
    ])
    func sizesAreExact(size: MunicipalitySize) throws {
        let scenario = try Scenario.parse(yaml: ScenarioGenerator.yaml(size), file: "generated.yaml")
        #expect(scenario.residentCount == size.residents)
        #expect(scenario.neighbourhoods.count == size.neighbourhoods)
        #expect(scenario.departments.count == size.departments)
        #expect(scenario.officialCount == size.officials)
        #expect(scenario.connectors.count == size.connectors)
        let covered = Set(scenario.connectors.flatMap(\.neighbourhoods))
        #expect(size.connectors == 0 || covered.count == min(size.neighbourhoods, max(size.connectors, size.neighbourhoods)))
    }

    @Test("the same seed writes the same text; another seed another")
    func deterministic() {
        let size = MunicipalitySize(residents: 50_000, neighbourhoods: 6, departments: 5, officials: 600, connectors: 4, seed: 1)
        var other = size
        other.seed = 2
        #expect(ScenarioGenerator.yaml(size) == ScenarioGenerator.yaml(size))
        #expect(ScenarioGenerator.yaml(size) != ScenarioGenerator.yaml(other))
    }

    @Test("unusable sizes are reported")
    func problems() {
        #expect(MunicipalitySize(residents: 1, neighbourhoods: 0, departments: 0, officials: 0, connectors: -1).problems.count == 3)
    }
}
