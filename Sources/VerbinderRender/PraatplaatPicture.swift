import VerbinderCore
import VerbinderSimulation
import VerbinderSupport

/// The thesis' praatplaat (Buzing 2024, figure 11, and the thesis' two summary infographics): for each of the four roles, whether the
/// connector connects residents to the municipality (left, lifeworld) and officials to the neighbourhood
/// (right, system world), with the simulated success rate, its 95% CI and a ✓/✗ against a threshold.
enum PraatplaatPicture {
    static let passText = "#015F57"
    static let passFill = "#E1F0EC"
    static let failText = "#B2182B"
    static let failFill = "#F9E4E1"
    static let emptyFill = "#F2F2F2"

    /// What a role does, in the praatplaat's words (the thesis' praatplaat summary): title, Dutch title, activity.
    static func names(of role: ConnectorRole) -> (title: String, dutch: String, activity: String) {
        switch role {
        case .fixer: ("FIXER", "fixer", "informing · informeren")
        case .entrepreneur: ("INNOVATIVE ENTREPRENEUR", "innovatieve ondernemer", "exploring · verkennen")
        case .bridgeBuilder: ("BRIDGE BUILDER", "bruggenbouwer", "signalling · signaleren")
        case .mediator: ("MEDIATOR", "bemiddelaar", "mediating · bemiddelen")
        }
    }

    /// The outcome a cell stands for when it works and when it does not (the thesis' praatplaat summary, DOMAIN.md §3).
    static func outcome(of role: ConnectorRole, _ direction: RequestDirection) -> (success: String, failure: String) {
        switch (role, direction) {
        case (.fixer, .fromResidents): ("Answers to questions about the municipality", "Questions about the municipality unanswered")
        case (.fixer, .fromOfficials): ("Answers to questions about the neighbourhood", "Assumptions about the neighbourhood")
        case (.entrepreneur, .fromResidents): ("Successful resident initiatives", "Resident initiatives strand")
        case (.entrepreneur, .fromOfficials): ("Plans fit the neighbourhood", "Plans miss the neighbourhood")
        case (.bridgeBuilder, _): ("Neighbourhood problems solved", "Unsolved neighbourhood problems")
        case (.mediator, _): ("Direct communication", "Indirect communication")
        }
    }

    /// The rate a cell is judged by: the mean over replications, else the pooled rate.
    static func rate(of cell: PraatplaatCell) -> Double? { cell.mean ?? cell.rate }

    /// Whether a cell passes `threshold`; nil without attempts.
    static func passes(_ cell: PraatplaatCell, threshold: Double) -> Bool? {
        rate(of: cell).map { $0 >= threshold }
    }

    /// The spec of the praatplaat of `summary`.
    static func spec(_ summary: SimulationSummary, threshold: Double, layout: LayoutEngine) -> GraphSpec {
        var spec = GraphSpec(name: "praatplaat")
        let passing = ConnectorRole.allCases.flatMap { role in
            RequestDirection.allCases.map { passes(summary.praatplaat[role, $0], threshold: threshold) }
        }
        let judged = passing.compactMap { $0 }
        let headline = ["\(judged.filter { $0 }.count) of 8 cells connect at ≥ \(formatNumber(threshold, .percent(0))) success",
                        "\(VisualGrammar.grouped(totalAttempts(summary))) connection attempts",
                        "\(summary.reproduction.replications) replications × \(summary.reproduction.weeks) weeks"]
        let legend = Legend(title: "Praatplaat: \(summary.scenario)", headline: headline,
                            note: "praatplaat view · after Buzing (2024), figure 11 · Verbinder \(summary.reproduction.version), seed \(summary.reproduction.seed)")
        spec.attributes = [
            .init("layout", layout.rawValue), .init("fontname", VisualGrammar.font), .init("bgcolor", "white"),
            .init("pad", "0.4"), .init("labelloc", "t"), .init("labeljust", "l"), .init("label", .html(legend.html)),
        ]
        spec.nodeDefaults = [.init("fontname", VisualGrammar.font), .init("shape", "plain")]
        spec.nodes = [GraphSpec.Node(id: "praatplaat", attributes: [.init("label", .html(table(summary.praatplaat, threshold: threshold, replications: summary.reproduction.replications)))])]
        return spec
    }

    static func totalAttempts(_ summary: SimulationSummary) -> Int {
        ConnectorRole.allCases.reduce(0) { total, role in
            total + RequestDirection.allCases.reduce(0) { $0 + summary.praatplaat[role, $1].attempts }
        }
    }

