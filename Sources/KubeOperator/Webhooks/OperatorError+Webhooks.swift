extension OperatorError.Code {
    /// A custom resource's declaration cannot become a definition.
    public static let customResource = OperatorError.Code(raw: "customResource")
    /// The webhook server could not start or load its certificate.
    public static let webhookServer = OperatorError.Code(raw: "webhookServer")
    /// Two webhook handlers claim one path, or a path is malformed.
    public static let webhookRoute = OperatorError.Code(raw: "webhookRoute")
}

extension OperatorError.Code {
    /// A JSON patch does not fit the value it is applied to.
    public static let jsonPatch = OperatorError.Code(raw: "jsonPatch")
    /// An object cannot be converted to the version asked for.
    public static let conversion = OperatorError.Code(raw: "conversion")
}
