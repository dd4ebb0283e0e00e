public import KubeModel

/// An `apiextensions.k8s.io/v1` ConversionReview: the API server asks a webhook to convert
/// custom objects to `desiredAPIVersion`.
public struct ConversionReview: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var request: Request?
    public var response: Response?

    public init(request: Request? = nil, response: Response? = nil) {
        self.apiVersion = "apiextensions.k8s.io/v1"
        self.kind = "ConversionReview"
        self.request = request
        self.response = response
    }

    public struct Request: Codable, Sendable, Hashable {
        public var uid: String
        /// `group/version` to convert to.
        public var desiredAPIVersion: String
        public var objects: [JSONValue]

        public init(uid: String, desiredAPIVersion: String, objects: [JSONValue]) {
            self.uid = uid
            self.desiredAPIVersion = desiredAPIVersion
            self.objects = objects
        }
    }

    public struct Response: Codable, Sendable, Hashable {
        public var uid: String
        /// The objects in request order (empty on failure).
        public var convertedObjects: [JSONValue]
        /// `status` is `Success` or `Failure` (with a message).
        public var result: Result

        public init(uid: String, convertedObjects: [JSONValue], result: Result) {
            self.uid = uid
            self.convertedObjects = convertedObjects
            self.result = result
        }

        // The API server sends a zero-valued response (`convertedObjects: null`) with each request.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            uid = try c.decodeIfPresent(String.self, forKey: .uid) ?? ""
            convertedObjects = try c.decodeIfPresent([JSONValue].self, forKey: .convertedObjects) ?? []
            result = try c.decodeIfPresent(Result.self, forKey: .result) ?? Result(status: "", message: nil)
        }

        enum CodingKeys: String, CodingKey { case uid, convertedObjects, result }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var status: String
        public var message: String?

        public init(status: String, message: String?) {
            self.status = status
            self.message = message
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            status = try c.decodeIfPresent(String.self, forKey: .status) ?? ""
            message = try c.decodeIfPresent(String.self, forKey: .message)
        }

        enum CodingKeys: String, CodingKey { case status, message }

        public static let success = Result(status: "Success", message: nil)
        public static func failure(_ message: String) -> Result { Result(status: "Failure", message: message) }
    }
}
