import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SnapshotTesting
import Testing

/// One snapshot per page and key state (house style C14): a changed page is a reviewable diff.
/// The session's CSRF token is random, so it is masked; everything else is fixed by the harness
/// (deterministic identifiers and timestamps).
@Suite("Web pages: snapshots", .snapshots(record: .failed))
struct PageSnapshotTests {
    static let pages: [(name: String, asker: Asker, path: String)] = [
        ("dashboard", .screener, "/"),
        ("cases", .screener, "/cases"),
        ("cases-filtered", .screener, "/cases?pathway=first_step_act_404&determination=eligible"),
        ("case-assigned", .screener, "/cases/WEB-001"),
        ("case-questions", .screener, "/cases/WEB-002"),
        ("case-attorney", .assignedAttorney, "/cases/WEB-001"),
        ("my-cases", .assignedAttorney, "/cases"),
        ("imports", .screener, "/imports"),
        ("import", .screener, "/imports/{import}"),
        ("attorneys", .administrator, "/attorneys"),
        ("offers", .assignedAttorney, "/offers"),
        ("offer-conflict-check", .assignedAttorney, "/offers/{offer}"),
        ("forbidden", .otherAttorney, "/cases/WEB-001"),
    ]

    @Test("Every page renders as recorded", arguments: pages.map(\.name))
    func page(_ name: String) async throws {
        let entry = try #require(Self.pages.first { $0.name == name })
        let world = try await MatrixWorld.make()
        let path = entry.path.replacingOccurrences(of: "{offer}", with: world.openOfferID).replacingOccurrences(of: "{import}", with: world.importID)
        try await world.harness.app.test(.router) { client in
            let browser = try await Browser.signIn(client, email: try #require(entry.asker.email))
            let response = try await browser.get(client, path)
            assertSnapshot(of: Self.masked(String(buffer: response.body)), as: .lines, named: name)
        }
    }

    @Test("The sign-in page renders as recorded")
    func login() async throws {
        let harness = try await WebHarness.make()
        try await harness.app.test(.router) { client in
            let response = try await client.execute(uri: "/login", method: .get)
            assertSnapshot(of: Self.masked(String(buffer: response.body)), as: .lines, named: "login")
        }
    }

    static func masked(_ html: String) -> String {
        html.replacingOccurrences(of: #"name="csrf_token" value="[^"]*""#, with: #"name="csrf_token" value="[masked]""#, options: .regularExpression)
    }
}
