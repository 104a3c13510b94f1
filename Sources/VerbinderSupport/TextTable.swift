/// A plain text table: the header, a rule, then the rows; columns two spaces apart, numbers (also `12.5%`
/// and `nan`) right-aligned, other cells left-aligned.
package func textTable(_ header: [String], _ rows: [[String]]) -> [String] {
    let widths = header.indices.map { column in
        ([header[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
        var text = ""
        for (column, cell) in cells.enumerated() where column < widths.count {
            let padding = String(repeating: " ", count: widths[column] - cell.count)
            if column > 0 { text += "  " }
            text += isNumeric(cell) ? padding + cell : cell + padding
        }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
    return [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)
}

/// Whether a table cell reads as a number (right-aligned).
private func isNumeric(_ cell: String) -> Bool {
    cell == "nan" || Double(cell.hasSuffix("%") ? String(cell.dropLast()) : cell) != nil
}
