extension Array {
    /// Hands every element to `body` in order, moving each out instead of copying it, and leaves
    /// the array empty. (Iterating copies each element, and a copy of a struct retains every
    /// reference it holds.) Moves only if the storage is not shared; else it is copied once.
    package mutating func drain(_ body: (consuming Element) throws -> Void) rethrows {
        reverse()  // swaps elements in place, without copies
        while let element = popLast() { try body(element) }
    }
}
