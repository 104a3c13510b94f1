import VerbinderCore

/// The title block and legend drawn into every picture (as the graph's HTML-like label, so it sits at the
/// top whatever the layout engine).
struct Legend {
    /// The title: the scenario's name.
    var title: String
    /// The headline numbers (three for network pictures).
    var headline: [String]
    /// A small grey line: which view, why, and which layout.
    var note: String
    /// Node kinds present, in ``NodeKind`` order.
    var kinds: [NodeKind] = []
    /// Arenas drawn as boxes (only when the layout draws clusters).
    var arenas: [Arena] = []
    /// Whether any edge has attempts (shows the colour scale and widths).
    var showsRates = false
    var maxAttempts = 0
    var showsCreated = false
    var showsEscalation = false
    var showsStructure = false
    var maxRelations = 0
    /// Whether a grey node stands for partners no request reached (the legend says why).
    var idlePartners = false
    /// Extra HTML (a table) drawn between the title and the legend, e.g. the compare view's praatplaat table.
    var extra = ""

    /// The whole block as an HTML-like label.
    var html: String {
        var rows: [String] = []
        rows.append(##"<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="26"><B>\##(htmlEscaped(title))</B></FONT></TD></TR>"##)
        if !headline.isEmpty {
            let text = headline.map(htmlEscaped).joined(separator: ##"<FONT COLOR="#999999">   |   </FONT>"##)
            rows.append(##"<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="16">\##(text)</FONT></TD></TR>"##)
        }
        let mutedLines = [note, idlePartners ? FlowPicture.Words(.en).partnersIdle : ""].filter { !$0.isEmpty }
        for text in mutedLines {
            rows.append(##"<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="\##(VisualGrammar.mutedText)">\##(htmlEscaped(text))</FONT></TD></TR>"##)
        }
        if !extra.isEmpty {
            rows.append(##"<TR><TD ALIGN="LEFT" HEIGHT="6"></TD></TR>"##)
            rows.append(##"<TR><TD ALIGN="LEFT">\##(extra)</TD></TR>"##)
        }
        let sections = [arenaSection, kindSection, rateSection, lineSection].compactMap { $0 }
        if !sections.isEmpty {
            rows.append(##"<TR><TD ALIGN="LEFT" HEIGHT="8"></TD></TR>"##)
            rows.append(##"<TR><TD ALIGN="LEFT">\##(grid(sections))</TD></TR>"##)
        }
        return ##"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">\##(rows.joined())</TABLE>"##
    }

    /// A legend section: a heading over rows of cells (each row `columns` cells wide).
    struct Section {
        var heading: String
        var columns: Int
        var rows: [[String]]
    }

    /// The sections side by side in one flat table, so no section is stretched to another's height.
    private func grid(_ sections: [Section]) -> String {
        let gap = ##"<TD WIDTH="22"></TD>"##
        let height = sections.map(\.rows.count).max() ?? 0
        var rows: [String] = []
        rows.append("<TR>" + sections.map { section in
            ##"<TD ALIGN="LEFT" COLSPAN="\##(section.columns)"><FONT POINT-SIZE="10"><B>\##(htmlEscaped(section.heading))</B></FONT></TD>"##
        }.joined(separator: gap) + "</TR>")
        for index in 0 ..< height {
            rows.append("<TR>" + sections.map { section in
                let cells = index < section.rows.count ? section.rows[index] : []
                return (cells + Array(repeating: "<TD></TD>", count: max(0, section.columns - cells.count))).joined()
            }.joined(separator: gap) + "</TR>")
        }
        return ##"<TABLE BORDER="1" COLOR="#CCCCCC" STYLE="ROUNDED" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">\##(rows.joined())</TABLE>"##
    }

    private func small(_ text: String, colour: String = VisualGrammar.textColour) -> String {
        ##"<FONT POINT-SIZE="9" COLOR="\##(colour)">\##(htmlEscaped(text))</FONT>"##
    }

    private var arenaSection: Section? {
        guard !arenas.isEmpty else { return nil }
        let rows = arenas.map { arena -> [String] in
            let style = VisualGrammar.style(of: arena)
            return [##"<TD ALIGN="LEFT" BGCOLOR="\##(style.fill)" COLOR="\##(style.border)" BORDER="1" STYLE="ROUNDED">\##(small(style.title, colour: style.text))</TD>"##]
        }
        return Section(heading: "Arenas (boxes)", columns: 1, rows: rows)
    }

    private var kindSection: Section? {
        guard !kinds.isEmpty else { return nil }
        let columns = kinds.count > 4 ? 2 : 1
        var rows: [[String]] = []
        var index = 0
        while index < kinds.count {
            rows.append(kinds[index ..< min(kinds.count, index + columns)].map { kind in
                let style = VisualGrammar.style(of: kind)
                let border = kind == .connector ? 2 : 1
                let label = ##"\##(small(VisualGrammar.title(of: kind), colour: style.fontColour)) <FONT POINT-SIZE="7" COLOR="\##(style.fontColour)">(\##(htmlEscaped(style.shapeName)))</FONT>"##
                return ##"<TD BGCOLOR="\##(style.fill)" COLOR="\##(style.border)" BORDER="\##(border)">\##(label)</TD>"##
            })
            index += columns
        }
        let heading = arenas.isEmpty ? "Actors: shape and colour by kind (greens: lifeworld, lavender: professional, blues: municipal)"
            : "Actors: shape and colour by kind"
        return Section(heading: heading, columns: columns, rows: rows)
    }

    private var rateSection: Section? {
        guard showsRates else { return nil }
        let steps = 10
        let swatches = (0 ... steps).map { step in
            ##"<TD BGCOLOR="\##(VisualGrammar.colour(forRate: Double(step) / Double(steps)))" WIDTH="15" HEIGHT="12"></TD>"##
        }.joined()
        let labels = ##"<TD COLSPAN="3" ALIGN="LEFT">\##(small("0%"))</TD><TD COLSPAN="5">\##(small("50%"))</TD><TD COLSPAN="3" ALIGN="RIGHT">\##(small("100%"))</TD>"##
        var rows = [[##"<TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>\##(swatches)</TR><TR>\##(labels)</TR></TABLE></TD>"##]]
        if showsStructure {
            rows.append([##"<TD ALIGN="LEFT">\##(small("grey: no attempts (structure)", colour: VisualGrammar.mutedText))</TD>"##])
        }
        return Section(heading: "Colour: success rate", columns: 1, rows: rows)
    }

    private var lineSection: Section? {
        var rows: [[String]] = []
        func sample(border: Int, sides: String = "B", style: String = "", colour: String = "#555555", height: Int = 7) -> String {
            let dashed = style.isEmpty ? "" : ##" STYLE="\##(style)""##
            return ##"<TD WIDTH="44" HEIGHT="\##(height)" SIDES="\##(sides)" BORDER="\##(border)"\##(dashed) COLOR="\##(colour)"></TD>"##
        }
        func text(_ words: String) -> String { ##"<TD ALIGN="LEFT">\##(small(words))</TD>"## }
        if showsRates && maxAttempts > 0 {
            var samples = [1]
            if maxAttempts >= 10 { samples.append(Int(Double(maxAttempts).squareRoot().rounded())) }
            if maxAttempts > 1 { samples.append(maxAttempts) }
            for attempts in samples {
                let width = max(1, Int(VisualGrammar.width(attempts: attempts, maxAttempts: maxAttempts).rounded()))
                rows.append([sample(border: width), text("\(VisualGrammar.grouped(attempts)) attempt\(attempts == 1 ? "" : "s") (width)")])
            }
            rows.append([sample(border: 2), text("request or referral (arrow: direction)")])
        }
        if showsEscalation {
            rows.append([sample(border: 1, sides: "TB", height: 4), text("escalation (double line, double arrow)")])
        }
        if showsCreated {
            rows.append([sample(border: 2, style: "DASHED"), text("tie created during the run (dashed)")])
        }
        if showsStructure {
            let width = max(1, Int(VisualGrammar.width(relations: maxRelations, maxRelations: maxRelations).rounded()))
            let words = maxRelations > 1 ? "relation in the scenario (width: 1 to \(VisualGrammar.grouped(maxRelations)) ties)"
                : "relation in the scenario"
            rows.append([sample(border: width, colour: VisualGrammar.structureColour), text(words)])
        }
        guard !rows.isEmpty else { return nil }
        return Section(heading: "Lines", columns: 2, rows: rows)
    }
}
