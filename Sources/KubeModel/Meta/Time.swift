/// A point in time with second precision, as the API serialises it: RFC 3339 in UTC,
/// `2006-01-02T15:04:05Z`. Any RFC 3339 input (fractions, offsets) is accepted; fractions
/// are dropped as the API server drops them.
public struct Time: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// Parses an RFC 3339 timestamp; `nil` if the text is not one.
    public init?(rfc3339 text: String) {
        guard let parsed = RFC3339.parse(text) else { return nil }
        self.secondsSinceEpoch = parsed.seconds
    }

    /// The canonical text, e.g. `2026-11-26T18:19:36Z`.
    public var rfc3339: String { RFC3339.format(seconds: secondsSinceEpoch, microseconds: nil) }
    public var description: String { rfc3339 }

    public static func < (a: Time, b: Time) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let t = Time(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "'\(text)' is not an RFC 3339 timestamp (e.g. 2006-01-02T15:04:05Z)")
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rfc3339)
    }
}

/// A point in time with microsecond precision: `2006-01-02T15:04:05.000000Z` (used by Leases and Events).
public struct MicroTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) { self.microsecondsSinceEpoch = microsecondsSinceEpoch }

    /// Parses an RFC 3339 timestamp; `nil` if the text is not one. Digits past microseconds are dropped.
    public init?(rfc3339 text: String) {
        guard let parsed = RFC3339.parse(text) else { return nil }
        self.microsecondsSinceEpoch = parsed.seconds * 1_000_000 + Int64(parsed.microseconds)
    }

    /// The canonical text, e.g. `2026-11-26T18:05:02.123456Z`.
    public var rfc3339: String {
        let (s, us) = microsecondsSinceEpoch.quotientAndRemainder(dividingBy: 1_000_000)
        return us < 0
            ? RFC3339.format(seconds: s - 1, microseconds: Int(us + 1_000_000))
            : RFC3339.format(seconds: s, microseconds: Int(us))
    }
    public var description: String { rfc3339 }

    public static func < (a: MicroTime, b: MicroTime) -> Bool {
        a.microsecondsSinceEpoch < b.microsecondsSinceEpoch
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let t = MicroTime(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "'\(text)' is not an RFC 3339 timestamp (e.g. 2006-01-02T15:04:05.000000Z)")
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rfc3339)
    }
}

/// RFC 3339 parsing and formatting on the proleptic Gregorian calendar, without Foundation formatters.
enum RFC3339 {
    static func parse(_ text: String) -> (seconds: Int64, microseconds: Int)? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> (seconds: Int64, microseconds: Int)? {
        // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
        guard b.count >= 20 else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int? {
            var v = 0
            for i in start..<start + count {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let year = digits(0, 4), b[4] == 45, let month = digits(5, 2), b[7] == 45,
            let day = digits(8, 2), b[10] == 84 || b[10] == 116 || b[10] == 32,
            let hour = digits(11, 2), b[13] == 58, let minute = digits(14, 2), b[16] == 58,
            let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var micros = 0
        if b[i] == 46 {  // '.'
            i += 1
            var n = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if n < 6 { micros = micros * 10 + Int(b[i] - 48) }
                n += 1
                i += 1
            }
            guard n > 0 else { return nil }
            for _ in n..<max(n, 6) { micros *= 10 }
        }
        guard i < b.count else { return nil }
        var offsetSeconds = 0
        if b[i] == 90 || b[i] == 122 {  // Z
            i += 1
        } else if b[i] == 43 || b[i] == 45 {  // + -
            guard i + 6 == b.count, let oh = digits(i + 1, 2), b[i + 3] == 58, let om = digits(i + 4, 2),
                oh < 24, om < 60
            else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == 43 ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        // Only instants RFC 3339's four-digit years can write back (0000-01-01 to 9999-12-31 UTC),
        // as Go's encoder has it: an offset or a leap second must not carry past them.
        guard seconds >= representableSeconds.lowerBound, seconds <= representableSeconds.upperBound else { return nil }
        return (seconds, micros)
    }

    /// The instants from 0000-01-01T00:00:00Z through 9999-12-31T23:59:59Z, in seconds since the epoch.
    static let representableSeconds: ClosedRange<Int64> =
        daysFromCivil(year: 0, month: 1, day: 1) * 86400...daysFromCivil(year: 9999, month: 12, day: 31) * 86400 + 86399

    static func format(seconds: Int64, microseconds: Int?) -> String {
        let (days, secOfDay) = floorDivMod(seconds, 86400)
        let (y, m, d) = civilFromDays(days)
        var out = ""
        out.reserveCapacity(27)
        func pad(_ v: Int, _ width: Int) {
            let s = String(v)
            if s.count < width { out += String(repeating: "0", count: width - s.count) }
            out += s
        }
        pad(Int(y), 4); out += "-"; pad(m, 2); out += "-"; pad(d, 2); out += "T"
        pad(Int(secOfDay / 3600), 2); out += ":"; pad(Int(secOfDay % 3600 / 60), 2); out += ":"
        pad(Int(secOfDay % 60), 2)
        if let us = microseconds { out += "."; pad(us, 6) }
        out += "Z"
        return out
    }

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var q = a / b
        var r = a % b
        if r < 0 { q -= 1; r += b }
        return (q, r)
    }

    private static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int64) -> (Int64, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
