import Testing
@testable import VerbinderServer

@Suite("Run engine")
struct RunEngineTests {
    @Test("runs past the limit are refused until a slot is released")
    func limit() {
        let engine = RunEngine(maxRuns: 2)
        #expect(engine.acquire())
        #expect(engine.acquire())
        #expect(!engine.acquire())
        engine.release()
        #expect(engine.acquire())
    }

    @Test("a slot held by a streamed response is released when the response goes")
    func slot() {
        let engine = RunEngine(maxRuns: 1)
        #expect(engine.acquire())
        var slot: RunSlot? = RunSlot(engine: engine)
        #expect(!engine.acquire())
        slot = nil
        #expect(slot == nil && engine.acquire())
    }

    @Test("a newer run of a session supersedes the older one, not other sessions' runs")
    func supersede() {
        let engine = RunEngine(maxRuns: 4)
        let first = engine.begin(session: "a"), other = engine.begin(session: "b")
        #expect(engine.isCurrent(session: "a", generation: first))
        let second = engine.begin(session: "a")
        #expect(!engine.isCurrent(session: "a", generation: first))
        #expect(engine.isCurrent(session: "a", generation: second))
        #expect(engine.isCurrent(session: "b", generation: other))
    }

    @Test("host names from Host headers", arguments: [("127.0.0.1:8080", "127.0.0.1"), ("localhost", "localhost"), ("[::1]:9", "::1"), ("evil.example:80", "evil.example")])
    func hostNames(authority: String, host: String) {
        #expect(hostName(ofAuthority: authority) == host)
    }
}
