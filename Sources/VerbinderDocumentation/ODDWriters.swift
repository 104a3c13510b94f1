import Foundation
import VerbinderSupport

extension ODDDocument {
    /// The document as Markdown (GitHub tables).
    public func markdown() -> String {
        var out = "# \(title)\n"
        for section in sections {
            out += "\n## \(section.title)\n"
            for block in section.blocks {
                switch block {
                case .text(let text), .markdown(let text): out += "\n\(text)\n"
                case .subheading(let text): out += "\n### \(text)\n"
                case .list(let items), .markdownList(let items): out += "\n" + items.map { "- \($0)\n" }.joined()
                case .table(let header, let rows):
                    func row(_ cells: [String]) -> String {
                        "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
                            .joined(separator: " | ") + " |\n"
                    }
                    out += "\n" + row(header) + row(header.map { _ in "---" }) + rows.map(row).joined()
                }
            }
        }
        return out
    }

    /// The document as one offline HTML page: no scripts, no external resources, every text escaped.
    public func html() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>\(xmlEscaped(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
            table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
            th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
            th { background: #eee; }
            code { background: #f3f3f3; padding: 0 0.2rem; }
            </style>
            </head>
            <body>
            <h1>\(xmlEscaped(title))</h1>

            """
        for section in sections {
            out += "<h2>\(xmlEscaped(section.title))</h2>\n"
            for block in section.blocks {
                switch block {
                case .text(let text): out += "<p>\(xmlEscaped(text))</p>\n"
                case .markdown(let text): out += "<p>\(Self.inlineMarkdown(text))</p>\n"
                case .subheading(let text): out += "<h3>\(xmlEscaped(text))</h3>\n"
                case .list(let items): out += "<ul>\n" + items.map { "<li>\(xmlEscaped($0))</li>\n" }.joined() + "</ul>\n"
                case .markdownList(let items): out += "<ul>\n" + items.map { "<li>\(Self.inlineMarkdown($0))</li>\n" }.joined() + "</ul>\n"
                case .table(let header, let rows):
                    out += "<table>\n<tr>" + header.map { "<th>\(xmlEscaped($0))</th>" }.joined() + "</tr>\n"
                    out += rows.map { "<tr>" + $0.map { "<td>\(xmlEscaped($0))</td>" }.joined() + "</tr>\n" }.joined()
                    out += "</table>\n"
                }
            }
        }
        return out + "</body>\n</html>\n"
    }

    /// Escapes `text`, then marks up its inline Markdown: `code`, **bold** and *emphasis* (pairs only).
    static func inlineMarkdown(_ text: String) -> String {
        let marks: [(open: String, tag: String)] = [("`", "code"), ("**", "strong"), ("*", "em")]
        var out = ""
        var rest = Substring(xmlEscaped(text))
        while let (mark, open) = firstMark(in: rest, marks) {
            guard let close = rest.range(of: mark.open, range: open.upperBound ..< rest.endIndex), close.lowerBound > open.upperBound else { break }
            out += rest[..<open.lowerBound]
            out += "<\(mark.tag)>" + rest[open.upperBound ..< close.lowerBound] + "</\(mark.tag)>"
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// The earliest opening mark in `text` (the longer one where two start at the same place).
    private static func firstMark(in text: Substring, _ marks: [(open: String, tag: String)]) -> ((open: String, tag: String), Range<Substring.Index>)? {
        var best: ((open: String, tag: String), Range<Substring.Index>)?
        for mark in marks {
            guard let range = text.range(of: mark.open) else { continue }
            if let current = best, current.1.lowerBound <= range.lowerBound { continue }
            best = (mark, range)
        }
        return best
    }
}
