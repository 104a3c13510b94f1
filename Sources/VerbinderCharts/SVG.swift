import VerbinderSupport

/// A node of an SVG (or XHTML) document tree: an element or a run of text.
///
/// Charts are built as trees of these and serialised once by ``render()``, which escapes every attribute
/// value and text run, so no caller ever concatenates markup by hand.
public indirect enum SVGNode: Sendable, Equatable {
    case element(SVGElement)
    case text(String)

    /// The node as markup.
    public func render() -> String {
        var output = ""
        write(to: &output)
        return output
    }

    func write(to output: inout String) {
        switch self {
        case .element(let element): element.write(to: &output)
        case .text(let text): output += xmlEscaped(text)
        }
    }
}

/// One attribute of an element, kept in insertion order so the output is deterministic.
public struct SVGAttribute: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An element with ordered attributes and children.
public struct SVGElement: Sendable, Equatable {
    public var name: String
    public var attributes: [SVGAttribute]
    public var children: [SVGNode]

    /// An element named `name`; attribute values are given as text (see ``svgNumber(_:)`` for numbers).
    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes.map { SVGAttribute($0.key, $0.value) }
        self.children = children
    }

    /// An element holding only `text`.
    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
        self.init(name, attributes, children: [.text(text)])
    }

    /// Sets (or replaces) an attribute.
    public mutating func set(_ name: String, _ value: String) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].value = value
        } else {
            attributes.append(SVGAttribute(name, value))
        }
    }

    /// Appends a child element.
    public mutating func append(_ child: SVGElement) { children.append(.element(child)) }

    /// Appends child elements.
    public mutating func append(contentsOf elements: [SVGElement]) { children += elements.map { .element($0) } }

    /// The value of an attribute, if set.
    public func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

    /// All descendant elements (depth first, this one included) named `name`.
    public func descendants(named name: String) -> [SVGElement] {
        var found: [SVGElement] = self.name == name ? [self] : []
        for case .element(let child) in children { found += child.descendants(named: name) }
        return found
    }

    /// The element as markup (XML syntax, valid inline in HTML5).
    public func render() -> String {
        var output = ""
        write(to: &output)
        return output
    }

    func write(to output: inout String) {
        output += "<" + name
        for attribute in attributes {
            output += " " + attribute.name + "=\"" + xmlEscaped(attribute.value) + "\""
        }
        if children.isEmpty {
            output += "/>"
            return
        }
        output += ">"
        for child in children { child.write(to: &output) }
        output += "</" + name + ">"
    }
}

/// A coordinate or length for an attribute: at most two decimals, no trailing zeros, never `nan`.
public func svgNumber(_ value: Double) -> String {
    value.isFinite ? formatNumber(value, .trimmed(2)) : "0"
}

/// Shorthand constructors for the elements charts use.
public enum SVG {
    /// A root `<svg>` element with a view box of `width` × `height` that scales to its container's width.
    public static func document(width: Double, height: Double, title: String, children: [SVGElement]) -> SVGElement {
        var root = SVGElement("svg", [
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": "0 0 \(svgNumber(width)) \(svgNumber(height))",
            "width": svgNumber(width),
            "role": "img",
            "class": "chart",
        ])
        root.set("aria-label", title)
        root.append(SVGElement("title", text: title))
        root.append(contentsOf: children)
        return root
    }

    public static func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                            title: String? = nil, stroke: String? = nil) -> SVGElement {
        var element = SVGElement("rect", [
            "x": svgNumber(x), "y": svgNumber(y), "width": svgNumber(max(0, width)), "height": svgNumber(max(0, height)),
            "fill": fill,
        ])
        if let stroke { element.set("stroke", stroke) }
        if let title { element.append(SVGElement("title", text: title)) }
        return element
    }

    public static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#444",
                            width: Double = 1, dash: String? = nil) -> SVGElement {
        var element = SVGElement("line", [
            "x1": svgNumber(x1), "y1": svgNumber(y1), "x2": svgNumber(x2), "y2": svgNumber(y2),
            "stroke": stroke, "stroke-width": svgNumber(width),
        ])
        if let dash { element.set("stroke-dasharray", dash) }
        return element
    }

    /// Text; `anchor` is `start`, `middle` or `end`.
    public static func text(_ content: String, x: Double, y: Double, anchor: String = "start", size: Double = 11,
                            weight: String? = nil, fill: String = "#222", rotate: Double? = nil) -> SVGElement {
        var element = SVGElement("text", [
            "x": svgNumber(x), "y": svgNumber(y), "text-anchor": anchor, "font-size": svgNumber(size), "fill": fill,
        ], text: content)
        if let weight { element.set("font-weight", weight) }
        if let rotate { element.set("transform", "rotate(\(svgNumber(rotate)) \(svgNumber(x)) \(svgNumber(y)))") }
        return element
    }

    /// A polyline through `points`.
    public static func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2) -> SVGElement {
        SVGElement("polyline", [
            "points": points.map { "\(svgNumber($0.0)),\(svgNumber($0.1))" }.joined(separator: " "),
            "fill": "none", "stroke": stroke, "stroke-width": svgNumber(width),
        ])
    }

    /// A closed, filled polygon.
    public static func polygon(_ points: [(Double, Double)], fill: String, opacity: Double = 1) -> SVGElement {
        SVGElement("polygon", [
            "points": points.map { "\(svgNumber($0.0)),\(svgNumber($0.1))" }.joined(separator: " "),
            "fill": fill, "fill-opacity": svgNumber(opacity),
        ])
    }

    public static func circle(cx: Double, cy: Double, r: Double, fill: String, title: String? = nil) -> SVGElement {
        var element = SVGElement("circle", ["cx": svgNumber(cx), "cy": svgNumber(cy), "r": svgNumber(r), "fill": fill])
        if let title { element.append(SVGElement("title", text: title)) }
        return element
    }

    /// A group translated by (`x`, `y`).
    public static func group(x: Double = 0, y: Double = 0, _ children: [SVGElement]) -> SVGElement {
        var element = SVGElement("g")
        if x != 0 || y != 0 { element.set("transform", "translate(\(svgNumber(x)),\(svgNumber(y)))") }
        element.append(contentsOf: children)
        return element
    }
}
