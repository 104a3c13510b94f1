import Foundation
import GRDB
import Testing
import VerbinderTestSupport
import VerbinderExperiments

/// Damaged or edited result stores: every reader refuses them with exit 2 naming the table and row.
@Suite("damaged result stores", .serialized)
struct DamagedStoreTests {
    /// One finished tiny sweep (3 arms × 2 replications), copied for each damage.
    static let scenario = try! Fixtures.scenarioFile().path
    static let pristine: String = {
        let out = try! Fixtures.directory().appendingPathComponent("out").path
        let result = try! VerbinderBinary.run(["sweep", scenario, "--sliders", "residents", "--replications", "2", "--weeks", "2",
                                      "--jobs", "1", "--out", out])
        precondition(result.status == 0, result.stderr)
        return out + "/results.sqlite"
    }()

    /// A copy of the pristine store with `sql` applied (foreign keys off, as a hand edit would be).
    static func damaged(_ sql: String) throws -> String {
        let copy = try Fixtures.directory().appendingPathComponent("results.sqlite").path
        try FileManager.default.copyItem(atPath: pristine, toPath: copy)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        try DatabaseQueue(path: copy, configuration: configuration).writeWithoutTransaction { try $0.execute(sql: sql) }
        return copy
    }

    @Test(arguments: [
        ("UPDATE experiment SET replications = -1", "table experiment, row 1, column replications: -1 is outside"),
        ("UPDATE experiment SET replications = 1000000000", "column replications: 1000000000 is outside"),
        ("UPDATE experiment SET arm_count = 4000000000", "column arm_count"),
        ("UPDATE experiment SET arm_count = 5", "column arm_count: 5 does not match the definition's factors (3 arms)"),
        ("UPDATE experiment SET weeks = 'many'", "column weeks: expected an integer, found 'many'"),
        ("UPDATE experiment SET weeks = 1e30", "column weeks"),
        ("UPDATE experiment SET seed = 'abc'", "column seed: 'abc' is not a seed"),
        ("UPDATE experiment SET definition = '{'", "column definition: not a sweep definition"),
        ("UPDATE experiment SET command = x'ff'", "column command: expected text, found a blob of 1 bytes"),
        ("UPDATE experiment SET shard_index = 7", "column shard_index"),
        ("PRAGMA ignore_check_constraints = ON; INSERT INTO experiment SELECT 2, created, command, version, scenario_path, scenario_name, scenario_description, definition, definition_hash, seed, replications, weeks, arm_count, common_random_numbers, shard_index, shard_count FROM experiment",
         "table experiment holds 2 rows"),
        ("DELETE FROM experiment", "table experiment holds 0 rows"),
        ("DELETE FROM arm_level WHERE arm_id = 1", "table arm_level holds 2 rows, expected one per arm and factor (3)"),
        ("UPDATE arm_level SET factor = 'bogus' WHERE arm_id = 2", "table arm_level, row arm 2, factor bogus: the arm or factor does not exist"),
        ("DELETE FROM arm WHERE id = 2", "table arm holds 2 rows"),
        ("UPDATE arm SET id = 7 WHERE id = 2", "table arm, row 7: the arm index is outside 0–2"),
        ("UPDATE arm SET connector_hours = 'lots' WHERE id = 1", "table arm, row 1: connectors or connector_hours is not a number"),
        ("UPDATE run SET arm_id = 99 WHERE id = 1", "table run, row 1: the run is outside the sweep"),
        ("UPDATE run SET replication = -4 WHERE id = 2", "table run, row 2: the run is outside the sweep"),
        ("UPDATE run SET wall_seconds = -1 WHERE id = 3", "table run, row 3: wall_seconds is not a duration"),
        ("UPDATE metric SET value = 'NaN' WHERE run_id = 2 AND metric = 'successRate'", "table metric, row run 2, metric successRate: the value is not a finite number"),
        ("UPDATE metric SET value = 9e999 WHERE run_id = 1 AND metric = 'successRate'", "table metric, row run 1, metric successRate: the value is not a finite number"),
        ("DROP TABLE arm_level", "table arm_level is missing"),
        ("ALTER TABLE run DROP COLUMN finished", "table run lacks the column finished"),
        ("DELETE FROM factor", "table factor holds 0 rows, but the definition has 1 factors"),
    ])
    func everyReaderRefusesADamagedStoreNamingTableAndRow(sql: String, message: String) throws {
        let store = try Self.damaged(sql)
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        let merged = (store as NSString).deletingLastPathComponent + "/merged.sqlite"
        let scenario = Self.scenario
        for arguments in [["results", store], ["results", store, "--table", "summary"], ["report", store],
                          ["merge", store, "--out", merged], ["compare", "\(store)#arm=0", "\(store)#arm=1"]] {
            let result = try VerbinderBinary.run(arguments)
            #expect(result.status == 2, "\(arguments.prefix(2)) after \(sql): \(result.stderr)")
            #expect(result.stderr.contains("damaged result store") || result.stderr.contains("not a Verbinder result store"),
                    "\(arguments.prefix(2)) after \(sql): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments.prefix(2)) after \(sql): \(result.stderr)")
        }
        let resume = try VerbinderBinary.run(["sweep", scenario, "--sliders", "residents", "--replications", "2", "--weeks", "2",
                                     "--out", (store as NSString).deletingLastPathComponent, "--resume"])
        #expect(resume.status == 2, "--resume after \(sql): \(resume.stderr)")
        #expect(resume.stderr.contains(message) || resume.stderr.contains("(SQLite quick_check: "), "\(resume.stderr)")
        #expect(!FileManager.default.fileExists(atPath: merged))
        #expect(firstDifference(try Data(contentsOf: URL(fileURLWithPath: store)), before) == nil)
    }

    @Test func resumeRefusesAStoreThatFailsSQLitesIntegrityCheck() throws {
        // Point the metric index's root at the run table's root page: SQLite opens and reads the schema, but
        // quick_check finds the index out of step with its table.
        let store = try Self.damaged("""
            PRAGMA writable_schema = ON;
            UPDATE sqlite_schema SET rootpage = (SELECT rootpage FROM sqlite_schema WHERE name = 'run')
              WHERE name = 'metric_by_name';
            PRAGMA writable_schema = OFF;
            """)
        let problems = try DatabaseQueue(path: store).read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
        #expect(problems != ["ok"], "the damage did not damage")
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        let scenario = Self.scenario
        let resume = try VerbinderBinary.run(["sweep", scenario, "--sliders", "residents", "--replications", "2", "--weeks", "2",
                                     "--out", (store as NSString).deletingLastPathComponent, "--resume"])
        #expect(resume.status == 2, "\(resume.stdout) \(resume.stderr)")
        #expect(resume.stderr.contains("the result store is damaged (SQLite quick_check"), "\(resume.stderr)")
        #expect(firstDifference(try Data(contentsOf: URL(fileURLWithPath: store)), before) == nil)
    }
}
