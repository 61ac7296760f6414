import Foundation
import LoopbackClient

/// A browser as far as FrameAuth can tell: it keeps cookies, sends them
/// back, and never follows redirects (tests follow them on purpose).
/// Sendable so a request that makes the server call itself (a refresh, a
/// revocation) can block on a thread of its own; one test drives it at a time.
final class TestBrowser: @unchecked Sendable {
    /// Where requests go; a test moves it to reach another replica, as a
    /// load balancer would, with the same cookies.
    var port: Int
    private(set) var cookies: [String: String] = [:]

    init(port: Int) { self.port = port }

    @discardableResult
    func request(_ method: String = "GET", _ target: String, headers: [(String, String)] = [], form: String = "") throws -> RawResponse {
        let client = try RawClient(port: port)
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if !cookies.isEmpty {
            head += "Cookie: " + cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n"
        }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method == "POST" {
            if !form.isEmpty { head += "Content-Type: application/x-www-form-urlencoded\r\n" }
            head += "Content-Length: \(form.utf8.count)\r\n"
        }
        try client.send(head + "\r\n" + form)
        let response = try client.readResponse(bodyExpected: method != "HEAD")
        for (name, value) in response.headers where name.lowercased() == "set-cookie" { store(value) }
        return response
    }

    func get(_ target: String) throws -> RawResponse { try request("GET", target) }

    func post(_ target: String, form: String) throws -> RawResponse { try request("POST", target, form: form) }

    func setCookie(_ name: String, _ value: String) { cookies[name] = value }

    private func store(_ setCookie: String) {
        let attributes = setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let pair = attributes.first, let equals = pair.firstIndex(of: "=") else { return }
        let name = String(pair[..<equals])
        if attributes.contains("Max-Age=0") {
            cookies[name] = nil
        } else {
            cookies[name] = String(pair[pair.index(after: equals)...])
        }
    }

    /// The query parameters of a `Location`.
    static func query(of location: String) -> [String: String] {
        guard let components = URLComponents(string: location) else { return [:] }
        var values: [String: String] = [:]
        for item in components.queryItems ?? [] { values[item.name] = item.value ?? "" }
        return values
    }
}
