import Testing
import KubeModel

@Suite struct SelectorTests {
    /// text → canonical text.
    static let valid: [(String, String)] = [
        ("", ""), ("   ", ""), ("a=b", "a=b"), ("a==b", "a=b"), ("a!=b", "a!=b"), (" a = b ", "a=b"),
        ("a in (x,y)", "a in (x,y)"), ("a in (y, x, x)", "a in (x,y)"), ("a notin (x)", "a notin (x)"),
        ("a", "a"), ("!a", "!a"), ("! a", "!a"), ("b=1,a=2", "a=2,b=1"), ("a=", "a="), ("a=,b", "a=,b"),
        ("example.com/app=web", "example.com/app=web"), ("a in(x)", "a in (x)"), ("a>5", "a>5"), ("a<-1", "a<-1"),
        ("app=web,tier in (frontend,cache),!canary", "app=web,!canary,tier in (cache,frontend)"),
        ("x.y_z-1=A.b_c-9", "x.y_z-1=A.b_c-9"),
    ]

    @Test(arguments: valid)
    func parsesAndPrintsCanonically(text: String, canonical: String) throws {
        let s = try Selector(parsing: text)
        #expect(s.description == canonical)
        #expect(try Selector(parsing: s.description) == s)
    }

    /// text → (error code, offending token, position) for syntax errors.
    static let invalid: [(String, LabelSelectorError.Code, String?, Int?)] = [
        ("a=b=c", .syntax, "=", 3), ("a in x", .syntax, "x", 5), ("a in ()", .syntax, ")", 6),
        ("a in (x", .syntax, "end of input", 7), (",a", .syntax, ",", 0), ("a,", .syntax, "end of input", 2),
        ("a b", .syntax, "b", 2), ("!", .syntax, "end of input", 1), ("a>x", .syntax, "x", 2),
        ("(a)", .syntax, "(", 0), ("a=(b)", .syntax, "(", 2), ("!a=b", .syntax, "=", 2),
        ("-a=b", .invalidKey, nil, nil), ("a/b/c=d", .invalidKey, nil, nil), ("Example.com/a=b", .invalidKey, nil, nil),
        (String(repeating: "k", count: 64) + "=v", .invalidKey, nil, nil), ("a=-b", .invalidValue, nil, nil),
        ("a=" + String(repeating: "v", count: 64), .invalidValue, nil, nil), ("a in (x,-y)", .invalidValue, nil, nil),
    ]

    @Test(arguments: invalid)
    func rejectsInvalid(text: String, code: LabelSelectorError.Code, token: String?, position: Int?) {
        do {
            let s = try Selector(parsing: text)
            Issue.record("'\(text)' parsed as '\(s)'")
        } catch {
            #expect(error.code == code, "\(text): \(error)")
            if let token { #expect(error.token == token, "\(text): \(error)") }
            if let position { #expect(error.position == position, "\(text): \(error)") }
            #expect(!error.description.isEmpty)
        }
    }

    @Test func matching() throws {
        let labels = ["app": "web", "tier": "frontend", "version": "3"]
        let cases: [(String, Bool)] = [
            ("", true), ("app=web", true), ("app=db", false), ("app!=db", true), ("missing!=x", true),
            ("tier in (frontend,cache)", true), ("tier in (cache)", false), ("missing in (x)", false),
            ("tier notin (cache)", true), ("tier notin (frontend)", false), ("missing notin (x)", true),
            ("app", true), ("missing", false), ("!missing", true), ("!app", false), ("version>2", true),
            ("version<3", false), ("app>1", false), ("app=web,!canary,tier", true), ("app=web,canary", false),
            ("missing=", false),
        ]
        for (text, expected) in cases {
            #expect(try Selector(parsing: text).matches(labels) == expected, "\(text)")
        }
        #expect(Selector.everything.matches([:]))
        #expect(Selector.everything.isEverything)
    }

    @Test func fromLabelSelector() throws {
        let ls = LabelSelector(
            matchLabels: ["app": "web"],
            matchExpressions: [
                LabelSelectorRequirement(key: "tier", operator: "In", values: ["frontend", "cache"]),
                LabelSelectorRequirement(key: "canary", operator: "DoesNotExist"),
                LabelSelectorRequirement(key: "env", operator: "NotIn", values: ["prod"]),
                LabelSelectorRequirement(key: "team", operator: "Exists"),
            ])
        let s = try Selector(ls)
        #expect(s.description == "app=web,!canary,env notin (prod),team,tier in (cache,frontend)")
        #expect(s.matches(["app": "web", "tier": "cache", "team": "a"]))
        #expect(!s.matches(["app": "web", "tier": "cache", "team": "a", "canary": "1"]))
        #expect(try Selector(LabelSelector()).isEverything)
        #expect(throws: LabelSelectorError.self) {
            try Selector(LabelSelector(matchExpressions: [.init(key: "a", operator: "in", values: ["x"])]))
        }
        #expect(throws: LabelSelectorError.self) {
            try Selector(LabelSelector(matchExpressions: [.init(key: "a", operator: "In", values: [])]))
        }
        #expect(throws: LabelSelectorError.self) {
            try Selector(LabelSelector(matchExpressions: [.init(key: "a", operator: "Exists", values: ["x"])]))
        }
        #expect(try Selector(matchLabels: ["b": "2", "a": "1"]).description == "a=1,b=2")
    }
}

