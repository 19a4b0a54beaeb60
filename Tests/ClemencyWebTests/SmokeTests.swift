import ClemencyStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Web app: sign-in and pages")
struct SmokeTests {
    @Test("A screener signs in, sees the dashboard, the case list and a case page")
    func signInAndBrowse() async throws {
        let harness = try await WebHarness.make()
        let record = try await harness.importFixture()
        #expect(record.created == 3)
        #expect(record.rejected.count == 1)
        try await harness.app.test(.router) { client in
            let browser = try await Browser.signIn(client, email: "screener@example.org")
            let dashboard = try await browser.get(client, "/")
            #expect(dashboard.status == .ok)
            #expect(String(buffer: dashboard.body).contains("<div class=\"figure\">3</div>cases"))
            let list = try await browser.get(client, "/cases")
            #expect(String(buffer: list.body).contains("WEB-001"))
            let page = try await browser.get(client, "/cases/WEB-001")
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("Audit trail"))
        }
    }
}
