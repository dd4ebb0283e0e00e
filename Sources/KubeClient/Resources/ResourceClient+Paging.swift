public import KubeModel

extension ResourceClient {
    /// Lists everything, page by page, following `continue` tokens. When a token expires
    /// (410 during paging) it falls back to one full list, as client-go's pager does.
    /// - Parameter pageSize: objects per page (client-go's default is 500).
    public func listAll(_ options: ListOptions = ListOptions(), pageSize: Int = 500) async throws -> ObjectList<Object> {
        var result: ObjectList<Object>? = nil
        for try await page in pages(options, pageSize: pageSize) {
            if page.restarted || result == nil {
                result = page.list
            } else {
                result!.items.append(contentsOf: page.list.items)
                result!.metadata.continue = page.list.metadata.continue
            }
        }
        var list = result ?? ObjectList(items: [])
        list.metadata.continue = nil
        list.metadata.remainingItemCount = nil
        return list
    }

    /// The pages of a list, following `continue` tokens.
    public func pages(_ options: ListOptions = ListOptions(), pageSize: Int = 500) -> ListPages<Object> {
        ListPages(client: self, options: options, pageSize: pageSize)
    }
}

/// One page of a paginated list.
public struct ListPage<Object: KubernetesObject>: Sendable {
    /// The page; its `metadata.continue` is set while more pages follow.
    public var list: ObjectList<Object>
    /// `true` when the continue token expired and this page is a fresh full list: discard the
    /// items of earlier pages.
    public var restarted: Bool
}

/// The pages of a list as an async sequence (see ``ResourceClient/pages(_:pageSize:)``).
public struct ListPages<Object: KubernetesObject>: AsyncSequence, Sendable {
    public typealias Element = ListPage<Object>
    public typealias Failure = any Error

    let client: ResourceClient<Object>
    let options: ListOptions
    let pageSize: Int

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(client: client, options: options, pageSize: pageSize)
    }

    /// Fetches the next page on demand.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: ResourceClient<Object>
        var options: ListOptions
        let pageSize: Int
        var done = false

        init(client: ResourceClient<Object>, options: ListOptions, pageSize: Int) {
            self.client = client
            self.options = options
            self.pageSize = pageSize
            if self.options.limit == nil, pageSize > 0 { self.options.limit = pageSize }
        }

        public mutating func next() async throws -> ListPage<Object>? {
            guard !done else { return nil }
            var restarted = false
            let list: ObjectList<Object>
            do {
                list = try await client.list(options)
            } catch let error as KubeAPIError where error.isGone && options.continueToken != nil {
                // The continue token expired: read everything again in one consistent list.
                var full = options
                full.continueToken = nil
                full.limit = nil
                list = try await client.list(full)
                restarted = true
            }
            if let token = list.metadata.continue, !token.isEmpty, !restarted {
                options.continueToken = token
                // Later pages are read at the first page's snapshot; the RV must not be sent with a token.
                options.resourceVersion = nil
                options.resourceVersionMatch = nil
            } else {
                done = true
            }
            return ListPage(list: list, restarted: restarted)
        }
    }
}
