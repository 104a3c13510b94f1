import Foundation
import Mustache
import VerbinderCore
import VerbinderSupport

/// A section another study adds to the report page (a sensitivity study, a calibration): its anchor, its
/// navigation label and its HTML, whose text the producer has escaped and whose charts are inline SVG.
public struct ReportSection: Sendable {
    public var id: String
    public var navigation: String
    public var html: String

    public init(id: String, navigation: String, html: String) {
        self.id = id
        self.navigation = navigation
        self.html = html
    }
}

extension ExperimentReport {
    /// The report page without a sweep: the same style and layout, holding only `sections`.
    public static func page(title: String, sections: [ReportSection]) throws -> String {
        let template = try MustacheTemplate(string: sectionsTemplate)
        return template.render(SectionsPage(title: title, navigation: sections.map { NavigationLink(id: $0.id, label: $0.navigation) },
                                            sections: sections.map(\.html).joined(separator: "\n")))
    }

    /// Writes a page of `sections` to `path` atomically.
    public static func writePage(title: String, sections: [ReportSection], to path: String) throws {
        try writeAtomically(Data(try page(title: title, sections: sections).utf8), to: path)
    }

    static let sectionsTemplate = """
    \(pageHead)
    <nav>{{#navigation}}<a href="#{{id}}">{{label}}</a>{{/navigation}}</nav>
    {{{sections}}}
    </main>
    </body>
    </html>

    """
}

struct NavigationLink { var id: String; var label: String }
struct SectionsPage { var title: String; var navigation: [NavigationLink]; var sections: String }
