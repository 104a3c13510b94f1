import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import VerbinderCore
import VerbinderSupport

/// Reads GraphML (the format Gephi, yEd, igraph and NetworkX write): `<key>` declarations, `<node id>`,
/// `<edge source target>` and their `<data key>` values.
///
/// Node data become attributes under the key's `attr.name` (or its id), typed by its `attr.type`; the edge key
/// named `weight` gives weights (default 1, or the key's `<default>`), `kind` edge kinds, and other edge keys
/// typed edge attributes. `edgedefault="directed"` is recorded, and an edge's own `directed` attribute is
/// accepted but not used (the analysis view decides). Edges may name nodes declared later in the file; a node
/// id that is never declared is an error.
///
/// Entity declarations are refused and processing instructions blanked before parsing (``XMLInput``).
public enum GraphMLReader {
    /// - Throws: ``InputError`` with file and line: malformed XML, missing ids, unknown node ids,
    ///   duplicate node ids, non-numeric or negative weights.
    public static func read(path: String) throws -> NetworkData {
        try read(data: Data(try readText(at: path).utf8), file: path)
    }

    /// Parses GraphML bytes; `file` names them in messages.
    public static func read(data: Data, file: String) throws -> NetworkData {
        let parser = XMLParser(data: try XMLInput.prepared(data, file: file, format: "GraphML"))
        parser.shouldResolveExternalEntities = false
        let delegate = Delegate(file: file)
        parser.delegate = delegate
        if !parser.parse() || delegate.syntaxError != nil {
            let message = delegate.syntaxError?.message ?? parser.parserError.map(describe) ?? "unknown error"
            let line = delegate.syntaxError?.line ?? parser.lineNumber
            throw InputError("malformed GraphML: \(message)", at: SourceLocation(file: file, line: line))
        }
        if !delegate.open.isEmpty {
            throw InputError("malformed GraphML: <\(delegate.open.last!)> is never closed", at: SourceLocation(file: file, line: parser.lineNumber))
        }
        return try delegate.result()
    }

