import Foundation
import Testing
import VerbinderCore
import VerbinderScenario

/// The parameter catalogue: complete, consistent, and the way a scenario sets the model.
@Suite("Parameter catalogue")
struct ParameterCatalogueTests {
    /// Every number stored in ``ModelParameters``, named as the catalogue names it, found by reflection.
    static func storedParameterNames() -> [String] {
        let levels = ["teamManager", "clusterManager", "alderman"]
        return Mirror(reflecting: ModelParameters()).children.flatMap { child -> [String] in
            let name = child.label ?? "?"
            switch child.value {
            case is Double: return [name]
            case is PerRole: return ConnectorRole.allCases.map { "\(name).\($0.name)" }
            case let values as [Double]: return values.indices.map { "\(name).\(levels[$0])" }
            default: return ["\(name) (unexpected type \(type(of: child.value)))"]
            }
        }
    }

    @Test("the catalogue lists every stored parameter exactly once, and nothing else")
    func coversEveryStoredProperty() {
        let stored = Self.storedParameterNames()
        let listed = ModelParameters.catalogue.map(\.name)
        #expect(Set(listed).count == listed.count, "duplicate names in the catalogue")
        #expect(Set(stored) == Set(listed), "missing: \(Set(stored).subtracting(listed).sorted()); extra: \(Set(listed).subtracting(stored).sorted())")
        #expect(stored.count == listed.count)
    }

    @Test("defaults lie in their plausible ranges, ranges in their domains; every entry has a unit and provenance")
    func defaultsInRange() {
        for parameter in ModelParameters.catalogue {
            #expect(parameter.range.contains(parameter.defaultValue), "\(parameter.name): default \(parameter.defaultValue) outside \(parameter.range)")
            #expect(parameter.domain.contains(parameter.range.lowerBound) && parameter.domain.contains(parameter.range.upperBound),
                    "\(parameter.name): range \(parameter.range) outside domain \(parameter.domain)")
            #expect(parameter.range.lowerBound < parameter.range.upperBound, "\(parameter.name): empty range")
            #expect(!parameter.unit.isEmpty && !parameter.summary.isEmpty, "\(parameter.name)")
            #expect(parameter.provenance.hasPrefix("assumption") || parameter.provenance.contains("Buzing 2024")
                    || parameter.provenance.contains("Platform31") || parameter.provenance.contains("Den Helder"),
                    "\(parameter.name): provenance '\(parameter.provenance)' names no publication and is not marked an assumption")
        }
    }

    @Test("the subscript reads and set(_:to:) writes every parameter; bad names and values are refused")
    func readAndWrite() throws {
        var model = ModelParameters()
        for (index, parameter) in ModelParameters.catalogue.enumerated() {
            #expect(model[parameter: parameter.name] == parameter.defaultValue)
            let value = parameter.range.lowerBound + (parameter.range.upperBound - parameter.range.lowerBound) * Double(index % 7 + 1) / 9
            try model.set(parameter.name, to: value)
            #expect(model[parameter: parameter.name] == value, "\(parameter.name)")
        }
        #expect(model[parameter: "noSuchThing"] == nil)
        #expect(throws: ModelParameterError.self) { try model.set("connectorKnowlege", to: 0.5) }
        #expect(throws: ModelParameterError.self) { try model.set("cooperationBase.fixer", to: 1.5) }
        #expect(throws: ModelParameterError.self) { try model.set("cooperationBase.fixer", to: .nan) }
    }

    @Test("a scenario's model section sets every parameter by its catalogue name, nested for groups")
    func scenarioSetsParameters() throws {
        var plain: [String] = []
        var groups: [(String, [String])] = []
        var expected = ModelParameters()
        for parameter in ModelParameters.catalogue {
            let value = (parameter.range.lowerBound + parameter.range.upperBound) / 2
            try expected.set(parameter.name, to: value)
            if let group = parameter.group {
                if groups.last?.0 != group { groups.append((group, [])) }
                groups[groups.count - 1].1.append("\(parameter.member): \(value)")
            } else {
                plain.append("\(parameter.name): \(value)")
            }
        }
        let section = (plain + groups.map { "\($0.0): {\($0.1.joined(separator: ", "))}" }).map { "  " + $0 }.joined(separator: "\n")
        let scenario = try Scenario.parse(yaml: """
            name: Catalogue
            neighbourhoods: [{name: Noord, residents: 1000}]
            departments: [{name: Wijkzaken, domain: participation, cluster: A, officials: {policy: 2}}]
            connectors: [{name: V, homeDepartment: Wijkzaken, neighbourhoods: [Noord]}]
            model:
            \(section)
            """, file: "catalogue.yaml")
        #expect(scenario.model == expected)
        // And a stored model without some parameters decodes with their defaults.
        let decoded = try JSONDecoder().decode(ModelParameters.self, from: Data(#"{"connectorKnowledge": 0.2, "escalationEffect": [0.1, 0.2, 0.3], "cooperationBase": {"fixer": 0.5}}"#.utf8))
        #expect(decoded[parameter: "connectorKnowledge"] == 0.2 && decoded[parameter: "escalationEffect.alderman"] == 0.3)
        #expect(decoded[parameter: "cooperationBase.fixer"] == 0.5 && decoded[parameter: "cooperationBase.mediator"] == ModelParameters().cooperationBase.mediator)
        #expect(try JSONDecoder().decode(ModelParameters.self, from: JSONEncoder().encode(expected)) == expected)
    }

    @Test("a value outside a parameter's domain is reported with its key path")
    func rejectsOutOfDomain() {
        do {
            _ = try Scenario.parse(yaml: """
                name: Bad
                neighbourhoods: [{name: Noord, residents: 1000}]
                departments: [{name: Wijkzaken, domain: participation, cluster: A, officials: {policy: 2}}]
                connectors: [{name: V, homeDepartment: Wijkzaken, neighbourhoods: [Noord]}]
                model: {cooperationBase: {fixer: 2}, connectorKnowlege: 0.3}
                """, file: "bad.yaml")
            Issue.record("accepted an out-of-domain value")
        } catch let error as InputError {
            #expect(error.description.contains("model.cooperationBase.fixer"))
            #expect(error.description.contains("did you mean 'connectorKnowledge'"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
