public import KubeModel

extension Lister {
    /// Every cached object matching a label selector, e.g. `try Selector(parsing: "app=web,tier!=db")`.
    public func list(selector: Selector) -> [Object] {
        list(where: { selector.matches($0) })
    }
}

extension NamespaceLister {
    /// Every cached object of this namespace matching a label selector.
    public func list(selector: Selector) -> [Object] {
        list(where: { selector.matches($0) })
    }
}
