import HTTPServer

/// Where the shared store listens and how to sign in to it: `store_url`,
/// either `redis://[[user]:password@]host[:port][/db]` (the IANA `redis`
/// scheme; port 6379 and database 0 by default) or
/// `unix://[[user]:password@]/path/redis.sock[?db=N]`.
///
/// The user and password may be percent-encoded. `description` never shows
/// the password, so the URL can go into logs and `--check-config` as it is.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public let endpoint: Endpoint
    /// For Redis 6 ACLs (`AUTH user password`); nil signs in as `default`.
    public let username: String?
    let password: String?
    public let database: Int

    public static let defaultPort = 6379

    /// Reads `text`, or says in one line what is wrong with it, without
    /// repeating the text (it may hold a password).
    public init(parsing text: String) throws(RedisURLError) {
        let scheme: String
        let rest: Substring
        if let separator = text.firstRange(of: "://") {
            scheme = text[..<separator.lowerBound].lowercased()
            rest = text[separator.upperBound...]
        } else {
            throw RedisURLError("must start with redis:// or unix://")
        }
        guard !rest.contains("#") else { throw RedisURLError("must not have a #fragment") }

        let (userinfo, afterUserinfo) = Self.splitUserinfo(rest)
        (username, password) = try Self.credentials(userinfo)

        switch scheme {
        case "redis":
            guard !afterUserinfo.contains("?") else { throw RedisURLError("takes no ?query for redis://; give the database as /N") }
            let authority = afterUserinfo.prefix { $0 != "/" }
            let path = afterUserinfo.dropFirst(authority.count)
            endpoint = try Self.tcpEndpoint(authority)
            database = try Self.database(path.isEmpty || path == "/" ? nil : path.dropFirst())
        case "unix":
            let path = afterUserinfo.prefix { $0 != "?" }
            let query = afterUserinfo.dropFirst(path.count)
            guard path.hasPrefix("/"), path.count > 1 else {
                throw RedisURLError("needs the socket's absolute path: unix:///path/redis.sock")
            }
            endpoint = .unixSocket(path: String(path))
            if query.isEmpty {
                database = 0
            } else if query.hasPrefix("?db=") {
                database = try Self.database(query.dropFirst(4))
            } else {
                throw RedisURLError("takes only ?db=N after the socket path")
            }
        case "rediss":
            throw RedisURLError("asks for TLS (rediss://), which this build does not speak to Redis; "
                + "reach Redis over a private network, a Unix socket or a TLS tunnel")
        default:
            throw RedisURLError("must start with redis:// or unix://")
        }
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        var credentials = ""
        if username != nil || password != nil {
            credentials = (username.map(Self.encode) ?? "") + (password == nil ? "" : ":***") + "@"
        }
        switch endpoint {
        case .tcp(let host, let port):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "redis://\(credentials)\(shownHost):\(port)/\(database)"
        case .unixSocket(let path):
            return "unix://\(credentials)\(path)" + (database == 0 ? "" : "?db=\(database)")
        }
    }

    /// What `dump` and debuggers show: the parts, the password masked.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "endpoint": endpoint, "username": username as Any, "password": password.map { _ in "***" } as Any,
            "database": database,
        ])
    }

    // MARK: Parts

    /// The text before the last `@` of the authority (a password may itself
    /// hold a `/` or an `@` only percent-encoded), and what follows it.
    private static func splitUserinfo(_ rest: Substring) -> (Substring?, Substring) {
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        // A Unix socket's path starts right after `//`, so its `@` can only precede that `/`.
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return (nil, rest) }
        return (rest[..<at], rest[rest.index(after: at)...])
    }

    /// `user:password`, `:password` or `user` (no password), percent-decoded.
    private static func credentials(_ userinfo: Substring?) throws(RedisURLError) -> (String?, String?) {
        guard let userinfo else { return (nil, nil) }
        let colon = userinfo.firstIndex(of: ":")
        let user = try decode(colon.map { userinfo[..<$0] } ?? userinfo, naming: "user")
        let password = try colon.map { index throws(RedisURLError) in try decode(userinfo[userinfo.index(after: index)...], naming: "password") }
        if password?.isEmpty == true { throw RedisURLError("has an empty password; leave out the `:` and `@` for none") }
        return (user.isEmpty ? nil : user, password)
    }

    private static func tcpEndpoint(_ authority: Substring) throws(RedisURLError) -> Endpoint {
        let host: Substring
        let portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw RedisURLError("has an IPv6 address without its closing ]") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw RedisURLError("has text after the IPv6 address's ]") }
            portText = after.isEmpty ? nil : after.dropFirst()
        } else {
            let colon = authority.firstIndex(of: ":")
            host = colon.map { authority[..<$0] } ?? authority
            portText = colon.map { authority[authority.index(after: $0)...] }
        }
        guard !host.isEmpty else { throw RedisURLError("needs a host: redis://host:6379") }
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }) else {
            throw RedisURLError("has a host that is not a name or an IP address")
        }
        guard let portText else { return .tcp(host: String(host), port: defaultPort) }
        guard let port = Int(portText), (1...65_535).contains(port), portText.allSatisfy(\.isASCII) else {
            throw RedisURLError("has a port that is not a number from 1 to 65535")
        }
        return .tcp(host: String(host), port: port)
    }

    private static func database(_ text: Substring?) throws(RedisURLError) -> Int {
        guard let text else { return 0 }
        guard let number = Int(text), number >= 0, number < 1 << 16, text.allSatisfy(\.isASCII) else {
            throw RedisURLError("has a database that is not a whole number from 0 (redis://host:6379/0)")
        }
        return number
    }

    private static func decode(_ text: Substring, naming part: String) throws(RedisURLError) -> String {
        guard let decoded = try? PercentDecoding.decode(text.utf8, plusIsSpace: false) else {
            throw RedisURLError("has a \(part) with a % not followed by two hex digits, or not UTF-8")
        }
        return decoded
    }

    private static func encode(_ text: String) -> String {
        FormURLEncoding.encode(text)
    }
}