    /// A parser error in words (the XML parser reports libxml2's numeric codes).
    static func describe(_ error: any Error) -> String {
        let code = (error as NSError).code
        let known: [Int: String] = [  // lookup only
            4: "the document is empty", 5: "the document ends too early", 9: "a character that XML does not allow",
            23: "an entity reference without a terminating ';'", 26: "a reference to an undeclared entity (GraphML declares none)",
            38: "an attribute value without quotes", 39: "an attribute without a value", 41: "an attribute without a value",
            64: "a malformed XML declaration", 68: "a name was expected", 73: "'>' was expected", 76: "an end tag that does not match its start tag",
            77: "the document ends inside a tag", 85: "an unclosed element", 89: "an entity that refers to itself",
            111: "text that is not allowed here",
        ]
        return known[code].map { "\($0) (XML parser error \(code))" } ?? "XML parser error \(code)"
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        struct Key { var name: String; var domain: String; var type: AttributeType; var defaultValue: String? }
        struct PendingEdge { var source: String; var target: String; var line: Int; var data: [String: String] }

        let file: String
        var problems: [Diagnostic] = []
        var keys: [String: Key] = [:]          // lookup only
        var keyOrder: [String] = []            // node attribute key ids in declaration order
        var ids: [String] = []
        var index: [String: Int32] = [:]       // lookup only
        var nodeData: [[String: String]] = []
        var edges: [PendingEdge] = []
        var directed: Bool?
        var currentKey: String?
        var currentNode: Int?
        var currentEdge: PendingEdge?
        var currentDataKey: String?
        var text = ""
        var inDefault = false
        var graphDepth = 0
        /// Elements opened and not yet closed, to catch mismatched tags whatever the XML parser recovers from.
        var open: [String] = []
        var syntaxError: (line: Int, message: String)?

        init(file: String) { self.file = file }

        func line(_ parser: XMLParser) -> SourceLocation { SourceLocation(file: file, line: parser.lineNumber) }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            open.append(name)
            switch name {
            case "key":
                guard let id = attributes["id"] else {
                    problems.append(Diagnostic("<key> without 'id'", at: line(parser)))
                    return
                }
                let type: AttributeType = switch attributes["attr.type"] {
                case "int", "long": .int
                case "float", "double": .double
                case "boolean": .boolean
                default: .string
                }
                keys[id] = Key(name: attributes["attr.name"] ?? id, domain: attributes["for"] ?? "all", type: type, defaultValue: nil)
                keyOrder.append(id)
                currentKey = id
            case "default":
                inDefault = true
                text = ""
            case "graph":
                graphDepth += 1
                if graphDepth > 1 { problems.append(Diagnostic("nested graphs are not supported", at: line(parser))) }
                if let value = attributes["edgedefault"] { directed = value == "directed" }
            case "node":
                guard let id = attributes["id"], !id.isEmpty else {
                    problems.append(Diagnostic("<node> without 'id'", at: line(parser)))
                    return
                }
                if index[id] != nil {
                    problems.append(Diagnostic("duplicate node id '\(id)'", at: line(parser)))
                    return
                }
                index[id] = Int32(ids.count)
                ids.append(id)
                nodeData.append([:])
                currentNode = ids.count - 1
            case "edge":
                guard let source = attributes["source"], let target = attributes["target"] else {
                    problems.append(Diagnostic("<edge> needs 'source' and 'target'", at: line(parser)))
                    return
                }
                currentEdge = PendingEdge(source: source, target: target, line: parser.lineNumber, data: [:])
            case "data":
                currentDataKey = attributes["key"]
                text = ""
                if let key = currentDataKey, keys[key] == nil {
                    problems.append(Diagnostic("<data> refers to undeclared key '\(key)'", at: line(parser)))
                }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if syntaxError == nil { syntaxError = (parser.lineNumber, GraphMLReader.describe(parseError)) }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if open.last == name {
                open.removeLast()
            } else if syntaxError == nil {
                syntaxError = (parser.lineNumber, "</\(name)> closes <\(open.last ?? "nothing")>")
                parser.abortParsing()
            }
            switch name {
            case "default":
                if let key = currentKey { keys[key]?.defaultValue = text.trimmingCharacters(in: .whitespacesAndNewlines) }
                inDefault = false
            case "key": currentKey = nil
            case "node": currentNode = nil
            case "edge":
                if let edge = currentEdge { edges.append(edge) }
                currentEdge = nil
            case "data":
                guard let key = currentDataKey else { return }
                let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if currentEdge != nil {
                    currentEdge!.data[key] = value
                } else if let node = currentNode {
                    nodeData[node][key] = value
                }
                currentDataKey = nil
            default: break
            }
        }

        func result() throws -> NetworkData {
            let weightKey = keyOrder.first { keys[$0]!.name == "weight" && keys[$0]!.domain != "node" }
            let kindKey = keyOrder.first { keys[$0]!.name == "kind" && keys[$0]!.domain != "node" }
            var list = EdgeList(nodeCount: ids.count)
            var edgeKinds: [String] = []
            for edge in edges {
                let location = SourceLocation(file: file, line: edge.line)
                var ends: [Int32] = []
                for id in [edge.source, edge.target] {
                    if let node = index[id] { ends.append(node) } else {
                        problems.append(Diagnostic("unknown node id '\(id)'", at: location))
                    }
                }
                var weight = 1.0
                if let weightKey, let text = edge.data[weightKey] ?? keys[weightKey]!.defaultValue {
                    if let value = Double(text), value.isFinite, value >= 0 { weight = value } else {
                        problems.append(Diagnostic("weight '\(text)' is not a finite number of at least 0", at: location))
                    }
                }
                if ends.count == 2 {
                    list.append(ends[0], ends[1], weight: weight)
                    edgeKinds.append(kindKey.flatMap { edge.data[$0] ?? keys[$0]!.defaultValue } ?? "")
                }
            }
            if !problems.isEmpty { throw InputError(problems) }
            var data = NetworkData(source: file, ids: ids, edges: list)
            data.edgeKinds = edgeKinds
            data.statedDirected = directed
            for key in keyOrder where keys[key]!.domain == "node" || keys[key]!.domain == "all" {
                let info = keys[key]!
                if data.attributeNames.contains(info.name) { continue }
                data.setAttribute(info.name, nodeData.map { $0[key] ?? info.defaultValue ?? "" }, type: info.type)
            }
            for key in keyOrder where keys[key]!.domain == "edge" && key != weightKey && key != kindKey {
                let info = keys[key]!
                if data.edgeAttributeNames.contains(info.name) { continue }
                data.setEdgeAttribute(info.name, edges.map { $0.data[key] ?? info.defaultValue ?? "" }, type: info.type)
            }
            if let kinds = data.attribute("kind") { data.kinds = kinds.map { NodeKind(name: $0) } }
            return data
        }
    }
}

