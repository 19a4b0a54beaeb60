import Foundation
import Hummingbird
import NIOCore

/// Serves the bundled style sheet. No script is served: every page works without JavaScript.
struct StaticController {
    static let styleSheet: String = {
        guard let url = Bundle.module.url(forResource: "app", withExtension: "css", subdirectory: "Public"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/static/app.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Self.styleSheet)))
        }
    }
}