    /// The praatplaat as an HTML-like table: lifeworld | connector | system world.
    static func table(_ plate: Praatplaat, threshold: Double, replications: Int) -> String {
        let life = VisualGrammar.style(of: .lifeworld), system = VisualGrammar.style(of: .municipal)
        func header(_ title: String, _ subtitle: String, _ fill: String, _ colour: String) -> String {
            ##"<TD WIDTH="\##(fill == "#FFE7B3" ? 220 : 330)" BGCOLOR="\##(fill)" CELLPADDING="10"><FONT POINT-SIZE="17" COLOR="\##(colour)"><B>\##(htmlEscaped(title))</B></FONT><BR/><FONT POINT-SIZE="11" COLOR="\##(colour)">\##(htmlEscaped(subtitle))</FONT></TD>"##
        }
        var rows = ["<TR>" + header("LEEFWERELD", "residents → municipality", life.fill, life.text)
            + header("VERBINDER", "role · activity", "#FFE7B3", "#5A3B00")
            + header("SYSTEEMWERELD", "officials → neighbourhood", system.fill, system.text) + "</TR>"]
        for role in ConnectorRole.allCases {
            let names = names(of: role)
            let middle = ##"<TD BGCOLOR="#FFF4DA" CELLPADDING="10"><FONT POINT-SIZE="15"><B>\##(htmlEscaped(names.title))</B></FONT><BR/><FONT POINT-SIZE="11" COLOR="#5A3B00"><I>\##(htmlEscaped(names.dutch))</I></FONT><BR/><FONT POINT-SIZE="11" COLOR="#5A3B00">\##(htmlEscaped(names.activity))</FONT></TD>"##
            rows.append("<TR>" + cell(plate[role, .fromResidents], role: role, direction: .fromResidents, threshold: threshold, replications: replications)
                + middle + cell(plate[role, .fromOfficials], role: role, direction: .fromOfficials, threshold: threshold, replications: replications) + "</TR>")
        }
        let footnote = "Each cell: the share of the connector's attempts in that role and direction that connected. "
            + "✓ at or above the threshold of \(formatNumber(threshold, .percent(0))), with the outcome it stands for; "
            + "✗ below it, with the failure the rest stands for. "
            + "Share: mean over \(replications) replication\(replications == 1 ? "" : "s") with its 95% confidence interval (Student's t); "
            + "n: attempts and connections summed over all replications. Bars: the share connected, with a tick at the threshold."
        rows.append(##"<TR><TD COLSPAN="3" ALIGN="LEFT" CELLPADDING="6"><FONT POINT-SIZE="10" COLOR="\##(VisualGrammar.mutedText)">\##(htmlEscaped(footnote))</FONT></TD></TR>"##)
        return ##"<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="4" CELLPADDING="8" COLOR="#D0D0D0">\##(rows.joined())</TABLE>"##
    }

    /// A fixed-size bar: filled to `rate` in the rate's colour, with a dark tick at `threshold`.
    static func bar(rate: Double, threshold: Double, width: Int = 240) -> String {
        let fill = VisualGrammar.colour(forRate: rate)
        let filled = Int((min(1, max(0, rate)) * Double(width)).rounded())
        let tick = min(width - 2, max(0, Int((threshold * Double(width)).rounded()) - 1))
        // Segments left to right: (width, colour), splitting at the tick.
        var segments: [(Int, String)] = []
        func add(_ from: Int, _ to: Int) {
            if to > from {
                if filled > from { segments.append((min(to, filled) - from, fill)) }
                if to > max(from, filled) { segments.append((to - max(from, filled), "#FFFFFF")) }
            }
        }
        add(0, tick)
        segments.append((2, "#222222"))
        add(tick + 2, width)
        let cells = segments.map { ##"<TD FIXEDSIZE="TRUE" WIDTH="\##($0.0)" HEIGHT="9" BGCOLOR="\##($0.1)"></TD>"## }.joined()
        return ##"<TABLE FIXEDSIZE="TRUE" WIDTH="\##(width + 2)" HEIGHT="11" BORDER="1" COLOR="#BBBBBB" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>\##(cells)</TR></TABLE>"##
    }

    /// One cell: mark, outcome, share connected with CI, n summed over `replications`, and a bar.
    static func cell(_ cell: PraatplaatCell, role: ConnectorRole, direction: RequestDirection, threshold: Double, replications: Int) -> String {
        let outcome = outcome(of: role, direction)
        guard let rate = rate(of: cell), let pass = passes(cell, threshold: threshold) else {
            return ##"<TD BGCOLOR="\##(emptyFill)" WIDTH="330"><FONT POINT-SIZE="22" COLOR="#888888">–</FONT><BR/><FONT POINT-SIZE="11" COLOR="#666666">no connection attempts</FONT></TD>"##
        }
        let colour = pass ? passText : failText
        let mark = pass ? "✓" : "✗"
        var numbers = "\(formatNumber(rate, .percent(0))) connected"
        var caveat = ""
        if let ci = cell.ci95, ci.count == 2 {
            numbers += "  (95% CI \(formatNumber(ci[0], .percent(0)))–\(formatNumber(ci[1], .percent(0))))"
            if ci[0] < threshold && ci[1] >= threshold { caveat = "CI spans the threshold" }
        }
        let bar = self.bar(rate: rate, threshold: threshold)
        var lines = [
            ##"<FONT POINT-SIZE="28" COLOR="\##(colour)"><B>\##(mark)</B></FONT>"##,
            ##"<FONT POINT-SIZE="12" COLOR="\##(colour)"><B>\##(htmlEscaped(pass ? outcome.success : outcome.failure))</B></FONT>"##,
            ##"<FONT POINT-SIZE="12">\##(htmlEscaped(numbers))</FONT>"##,
            ##"<FONT POINT-SIZE="10" COLOR="\##(VisualGrammar.mutedText)">n = \##(VisualGrammar.grouped(cell.attempts)) attempts, \##(VisualGrammar.grouped(cell.successes)) connected (\##(replications == 1 ? "one replication" : "sums over \(replications) replications"))</FONT>"##,
        ]
        if !caveat.isEmpty {
            lines.append(##"<FONT POINT-SIZE="9" COLOR="\##(VisualGrammar.mutedText)"><I>\##(caveat)</I></FONT>"##)
        }
        let text = ##"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">"##
            + lines.map { "<TR><TD>\($0)</TD></TR>" }.joined()
            + ##"<TR><TD CELLPADDING="3">\##(bar)</TD></TR></TABLE>"##
        return ##"<TD BGCOLOR="\##(pass ? passFill : failFill)" WIDTH="330">\##(text)</TD>"##
    }
}
