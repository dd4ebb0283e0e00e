import Foundation
import KubeModel

extension RowPrinter {
    /// One of a CRD version's `additionalPrinterColumns`.
    struct PrinterColumn: Sendable, Hashable {
        var name: String
        var type: String
        var jsonPath: String
        var priority: Int64 = 0
    }

    /// The printer of a custom resource: NAME, then its printer columns (priority > 0 only with
    /// `-o wide`), each evaluated with ``JSONPath`` and formatted by type as the server does
    /// (`date` as an age, `integer`/`number`/`boolean` as values, `string` as JSONPath prints).
    /// A missing value prints `<none>`; a path this evaluator cannot parse prints `<unknown>`.
    static func customResource(_ printerColumns: [PrinterColumn]) -> RowPrinter {
        let parsed = printerColumns.map { column in (column, try? JSONPath(parsing: column.jsonPath)) }
        let needsMetadata = printerColumns.contains { $0.jsonPath.contains("metadata") }
        return RowPrinter(
            columns: [Column(name: "NAME")]
                + printerColumns.map { Column(name: $0.name.uppercased(), wide: $0.priority > 0) },
            cells: { object in
                var content = object.content
                if needsMetadata { content["metadata"] = metadataJSON(object.metadata) }
                let root = JSONValue.object(content)
                return [.text(object.name)]
                    + parsed.map { column, path in
                        guard let path else { return .text("<unknown>") }
                        guard let value = path.evaluate(root).first else { return .none }
                        return cell(value, type: column.type)
                    }
            })
    }

    /// The printer columns of `version` in a CustomResourceDefinition (as JSON). A CRD without
    /// any gets the server's default, an Age column on `.metadata.creationTimestamp`.
    static func printerColumns(ofCRD crd: DynamicObject, version: String) -> [PrinterColumn] {
        let versions = crd.array("spec", "versions")
        let served = versions.first { $0.string("name") == version }
        let columns = (served?["additionalPrinterColumns"]?.arrayValue ?? []).map { column in
            PrinterColumn(
                name: column.string("name"), type: column.string("type"), jsonPath: column.string("jsonPath"),
                priority: column["priority"]?.intValue ?? 0)
        }
        if columns.isEmpty {
            return [PrinterColumn(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp")]
        }
        return columns
    }

    /// A printer-column value as the server formats it for the column's type; a value of
    /// another type than the column's prints `<none>`, as the server leaves that cell empty.
    static func cell(_ value: JSONValue, type: String) -> Cell {
        switch (type, value) {
        case ("date", .string(let text)):
            guard let time = Time(rfc3339: text) else { return .text("<invalid>") }
            return .age(since: time.secondsSinceEpoch)
        case ("integer", .int(let i)): return .integer(i)
        case ("number", .int(let i)): return .integer(i)
        case ("number", .double(let d)): return .number(d)
        case ("boolean", .bool(let b)): return .text(b ? "true" : "false")
        case ("string", _): return .text(JSONPath.text(value))
        default: return .none
        }
    }

    private static func metadataJSON(_ metadata: ObjectMeta) -> JSONValue {
        guard let data = try? JSONEncoder().encode(metadata),
            let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return .null }
        return value
    }
}
