import Foundation

/// The model's submodels in words: the steps of a request's life, as `docs/model.md` ("Life of a request")
/// gives them. This is the one source of that text; a test checks that `docs/model.md` says the same.
public enum Submodels {
    /// The sentence before the steps.
    public static let introduction = #"""
Names in `code` are parameters (`verbinder model --parameters` gives default, range and provenance).

"""#

    /// The steps in order, each Markdown text beginning `N. **Title.**`.
    public static let steps: [String] = [
        #"""
1. **Arrival.** Requests arise as Poisson processes: per neighbourhood at `residentRequestRate` per 1,000
   residents per week, and per department at `officialRequestRate` per 100 officials per week, for each of
   the four roles (question → fixer, initiative/plan → entrepreneur, problem/signal → bridge builder,
   conflict → mediator; Buzing 2024 master thesis §4.2). A request concerns one more policy domain with
   probability `integralShare`, repeatedly up to `maxExtraDomains` (the function-specific barrier, thesis
   Table 12). Officials' requests concern a neighbourhood drawn in proportion to its residents. Arrivals draw
   from their own random stream per source; each request then draws **its own decision stream**, seeded at
   arrival, so replication *k* of every experiment arm sees the same requests meeting the same chances
   (common random numbers well beyond arrivals).
"""#,
        #"""
2. **Routing.** A resident of average activity uses the connector with probability *awareness* =
   `residentAwareness` + `awarenessCommunication`·communication + `awarenessParticipation`·residents +
   `awarenessPublicity` (internal publicity) + `awarenessTrust`·(residents' trust − ½). Usual suspects use
   it at `usualSuspectUse` × awareness (they find the town hall themselves, the Platform31 publication
   §2.1); hard-to-reach residents are reached only with probability (`hardToReachReach` +
   `reachParticipation`·residents + `reachCommunication`·communication) × the connector's **outreach
   factor** (role emphasis, below); otherwise their request stays **unvoiced**. An official uses the
   connector with probability (`officialInitiative` + `familiarityPull`·familiarity +
   `pullCommunication`·communication + `pullProcess`·internal process + `publicityEffect` (internal
   publicity) + `pullDocumentedRole` + `pullConsultation` + `pullTransitionManager`) ×
   (1 + `routingTrustWeight`·(trust − `trustReference`)): familiarity draws officials, and a department's
   trust in the connectors steers where its officials go — after escalations against it, fewer come
   (thesis §4.2.2: twelve respondents say officials do not initiate contact; §5.6.2: positive experiences
   bring them back). Over a **bridge** for this neighbourhood, department and role, a request that would
   use the connector goes direct with probability `bridgeStepOut` × the bridge's strength (the connector
   has stepped out, thesis §4.2.3: "eigenlijk wil je jezelf overbodig maken"), which renews the bridge.
"""#,
        #"""
3. **Connector queue.** Each connector has `hoursPerWeek` × (1 − `overheadShare`) hours for requests and
   works at that rate; busy hours are counted as they are worked, so **utilisation never exceeds 1**. Work
   costs `effortHours` per role × (1 + `integralEffort` per extra domain). Triage orders the queue
   (`firstCome`; `byRole` — the connector's role emphasis first; `byUrgency` — conflicts draw urgency from
   `conflictUrgency` to 1, others 0 to 1), ties by time queued. **Deadlines apply to every waiting request**,
   at each week end and when the connector takes the next one: a request that waited longer than
   `policies.capacity.maxDeferralWeeks` is **droppedCapacity** (thesis §5.1.2: "een onbekend aantal
   verbindingsvragen [blijft] onaangeroerd"); a conflict not taken up within `mediationDeadlineDays` ×
   the mediation factor escalates in the neighbourhood (**timedOut**) and lowers residents' trust. So no
   triage order can keep work waiting past its deadline, and dropped work can only fall as hours rise (a
   test checks every triage). With probability `misdirectedShare` × (1 − `communicationTargeting`·
   communication) × `documentedMisdirectedFactor` (documented role) a request brings misdirected work that
   costs `misdirectedEffortHours` and connects nobody.
"""#,
        #"""
4. **The connector's own resources.** Residents' initiatives and problems are settled by the residents
   themselves or with partners once the connector brought them together with probability
   `coProduction`·residents slider (**co-production**, counted as resolved and in `coProduced`). A small
   request (`smallShare`) is settled from the **own budget** while it lasts: `budgetPerWeek` requests per
   connector per week × internal positioning, the full amount after repositioning (the Platform31
   publication §2.1, Apeldoorn's small area budgets: "met een dergelijk budget komt vaak mandaat").
   A resident's question is answered from the connector's **knowledge of the organisation** K with
   probability K^(1 + extra domains) (`answeredFromKnowledge`). K starts at `connectorKnowledge` +
   `knowledgeFromTies` × the share of departments the connector has ties into, and every answer fetched
   from a department adds `knowledgeLearning`·(1 − K) (thesis §4.2.1: answers "door hun parate kennis van
   de organisatie"; lacking it, the connector fetches it from colleagues to pass on, "door te fluisteren").
"""#,
        #"""
5. **Department response.** Otherwise the connector asks the department concerned (residents' requests)
   or the requesting department to follow up (officials' requests), which answers after an exponential
   delay with mean `responseDays` + (`slowResponseDays` − `responseDays`)·internal-orientation barrier. It
   cooperates with probability `cooperationBase[role]` × the factors below, clipped to
   [`minimumChance`, `maximumChance`]:
   - **cluster**: 1 in the connector's home cluster, else `otherClusterFactor` + (1 − it)·
     `positioningClusterLift`·internal positioning; at least `repositionedClusterFactor` after
     repositioning, + `transitionClusterLift` with a transition manager (thesis §4.4: "Binnen ons cluster
     [...] heel fijn werken");
   - **mandate**: `mandateFloor` + (1 − it)·internal positioning; 1 after repositioning ("geen
     doorzettingsmacht of budgetten", thesis §4.3);
   - **process**: `processFloor` + (1 − it)·process, where process is the internal-process slider +
     `transitionProcessLift` with a transition manager;
   - **relation**: `relationBase` + `relationTrustWeight`·(trust − `trustReference`) +
     `relationFamiliarityWeight`·(familiarity − `trustReference`) for this connector and department;
   - **barriers** (thesis Table 12, Nederhand et al. 2019), each 0…1 per department: (1 −
     `standardisationWeight`·s) (1 − `internalOrientationWeight`·i) (1 − `functionSpecificWeight`·f)^extra
     domains (1 − x·`resultOrientationWeight`·r·(1 − `processBuffer`·process));
   - **workload**: 1 − x·`workloadPenalty`·min(1, open connector requests at the department / (officials ×
     `departmentRequestCapacity`)) — a busy department treats requests as extra work;
   - x, the **"extra work" share**, is 1 for requests that ask a department to act and
     `informationExtraWork` (default 0) for questions, which ask colleagues for information (thesis §4.4:
     requests are seen as "extra werk"; §4.2.1: information is passed on);
   - **participation × process**: 1 + `participationProcess`·residents·(process − ½) (the Platform31
     publication: external cooperation only works when internal cooperation works too);
   - **political priority**: 1 + `politicalPriority`·politics — departments give the requests of
     connectors the administration visibly backs priority, with or without escalation;
   - **initiative support**: × the entrepreneur emphasis factor for initiatives and plans;
   - officials' own requests: × (1 + `ownRequestLift`).
"""#,
        #"""
6. **Lifeworld side.** An official's request through the connector succeeds with probability *alone* +
   (1 − *alone*)·min(1, `lifeworldBase[role]`·(1 + `lifeworldParticipation`·(residents − ½))), where
   *alone* = `directOfficialBase[role]`·(½ + residents' trust) is what the official would reach going
   direct: the connector's neighbourhood knowledge and access make up a share of what an official acting
   on assumptions misses (thesis §4.2.1, §5.1.1). For conflicts that share × `lateConflictFactor` unless the
   role is documented or the connector sits in the consultation structures (called in late, thesis §4.2.4).
   A neighbourhood without residents has nobody to engage: success 0, through the connector or direct.
"""#,
        #"""
7. **Escalation.** On a refusal (`afterRefusal`), or when no answer came within `waitDays` (`afterWait`),
   the connector escalates along `policies.escalation.route` (`own` or `responsible` alderman) with
   probability (1 − reluctance)·(1 + `politicsWillingness`·politics), at most 1; repositioning switches the
   route to the own alderman with an explicit portfolio and multiplies reluctance by
   `repositionedReluctance`. It takes `escalationDays` and succeeds with `escalationEffect[level]`
   (alderman: × `implicitPortfolioWeight` for an implicit portfolio holder, + `politicsAldermanLift`·
   politics), **divided by 1 + `escalationWear` × the recent escalations against that department**
   (overuse wears it out; the count fades by `escalationMemoryDecay` a week). Either way the department's
   trust falls by `escalationTrustCost` ("verraad ... de vuile was buiten hangen", thesis §4.3) — and trust
   feeds back into cooperation (relation), officials' routing and, through the wear, escalation itself.
"""#,
        #"""
8. **Outcome.** Connected (**resolved** or **resolvedAfterEscalation**); refused and left (**stranded**,
   or **noOwner** for problems); **escalationFailed**; or, at the end of the run, **open**. Each cooperation
   raises the department's trust by `trustGain`·(1 − trust) and familiarity by `familiarityGain`·(1 +
   `consultationFamiliarityLift` with consultation inclusion)·(1 − familiarity). A solved problem leaves a
   **bridge** with probability `bridgeChance` × the bridge-building emphasis factor: a direct tie between an
   official of the department and a resident, **for this neighbourhood, department and role only**, with
   strength 1 that fades by `bridgeDecay` each week and is renewed whenever a request goes over it.
"""#,
        #"""
9. **Direct route.** Residents face the barriers alone: `directResidentBase[role]` × (1 −
   `directStandardisationWeight`·s) (1 − `directInternalOrientationWeight`·i) (1 −
   `directFunctionSpecificWeight`·f)^extra (1 − `directResultOrientationWeight`·r), × (1 +
   `directInitiativeParticipation`·residents) for initiatives, × (1 + `usualSuspectDirectLift`) for usual
   suspects, × (1 + `directCommunication`·communication) (they know where to go). Officials go into the
   neighbourhood with *alone* (above). A bridge lifts direct success × (1 + `bridgeDirectLift` × strength)
   where it exists. A failed direct conflict lowers residents' trust by `directConflictTrustShare` ×
   `conflictTrustLoss`.
"""#,
        #"""
10. **Residents' trust** per neighbourhood starts at ½, changes by `conflictTrustLoss` per 1,000 residents
    (timed-out conflicts −1×, failed direct conflicts −`directConflictTrustShare`×, connected officials'
    requests +`officialSuccessTrustShare`×) and drifts back `residentTrustDrift` of the way to ½ each week.
"""#,
        #"""
11. **Role emphasis** (thesis Tables 3 and 4) is how a connector spends its time, under every triage: the
    factor of role *r* is 1 + `emphasisEffect`·(4·emphasis*r* − 1) (1 at balanced emphasis): fixer —
    outreach to hard-to-reach residents; entrepreneur — initiative support (cooperation with initiatives
    and plans); bridge builder — the chance a solved problem leaves a bridge; mediator — the mediation
    deadline (conflicts picked up in time).
"""#,
    ]

    /// The section as `docs/model.md` has it, from its heading to the end of the last step.
    public static var markdownSection: String {
        "## Life of a request\n\n" + introduction + "\n" + steps.joined(separator: "\n") + "\n"
    }

    /// A step's title (the bold words), its text on one line and its list items (lines starting `- `) each on
    /// one line, Markdown kept.
    public static func parts(of step: String) -> (title: String, text: String, items: [String]) {
        var paragraphs: [[String]] = [[]]
        for line in step.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("- ") { paragraphs.append([String(line.dropFirst(2))]) } else { paragraphs[paragraphs.count - 1].append(line) }
        }
        let flat = paragraphs[0].joined(separator: " ")
        let items = paragraphs.dropFirst().map { $0.joined(separator: " ") }
        guard let open = flat.range(of: "**"), let close = flat.range(of: "**", range: open.upperBound ..< flat.endIndex) else {
            return ("", flat, items)
        }
        let title = flat[open.upperBound ..< close.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        return (title, flat[close.upperBound...].trimmingCharacters(in: .whitespaces), items)
    }
}
