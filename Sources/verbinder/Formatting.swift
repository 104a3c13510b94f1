import Foundation
import VerbinderSimulation

/// A plain text table: a header, a rule, and left-aligned columns (numbers right-aligned).
func table(_ header: [String], _ rows: [[String]]) -> [String] {
    let widths = header.indices.map { column in
        ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { column, cell in
            let padding = String(repeating: " ", count: widths[column] - cell.count)
            let numeric = Double(cell.replacingOccurrences(of: "%", with: "")) != nil
            return numeric ? padding + cell : cell + padding
        }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    return [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)
}

/// A number with a fixed count of decimals.
func fixed(_ value: Double, _ decimals: Int) -> String {
    value.isNaN ? "nan" : String(format: "%.\(decimals)f", value)
}

/// Deterministic, readable JSON (sorted keys), without the final line break (for `print`).
func jsonText(_ value: some Encodable) throws -> String {
    String(decoding: try jsonData(value).dropLast(), as: UTF8.self)
}
