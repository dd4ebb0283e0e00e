import Foundation
import KubeModel

/// What one path of the webhook server does with a request body: decode the review, run the
/// handler, encode the answer. Every failure becomes a review response (denied, or a failed
/// conversion) with a message saying what went wrong; nothing here touches the network.
struct WebhookRoute: Sendable {
    /// The HTTP status and JSON body to answer with.
    struct Answer: Sendable {
        var status: Int
        var body: [UInt8]
    }

    let handle: @Sendable (_ body: [UInt8]) async -> Answer

    // MARK: Admission

    static func validating<V: AdmissionValidator>(_ validator: V) -> WebhookRoute {
        WebhookRoute { body in
            await admission(body) { request in
                let op = try operation(of: request)
                let old = try request.oldObject.map { try decode(V.Object.self, $0, "oldObject") }
                let new = try request.object.map { try decode(V.Object.self, $0, "object") }
                switch try await validator.validate(old: old, new: new, operation: op) {
                case .allowed:
                    return .init(uid: request.uid, allowed: true)
                case .allowedWithWarnings(let warnings):
                    return .init(uid: request.uid, allowed: true, warnings: warnings)
                case .denied(let reason, let code):
                    return .init(uid: request.uid, allowed: false,
                                 status: .init(code: code, message: reason, reason: code == 403 ? "Forbidden" : nil))
                }
            }
        }
    }

    static func mutating<D: AdmissionDefaulter>(_ defaulter: D) -> WebhookRoute {
        WebhookRoute { body in
            await admission(body) { request in
                let op = try operation(of: request)
                guard let raw = request.object else {
                    return .init(uid: request.uid, allowed: true)  // DELETE: nothing to mutate
                }
                let object = try decode(D.Object.self, raw, "object")
                // Diff the typed forms, so fields the type does not model are never touched.
                let before = try JSONValue(encoding: object)
                let after = try JSONValue(encoding: try await defaulter.default(object, operation: op))
                let patch = JSONPatch(from: before, to: after)
                guard !patch.operations.isEmpty else { return .init(uid: request.uid, allowed: true) }
                let bytes = try KubeJSON.encode(patch.json)
                return .init(uid: request.uid, allowed: true, patch: Data(bytes).base64EncodedString())
            }
        }
    }

    /// Decodes an AdmissionReview, answers it with `respond` (errors deny the request), and
    /// echoes the review's apiVersion (`v1` or `v1beta1`).
    private static func admission(
        _ body: [UInt8], _ respond: (AdmissionReview.Request) async throws -> AdmissionReview.Response
    ) async -> Answer {
        let review: AdmissionReview
        do {
            review = try KubeJSON.decode(AdmissionReview.self, from: body)
        } catch {
            return encode(AdmissionReview(response: .init(
                uid: "", allowed: false,
                status: .init(code: 400, message: "the webhook could not read the AdmissionReview: \(error)", reason: "BadRequest"))),
                status: 400)
        }
        guard let request = review.request else {
            return encode(AdmissionReview(apiVersion: review.apiVersion, response: .init(
                uid: "", allowed: false, status: .init(code: 400, message: "the AdmissionReview has no request", reason: "BadRequest"))),
                status: 400)
        }
        let response: AdmissionReview.Response
        do {
            response = try await respond(request)
        } catch {
            response = .init(uid: request.uid, allowed: false,
                             status: .init(code: 500, message: "the webhook failed: \(error)", reason: "InternalError"))
        }
        return encode(AdmissionReview(apiVersion: review.apiVersion ?? "admission.k8s.io/v1", response: response))
    }

    private static func operation(of request: AdmissionReview.Request) throws -> AdmissionOperation {
        guard let op = AdmissionOperation(rawValue: request.operation) else {
            throw OperatorError(code: .webhookRoute, message: "unknown admission operation '\(request.operation)'")
        }
        return op
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ field: String) throws -> T {
        do {
            return try JSONValue.decode(T.self, from: value)
        } catch {
            throw OperatorError(code: .webhookRoute, message: "request.\(field) is not a valid \(T.self): \(error)")
        }
    }

    // MARK: Conversion

    static func converting(_ converter: ResourceConverter) -> WebhookRoute {
        WebhookRoute { body in
            let review: ConversionReview
            do {
                review = try KubeJSON.decode(ConversionReview.self, from: body)
            } catch {
                return encode(ConversionReview(response: .init(
                    uid: "", convertedObjects: [], result: .failure("the webhook could not read the ConversionReview: \(error)"))),
                    status: 400)
            }
            guard let request = review.request else {
                return encode(ConversionReview(response: .init(
                    uid: "", convertedObjects: [], result: .failure("the ConversionReview has no request"))), status: 400)
            }
            return encode(ConversionReview(response: converter.review(request)))
        }
    }

    private static func encode(_ value: some Encodable, status: Int = 200) -> Answer {
        // Encoding reviews of JSON values and strings cannot fail; answer 500 if it somehow does.
        guard let bytes = try? KubeJSON.encode(value) else {
            return Answer(status: 500, body: Array(#"{"message":"the webhook could not encode its answer"}"#.utf8))
        }
        return Answer(status: status, body: bytes)
    }
}
