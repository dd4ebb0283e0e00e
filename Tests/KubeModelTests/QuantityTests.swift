import Foundation
import Testing
import KubeModel

@Suite struct QuantityTests {
    /// input → canonical text, as the API server prints it.
    static let canonical: [(String, String)] = [
        ("0", "0"), ("-0", "0"), ("+5", "5"), ("100m", "100m"), ("0.5", "500m"), (".5", "500m"), ("5.", "5"),
        ("1000", "1k"), ("1500", "1500"), ("1.5k", "1500"), ("1000m", "1"), ("1k", "1k"), ("12M", "12M"),
        ("1024Mi", "1Gi"), ("1.5Gi", "1536Mi"), ("0.5Ki", "512"), ("1Ki", "1Ki"), ("1023", "1023"),
        ("2048Ki", "2Mi"), ("1Ei", "1Ei"), ("1e3", "1e3"), ("1E3", "1e3"), ("1000e0", "1e3"), ("1e0", "1"),
        ("1E-2", "10e-3"), ("5e-3", "5e-3"), ("100e-3", "100e-3"), ("1e+3", "1e3"), ("0.1n", "1n"),
        ("1.5n", "2n"), ("-1.5n", "-2n"), ("1n", "1n"), ("1u", "1u"), ("0.001m", "1u"), ("-100m", "-100m"),
        ("-1Gi", "-1Gi"), ("0.000000001", "1n"), ("00012", "12"), ("1E", "1E"), ("1000E", "1000E"),
        ("123456789", "123456789"), ("1.0", "1"), ("10Gi", "10Gi"), ("128974848", "128974848"),
        ("129e6", "129e6"), ("129M", "129M"), ("123Mi", "123Mi"), ("1.1Ki", "1126400m"),
    ]

    @Test(arguments: canonical)
    func canonicalForm(input: String, expected: String) throws {
        let q = try Quantity(input)
        #expect(q.description == expected, "\(input)")
        // The canonical form parses back to the same value.
        #expect(try Quantity(q.description) == q)
    }

    static let invalid: [(String, QuantityError.Code)] = [
        ("", .empty), ("abc", .invalidNumber), ("-", .invalidNumber), (".", .invalidNumber), ("1.2.3", .unknownSuffix),
        ("1x", .unknownSuffix), ("1KiB", .unknownSuffix), ("1ki", .unknownSuffix), ("1e", .unknownSuffix),
        ("1e3.5", .unknownSuffix), (" 1", .invalidNumber), ("1 ", .unknownSuffix), ("--1", .invalidNumber),
        ("1e9999999", .outOfRange), (String(repeating: "9", count: 40) + "1", .outOfRange),
    ]

    @Test(arguments: invalid)
    func invalidText(input: String, code: QuantityError.Code) {
        do {
            let q = try Quantity(input)
            Issue.record("'\(input)' parsed as \(q)")
        } catch {
            #expect(error.code == code, "\(input): \(error)")
            #expect(error.text == input)
            #expect(error.description.contains("'\(input)'"))
        }
    }

    @Test func equalityAndOrderByValue() throws {
        #expect(try Quantity("1Gi") == Quantity("1024Mi"))
        #expect(try Quantity("1k") == Quantity("1000"))
        #expect(try Quantity("1e3") == Quantity("1k"))
        #expect(try Quantity("500m") == Quantity("0.5"))
        #expect(try Set([Quantity("1Gi"), Quantity("1024Mi"), Quantity("1073741824")]).count == 1)
        #expect(try Quantity("100m") < Quantity("1"))
        #expect(try Quantity("999Mi") < Quantity("1Gi"))
        #expect(try Quantity("1G") < Quantity("1Gi"))
        #expect(try Quantity("-2") < Quantity("-1"))
        #expect(try Quantity("-1Ki") < Quantity("0"))
        #expect(try !(Quantity("1") < Quantity("1000m")))
        #expect(try Quantity("1e20") > Quantity("99E"))
        #expect(try Quantity("0.000000001") > Quantity("0"))
        let sorted = try ["1Gi", "100m", "-1", "2", "1500m", "1e-3"].map(Quantity.init).sorted()
        #expect(sorted.map(\.description) == ["-1", "1e-3", "100m", "1500m", "2", "1Gi"])
    }

    @Test func numericValues() throws {
        #expect(try Quantity("100m").value == 1)
        #expect(try Quantity("-100m").value == -1)
        #expect(try Quantity("1.5").milliValue == 1500)
        #expect(try Quantity("2Gi").value == 2_147_483_648)
        #expect(try Quantity("0.5").doubleValue == 0.5)
        #expect(try Quantity("20E").value == Int64.max)
        #expect(Quantity(milli: 250).description == "250m")
        #expect(Quantity(1 << 30, format: .binarySI).description == "1Gi")
        #expect(Quantity(3).description == "3")
    }

    @Test func codable() throws {
        struct Box: Codable { var q: Quantity }
        let decoded = try JSONDecoder().decode([Quantity].self, from: Data(#"["1024Mi", 2, 0.5, "1e3"]"#.utf8))
        #expect(decoded.map(\.description) == ["1Gi", "2", "500m", "1e3"])
        let encoded = try JSONEncoder().encode(Box(q: try Quantity("1.5Gi")))
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"q":"1536Mi"}"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Box.self, from: Data(#"{"q":"12 apples"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Box.self, from: Data(#"{"q":true}"#.utf8)) }
    }
}

@Suite struct IntOrStringTests {
    @Test func codableBothWays() throws {
        let values = try JSONDecoder().decode([IntOrString].self, from: Data(#"[8080, "http", "25%", 0]"#.utf8))
        #expect(values == [.int(8080), .string("http"), .string("25%"), .int(0)])
        let text = String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
        #expect(text == #"[8080,"http","25%",0]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([IntOrString].self, from: Data("[1.5]".utf8)) }
        let literal: IntOrString = 3
        #expect(literal.intValue == 3 && literal.stringValue == nil && literal.description == "3")
    }
}

@Suite struct QuantityArithmeticTests {
    static let sums: [(String, String, String)] = [
        ("1", "500m", "1500m"), ("1Gi", "1Gi", "2Gi"), ("1Gi", "512Mi", "1536Mi"), ("100m", "-100m", "0"),
        ("1k", "1", "1001"), ("1e3", "1e3", "2e3"), ("1Ki", "1", "1025"), ("-1", "250m", "-750m"),
    ]

    @Test(arguments: sums)
    func addition(a: String, b: String, sum: String) throws {
        let total = try Quantity(a) + Quantity(b)
        #expect(total.description == sum)
        let back = total - (try Quantity(b))
        #expect(back == (try Quantity(a)))
        var running = try Quantity(a)
        running += try Quantity(b)
        #expect(running == total)
    }
}