@Suite struct FieldSelectorTests {
    static let valid: [(String, String)] = [
        ("", ""), ("a=b", "a=b"), ("a==b", "a=b"), ("a!=b", "a!=b"), ("metadata.name=x,metadata.namespace=y",
        "metadata.name=x,metadata.namespace=y"), ("status.phase!=Running,metadata.name=p", "metadata.name=p,status.phase!=Running"),
        ("a=", "a="), (" a = b ", "a=b"), ("a=x\\,y", "a=x\\,y"), ("a=x\\=y\\\\", "a=x\\=y\\\\"), ("a=b,,c=d", "a=b,c=d"),
    ]

    @Test(arguments: valid)
    func parsesAndPrintsCanonically(text: String, canonical: String) throws {
        let s = try FieldSelector(parsing: text)
        #expect(s.description == canonical)
        #expect(try FieldSelector(parsing: s.description) == s)
    }

    static let invalid: [(String, String, Int)] = [
        ("a", "a", 0), ("a=b,c", "c", 4), ("=b", "=b", 0), ("a=b\\x", "a=b\\x", 0), ("a=b=c", "a=b=c", 0),
        ("x=1,a=b\\", "a=b\\", 4),
    ]

    @Test(arguments: invalid)
    func rejectsInvalid(text: String, term: String, position: Int) {
        do {
            let s = try FieldSelector(parsing: text)
            Issue.record("'\(text)' parsed as '\(s)'")
        } catch {
            #expect(error.term == term, "\(text): \(error)")
            #expect(error.position == position, "\(text): \(error)")
            #expect(error.description.contains(term))
        }
    }

    @Test func matchingObjects() throws {
        let pod = PartialObjectMetadata(metadata: ObjectMeta(name: "p1", namespace: "default"))
        let node = PartialObjectMetadata(metadata: ObjectMeta(name: "n1"))
        #expect(try FieldSelector(parsing: "metadata.name=p1").matches(pod))
        #expect(try FieldSelector(parsing: "metadata.namespace=default,metadata.name!=p2").matches(pod))
        #expect(try !FieldSelector(parsing: "metadata.namespace=kube-system").matches(pod))
        #expect(try FieldSelector(parsing: "metadata.namespace=").matches(node))
        #expect(try FieldSelector(parsing: "status.phase=Running").matches(pod, fields: ["status.phase": "Running"]))
        #expect(try !FieldSelector(parsing: "status.phase=Running").matches(pod))
        #expect(try FieldSelector(parsing: "spec.nodeName!=n1").matches(pod, fields: [:]))
        #expect(FieldSelector.everything.matches(pod))
        #expect(FieldSelector.equals("a", "x,y").description == "a=x\\,y")
        #expect(FieldSelector.equals("a", "x,y").matches(["a": "x,y"]))
    }
}
