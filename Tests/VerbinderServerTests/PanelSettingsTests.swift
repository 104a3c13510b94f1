import Foundation
import Testing
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderTestSupport

/// A shipped scenario's text and path.
func shippedText(_ name: String) throws -> (text: String, file: String) {
    let file = Repository.root.appendingPathComponent("scenarios/\(name)").path
    return (try String(contentsOfFile: file, encoding: .utf8), file)
}

@Suite("Panel settings")
struct PanelSettingsTests {
    @Test("a scenario's own settings give back the same scenario", arguments: ["katwijk.yaml", "maassluis.yaml", "den-helder.yaml", "leidschendam-voorburg.yaml"])
    func roundTrip(name: String) throws {
        let (text, file) = try shippedText(name)
        let original = try Scenario.parse(yaml: text, file: file)
        var expected = original
        expected.policies.profile = nil
        let again = try PanelSettings(original).scenario(from: text, file: file)
        #expect(again == expected)
    }

    @Test("settings change exactly what they say, and the exported YAML validates to the same scenario")
    func exportReproduces() throws {
        let (text, file) = try shippedText("katwijk.yaml")
        let original = try Scenario.parse(yaml: text, file: file)
        var settings = PanelSettings(original)
        settings.sliders.residents = "high"
        settings.interventions = [.init(kind: "repositioning", startWeek: 10)]
        settings.connectors[1].hoursPerWeek = 24
        settings.connectors.append(.init(name: "Extra <wijkregisseur> & co", neighbourhoods: ["Katwijk-Noord", "Rijnsburg"], hoursPerWeek: 18))
        settings.escalation = .init(route: "alderman", trigger: "afterWait", reluctance: 0.25)
        settings.triage = "byRole"
        let changed = try settings.scenario(from: text, file: file)
        #expect(changed.policies.sliders.residents == .high)
        #expect(changed.policies.interventions == [Intervention(kind: .repositioning, startWeek: 10)])
        #expect(changed.connectors.count == 4)
        #expect(changed.connectors[1].hoursPerWeek == 24)
        #expect(changed.connectors[3].homeDepartment == original.connectors[0].homeDepartment)
        #expect(changed.connectors[3].roleEmphasis == original.connectors[0].roleEmphasis)
        #expect(changed.policies.escalation.route == .alderman && changed.policies.escalation.reluctance == 0.25)
        #expect(changed.policies.capacity.triage == .byRole)
        #expect(changed.neighbourhoods == original.neighbourhoods && changed.departments == original.departments)

        let yaml = try settings.exportYAML(scenarioText: text, file: file)
        let reread = try Scenario.parse(yaml: yaml, file: file)
        #expect(reread == changed)
        var expected = settings
        expected.connectors[3].homeDepartment = original.connectors[0].homeDepartment
        #expect(PanelSettings(reread) == expected)
    }

    @Test("bad settings are refused with the setting's path")
    func badSettings() throws {
        let (text, file) = try shippedText("katwijk.yaml")
        var settings = PanelSettings(try Scenario.parse(yaml: text, file: file))
        settings.sliders.politics = "extreme"
        settings.interventions = [.init(kind: "repositionning", startWeek: 0)]
        settings.escalation.reluctance = 2
        let error = try #require(throws: InputError.self) { try settings.scenario(from: text, file: file) }
        #expect(error.description.contains("settings: error: sliders.politics: unknown level 'extreme'"))
        #expect(error.description.contains("did you mean 'repositioning'?"))
        #expect(error.description.contains("escalation.reluctance: expected a probability between 0 and 1"))
    }

    @Test("a new connector in an unknown neighbourhood is refused by the scenario's own validation")
    func unknownNeighbourhood() throws {
        let (text, file) = try shippedText("katwijk.yaml")
        var settings = PanelSettings(try Scenario.parse(yaml: text, file: file))
        settings.connectors.append(.init(name: "Extra", neighbourhoods: ["Atlantis"], hoursPerWeek: 20))
        let error = try #require(throws: InputError.self) { try settings.scenario(from: text, file: file) }
        #expect(error.description.contains("Atlantis"))
    }
}

@Suite("Option expressions (verbinder options --try)")
struct OptionExpressionTests {
    let scenario: Scenario
    let settings: PanelSettings

    init() throws {
        let (text, file) = try shippedText("katwijk.yaml")
        scenario = try Scenario.parse(yaml: text, file: file)
        settings = PanelSettings(scenario)
    }

