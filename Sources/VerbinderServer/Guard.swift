import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import VerbinderCore

/// An error answered with a status and a JSON message.
struct ApiError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }
}

/// The JSON body of every error: a message and, for bad scenarios and settings, each problem with its place.
struct ErrorBody: Codable {
    struct Problem: Codable {
        var file: String
        var line: Int
        var column: Int
        var keyPath: String
        var message: String
        /// The problem as the command line prints it: `file:line:column: error: key.path: message`.
        var text: String
    }

    var error: String
    var diagnostics: [Problem]
}

/// Guards every request: the Host header (loopback servers answer only to loopback names, against DNS
/// rebinding), the token (when set; from the `Authorization: Bearer` header, a `token` query parameter or the
/// cookie that the first tokened request sets), the Origin of state-changing requests, and security headers on
/// every response (a Content-Security-Policy without inline scripts or remote sources). Errors become JSON.
struct GuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?
    let loopback: Bool

    static var cookieName: String { "verbinder_token" }

    /// The policy of every response that does not set its own: scripts and styles only from this server's files.
    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            var setCookie = false
            try checkHost(request)
            if let token {
                let query = formValue(request, "token")
                setCookie = query.map { constantTimeEqual($0, token) } ?? false
                guard setCookie || presentedToken(request).map({ constantTimeEqual($0, token) }) == true else {
                    throw ApiError(.unauthorized, "this server needs its token: open the address it printed when it started (…/?token=…), or send Authorization: Bearer TOKEN")
                }
            }
            if ![.get, .head, .options].contains(request.method) { try checkOrigin(request) }
            response = try await next(request, context)
            if setCookie, let token {
                response.headers.append(HTTPField(name: .setCookie, value: "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"))
            }
        } catch {
            response = Self.errorResponse(error, logger: context.logger)
        }
        // A route may set a policy of its own (the sweep report: inline style, no script at all).
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    private func checkHost(_ request: Request) throws {
        guard loopback else { return }
        let authority = request.head.authority ?? ""
        guard ["127.0.0.1", "localhost", "::1"].contains(hostName(ofAuthority: authority).lowercased()) else {
            throw ApiError(.forbidden, "this server answers only on 127.0.0.1 or localhost; start it with --host (and a token) to serve other hosts")
        }
    }

    private func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[.origin] else { return }
        let authority = request.head.authority ?? ""
        guard origin == "http://\(authority)" else {
            throw ApiError(.forbidden, "cross-origin request refused: Origin \(origin) is not this server")
        }
    }

    private func presentedToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") { return String(header.dropFirst(7)) }
        for field in request.headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == Self.cookieName { return String(parts[1]) }
            }
        }
        return nil
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The JSON response of an error: InputError → 400 with its diagnostics; ApiError and HTTP errors → their
    /// status; anything else → 500 with a generic message (details only in the log).
    static func errorResponse(_ error: any Error, logger: Logger) -> Response {
        var status = HTTPResponse.Status.internalServerError
        var body = ErrorBody(error: "internal error", diagnostics: [])
        var headers: HTTPFields = [:]
        switch error {
        case let input as InputError:
            status = .badRequest
            body.error = input.description
            body.diagnostics = input.diagnostics.map {
                ErrorBody.Problem(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                                  keyPath: $0.keyPath, message: $0.message, text: $0.description)
            }
        case let api as ApiError:
            status = api.status
            body.error = api.message
            headers = api.headers
        case let http as any HTTPResponseError:
            status = http.status
            body.error = http.status.code == 404 ? "not found" : http.status.reasonPhrase
        case is NIOTooManyBytesError:
            status = .contentTooLarge
            body.error = "the request body is larger than this server accepts"
        default:
            logger.error("request failed: \(error)")
        }
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: jsonBytes(body))))
    }
}

/// The host name of a Host header (or authority), without port or IPv6 brackets.
func hostName(ofAuthority authority: String) -> String {
    if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
        return String(authority[authority.index(after: authority.startIndex) ..< close])
    }
    return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
}

/// JSON with sorted keys.
func jsonBytes(_ value: some Encodable) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Encoding the server's own Codable types with finite numbers cannot fail.
    return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
}
