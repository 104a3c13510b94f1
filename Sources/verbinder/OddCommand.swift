import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderDocumentation
import VerbinderScenario
import VerbinderSupport
import VerbinderUncertainty

/// `verbinder odd`: the model described in the ODD protocol's seven elements, for a scenario.
struct OddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "odd",
        abstract: "Describe the model and a scenario in the ODD protocol's seven elements (Markdown or offline HTML).",
        discussion: """
            Purpose and patterns; entities, state variables and scales; process overview and scheduling; design \
            concepts; initialisation; input data; submodels (Grimm et al. 2020) — filled from the parameter \
            catalogue, the scenario's resolved settings, the submodel text of docs/model.md and the pattern \
            catalogue with each pattern's calibration or validation status, and a TRACE-style appendix: the test \
            suites (--tests, default ./Tests when present) and the sensitivity and calibration runs given with \
            --study, each with the SHA-256 of its store. Same inputs, same bytes.

            Example:
              verbinder odd scenarios/katwijk.yaml --format html --out odd-katwijk.html
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md, html
    }

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(help: "md or html.")
    var format: Format = .md

    @Option(help: ArgumentHelp("Write the document to this file (default: standard output).", valueName: "FILE"))
    var out: String?

    @Option(help: ArgumentHelp("A sensitivity or calibration run to cite (repeatable).", valueName: "DIR"))
    var study: [String] = []

    @Option(help: ArgumentHelp("The test folder to list (default: ./Tests when present).", valueName: "DIR"))
    var tests: String?

    @Option(help: ArgumentHelp("Your own patterns (as for verbinder patterns) to list with the built-in ones.", valueName: "FILE.yaml"))
    var patterns: String?

    func run() throws {
        let text: String
        do {
            text = try String(contentsOfFile: scenario, encoding: .utf8)
        } catch {
            throw InputError("cannot read the scenario: \(error.localizedDescription)", at: SourceLocation(file: scenario))
        }
        let resolved = try Scenario.load(path: scenario)
        var catalogue = Pattern.catalogue
        if let patterns {
            catalogue += try UserPatterns.load(path: patterns, scenarioText: text, scenarioFile: scenario, reserved: catalogue.map(\.name))
        }
        let studies = try study.map(StudyRecord.read(directory:))
        var isFolder: ObjCBool = false
        let testFolder = tests ?? (FileManager.default.fileExists(atPath: "Tests", isDirectory: &isFolder) && isFolder.boolValue ? "Tests" : nil)
        let suites = try testFolder.map(TestSuiteRecord.scan(directory:)) ?? []
        let document = ODDDocument(scenario: resolved, network: try NetworkGenerator.build(resolved), patterns: catalogue,
                                   tests: suites, testsDirectory: testFolder, studies: studies)
        let output = format == .html ? document.html() : document.markdown()
        if let out {
            try AtomicFile.write(Data(output.utf8), to: out)
        } else {
            print(output, terminator: "")
        }
    }
}