    @Test("the grammar's changes")
    func changes() throws {
        var changed = settings
        try OptionExpression("residents=high+repositioning@10+connector:Katwijk-Noord,Rijnsburg:24+hours:Wijkregisseur Zee=30+escalation:alderman+reluctance:0.2+triage:byRole+trigger:afterWait")
            .apply(to: &changed, scenario: scenario)
        #expect(changed.sliders.residents == "high")
        #expect(changed.interventions.last == .init(kind: "repositioning", startWeek: 10))
        #expect(changed.connectors.last == .init(name: "Extra wijkregisseur 4", neighbourhoods: ["Katwijk-Noord", "Rijnsburg"], hoursPerWeek: 24))
        #expect(changed.connectors[0].hoursPerWeek == 30)
        #expect(changed.escalation == .init(route: "alderman", trigger: "afterWait", reluctance: 0.2))
        #expect(changed.triage == "byRole")
        var profiled = settings
        try OptionExpression("profile:tilted+remove:Wijkregisseur Rijn").apply(to: &profiled, scenario: scenario)
        #expect(profiled.sliders == .init(Profile.tilted.sliders))
        #expect(profiled.connectors.map(\.name) == ["Wijkregisseur Zee", "Wijkregisseur Rijnsburg"])
    }

    @Test("bad options say what was expected", arguments: [
        ("repositionning", "did you mean 'repositioning'?"),
        ("connector:Katwijk-Nord:36", "unknown neighbourhood 'Katwijk-Nord' (did you mean 'Katwijk-Noord'?)"),
        ("connector:Katwijk-Noord", "expected connector:NEIGHBOURHOOD[,NEIGHBOURHOOD…]:HOURS"),
        ("residents=extreme", "unknown slider level 'extreme'"),
        ("resident=high", "unknown slider 'resident' (did you mean 'residents'?)"),
        ("repositioning@99", "expected repositioning@WEEK with a week from 0 to 51"),
        ("escalation:mayor", "unknown route 'mayor'"),
        ("hours:Nobody=3", "unknown connector 'Nobody'"),
        ("repositioning++", "expected one or more changes joined by +"),
    ])
    func bad(text: String, message: String) throws {
        var changed = settings
        let error = try #require(throws: InputError.self) { try OptionExpression(text).apply(to: &changed, scenario: scenario) }
        #expect(error.description.contains(message), "\(error.description)")
    }
}

@Suite("Decision table")
struct DecisionTableTests {
    @Test("the baseline against itself: no differences, no verdict of change")
    func identical() throws {
        let (text, file) = try shippedText("katwijk.yaml")
        let tables = try OptionComparison.tables(scenarioText: text, file: file, options: [OptionExpression("triage:firstCome")], replications: 3)
        let table = try #require(tables.first)
        #expect(table.replications == 3)
        #expect(table.rows.allSatisfy { $0.difference == nil || $0.difference == 0 })
        #expect(table.rows.allSatisfy { !$0.significant })
        #expect(table.verdict.hasPrefix("No clear difference in residents helped: 0 requests connected per year"))
        #expect(table.rows.map(\.metric).prefix(3) == ["connectedPerYear", "connectedShare", "successRate"])
        #expect(table.rows.filter { $0.metric == "workload" }.map(\.cell) == ["Wijkregisseur Zee", "Wijkregisseur Rijn", "Wijkregisseur Rijnsburg"])
    }

    @Test("an extra connector: contracted hours rise by its hours, its workload appears, the verdict names the hours")
    func extraConnector() throws {
        let (text, file) = try shippedText("katwijk.yaml")
        let table = try #require(try OptionComparison.tables(scenarioText: text, file: file, options: [OptionExpression("connector:Katwijk-Noord:36")],
                                                              replications: 4, language: .nl).first)
        let contracted = try #require(table.rows.first { $0.metric == "contractedHours" })
        #expect(contracted.difference == 36)
        #expect(table.rows.contains { $0.metric == "workload" && $0.cell == "Extra wijkregisseur 4" && $0.baseline == nil && $0.option != nil })
        #expect(table.verdict.contains("36,0 uur per week meer verbindersuren in dienst"))
        #expect(table.text.contains("gepaarde herhalingen"))
        let csv = table.csv.split(separator: "\n")
        #expect(csv.first == "metric,cell,title,baseline,option,difference,ci_low,ci_high,significant")
        #expect(csv.count == table.rows.count + 1)
    }
}
