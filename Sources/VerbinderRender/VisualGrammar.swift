import Foundation
import VerbinderCore
import VerbinderSupport

/// Verbinder's visual grammar: arena clusters, node shapes and colours by kind, edge colour by success rate,
/// width by attempts, dashes for ties created during the run, double lines for escalations.
/// `docs/rendering.md` describes it; every picture carries a legend built by ``Legend``.
enum VisualGrammar {
    /// `part` of `whole` as a whole percentage, or "–" when there is nothing to share.
    static func share(_ part: Int, of whole: Int) -> String {
        whole > 0 ? formatNumber(Double(part) / Double(whole), .percent(0)) : "–"
    }

    static let font = "Helvetica"
    static let textColour = "#222222"
    static let mutedText = "#555555"
    /// Structural relations and edges without attempts.
    static let structureColour = "#9A9A9A"

    // MARK: Arenas

    struct ArenaStyle {
        var title: String
        var fill: String
        var border: String
        var text: String
    }

    static func style(of arena: Arena) -> ArenaStyle {
        switch arena {
        case .municipal:
            ArenaStyle(title: "Municipal organisation (systeemwereld)", fill: "#EDF2F8", border: "#8FA8C8", text: "#2E4A6B")
        case .professional:
            ArenaStyle(title: "Professional network", fill: "#F4F0F8", border: "#B3A4CF", text: "#4D3B6E")
        case .lifeworld:
            ArenaStyle(title: "Lifeworld (leefwereld)", fill: "#EFF5EA", border: "#9DBF86", text: "#3C5A2A")
        }
    }

    /// Arenas in drawing order: lifeworld, professional network, municipal organisation
    /// (left to right in the dot layout, as residents reach the municipality through the connector).
    static let arenaOrder: [Arena] = [.lifeworld, .professional, .municipal]

    // MARK: Nodes

    struct NodeStyle {
        var shape: String
        var fill: String
        var border: String
        var fontColour: String
        var penwidth: Double
        /// A short description of the shape, for the legend.
        var shapeName: String
    }

    static func style(of kind: NodeKind) -> NodeStyle {
        switch kind {
        case .resident: NodeStyle(shape: "circle", fill: "#D6E9C6", border: "#6E8F5A", fontColour: textColour, penwidth: 1, shapeName: "circle")
        case .residentGroup: NodeStyle(shape: "ellipse", fill: "#B5D69C", border: "#5C7F45", fontColour: textColour, penwidth: 1, shapeName: "ellipse")
        case .neighbourhood: NodeStyle(shape: "house", fill: "#8DBF6E", border: "#46682F", fontColour: textColour, penwidth: 1.2, shapeName: "house")
        case .partner: NodeStyle(shape: "hexagon", fill: "#D3C5E8", border: "#6F5C94", fontColour: textColour, penwidth: 1, shapeName: "hexagon")
        case .official: NodeStyle(shape: "circle", fill: "#CFE0F1", border: "#5F7FA3", fontColour: textColour, penwidth: 1, shapeName: "circle")
        case .department: NodeStyle(shape: "box", fill: "#A9C8E8", border: "#45698F", fontColour: textColour, penwidth: 1.2, shapeName: "box")
        case .manager: NodeStyle(shape: "box", fill: "#6D9BCB", border: "#2F5378", fontColour: "#FFFFFF", penwidth: 1.2, shapeName: "box")
        case .alderman: NodeStyle(shape: "octagon", fill: "#3D6FA3", border: "#1F3F61", fontColour: "#FFFFFF", penwidth: 1.2, shapeName: "octagon")
        case .connector: NodeStyle(shape: "doubleoctagon", fill: "#FFB000", border: "#7A4B00", fontColour: "#1A1A1A", penwidth: 2.5, shapeName: "double octagon")
        case .transitionManager: NodeStyle(shape: "diamond", fill: "#FFE08A", border: "#7A5C00", fontColour: textColour, penwidth: 1.5, shapeName: "diamond")
        case .theme: NodeStyle(shape: "note", fill: "#EEEEEE", border: "#777777", fontColour: textColour, penwidth: 1, shapeName: "note")
        }
    }

    /// The kind's name for people (plural when `plural`).
    static func title(of kind: NodeKind, plural: Bool = false) -> String {
        switch kind {
        case .resident: plural ? "residents" : "resident"
        case .residentGroup: plural ? "resident initiatives" : "resident initiative"
        case .neighbourhood: plural ? "neighbourhoods" : "neighbourhood"
        case .partner: plural ? "partners" : "partner"
        case .official: plural ? "officials" : "official"
        case .department: plural ? "departments" : "department"
        case .manager: plural ? "managers" : "manager"
        case .alderman: plural ? "aldermen" : "alderman"
        case .connector: plural ? "connectors" : "connector"
        case .transitionManager: plural ? "transition managers" : "transition manager"
        case .theme: plural ? "themes" : "theme"
        }
    }

    // MARK: Edges

    /// Anchors of the success-rate scale: dark red → orange → ochre → teal → dark teal.
    ///
    /// The ends come from ColorBrewer's RdBu and BrBG. They differ in lightness along the way and on the
    /// blue–yellow axis that red–green colour-blind readers still see, so the scale stays ordered for
    /// deuteranopia and protanopia; the ochre middle keeps 50% visible on white.
    static let rateAnchors: [(rate: Double, rgb: (Double, Double, Double))] = [
        (0.00, (0xB2, 0x18, 0x2B)),
        (0.25, (0xE0, 0x6C, 0x3C)),
        (0.50, (0xD4, 0xA7, 0x2C)),
        (0.75, (0x4F, 0xA8, 0x96)),
        (1.00, (0x01, 0x5F, 0x57)),
    ]

    /// The colour of a success rate in 0...1, as `#RRGGBB`.
    static func colour(forRate rate: Double) -> String {
        let r = min(1, max(0, rate.isFinite ? rate : 0))
        var lower = rateAnchors[0]
        var upper = rateAnchors[rateAnchors.count - 1]
        for index in 1 ..< rateAnchors.count where r <= rateAnchors[index].rate {
            lower = rateAnchors[index - 1]
            upper = rateAnchors[index]
            break
        }
        let t = upper.rate > lower.rate ? (r - lower.rate) / (upper.rate - lower.rate) : 0
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * t).rounded()) }
        return hex(mix(lower.rgb.0, upper.rgb.0), mix(lower.rgb.1, upper.rgb.1), mix(lower.rgb.2, upper.rgb.2))
    }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789ABCDEF")
        var text = "#"
        for value in [r, g, b] {
            let clamped = min(255, max(0, value))
            text.append(digits[clamped / 16])
            text.append(digits[clamped % 16])
        }
        return text
    }

    /// Line width for `attempts` when the busiest edge has `maxAttempts`: logarithmic, 0.8 to 7 points.
    static func width(attempts: Int, maxAttempts: Int) -> Double {
        guard attempts > 0, maxAttempts > 0 else { return 0.8 }
        if maxAttempts == 1 { return 2 }
        return 0.8 + 6.2 * log(1 + Double(attempts)) / log(1 + Double(maxAttempts))
    }

    /// Line width for a bundle of `count` structural relations: 0.6 to 3 points.
    static func width(relations count: Int, maxRelations: Int) -> Double {
        guard count > 1, maxRelations > 1 else { return 0.7 }
        return 0.7 + 2.3 * log(Double(count)) / log(Double(maxRelations))
    }

    // MARK: Numbers

    /// `1234567` as "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }
}
