import Foundation
import KubeModel

extension KubeJSONError {
    /// The error the whole-body decode of a list reports when item `index` does not match its
    /// type: the same message, at the path `items[index]…` of the list.
    init(listItem index: Int, listType: String, error: DecodingError) {
        let prefix: [any CodingKey] = [AnyCodingKey("items"), AnyCodingKey(intValue: index)!]
        func path(_ keys: [any CodingKey]) -> String { KubeJSONError.render(prefix + keys) }
        switch error {
        case .typeMismatch(let expected, let ctx):
            self.init(type: listType, path: path(ctx.codingPath), message: "expected \(expected): \(ctx.debugDescription)")
        case .valueNotFound(let expected, let ctx):
            self.init(type: listType, path: path(ctx.codingPath), message: "expected \(expected) but found null")
        case .keyNotFound(let key, let ctx):
            self.init(type: listType, path: path(ctx.codingPath + [key]), message: "required field is missing")
        case .dataCorrupted(let ctx):
            let underlying = (ctx.underlyingError as? NSError)?.userInfo["NSDebugDescription"] as? String
            self.init(
                type: listType, path: path(ctx.codingPath),
                message: underlying.map { "\(ctx.debugDescription) \($0)" } ?? ctx.debugDescription)
        @unknown default:
            self.init(type: listType, path: path([]), message: "\(error)")
        }
    }
}
