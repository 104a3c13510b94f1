import Foundation
import Testing
import VerbinderExperiments
import VerbinderScenario
import VerbinderTestSupport

/// `verbinder serve` end to end: the binary on a free loopback port, driven over HTTP.
@Suite("verbinder serve", .serialized)
struct ServeTests {
    func settingsJSON(_ settings: PanelSettings) throws -> String {
        String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
    }

    func escaped(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

    @Test("the page: assets compiled in, a CSP without inline scripts or remote sources, no inline script")
    func page() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let page = try server.request("/")
        #expect(page.status == 200)
        let csp = try #require(page.headers["content-security-policy"])
        #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("http"))
        #expect(page.text.contains("<script src=\"/assets/app.js\" defer></script>"))
        #expect(!page.text.contains("<script>") && !page.text.contains("onclick") && !page.text.contains("style="))
        #expect(try server.request("/assets/app.js").status == 200)
        #expect(try server.request("/assets/app.css").status == 200)
        let openapi = try server.request("/openapi.json").json()
        #expect(openapi["openapi"] as? String == "3.0.3")
    }

    @Test("scenarios, evaluation with a pinned baseline, and the streamed estimates")
    func evaluate() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let list = try #require(try JSONSerialization.jsonObject(with: try server.request("/api/scenarios").body) as? [[String: Any]])
        #expect(list.contains { $0["id"] as? String == "katwijk.yaml" && $0["available"] as? Bool == true })
        #expect(list.contains { ($0["id"] as? String ?? "").hasPrefix("large/") && $0["available"] as? Bool == false })
        let detail = try server.request("/api/scenario?id=katwijk.yaml")
        #expect(detail.status == 200)
        let settings = try JSONDecoder().decode(PanelSettings.self, from: JSONSerialization.data(withJSONObject: try detail.json()["settings"]!))
        var option = settings
        option.interventions.append(.init(kind: "repositioning", startWeek: 0))
        let body = #"{"scenario":"katwijk.yaml","replications":4,"language":"en","settings":\#(try settingsJSON(option)),"baseline":\#(try settingsJSON(settings))}"#
        let reply = try server.request("/api/evaluate", method: "POST", headers: ["Content-Type": "application/json"], body: Data(body.utf8))
        #expect(reply.status == 200, "\(reply.text)")
        let estimate = try reply.json()
        #expect(estimate["done"] as? Int == 4)
        #expect((estimate["praatplaat"] as? [Any])?.count == 8)
        let table = try #require(estimate["table"] as? [String: Any])
        #expect((table["verdict"] as? String ?? "").contains("requests connected per year"))
        #expect((table["rows"] as? [[String: Any]])?.first?["metric"] as? String == "connectedPerYear")

