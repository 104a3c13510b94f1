import Testing
import VerbinderCore
import VerbinderScenario

/// A scenario that must be rejected, with every diagnostic it must produce, in order.
struct BadScenario: CustomTestStringConvertible, Sendable {
    var name: String
    var yaml: String
    var expected: [String]

    var testDescription: String { name }
}

/// Bad input gets exactly these messages (`file:line:column: error: key.path: message`), all at once,
/// sorted by location. Lines and columns are 1-based and point at the offending value or key.
@Suite("Bad scenarios")
struct BadScenarioTests {
    static let cases: [BadScenario] = [
        BadScenario(name: "unknown key with a did-you-mean", yaml: """
            name: T
            neighbourhoods:
              - name: Noord
                residents: 100
                hardToReachShar: 0.2
            """, expected: [
                "bad.yaml:5:5: error: neighbourhoods[0].hardToReachShar: unknown key 'hardToReachShar' (did you mean 'hardToReachShare'?)",
            ]),
        BadScenario(name: "misspelt top-level section", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}]
            polices: {profile: tilted}
            """, expected: [
                "bad.yaml:3:1: error: polices: unknown key 'polices' (did you mean 'policies'?)",
            ]),
        BadScenario(name: "unknown key without a near name lists the known ones", yaml: """
            name: T
            run: {weeks: 10, budget: 5}
            neighbourhoods: [{name: Noord, residents: 10}]
            """, expected: [
                "bad.yaml:2:18: error: run.budget: unknown key 'budget' (expected one of: weeks, seed, replications)",
            ]),
        BadScenario(name: "text where a number is expected", yaml: """
            name: T
            neighbourhoods:
              - {name: Noord, residents: many, hardToReachShare: lots}
            """, expected: [
                "bad.yaml:3:30: error: neighbourhoods[0].residents: expected a whole number, found 'many'",
                "bad.yaml:3:54: error: neighbourhoods[0].hardToReachShare: expected a number, found 'lots'",
            ]),
        BadScenario(name: "a fraction where a whole number is expected, a list where text is", yaml: """
            name: [T, U]
            neighbourhoods: [{name: Noord, residents: 1.5}]
            """, expected: [
                "bad.yaml:1:7: error: name: expected text, found a list",
                "bad.yaml:2:43: error: neighbourhoods[0].residents: expected a whole number, found '1.5'",
            ]),
        BadScenario(name: "a list where a mapping is expected", yaml: """
            name: T
            run: [52, 1]
            neighbourhoods: [{name: Noord, residents: 10}]
            """, expected: [
                "bad.yaml:2:6: error: run: expected a mapping (key: value lines), found a list",
            ]),
        BadScenario(name: "a mapping where a list is expected", yaml: """
            name: T
            neighbourhoods: {name: Noord, residents: 10}
            """, expected: [
                "bad.yaml:1:1: error: a scenario needs neighbourhoods and departments, actors, or a network",
                "bad.yaml:2:17: error: neighbourhoods: expected a list, found a mapping",
            ]),
        BadScenario(name: "negative residents and a share above 1", yaml: """
            name: T
            neighbourhoods:
              - name: Noord
                residents: -5
                hardToReachShare: 1.5
            """, expected: [
                "bad.yaml:4:16: error: neighbourhoods[0].residents: -5 is out of range: expected 0 to 50000000",
                "bad.yaml:5:23: error: neighbourhoods[0].hardToReachShare: 1.5 is out of range: expected 0 to 1",
            ]),
        BadScenario(name: "hard-to-reach and usual-suspect shares above 1 together", yaml: """
            name: T
            neighbourhoods:
              - name: Noord
                residents: 100
                hardToReachShare: 0.6
                usualSuspectShare: 0.5
            """, expected: [
                "bad.yaml:3:5: error: neighbourhoods[0]: hardToReachShare + usualSuspectShare is 1.1: expected at most 1",
            ]),
        BadScenario(name: "a connector without capacity", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}]
            departments: [{name: Wijkzaken}]
            connectors:
              - {name: V, homeDepartment: Wijkzaken, neighbourhoods: [Noord], hoursPerWeek: 0}
            """, expected: [
                "bad.yaml:5:81: error: connectors[0].hoursPerWeek: a connector needs some capacity: expected hoursPerWeek above 0",
            ]),
        BadScenario(name: "a connector's department and neighbourhoods that do not exist", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}, {name: Zuid, residents: 10}]
            departments: [{name: Wijkzaken}]
            connectors:
              - name: V
                homeDepartment: Wijkzaak
                neighbourhoods: [Noord, Zuidd, Havenkwartier]
            """, expected: [
                "bad.yaml:6:21: error: connectors[0].homeDepartment: unknown department 'Wijkzaak' (did you mean 'Wijkzaken'?)",
                "bad.yaml:7:29: error: connectors[0].neighbourhoods[1]: unknown neighbourhood 'Zuidd' (did you mean 'Zuid'?)",
                "bad.yaml:7:36: error: connectors[0].neighbourhoods[2]: unknown neighbourhood 'Havenkwartier'",
            ]),
        BadScenario(name: "a connector's single neighbourhood as plain text, misspelt", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}]
            departments: [{name: Wijkzaken}]
            connectors:
              - {name: V, homeDepartment: Wijkzaken, neighbourhoods: Nord}
            """, expected: [
                "bad.yaml:5:58: error: connectors[0].neighbourhoods: unknown neighbourhood 'Nord' (did you mean 'Noord'?)",
            ]),
        BadScenario(name: "a connector without neighbourhoods", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}]
            departments: [{name: Wijkzaken}]
            connectors:
              - {name: V, homeDepartment: Wijkzaken}
            """, expected: [
                "bad.yaml:5:12: error: connectors[0].neighbourhoods: a connector needs at least one neighbourhood",
            ]),
        BadScenario(name: "a tie, a consultation member and a portfolio entry that name nothing", yaml: """
            name: T
            themes: [participation]
            neighbourhoods: [{name: Noord, residents: 10, partners: [police]}]
            departments: [{name: Wijkzaken}]
            aldermen:
              - {name: Wethouder, portfolio: [Wijkzaken, participatie]}
            connectors:
              - {name: V, homeDepartment: Wijkzaken, neighbourhoods: [Noord]}
            ties:
              - {from: V, to: Nobody}
            consultationStructures:
              - {name: Overleg, members: [V, police (Noordd)]}
            """, expected: [
                "bad.yaml:6:46: error: aldermen[0].portfolio[1]: unknown department or theme 'participatie' (did you mean 'participation'?)",
                "bad.yaml:10:19: error: ties[0].to: unknown actor 'Nobody'",
                "bad.yaml:12:34: error: consultationStructures[0].members[1]: unknown actor 'police (Noordd)' (did you mean 'police (Noord)'?)",
            ]),
        BadScenario(name: "managers of departments and clusters that do not exist", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}]
            departments: [{name: Wijkzaken, cluster: Samenleving}]
            managers:
              - {name: M1, level: team, department: Wijkzaak}
              - {name: M2, level: cluster, cluster: Fysiek}
              - {name: M3, level: team}
            """, expected: [
                "bad.yaml:5:41: error: managers[0].department: unknown department 'Wijkzaak' (did you mean 'Wijkzaken'?)",
                "bad.yaml:6:41: error: managers[1].cluster: unknown cluster 'Fysiek'",
                "bad.yaml:7:5: error: managers[2].department: missing required key 'department'",
            ]),
        BadScenario(name: "duplicate names", yaml: """
            name: T
            neighbourhoods:
              - {name: Noord, residents: 10}
              - {name: Noord, residents: 20}
            departments: [{name: Wijkzaken}]
            connectors:
              - {name: Wijkzaken, homeDepartment: Wijkzaken, neighbourhoods: [Noord]}
            consultationStructures:
              - {name: Overleg, members: [Wijkzaken]}
              - {name: Overleg, members: [Wijkzaken]}
            """, expected: [
                "bad.yaml:4:12: error: neighbourhoods[1].name: duplicate name 'Noord' (first declared at line 3)",
                "bad.yaml:7:12: error: connectors[0].name: duplicate name 'Wijkzaken' (first declared at line 5)",
                "bad.yaml:10:12: error: consultationStructures[1].name: duplicate consultation structure name 'Overleg'",
            ]),
        BadScenario(name: "an actor named like a generated partner", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10, partners: [police]}]
            actors:
              - {name: police (Noord), kind: partner}
            """, expected: [
                "bad.yaml:2:58: error: neighbourhoods[0].partners[0]: duplicate name 'police (Noord)' (first declared at line 4)",
            ]),
        BadScenario(name: "duplicate keys", yaml: """
            name: T
            neighbourhoods:
              - {name: Noord, residents: 10, residents: 20}
            """, expected: [
                "bad.yaml:3:19: error: duplicate key 'residents': it appears more than once in this mapping",
            ]),
        BadScenario(name: "unknown enumeration values, with suggestions where one is near", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}]
            departments:
              - {name: Wijkzaken, domain: sociaal}
            actors:
              - {name: A, kind: residentgroup, activity: hardToReach}
            policies:
              profile: participatory
              capacity: {triage: fifo}
            """, expected: [
                "bad.yaml:4:31: error: departments[0].domain: unknown value 'sociaal' (did you mean 'social'?)",
                "bad.yaml:6:21: error: actors[0].kind: unknown value 'residentgroup' (did you mean 'residentGroup'?)",
                "bad.yaml:8:12: error: policies.profile: unknown value 'participatory' (did you mean 'participative'?)",
                "bad.yaml:9:22: error: policies.capacity.triage: unknown value 'fifo' (expected one of: firstCome, byRole, byUrgency)",
            ]),
        BadScenario(name: "a slider level that does not exist", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}]
            policies:
              sliders: {politics: medium, comunication: high}
            """, expected: [
                "bad.yaml:4:23: error: policies.sliders.politics: unknown value 'medium' (expected one of: low, mid, high)",
                "bad.yaml:4:31: error: policies.sliders.comunication: unknown key 'comunication' (did you mean 'communication'?)",
            ]),
        BadScenario(name: "an escalation route to cluster managers without any", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}]
            departments: [{name: Wijkzaken}]
            managers: [{name: M, level: team, department: Wijkzaken}]
            policies:
              escalation: {route: clusterManager}
            """, expected: [
                "bad.yaml:6:23: error: policies.escalation.route: escalation route 'clusterManager' needs at least one manager with level 'cluster'",
            ]),
        BadScenario(name: "an escalation route to an alderman without any", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}]
            policies:
              escalation:
                route: alderman
            """, expected: [
                "bad.yaml:5:12: error: policies.escalation.route: escalation route 'alderman' needs at least one alderman",
            ]),
        BadScenario(name: "an escalation route to team managers without any", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}]
            policies: {escalation: {route: teamManager}}
            """, expected: [
                "bad.yaml:3:32: error: policies.escalation.route: escalation route 'teamManager' needs at least one manager with level 'team'",
            ]),
        BadScenario(name: "an intervention that starts after the run ends", yaml: """
            name: T
            run: {weeks: 10}
            neighbourhoods: [{name: Noord, residents: 10}]
            policies:
              interventions:
                - {kind: internalPublicity, startWeek: 12}
                - {kind: documentedRole, startWeek: 9}
            """, expected: [
                "bad.yaml:6:44: error: policies.interventions[0].startWeek: startWeek 12 is after the run ends: expected below run.weeks (10)",
            ]),
        BadScenario(name: "an intervention without a kind", yaml: """
            name: T
            neighbourhoods: [{name: Noord, residents: 10}]
            policies:
              interventions: [{startWeek: 3}]
            """, expected: [
                "bad.yaml:4:19: error: policies.interventions[0].kind: missing required key 'kind'",
            ]),
        BadScenario(name: "missing required keys", yaml: """
            description: no name
            neighbourhoods: [{name: Noord}]
            """, expected: [
                "bad.yaml:1:1: error: name: missing required key 'name'",
                "bad.yaml:2:18: error: neighbourhoods[0].residents: missing required key 'residents'",
            ]),
        BadScenario(name: "invalid YAML: an unclosed list", yaml: """
            name: [unclosed
            """, expected: [
                "bad.yaml:2:1: error: invalid YAML: while parsing a flow sequence: did not find expected ',' or ']'",
            ]),
        BadScenario(name: "invalid YAML: bad indentation", yaml: """
            name: T
              bad: indent
            """, expected: [
                "bad.yaml:2:6: error: invalid YAML: mapping values are not allowed in this context",
            ]),
        BadScenario(name: "an empty document", yaml: "", expected: [
            "bad.yaml:1: error: empty document: expected a scenario mapping",
        ]),
        BadScenario(name: "a document of comments only", yaml: "# nothing here\n\n", expected: [
            "bad.yaml:1: error: empty document: expected a scenario mapping",
        ]),
        BadScenario(name: "a document that is a single word", yaml: "hello", expected: [
            "bad.yaml:1:1: error: expected a mapping (key: value lines), found 'hello'",
        ]),
        BadScenario(name: "several errors at once, sorted by location", yaml: """
            name: T
            run: {weeks: 0}
            neighbourhoods:
              - {name: Noord, residents: 10}
            departments: [{name: Wijkzaken, barriers: {standardisation: 2}}]
            connectors:
              - {name: V, homeDepartment: Wijkzaken, neighbourhoods: [Nord]}
            generation: {residentTies: many}
            themse: [participation]
            """, expected: [
                "bad.yaml:2:14: error: run.weeks: 0 is out of range: expected 1 to 520",
                "bad.yaml:5:61: error: departments[0].barriers.standardisation: 2 is out of range: expected 0 to 1",
                "bad.yaml:7:59: error: connectors[0].neighbourhoods[0]: unknown neighbourhood 'Nord' (did you mean 'Noord'?)",
                "bad.yaml:8:28: error: generation.residentTies: expected a number, found 'many'",
                "bad.yaml:9:1: error: themse: unknown key 'themse' (did you mean 'themes'?)",
            ]),
    ]

    @Test("each bad scenario gives exactly its diagnostics", arguments: cases)
    func badScenario(_ bad: BadScenario) {
        let error = #expect(throws: InputError.self) { try Scenario.parse(yaml: bad.yaml, file: "bad.yaml") }
        #expect(error?.diagnostics.map(\.description) == bad.expected)
        if let diagnostics = error?.diagnostics {
            #expect(diagnostics.map(\.location) == diagnostics.map(\.location).sorted())
        }
    }

    @Test("the table covers distinct problems")
    func casesAreDistinct() {
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
        #expect(Set(Self.cases.map(\.yaml)).count == Self.cases.count)
    }

    @Test("a valid minimal scenario passes, with the documented defaults")
    func minimalScenario() throws {
        let scenario = try Scenario.parse(yaml: """
            name: Minimal
            neighbourhoods: [{name: Noord, residents: 10}]
            """, file: "minimal.yaml")
        #expect(scenario.connectorTitle == "wijkverbinder")
        #expect(scenario.run.weeks == 52 && scenario.run.seed == 1 && scenario.run.replications == 10)
        let hood = try #require(scenario.neighbourhoods.first)
        #expect(hood.hardToReachShare == 0.2 && hood.usualSuspectShare == 0.1 && hood.initiatives == 2)
        #expect(scenario.policies.profile == nil)
        #expect(scenario.policies.sliders == Profile.developing.sliders)
        #expect(scenario.policies.capacity.triage == .firstCome && scenario.policies.capacity.maxDeferralWeeks == 4)
        let escalation = scenario.policies.escalation
        #expect(escalation.route == .none && escalation.alderman == .own && escalation.trigger == .afterRefusal)
        #expect(escalation.waitDays == 10 && escalation.reluctance == 0.7)
        let generation = scenario.generation
        #expect(generation.residentTies == 4 && generation.initiativeMembership == 0.05 && generation.colleagueTies == 6)
        #expect(generation.connectorContacts == 3 && generation.partnerResidentTies == 10)
    }

    @Test("explicit sliders override the named profile's")
    func slidersOverrideProfile() throws {
        let scenario = try Scenario.parse(yaml: """
            name: Override
            neighbourhoods: [{name: Noord, residents: 10}]
            departments: [{name: Wijkzaken, officials: {policy: 1}}]
            connectors: [{name: V, homeDepartment: Wijkzaken, neighbourhoods: Noord, roleEmphasis: {fixer: 3, mediator: 1}}]
            policies: {profile: organisationOriented, sliders: {residents: high}}
            """, file: "override.yaml")
        var expected = Profile.organisationOriented.sliders
        expected.residents = .high
        #expect(scenario.policies.sliders == expected)
        #expect(scenario.policies.profile == .organisationOriented)
        // Role emphasis is normalised to sum to 1; a single name is a list of one.
        let emphasis = scenario.connectors[0].roleEmphasis
        #expect(ConnectorRole.allCases.map { emphasis[$0] } == [0.75, 0, 0, 0.25])
        #expect(scenario.connectors[0].neighbourhoods == ["Noord"])
    }

    @Test("a file that does not exist")
    func missingFile() {
        let error = #expect(throws: InputError.self) { try Scenario.load(path: "/nonexistent/scenario.yaml") }
        #expect(error?.description == "/nonexistent/scenario.yaml: error: no such file")
    }
}
