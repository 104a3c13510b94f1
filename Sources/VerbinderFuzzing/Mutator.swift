import VerbinderCore

/// Seeded byte-level mutations for fuzzing Verbinder's readers: the same seed gives the same inputs.
///
/// Each mutant applies one to four edits to a corpus entry: flip a bit, set a byte to an interesting value,
/// insert or delete a run of bytes, duplicate a chunk, splice in part of another corpus entry, or insert a
/// token from the dictionary (quotes, brackets, line breaks, huge and negative numbers, NaN, XML entities).
public struct Mutator: Sendable {
    private var random: Xoshiro256
    /// Tokens inserted whole; they reach the parsers' special cases faster than single bytes do.
    public var dictionary: [[UInt8]]
    /// The longest input made (longer inputs are cut).
    public var maxLength: Int

    /// Tokens that matter to YAML, JSON, CSV, XML and number parsing.
    public static let defaultDictionary: [String] = [
        "\"", "'", ",", "\n", "\r\n", "\r", "\t", "{", "}", "[", "]", ":", ": ", "- ", "#", "&a", "*a", "!!str", "|", ">",
        "---", "...", "<", ">", "</", "/>", "<!ENTITY", "<!DOCTYPE", "&amp;", "&e;", "SYSTEM \"file:///etc/passwd\"", "<![CDATA[",
        "0", "-1", "1e30", "-1e30", "1e308", "1e999", "NaN", "nan", ".nan", ".inf", "-.inf", "Infinity", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "4294967296", "2147483648", "0.5", "2", "1000000000", "50000000",
        "null", "true", "false", "~", "\u{0}", "\u{FEFF}", "\u{FF}", "é", "\u{2028}", "\"\"", "\\", "\\u0000", "\\ud800",
    ]

    public init(seed: UInt64, dictionary: [String] = Mutator.defaultDictionary, maxLength: Int = 1 << 16) {
        random = Xoshiro256(seed: seed, stream: streamLabel("fuzz"))
        self.dictionary = dictionary.map { Array($0.utf8) }
        self.maxLength = maxLength
    }

    /// A random index in `0 ..< bound` from the same seeded stream.
    public mutating func nextIndex(below bound: Int) -> Int { random.nextIndex(below: bound) }

    /// A mutant of `input`; `corpus` supplies splices.
    public mutating func mutate(_ input: [UInt8], corpus: [[UInt8]]) -> [UInt8] {
        var data = input
        // Mostly one edit: a mutant close to a valid input gets past the parser into the checks behind it.
        for _ in 0 ... (random.chance(0.6) ? 0 : random.nextIndex(below: 4)) {
            switch random.nextIndex(below: 8) {
            case 0 where !data.isEmpty:
                let index = random.nextIndex(below: data.count)
                data[index] ^= UInt8(1) << UInt8(random.nextIndex(below: 8))
            case 1 where !data.isEmpty:
                let interesting: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF, 0x20, 0x0A, 0x22, 0x2C, 0x3C, 0x26, 0x2D, 0x39]
                data[random.nextIndex(below: data.count)] = interesting[random.nextIndex(below: interesting.count)]
            case 2 where !data.isEmpty:
                let start = random.nextIndex(below: data.count)
                let count = min(data.count - start, 1 + random.nextIndex(below: 16))
                data.removeSubrange(start ..< start + count)
            case 3:
                let bytes = (0 ..< 1 + random.nextIndex(below: 8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                data.insert(contentsOf: bytes, at: random.nextIndex(below: data.count + 1))
            case 4 where !data.isEmpty:
                let start = random.nextIndex(below: data.count)
                let chunk = Array(data[start ..< min(data.count, start + 1 + random.nextIndex(below: 64))])
                for _ in 0 ..< 1 + random.nextIndex(below: random.chance(0.1) ? 200 : 3) {
                    data.insert(contentsOf: chunk, at: random.nextIndex(below: data.count + 1))
                    if data.count > maxLength { break }
                }
            case 5 where !corpus.isEmpty:
                let other = corpus[random.nextIndex(below: corpus.count)]
                guard !other.isEmpty else { continue }
                let start = random.nextIndex(below: other.count)
                let piece = other[start ..< min(other.count, start + 1 + random.nextIndex(below: 256))]
                data.insert(contentsOf: piece, at: random.nextIndex(below: data.count + 1))
            case 6 where !data.isEmpty:
                // Replace a number-like run with an extreme number.
                let start = random.nextIndex(below: data.count)
                if let digit = data[start...].firstIndex(where: { (0x30 ... 0x39).contains($0) }) {
                    let end = data[digit...].firstIndex(where: { !(0x30 ... 0x39).contains($0) && $0 != 0x2E }) ?? data.count
                    data.replaceSubrange(digit ..< end, with: dictionary[random.nextIndex(below: dictionary.count)])
                }
            default:
                data.insert(contentsOf: dictionary[random.nextIndex(below: dictionary.count)], at: random.nextIndex(below: data.count + 1))
            }
        }
        if data.count > maxLength { data.removeLast(data.count - maxLength) }
        return data
    }
}