        let stream = try server.request("/api/stream?scenario=katwijk.yaml&replications=6&lang=nl&settings=\(escaped(try settingsJSON(option)))")
        #expect(stream.status == 200)
        #expect(stream.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        let events = stream.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        let estimates = events.filter { $0.hasPrefix("event: estimate") }
        #expect(estimates.count >= 2)
        #expect(estimates.first?.contains("\"done\":2,") == true && estimates.last?.contains("\"done\":6,") == true)
        #expect(events.last == "event: done\ndata: {}")
    }

    @Test("the outcome network: a flow picture with the three arenas as clusters, no loops, in the page's language, cached per settings")
    func outcomeNetwork() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let (text, file) = try shippedText("katwijk.yaml")
        var settings = PanelSettings(try Scenario.parse(yaml: text, file: file))
        let first = try server.request("/api/network.svg?scenario=katwijk.yaml&settings=\(escaped(try settingsJSON(settings)))")
        #expect(first.status == 200, "\(first.text)")
        #expect(first.headers["content-type"] == "image/svg+xml")
        // Dutch by default: the three arenas (Katwijk's partners get no requests: their box is still drawn, grey).
        #expect(first.text.contains("Leefwereld") && first.text.contains("Professioneel netwerk") && first.text.contains("Gemeentelijke organisatie"))
        #expect(first.text.contains("herhaling 0 van de 20") && first.text.contains("geen verzoeken in deze run"))
        #expect(!first.text.contains("<script"))
        // No loops: every edge joins two different nodes (its title is "TAIL->HEAD").
        let titles = first.text.components(separatedBy: "<g id=\"edge").dropFirst().compactMap { edge -> (String, String)? in
            guard let start = edge.range(of: "<title>"), let end = edge.range(of: "</title>") else { return nil }
            let parts = edge[start.upperBound ..< end.lowerBound].components(separatedBy: "&#45;&gt;")
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
        #expect(titles.count >= 10 && titles.allSatisfy { $0.0 != $0.1 })
        let english = try server.request("/api/network.svg?scenario=katwijk.yaml&lang=en&settings=\(escaped(try settingsJSON(settings)))")
        #expect(english.status == 200 && english.text.contains("Lifeworld") && english.text.contains("Professional network"))
        #expect(english.text.contains("requests per year in replication 0 of the 20"))
        #expect(try server.request("/api/network.svg?scenario=katwijk.yaml&lang=de").status == 400)
        #expect(try server.request("/api/network.svg?scenario=katwijk.yaml&settings=\(escaped(try settingsJSON(settings)))").body == first.body)
        settings.interventions = [.init(kind: "repositioning", startWeek: 0)]
        let moved = try server.request("/api/network.svg?scenario=katwijk.yaml&settings=\(escaped(try settingsJSON(settings)))")
        #expect(moved.status == 200 && moved.body != first.body)
        #expect(try server.request("/api/network.svg?scenario=nowhere.yaml").status == 404)
        #expect(try server.request("/api/network.svg?scenario=katwijk.yaml&settings=%7B").status == 400)
    }

    @Test("sweeps from the page: one at a time, progress, cancel, report, results only beside the store")
    func sweeps() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        func start(_ kind: String, weeks: Int) throws -> ServerProcess.Reply {
            try server.request("/api/sweeps", method: "POST", headers: ["Content-Type": "application/json"],
                               body: Data(#"{"kind":"\#(kind)","scenario":"katwijk.yaml","replications":2,"weeks":\#(weeks)}"#.utf8))
        }
        func status(_ id: String) throws -> [String: Any] { try server.request("/api/sweeps/\(id)").json() }
        let long = try start("sliders", weeks: 2)
        #expect(long.status == 202, "\(long.text)")
        let id = try #require(try long.json()["id"] as? String)
        #expect(try long.json()["total"] as? Int == 243 * 2)
        #expect(try start("profiles", weeks: 2).status == 409)
        #expect(try server.request("/api/sweeps/\(id)/report").status == 409)
        #expect(try server.request("/api/sweeps/\(id)", method: "DELETE").status == 200)
        #expect(waitUntil { (try? status(id)["state"] as? String) != "running" })
        let stopped = try status(id)
        #expect(stopped["state"] as? String == "cancelled")
        #expect((stopped["finished"] as? Int ?? 0) < 243 * 2)

        let short = try start("profiles", weeks: 2)
        #expect(short.status == 202, "\(short.text)")
        let done = try #require(try short.json()["id"] as? String)
        #expect(waitUntil { (try? status(done)["state"] as? String) != "running" })
        let finished = try status(done)
        #expect(finished["state"] as? String == "done" && finished["finished"] as? Int == 10, "\(finished)")
        let report = try server.request(try #require(finished["report"] as? String))
        #expect(report.status == 200 && report.text.contains("<html"))
        let csp = try #require(report.headers["content-security-policy"])
        #expect(!csp.contains("script-src") && csp.hasPrefix("default-src 'none'"))
        let list = try #require(try JSONSerialization.jsonObject(with: try server.request("/api/sweeps").body) as? [[String: Any]])
        #expect(list.compactMap { $0["id"] as? String } == [id, done])
        let written = try FileManager.default.contentsOfDirectory(atPath: server.folder.appendingPathComponent("options-sweeps").path).sorted()
        #expect(written == [id, done].sorted())
        #expect(FileManager.default.fileExists(atPath: server.folder.appendingPathComponent("options-sweeps/\(done)/report.html").path))
        #expect(try start("everything", weeks: 2).status == 400)
        #expect(try server.request("/api/sweeps/sweep-000000000000").status == 404)
        #expect(finished["started"] is String && finished["ended"] is String)

        // A restarted server lists the sweeps from its store; one that ran when the server stopped is interrupted.
        let cut = try server.request("/api/sweeps", method: "POST", headers: ["Content-Type": "application/json"],
                                     body: Data(#"{"kind":"sliders","scenario":"katwijk.yaml","replications":100,"weeks":260}"#.utf8))
        #expect(cut.status == 202, "\(cut.text)")
        let interrupted = try #require(try cut.json()["id"] as? String)
        server.stop(keepingFiles: true)
        let restarted = try ServerProcess(folder: server.folder)
        defer { restarted.stop() }
        let kept = try #require(try JSONSerialization.jsonObject(with: try restarted.request("/api/sweeps").body) as? [[String: Any]])
        #expect(kept.compactMap { $0["id"] as? String } == [id, done, interrupted])
        #expect(kept.compactMap { $0["state"] as? String } == ["cancelled", "done", "interrupted"])
        #expect(kept[2]["ended"] == nil && (kept[2]["message"] as? String ?? "").contains("server stopped"))
        let reportAgain = try restarted.request(try #require(kept[1]["report"] as? String))
        #expect(reportAgain.status == 200 && reportAgain.text == report.text)
        #expect(try restarted.request("/api/sweeps/\(interrupted)/report").status == 409)
        // The interrupted sweep no longer blocks a new one.
        #expect(try restarted.request("/api/sweeps", method: "POST", headers: ["Content-Type": "application/json"],
                                      body: Data(#"{"kind":"profiles","scenario":"katwijk.yaml","replications":2,"weeks":2}"#.utf8)).status == 202)
    }

    @Test("the exported YAML validates and verbinder simulate gives the same numbers")
    func exportReproduces() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let (text, file) = try shippedText("katwijk.yaml")
        var settings = PanelSettings(try Scenario.parse(yaml: text, file: file))
        settings.connectors.append(.init(name: "Extra wijkregisseur", neighbourhoods: ["Katwijk-Noord"], hoursPerWeek: 36))
        settings.interventions = [.init(kind: "internalPublicity", startWeek: 8)]
        let query = "scenario=katwijk.yaml&settings=\(escaped(try settingsJSON(settings)))"
        let export = try server.request("/api/export?\(query)")
        #expect(export.status == 200)
        let path = server.folder.appendingPathComponent("option.yaml")
        try export.body.write(to: path)
        #expect(try runVerbinder(["validate", path.path]).status == 0)
        let simulated = try runVerbinder(["simulate", path.path, "--replications", "4", "--format", "json"])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(simulated.stdout.utf8)) as? [String: Any])
        let body = #"{"scenario":"katwijk.yaml","replications":4,"settings":\#(try settingsJSON(settings))}"#
        let estimate = try server.request("/api/evaluate", method: "POST", body: Data(body.utf8)).json()
        let praatplaat = try #require(summary["praatplaat"] as? [String: [String: [String: Any]]])
        for cell in try #require(estimate["praatplaat"] as? [[String: Any]]) {
            let expected = try #require(praatplaat[cell["role"] as! String]?[cell["direction"] as! String])
            #expect(cell["attempts"] as? Int == expected["attempts"] as? Int)
            #expect(cell["mean"] as? Double == expected["mean"] as? Double)
        }
        let outcomes = try #require(summary["outcomes"] as? [String: Any])
        let connected = ["resolved", "resolvedAfterEscalation", "directResolved"].reduce(0) { $0 + (outcomes[$1] as? Int ?? 0) }
        let metrics = try #require(estimate["metrics"] as? [[String: Any]])
        let perYear = try #require(metrics.first { $0["metric"] as? String == "connectedPerYear" }?["mean"] as? Double)
        #expect(abs(perYear - Double(connected) / 4) < 1e-9)
    }

    @Test("a bad upload gets 400 with the same file:line message as verbinder validate")
    func badUpload() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        var (text, _) = try shippedText("katwijk.yaml")
        text = text.replacingOccurrences(of: "hoursPerWeek: 36", with: "hoursPerWeek: lots")
        let reply = try server.request("/api/scenarios?name=broken.yaml", method: "POST", body: Data(text.utf8))
        #expect(reply.status == 400)
        let diagnostics = try #require(try reply.json()["diagnostics"] as? [[String: Any]])
        let folder = server.folder.appendingPathComponent("cli")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: folder.appendingPathComponent("broken.yaml"))
        let validated = try ProcessRunner.run(try VerbinderBinary.path(), ["validate", "broken.yaml"], in: folder)
        let cli = validated.stderr
        #expect(validated.status == 2)
        #expect(!diagnostics.isEmpty)
        for diagnostic in diagnostics {
            let line = try #require(diagnostic["text"] as? String)
            #expect(line.hasPrefix("broken.yaml:"))
            #expect(cli.contains(line), "\(line) not in: \(cli)")
        }
        let good = try server.request("/api/scenarios?name=mine.yaml", method: "POST", body: Data(try shippedText("maassluis.yaml").text.utf8))
        #expect(good.status == 201)
        #expect((try good.json()["id"] as? String ?? "").hasPrefix("upload-"))
        let networked = "name: X\nnetwork: {edges: /etc/passwd}\n"
        #expect(try server.request("/api/scenarios", method: "POST", body: Data(networked.utf8)).status == 400)
    }

    @Test("limits: body size, replications, unknown scenarios, paths outside --scenarios")
    func limits() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let big = Data(repeating: UInt8(ascii: "#"), count: 600 * 1024)
        #expect(try server.request("/api/scenarios", method: "POST", body: big).status == 413)
        #expect(try server.request("/api/stream?scenario=katwijk.yaml&replications=100000").status == 400)
        #expect(try server.request("/api/scenario?id=../Package.swift").status == 404)
        #expect(try server.request("/api/scenario?id=%2Fetc%2Fpasswd").status == 404)
        #expect(try server.request("/api/export?scenario=katwijk.yaml&settings=%7Bnot%20json").status == 400)
        let large = try server.request("/api/stream?scenario=large/residents-1m.yaml")
        #expect(large.status == 400 || large.status == 404)
    }

    @Test("host, origin and token checks")
    func security() throws {
        let local = try ServerProcess()
        defer { local.stop() }
        #expect(try local.request("/api/scenarios", headers: ["Host": "evil.example"]).status == 403)
        #expect(try local.request("/api/scenarios", headers: ["Host": "localhost"]).status == 200)
        let save = #"{"name":"x","scenario":"katwijk.yaml","settings":null}"#
        #expect(try local.request("/api/options", method: "POST", headers: ["Origin": "http://evil.example"], body: Data(save.utf8)).status == 403)

        let shared = try ServerProcess(["--host", "127.0.0.2"])
        defer { shared.stop() }
        let token = try #require(shared.address.split(separator: "token=").last.map(String.init))
        #expect(token.count == 32)
        #expect(try shared.request("/api/scenarios").status == 401)
        #expect(try shared.request("/").status == 401)
        #expect(try shared.request("/api/stream?scenario=katwijk.yaml").status == 401)
        #expect(try shared.request("/api/scenarios?token=wrong").status == 401)
        #expect(try shared.request("/api/scenarios", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        let page = try shared.request("/?token=\(token)")
        #expect(page.status == 200)
        #expect(page.headers["set-cookie"]?.contains("HttpOnly") == true)
        #expect(try shared.request("/api/scenarios", headers: ["Cookie": "verbinder_token=\(token)"]).status == 200)
    }

    @Test("saved options: save, list, compare two, delete")
    func options() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let settings = try JSONSerialization.data(withJSONObject: try server.request("/api/scenario?id=katwijk.yaml").json()["settings"]!)
        var option = try JSONDecoder().decode(PanelSettings.self, from: settings)
        let base = #"{"name":"as it is","scenario":"katwijk.yaml","settings":\#(String(decoding: settings, as: UTF8.self))}"#
        option.connectors[0].hoursPerWeek = 20
        let fewer = #"{"name":"fewer hours <b>","scenario":"katwijk.yaml","settings":\#(try settingsJSON(option))}"#
        let first = try server.request("/api/options", method: "POST", body: Data(base.utf8))
        #expect(first.status == 201)
        let second = try server.request("/api/options", method: "POST", body: Data(fewer.utf8))
        let a = try #require(try first.json()["id"] as? Int), b = try #require(try second.json()["id"] as? Int)
        let listed = try #require(try JSONSerialization.jsonObject(with: try server.request("/api/options").body) as? [[String: Any]])
        #expect(listed.map { $0["name"] as? String } == ["as it is", "fewer hours <b>"])
        let compared = try server.request("/api/compare?a=\(a)&b=\(b)&lang=en")
        #expect(compared.status == 200)
        let table = try #require(try compared.json()["table"] as? [String: Any])
        #expect(table["optionLabel"] as? String == "fewer hours <b>")
        let contracted = try #require((table["rows"] as? [[String: Any]])?.first { $0["metric"] as? String == "contractedHours" })
        #expect(contracted["difference"] as? Double == -16)
        #expect(try server.request("/api/options/\(a)", method: "DELETE").status == 204)
        #expect(try server.request("/api/options/\(a)").status == 404)
    }

    @Test("verbinder options prints the decision table; a bad --try exits 2")
    func optionsCommand() throws {
        let result = try runVerbinder(["options", "scenarios/katwijk.yaml", "--try", "repositioning", "--try", "connector:Katwijk-Noord:36", "--replications", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("repositioning against the baseline (Katwijk as written) (3 paired replications"))
        #expect(result.stdout.contains("connector:Katwijk-Noord:36 against"))
        #expect(result.stdout.contains("requests connected per year (residents helped)"))
        #expect(result.stdout.contains("36.0 more contracted connector hours per week"))
        let bad = try runVerbinder(["options", "scenarios/katwijk.yaml", "--try", "repositionning"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--try repositionning: error: unknown change 'repositionning' (did you mean 'repositioning'?)"))
        #expect(bad.stdout.isEmpty)
    }
}
