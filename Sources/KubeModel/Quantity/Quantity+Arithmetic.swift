extension Quantity {
    /// The exact sum, printed in the left operand's notation (as the API machinery does).
    /// Traps when the result needs more than 38 significant digits, like integer overflow.
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity {
        let exponent = min(lhs.exponent, rhs.exponent)
        let sum = lhs.mantissa(scaledTo: exponent) + rhs.mantissa(scaledTo: exponent)
        return Quantity(mantissa: sum, exponent: exponent, format: lhs.format)
    }

    /// The exact difference, printed in the left operand's notation. Traps on overflow.
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity {
        lhs + (-rhs)
    }

    /// The same amount with the opposite sign.
    public static prefix func - (q: Quantity) -> Quantity {
        Quantity(mantissa: -q.mantissa, exponent: q.exponent, format: q.format)
    }

    public static func += (lhs: inout Quantity, rhs: Quantity) { lhs = lhs + rhs }
    public static func -= (lhs: inout Quantity, rhs: Quantity) { lhs = lhs - rhs }

    /// The mantissa expressed at a lower or equal exponent (traps on overflow).
    private func mantissa(scaledTo target: Int) -> Int128 {
        var m = mantissa
        for _ in 0..<(exponent - target) { m *= 10 }
        return m
    }
}