/// Writes networks for other tools: GraphML (Gephi, yEd, R igraph, NetworkX) and CSV nodes/edges files
/// (Gephi's spreadsheet import, pandas, R).
///
/// Every node and edge attribute is written with its type (``AttributeType``), so numbers arrive as numbers;
/// an empty value is left out (GraphML) or left empty (CSV), which those tools read as missing.
public enum NetworkExport {
    /// GraphML: node keys `n0, n1, ...` (one per node attribute), edge keys `weight` (double), `kind` and
    /// `e0, e1, ...` (one per edge attribute), each declared with its `attr.type`.
    public static func graphML(_ data: NetworkData, directed: Bool) -> String {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#,
        ]
        for (index, name) in data.attributeNames.enumerated() {
            let type = data.attributeTypes[name] ?? .string
            lines.append(#"  <key id="n\#(index)" for="node" attr.name="\#(xmlEscaped(name))" attr.type="\#(type.rawValue)"/>"#)
        }
        lines.append(#"  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>"#)
        lines.append(#"  <key id="kind" for="edge" attr.name="kind" attr.type="string"/>"#)
        for (index, name) in data.edgeAttributeNames.enumerated() {
            let type = data.edgeAttributeTypes[name] ?? .string
            lines.append(#"  <key id="e\#(index)" for="edge" attr.name="\#(xmlEscaped(name))" attr.type="\#(type.rawValue)"/>"#)
        }
        lines.append(#"  <graph id="G" edgedefault="\#(directed ? "directed" : "undirected")">"#)
        for node in 0 ..< data.nodeCount {
            var line = #"    <node id="\#(xmlEscaped(data.ids[node]))">"#
            for (index, values) in data.attributeValues.enumerated() where !values[node].isEmpty {
                line += #"<data key="n\#(index)">\#(xmlEscaped(values[node]))</data>"#
            }
            lines.append(line + "</node>")
        }
        for edge in 0 ..< data.edges.count {
            let source = xmlEscaped(data.ids[Int(data.edges.sources[edge])]), target = xmlEscaped(data.ids[Int(data.edges.targets[edge])])
            var line = #"    <edge source="\#(source)" target="\#(target)"><data key="weight">\#(formatNumber(data.edges.weights[edge], .exact))</data>"#
            if !data.edgeKinds[edge].isEmpty { line += #"<data key="kind">\#(xmlEscaped(data.edgeKinds[edge]))</data>"# }
            for (index, values) in data.edgeAttributeValues.enumerated() where !values[edge].isEmpty {
                line += #"<data key="e\#(index)">\#(xmlEscaped(values[edge]))</data>"#
            }
            lines.append(line + "</edge>")
        }
        lines += ["  </graph>", "</graphml>", ""]
        return lines.joined(separator: "\n")
    }

    /// `data` with the report's per-node values as node attributes named like the metric columns of
    /// `verbinder analyze` (`betweenness`, `constraint`, `brokerage_liaison`, ...): counts as `int`, the
    /// quadrant as `string`, the rest as `double`; NaN as a missing value. A metric replaces an input
    /// attribute of the same name.
    public static func addingMetrics(_ report: AnalysisReport, to data: NetworkData) -> NetworkData {
        precondition(report.nodeCount == data.nodeCount, "the report is of another network")
        var result = data
        for metric in report.metrics {
            if metric == .quadrant {
                if let quadrants = report.quadrants { result.setAttribute(metric.rawValue, quadrants.map(\.rawValue)) }
                continue
            }
            guard let values = report.values[metric] else { continue }
            result.setAttribute(metric.rawValue, values.map { $0.isFinite ? formatNumber($0, .exact) : "" },
                                type: metric.isCount ? .int : .double)
        }
        return result
    }

    /// A nodes file (`id` then every attribute) and an edges file (`source,target,weight,kind` then every
    /// edge attribute).
    public static func csv(_ data: NetworkData) -> (nodes: String, edges: String) {
        var nodes = [(["id"] + data.attributeNames).map(csvField).joined(separator: ",")]
        for node in 0 ..< data.nodeCount {
            nodes.append(([data.ids[node]] + data.attributeValues.map { $0[node] }).map(csvField).joined(separator: ","))
        }
        var edges = [(["source", "target", "weight", "kind"] + data.edgeAttributeNames).map(csvField).joined(separator: ",")]
        for edge in 0 ..< data.edges.count {
            edges.append(([data.ids[Int(data.edges.sources[edge])], data.ids[Int(data.edges.targets[edge])],
                           formatNumber(data.edges.weights[edge], .exact), data.edgeKinds[edge]] + data.edgeAttributeValues.map { $0[edge] })
                .map(csvField).joined(separator: ","))
        }
        return (nodes.joined(separator: "\n") + "\n", edges.joined(separator: "\n") + "\n")
    }
}
