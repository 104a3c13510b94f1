import Testing
import VerbinderCore

/// Reference outputs of the published C algorithms, and the statistical sanity of the helpers.
///
/// The hard-coded numbers were computed with a small C program that copies the reference code of
/// Blackman & Vigna (https://prng.di.unimi.it/splitmix64.c and xoshiro256starstar.c) verbatim:
///
///     static uint64_t x;  // splitmix64
///     uint64_t splitmix_next(void) { uint64_t z = (x += 0x9e3779b97f4a7c15);
///         z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
///         return z ^ (z >> 31); }
///     static uint64_t s[4];  // xoshiro256**, seeded with four splitmix_next() outputs
///     uint64_t next(void) { const uint64_t result = rotl(s[1] * 5, 7) * 9; const uint64_t t = s[1] << 17;
///         s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
///         return result; }
///
/// (gcc -O2, x86_64). The same program gives 11520, 0, 1509978240, 1215971899390074240 for the state
/// {1, 2, 3, 4}, the values other implementations (e.g. Rust's rand_xoshiro) test against, so the
/// C reference itself was transcribed correctly.
@Suite("Random streams")
struct RandomStreamsTests {
    @Test("SplitMix64 matches the reference C code")
    func splitMixReference() {
        var generator = SplitMix64(seed: 1_234_567)
        let outputs = (0 ..< 5).map { _ in generator.next() }
        #expect(outputs == [
            0x599E_D017_FB08_FC85, 0x2C73_F084_5854_0FA5, 0x883E_BCE5_A3F2_7C77,
            0x3FBE_F740_E917_7B3F, 0xE3B8_3467_08CB_5ECD,
        ])
    }

    @Test("xoshiro256** seeded through SplitMix64 matches the reference C code",
          arguments: [
              (UInt64(0), [UInt64(0x99EC_5F36_CB75_F2B4), 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0,
                           0x6AA5_94F1_262D_2D2C, 0xBBA5_AD4A_1F84_2E59, 0xFFEF_8375_D9EB_CACA]),
              (UInt64(42), [UInt64(0x1578_0B2E_0C2E_C716), 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1,
                            0xECB8_AD47_03B3_60A1, 0xFDE6_DC7F_E2EC_5E64, 0xC50D_A531_0179_5238]),
          ])
    func xoshiroReference(seed: UInt64, expected: [UInt64]) {
        var generator = Xoshiro256(seed: seed)
        #expect((0 ..< expected.count).map { _ in generator.next() } == expected)
    }

    @Test("streamLabel is 64-bit FNV-1a (published test vectors)")
    func streamLabelVectors() {
        #expect(streamLabel("") == 0xCBF2_9CE4_8422_2325)
        #expect(streamLabel("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(streamLabel("foobar") == 0x8594_4171_F739_67E8)
    }

    @Test("the same seed and stream give the same sequence; other labels, seeds or label order give another")
    func streamIndependence() {
        func first(_ count: Int, _ generator: Xoshiro256) -> [UInt64] {
            var generator = generator
            return (0 ..< count).map { _ in generator.next() }
        }
        let label = streamLabel("resident ties")
        let reference = first(100, Xoshiro256(seed: 2024, stream: label, 3))
        #expect(first(100, Xoshiro256(seed: 2024, stream: label, 3)) == reference)

        let others = [
            Xoshiro256(seed: 2024, stream: label, 4),
            Xoshiro256(seed: 2024, stream: streamLabel("colleague ties"), 3),
            Xoshiro256(seed: 2025, stream: label, 3),
            Xoshiro256(seed: 2024, stream: 3, label),
            Xoshiro256(seed: 2024, stream: label),
            Xoshiro256(seed: 2024),
        ]
        var sequences = [reference]
        for other in others {
            let sequence = first(100, other)
            // No overlap at all in the first 100 outputs: the streams are unrelated, not shifted copies.
            #expect(Set(sequence).isDisjoint(with: reference))
            sequences.append(sequence)
        }
        #expect(Set(sequences.map { $0[0] }).count == sequences.count)

        // Stream keys for consecutive indices differ, so neighbouring neighbourhoods draw differently.
        let firstDraws = (UInt64(0) ..< 1000).map { index -> UInt64 in
            var generator = Xoshiro256(seed: 1, stream: label, index)
            return generator.next()
        }
        #expect(Set(firstDraws).count == 1000)
    }

    @Test("nextIndex stays below its bound", arguments: [1, 2, 3, 7, 10, 1000, 65_537, 1 << 31, 1 << 32 - 1])
    func nextIndexBounds(bound: Int) {
        var generator = Xoshiro256(seed: UInt64(bound))
        var seen: Set<Int> = []
        var outside = 0
        for _ in 0 ..< 20_000 {
            let index = generator.nextIndex(below: bound)
            if index < 0 || index >= bound { outside += 1 }
            if seen.count < 64 { seen.insert(index) }
        }
        #expect(outside == 0)
        #expect(seen.count == min(bound, 64))
    }

    /// Pearson's chi-square statistic against the uniform distribution.
    static func chiSquare(_ counts: [Int]) -> Double {
        let expected = Double(counts.reduce(0, +)) / Double(counts.count)
        return counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
    }

    /// Bounds with the chi-square critical value at p = 0.001 for `bound - 1` degrees of freedom.
    @Test("nextIndex is roughly uniform (chi-square, fixed seed)",
          arguments: [(2, 10.83), (6, 20.52), (10, 27.88), (37, 67.99), (100, 148.23)])
    func nextIndexUniformity(bound: Int, critical: Double) {
        var generator = Xoshiro256(seed: 20_240_601, stream: UInt64(bound))
        var counts = [Int](repeating: 0, count: bound)
        for _ in 0 ..< 200 * bound { counts[generator.nextIndex(below: bound)] += 1 }
        #expect(Self.chiSquare(counts) < critical, "counts \(counts)")
    }

    @Test("nextUnit is in [0, 1) and roughly uniform; chance honours 0 and 1")
    func unitInterval() {
        var generator = Xoshiro256(seed: 99)
        var sum = 0.0
        var deciles = [Int](repeating: 0, count: 10)
        let draws = 100_000
        var outside = 0
        for _ in 0 ..< draws {
            let unit = generator.nextUnit()
            if !(unit >= 0 && unit < 1) { outside += 1; continue }
            sum += unit
            deciles[Int(unit * 10)] += 1
        }
        #expect(outside == 0)
        #expect(abs(sum / Double(draws) - 0.5) < 0.005)
        #expect(Self.chiSquare(deciles) < 27.88, "deciles \(deciles)") // 9 degrees of freedom, p = 0.001
        #expect((0 ..< 1000).allSatisfy { _ in !generator.chance(0) })
        #expect((0 ..< 1000).allSatisfy { _ in generator.chance(1) })
        let hits = (0 ..< 100_000).filter { _ in generator.chance(0.3) }.count
        #expect(abs(Double(hits) / 100_000 - 0.3) < 0.005)
    }

    @Test("nextUnit uses the top 53 bits: the largest output maps below 1")
    func unitFromTopBits() {
        #expect(Double(UInt64.max >> 11) * 0x1.0p-53 < 1)
        var generator = Xoshiro256(seed: 0)
        var copy = generator
        #expect(generator.nextUnit() == Double(copy.next() >> 11) * 0x1.0p-53)
        #expect(generator.nextUnit() == Double(UInt64(0xBF6E_1F78_4956_452A) >> 11) * 0x1.0p-53)
    }
}
