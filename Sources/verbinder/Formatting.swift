import Foundation
import VerbinderSupport

/// Deterministic, readable JSON (sorted keys), without the final line break (for `print`).
func jsonText(_ value: some Encodable) throws -> String {
    String(decoding: try CanonicalJSON.pretty(value).dropLast(), as: UTF8.self)
}
