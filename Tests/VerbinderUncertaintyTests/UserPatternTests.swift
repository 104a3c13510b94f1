import Foundation
import Testing
import VerbinderCore
import VerbinderScenario
import VerbinderTestSupport
@testable import VerbinderUncertainty

@Suite("User patterns")
struct UserPatternTests {
    static func parse(_ text: String) throws -> [Pattern] {
        try UserPatterns.parse(text, file: "mine.yaml", scenarioText: TinyScenario.yaml, scenarioFile: "tiny.yaml",
                               reserved: Pattern.catalogue.map(\.name))
    }

    @Test func aUserPatternGivesTheBuiltInEffectItRestates() throws {
        // escalation-costs-trust restated: trust after no escalation minus after escalation to the alderman.
        let mine = try Self.parse("""
            patterns:
              - name: my-escalation-costs-trust
                source: Buzing 2024 master thesis §4.3
                baseline: escalation:alderman
                changed: escalation:none
                output: trustAfter
                expect: increase
            """)
        let builtIn = Pattern.catalogue.filter { $0.name == "escalation-costs-trust" }
        let scenario = try TinyScenario.scenario()
        let ours = try PatternRunner.run(scenario, patterns: mine, replications: 4, parameters: Array(TinyScenario.parameters.prefix(2)),
                                         robust: 3, seed: 1, jobs: 2)
        let theirs = try PatternRunner.run(scenario, patterns: builtIn, replications: 4, parameters: Array(TinyScenario.parameters.prefix(2)),
                                           robust: 3, seed: 1, jobs: 2)
        #expect(ours[0].effect == theirs[0].effect && ours[0].robustShare == theirs[0].robustShare)
        #expect(ours[0].replications == 4 && mine[0].role.contains("mine.yaml:2"))
    }

    @Test func anIntervalScoresTheDistanceInsideIt() throws {
        let within = try Self.parse("""
            patterns:
              - {name: inside, source: s, changed: "residents=mid", output: connectedShare, interval: [-0.5, 0.25]}
              - {name: outside, source: s, changed: "residents=mid", output: connectedShare, interval: [0.1, 0.5]}
            """)
        // The tiny scenario's developing profile already has residents at mid: the change is 0 in every
        // replication, 0.25 inside the first interval's upper bound and 0.1 below the second's lower bound.
        let result = try PatternRunner.run(try TinyScenario.scenario(), patterns: within, replications: 3, seed: 1, jobs: 1)
        #expect(result[0].effect == 0.25 && result[0].holds)
        #expect(abs(result[1].effect + 0.1) < 1e-12 && !result[1].holds)
    }

    @Test func aNewConnectorGetsANetworkOfItsOwn() throws {
        let more = try Self.parse("""
            patterns:
              - {name: more, source: s, changed: "connector:Noord,Zuid:30", output: droppedPerYear, expect: decrease}
            """)
        var scenario = try TinyScenario.scenario()
        scenario.run.weeks = 20
        let result = try PatternRunner.run(scenario, patterns: more, replications: 3, seed: 1, jobs: 1)
        #expect(result[0].replications == 3 && result[0].effect >= 0)
    }

    @Test func theShippedExampleIsValidForKatwijk() throws {
        let scenario = Repository.path("scenarios/katwijk.yaml")
        let patterns = try UserPatterns.load(path: Repository.path("examples/patterns-katwijk.yaml"),
                                             scenarioText: try String(contentsOfFile: scenario, encoding: .utf8), scenarioFile: scenario,
                                             reserved: Pattern.catalogue.map(\.name))
        #expect(patterns.map(\.name) == ["extra-connector-drops-less", "transition-manager-connects-more",
                                         "political-backing-lifts-initiatives", "publicity-brings-officials"])
        #expect(patterns.allSatisfy { $0.sideCount == 2 && !$0.scenarioAsGiven })
    }

    @Test(arguments: [
        ("patterns:\n  - {name: a, source: s, changed: internalPublicity, output: conectedShare, expect: increase}\n",
         "mine.yaml:2:", "unknown output 'conectedShare' (did you mean 'connectedShare'?)"),
        ("patterns:\n  - {name: a, source: s, changed: internalPublicty, output: connectedShare, expect: increase}\n",
         "mine.yaml:2:", "changed 'internalPublicty': unknown change 'internalPublicty' (did you mean 'internalPublicity'?)"),
        ("patterns:\n  - {name: a, source: s, changed: residents=higher, output: utilisation, expect: increase}\n",
         "mine.yaml:2:", "unknown slider level 'higher'"),
        ("patterns:\n  - {name: a, changed: internalPublicity, output: utilisation, expect: up}\n",
         "mine.yaml:2:", "missing key 'source'"),
        ("patterns:\n  - {name: a, source: s, changed: internalPublicity, output: utilisation, expect: up}\n",
         "mine.yaml:2:", "expected increase or decrease"),
        ("patterns:\n  - {name: a, source: s, changed: internalPublicity, output: utilisation}\n",
         "mine.yaml:2:", "missing 'expect' (increase or decrease) or 'interval'"),
        ("patterns:\n  - {name: a, source: s, changed: internalPublicity, output: utilisation, interval: [1, 0]}\n",
         "mine.yaml:2:", "lower bound 1.0 must be below its upper bound 0.0"),
        ("patterns:\n  - {name: publicity-paradox, source: s, changed: internalPublicity, output: utilisation, expect: increase}\n",
         "mine.yaml:2:", "pattern 'publicity-paradox' is defined twice (or is a built-in pattern)"),
        ("patterns:\n  - {name: a, source: s, changed: internalPublicity, output: utilisation, expect: increase, direction: up}\n",
         "mine.yaml:2:", "unknown key 'direction'"),
        ("patern:\n  - {name: a}\n", "mine.yaml:1:", "unknown key 'patern' (did you mean 'patterns'?)"),
    ])
    func badFilesAreRefusedWithFileAndLine(text: String, location: String, message: String) throws {
        do {
            _ = try Self.parse(text)
            Issue.record("accepted: \(text)")
        } catch let error as InputError {
            #expect(error.description.contains(location) && error.description.contains(message), "\(error.description)")
        }
    }
}
