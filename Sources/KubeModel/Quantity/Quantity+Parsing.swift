/// Parses quantity text into the exact decimal form `Quantity` holds.
enum QuantityParser {
    /// Decimal SI suffixes and their powers of ten.
    static let decimalSuffixes: [String: Int] = [
        "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
    ]
    /// Binary SI suffixes and their powers of two.
    static let binarySuffixes: [String: Int] = ["Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60]

    /// Parses `text`; with `checkingCanonical`, a value so large that its canonical text could
    /// not be parsed back (a huge binary-SI amount prints with more digits, or overflows when
    /// re-read with its new suffix) is rejected as out of range, so every accepted quantity
    /// round-trips.
    static func parse(_ text: String, checkingCanonical: Bool = true) throws(QuantityError) -> Quantity {
        let b = Array(text.utf8)
        func fail(_ code: QuantityError.Code, _ at: Int, _ reason: String) -> QuantityError {
            QuantityError(code: code, text: text, position: at, reason: reason)
        }
        guard !b.isEmpty else { throw fail(.empty, 0, "it is empty") }
        var i = 0
        var negative = false
        if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        var digits: [UInt8] = []
        var fractionDigits = 0
        while i < b.count, isDigit(b[i]) {
            digits.append(b[i] - 48)
            i += 1
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, isDigit(b[i]) {
                digits.append(b[i] - 48)
                fractionDigits += 1
                i += 1
            }
        }
        guard !digits.isEmpty else { throw fail(.invalidNumber, i, "expected digits") }

        let suffixStart = i
        let suffix = String(decoding: b[i...], as: UTF8.self)
        var format = Quantity.Format.decimalSI
        var exponent10 = 0
        var power2 = 0
        if let e = decimalSuffixes[suffix] {
            exponent10 = e
        } else if let p = binarySuffixes[suffix] {
            format = .binarySI
            power2 = p
        } else if b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            format = .decimalExponent
            var j = i + 1
            var expNegative = false
            if j < b.count, b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-") {
                expNegative = b[j] == UInt8(ascii: "-")
                j += 1
            }
            guard j < b.count else { throw fail(.unknownSuffix, suffixStart, "the exponent has no digits") }
            var e = 0
            while j < b.count {
                guard isDigit(b[j]) else { throw fail(.unknownSuffix, j, "unexpected character in the exponent") }
                e = e * 10 + Int(b[j] - 48)
                guard e <= 1_000_000 else { throw fail(.outOfRange, suffixStart, "the exponent is too large") }
                j += 1
            }
            exponent10 = expNegative ? -e : e
        } else {
            throw fail(
                .unknownSuffix, suffixStart,
                "unknown suffix '\(suffix)' (use n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent)")
        }

        // Drop leading zeros and move trailing zeros into the exponent before building the integer.
        var first = 0
        while first < digits.count - 1, digits[first] == 0 { first += 1 }
        var last = digits.count
        var scale = exponent10 - fractionDigits
        while last - 1 > first, digits[last - 1] == 0 {
            last -= 1
            scale += 1
        }
        guard last - first <= 38 else {
            throw fail(.outOfRange, 0, "more than 38 significant digits")
        }
        // The value's exponent (trailing zeros and fraction digits moved into it) has the written
        // exponent's limit, so that the canonical text of every accepted quantity parses back.
        guard (-1_000_000...1_000_000).contains(scale) else {
            throw fail(.outOfRange, 0, "the exponent is too large")
        }
        var magnitude: UInt128 = 0
        for d in digits[first..<last] { magnitude = magnitude * 10 + UInt128(d) }
        if power2 > 0 {
            let (r, o) = magnitude.multipliedReportingOverflow(by: UInt128(1) << power2)
            guard !o, r <= UInt128(Int128.max) else { throw fail(.outOfRange, 0, "the value is too large") }
            magnitude = r
        }
        let mantissa = negative ? -Int128(magnitude) : Int128(magnitude)
        let quantity = Quantity(mantissa: mantissa, exponent: scale, format: format)
        // Only values of about 30 digits or more (significant digits, the decimal exponent and the
        // binary suffix's digits together) can print past the limits; resource amounts never get here.
        let valueDigits = (last - first) + scale + (power2 * 3 + 9) / 10
        if checkingCanonical, valueDigits >= 30 || magnitude >= Self.largeMagnitude {
            let canonical = QuantityFormatter.canonical(quantity)
            guard (try? parse(canonical, checkingCanonical: false)) == quantity else {
                throw fail(.outOfRange, 0, "the value is too large: its canonical form '\(canonical)' is out of range")
            }
        }
        return quantity
    }

    /// 10^30: from here on the canonical text is checked (see ``parse(_:checkingCanonical:)``).
    static let largeMagnitude: UInt128 = {
        var v: UInt128 = 1
        for _ in 0..<30 { v *= 10 }
        return v
    }()

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}

/// Renders a quantity in the API server's canonical notation.
enum QuantityFormatter {
    static func canonical(_ q: Quantity) -> String {
        if q.mantissa == 0 { return "0" }
        let sign = q.mantissa < 0 ? "-" : ""
        if q.format == .binarySI, let binary = binary(q) { return sign + binary }
        // Make the exponent a multiple of three by moving digits into the mantissa.
        var exponent = q.exponent
        var digits = String(q.mantissa.magnitude)
        let extra = ((exponent % 3) + 3) % 3
        if extra > 0 {
            digits += String(repeating: "0", count: extra)
            exponent -= extra
        }
        if q.format == .decimalExponent {
            return sign + digits + (exponent == 0 ? "" : "e\(exponent)")
        }
        if exponent > 18 {
            digits += String(repeating: "0", count: exponent - 18)
            exponent = 18
        }
        let suffix = decimalSuffix(exponent) ?? "e\(exponent)"
        return sign + digits + suffix
    }

    /// Base-1024 text for integral amounts of at least 1024, else `nil` (printed in decimal, as the server does).
    private static func binary(_ q: Quantity) -> String? {
        guard q.exponent >= 0 else { return nil }
        var magnitude = q.mantissa.magnitude
        for _ in 0..<q.exponent {
            let (r, o) = magnitude.multipliedReportingOverflow(by: 10)
            if o { return nil }
            magnitude = r
        }
        guard magnitude >= 1024 else { return nil }
        let suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
        var index = 0
        while index < suffixes.count - 1, magnitude % 1024 == 0 {
            magnitude /= 1024
            index += 1
        }
        return String(magnitude) + suffixes[index]
    }

    private static func decimalSuffix(_ exponent: Int) -> String? {
        switch exponent {
        case -9: return "n"
        case -6: return "u"
        case -3: return "m"
        case 0: return ""
        case 3: return "k"
        case 6: return "M"
        case 9: return "G"
        case 12: return "T"
        case 15: return "P"
        case 18: return "E"
        default: return nil
        }
    }
}
