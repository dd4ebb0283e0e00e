/// A resource amount such as `100m` CPU, `1Gi` memory or `1e3`: an exact decimal number plus the
/// notation it was written in, as the API server understands it.
///
/// - Equality, hashing and ordering are by value: `1Gi == 1024Mi`, `1k == 1000 == 1e3`.
/// - ``description`` (and the JSON encoding) is the API server's canonical form: `1024Mi` → `1Gi`,
///   `0.5` → `500m`, `1.5Gi` → `1536Mi`, `1e3` stays `1e3` (exponent notation is kept, as the
///   server keeps it), binary amounts below 1024 print in decimal (`0.5Ki` → `512`).
/// - Like the server, amounts are rounded up (away from zero) to nano precision: `0.1n` → `1n`.
/// - The value is held as `mantissa × 10^exponent` with a 128-bit mantissa (about 38 significant
///   digits); text needing more significant digits is rejected with ``QuantityError``.
public struct Quantity: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The notation a quantity is printed in.
    public enum Format: String, Sendable, Hashable {
        /// Powers of ten with SI suffixes: `n u m "" k M G T P E`.
        case decimalSI
        /// Powers of 1024: `Ki Mi Gi Ti Pi Ei`.
        case binarySI
        /// Powers of ten written as exponents: `1e3`, `5e-3`.
        case decimalExponent
    }

    /// The significant digits, without trailing zeros (zero is `0 × 10^0`).
    public private(set) var mantissa: Int128
    /// The power of ten the mantissa is scaled by.
    public private(set) var exponent: Int
    /// How the quantity prints.
    public var format: Format

    /// Creates `mantissa × 10^exponent`, rounded up to nano precision like parsed text.
    public init(mantissa: Int128, exponent: Int = 0, format: Format = .decimalSI) {
        self.mantissa = mantissa
        self.exponent = exponent
        self.format = format
        roundToNanoAndNormalize()
    }

    /// An integer amount, e.g. `Quantity(2)` CPUs or `Quantity(1 << 30, format: .binarySI)` bytes.
    public init(_ value: Int64, format: Format = .decimalSI) {
        self.init(mantissa: Int128(value), exponent: 0, format: format)
    }

    /// An amount in thousandths, e.g. `Quantity(milli: 250)` is `250m`.
    public init(milli value: Int64) {
        self.init(mantissa: Int128(value), exponent: -3, format: .decimalSI)
    }

    /// Parses Kubernetes quantity text: `[+-]digits[.digits][suffix]` where the suffix is a
    /// decimal SI suffix, a binary SI suffix or an exponent (`e3`, `E-2`).
    /// - Throws: ``QuantityError`` naming the text and what is wrong with it.
    public init(_ text: String) throws(QuantityError) {
        self = try QuantityParser.parse(text)
    }

    /// The canonical text, as the API server prints it.
    public var description: String { QuantityFormatter.canonical(self) }

    /// Whether the amount is zero.
    public var isZero: Bool { mantissa == 0 }

    /// -1, 0 or 1.
    public var sign: Int { mantissa < 0 ? -1 : (mantissa == 0 ? 0 : 1) }

    /// The amount as a floating-point number (may be inexact).
    public var doubleValue: Double {
        var d = Double(mantissa)
        if exponent >= 0 {
            for _ in 0..<exponent { d *= 10 }
        } else {
            for _ in 0..<(-exponent) { d /= 10 }
        }
        return d
    }

    /// The amount as an integer, rounded away from zero (`100m` → 1), saturating at the `Int64` bounds.
    public var value: Int64 { scaledValue(scale: 0) }

    /// The amount in thousandths, rounded away from zero (`1.5` → 1500), saturating at the `Int64` bounds.
    public var milliValue: Int64 { scaledValue(scale: -3) }

    /// The amount in units of `10^scale`, rounded away from zero and saturating.
    public func scaledValue(scale: Int) -> Int64 {
        let shift = exponent - scale
        var magnitude = mantissa.magnitude
        if shift >= 0 {
            for _ in 0..<shift {
                let (r, o) = magnitude.multipliedReportingOverflow(by: 10)
                if o { return mantissa < 0 ? .min : .max }
                magnitude = r
            }
        } else {
            var remainderSeen = false
            for _ in 0..<(-shift) {
                if magnitude == 0 { break }
                let (q, r) = magnitude.quotientAndRemainder(dividingBy: 10)
                if r != 0 { remainderSeen = true }
                magnitude = q
            }
            if remainderSeen { magnitude += 1 }
        }
        if mantissa < 0 {
            return magnitude > UInt128(Int64.max) + 1 ? .min : Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        return magnitude > UInt128(Int64.max) ? .max : Int64(magnitude)
    }

    // MARK: Value semantics

    public static func == (a: Quantity, b: Quantity) -> Bool {
        a.mantissa == b.mantissa && a.exponent == b.exponent
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(mantissa)
        hasher.combine(exponent)
    }

    public static func < (a: Quantity, b: Quantity) -> Bool {
        if a.sign != b.sign { return a.sign < b.sign }
        if a.sign == 0 { return false }
        let magnitudeLess = Quantity.magnitudeLess(a, b)
        return a.sign > 0 ? magnitudeLess : (a != b && !magnitudeLess)
    }

    /// Compares |a| < |b| exactly, without overflowing.
    private static func magnitudeLess(_ a: Quantity, _ b: Quantity) -> Bool {
        let da = digitCount(a.mantissa.magnitude)
        let db = digitCount(b.mantissa.magnitude)
        let adjustedA = a.exponent + da
        let adjustedB = b.exponent + db
        if adjustedA != adjustedB { return adjustedA < adjustedB }
        // Same order of magnitude: align the shorter mantissa (cannot overflow: it stays ≤ the longer).
        var ma = a.mantissa.magnitude
        var mb = b.mantissa.magnitude
        if da < db {
            for _ in 0..<(db - da) { ma *= 10 }
        } else {
            for _ in 0..<(da - db) { mb *= 10 }
        }
        return ma < mb
    }

    static func digitCount(_ v: UInt128) -> Int {
        var n = 1
        var v = v
        while v >= 10 {
            v /= 10
            n += 1
        }
        return n
    }

    /// Rounds the magnitude up to 10^-9 and strips trailing zeros so equal values compare equal.
    mutating func roundToNanoAndNormalize() {
        if mantissa != 0, exponent < -9 {
            var magnitude = mantissa.magnitude
            var remainderSeen = false
            for _ in 0..<(-9 - exponent) {
                if magnitude == 0 { break }
                let (q, r) = magnitude.quotientAndRemainder(dividingBy: 10)
                if r != 0 { remainderSeen = true }
                magnitude = q
            }
            if remainderSeen { magnitude += 1 }
            mantissa = mantissa < 0 ? -Int128(magnitude) : Int128(magnitude)
            exponent = -9
        }
        if mantissa == 0 {
            exponent = 0
            return
        }
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
    }

    // MARK: Codable

    /// Decodes a JSON string, or a JSON number (which some clients send).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text: String
        if let s = try? c.decode(String.self) {
            text = s
        } else if let i = try? c.decode(Int64.self) {
            text = String(i)
        } else if let d = try? c.decode(Double.self), d.isFinite {
            text = "\(d)"
        } else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a quantity string such as '100m' or '1Gi'")
        }
        do {
            self = try Quantity(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Text that is not a Kubernetes quantity.
public struct QuantityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }
        /// The text is empty.
        public static let empty = Code(raw: "empty")
        /// The number part is malformed (no digits, stray characters).
        public static let invalidNumber = Code(raw: "invalidNumber")
        /// The suffix is none of the SI, binary or exponent suffixes.
        public static let unknownSuffix = Code(raw: "unknownSuffix")
        /// The value needs more precision or range than a quantity holds.
        public static let outOfRange = Code(raw: "outOfRange")
    }

    public var code: Code
    /// The offending text.
    public var text: String
    /// The byte offset in `text` where the problem starts.
    public var position: Int
    /// What is wrong, in words.
    public var reason: String

    public var description: String {
        "'\(text)' is not a valid quantity: \(reason) at offset \(position)"
            + " (expected e.g. '100m', '1.5', '2Gi', '1e3')"
    }
}
