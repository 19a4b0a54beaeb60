import ClemencyStore
import ClemencyWorkflow
import Foundation
import Testing

/// End-to-end tests in a real browser: headless Chromium driven over WebDriver against the web app
/// served on loopback. Screenshots of every step go to `.build/test-output/browser` (or `CLEMENCY_TEST_OUTPUT`).
@Suite("Browser: casework in headless Chromium", .serialized,
       .enabled(if: BrowserEnvironment.shouldRun, Comment(rawValue: BrowserEnvironment.skipReason)))
struct BrowserJourneyTests {
    static let section404 = "First Step Act § 404"
    static let sectionInitiative = "Clemency Initiative (2014): April 2014 criteria"

    @Test("A screener imports a file, answers a missing fact and offers the case; the attorney accepts it and files the petition")
    func caseworkJourney() async throws {
        let harness = try await BrowserHarness.make()
        try await harness.withServer { base in
            try await BrowserSession.run(prefix: "casework", base: base) { browser in
                let web = browser.driver

                // The screener signs in and lands on the dashboard.
                try await browser.signIn("screener@example.org")
                try await browser.waitForHeading("Dashboard")
                try await browser.screenshot("screener-dashboard")

                // Imports the fixture through the upload form; the results show 3 new cases and the rejected row with its reason.
                try await web.findElement("nav a[href='/imports']").click()
                try await browser.waitForHeading("Import case records")
                try await web.findElement("input#file").sendKeys(BrowserHarness.fixture.path)
                try await browser.screenshot("import-form")
                try await web.findElement("form[action='/imports'] button[type=submit]").click()
                try await browser.waitForHeading("Import of cases.csv")
                #expect(try await web.findElement("#created").text() == "3")
                #expect(try await web.findElement("#rejected").text() == "1")
                let rejected = try await browser.tableRows(under: "Rejected rows")
                #expect(rejected.count == 1)
                let rejection = rejected.first ?? []
                #expect(rejection.first == "5", "the rejected row is line 5 of the file (after the header)")
                #expect(rejection.count > 1 && rejection[1].contains("offense_date") && rejection[1].contains("2006-13-01"),
                        "the reason names the field and the value: \(rejection)")
                try await browser.screenshot("import-results")

                // Opens WEB-002 from the case list: § 404 needs the criminal history category.
                try await web.findElement("a[href='/cases?sort=priority']").click()
                try await browser.waitForHeading("Cases")
                try await web.findElement("a[href='/cases/WEB-002']").click()
                try await browser.waitForHeading("Case WEB-002")
                #expect(try await pathwayLabel(web, Self.section404) == "needs information")
                #expect(try await web.findElement("#status").text() == "intake")
                try await browser.screenshot("case-needs-information")

                // Answers criminal_history_category = I: the case is re-screened at once and the determinations
                // that waited for it change; § 404 then waits only for its own bar, asked in the same form.
                try await answer(web, "criminal_history_category", "I")
                #expect(try await pathwayLabel(web, Self.sectionInitiative) == "eligible")
                let stillAsked = try await pathwaySection(web, Self.section404).text()
                #expect(stillAsked.contains("To decide: Was the sentence already reduced under § 404"), "\(stillAsked)")
                try await browser.screenshot("case-category-answered")
                try await answer(web, "sentence_reduced_under_fair_sentencing_act", "no")
                try await answer(web, "prior_404_motion_denied_on_merits", "no")
                #expect(try await pathwayLabel(web, Self.section404) == "eligible")
                #expect(!(try await pathwaySection(web, Self.section404).text()).contains("needs information"))
                try await web.scroll(to: pathwaySection(web, Self.section404))
                try await browser.screenshot("case-404-decided")

                // Marks the case screened, then offers it to attorney@example.org.
                try await browser.choose(CaseStatus.screened.rawValue, in: "status")
                try await web.findElement("form[action$='/status'] button[type=submit]").click()
                try await web.waitForText("#status", description: "screened") { $0 == "screened" }
                try await browser.choose(harness.attorney.id, in: "attorney_id")
                try await web.findElement("form[action$='/offers'] button[type=submit]").click()
                let offers = try await web.wait(for: "the open offer") {
                    let rows = try await browser.tableRows(under: "Assignment")
                    return rows.first { $0.count > 1 && $0[1] == "offered" }
                }
                #expect(offers.first == "Attorney")
                try await browser.screenshot("case-offered", at: "Status")

                // Signs out; the attorney signs in, sees the offer and its conflict check, and accepts.
                try await browser.signOut()
                try await browser.signIn("attorney@example.org")
                try await web.findElement("nav a[href='/offers']").click()
                try await browser.waitForHeading("Cases offered to you")
                try await web.findElement("a[href^='/offers/']").click()
                try await browser.waitForHeading("Offer of case WEB-002")
                let conflictCheck = try await web.findElement("#conflicts").text()
                #expect(conflictCheck.contains("No conflict found"), "conflict check: \(conflictCheck)")
                try await browser.screenshot("attorney-offer-conflict-check")
                try await web.findElement("form[action$='/accept'] button[type=submit]").click()
                try await browser.waitForHeading("Case WEB-002")
                #expect(try await web.findElement("#status").text() == "assigned")

                // Moves the case to petition drafted, then to filed with the pardon office.
                try await browser.choose(CaseStatus.petitionDrafted.rawValue, in: "status")
                try await web.findElement("form[action$='/status'] input[name='note']").sendKeys("Draft sent to the client")
                try await web.findElement("form[action$='/status'] button[type=submit]").click()
                try await web.waitForText("#status", description: "petition drafted") { $0 == "petition drafted" }
                try await browser.choose(CaseStatus.filed.rawValue, in: "status")
                try await web.findElement("form[action$='/status'] button[type=submit]").click()
                try await web.waitForText("#status", description: "filed") { $0 == "filed with the pardon office" }
                try await browser.screenshot("case-filed", at: "Status")

                // The audit trail shows who did each step. Columns: when, who, what, subject, before, after, detail.
                try await browser.open("/cases/WEB-002#audit")
                try await browser.waitForHeading("Case WEB-002")
                let trail = try await browser.tableRows(under: "Audit trail")
                func has(_ who: String, _ what: String, subject: String? = nil, before: String? = nil, after: String? = nil) -> Bool {
                    trail.contains { row in
                        row.count == 7 && row[1] == who && row[2] == what && subject.map { row[3] == $0 } ?? true
                            && before.map { row[4] == $0 } ?? true && after.map { row[5] == $0 } ?? true
                    }
                }
                let screener = "screener@example.org", attorney = "attorney@example.org"
                #expect(has(screener, "fact answered", subject: "criminal_history_category", before: "", after: "I"), "\(trail)")
                #expect(has(screener, "rescreened", subject: "First Step Act § 404", before: "needs information", after: "eligible"), "\(trail)")
                #expect(has(screener, "offered", subject: attorney), "\(trail)")
                #expect(has(attorney, "accepted", subject: attorney), "\(trail)")
                #expect(has(attorney, "status changed", before: "assigned", after: "petition drafted"), "\(trail)")
                #expect(has(attorney, "status changed", before: "petition drafted", after: "filed with the pardon office"), "\(trail)")
                try await browser.screenshot("audit-trail")
            }
        }
    }

    @Test("Markup in imported data is shown as text, never run: no script, no alert, title unchanged")
    func scriptInjection() async throws {
        let harness = try await BrowserHarness.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clemency-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = "<script>document.title='pwned'</script>"
        let image = "\"><img src=x onerror=alert(1)>"
        let fileName = "hostile <b>file.csv"  // no slash: it would be a folder
        let file = folder.appendingPathComponent(fileName)
        try Self.hostileFile(district: script, personName: image).write(to: file, atomically: true, encoding: .utf8)

        try await harness.withServer { base in
            try await BrowserSession.run(prefix: "injection", base: base) { browser in
                let web = browser.driver
                try await browser.signIn("screener@example.org")
                try await browser.open("/imports")
                try await browser.waitForHeading("Import case records")
                try await web.findElement("input#file").sendKeys(file.path)
                try await web.findElement("form[action='/imports'] button[type=submit]").click()

                // The results page: the file name and the rejected row's values are text.
                try await browser.waitForHeading("Import of \(fileName)")
                #expect(try await web.findElement("#created").text() == "1")
                #expect(try await web.alertText() == nil)
                #expect(try await web.title() == "Import of \(fileName) · Clemency")
                let rowAsRead = try await browser.tableRows(under: "Rejected rows").first?.last ?? ""
                #expect(rowAsRead.contains("district=\(script)"), "row as read: \(rowAsRead)")
                try await expectNoInjectedMarkup(web)
                try await browser.screenshot("import-results")

                // The case page: district and name shown literally.
                try await browser.open("/cases/XSS-001")
                try await browser.waitForHeading("Case XSS-001")
                #expect(try await web.alertText() == nil, "an alert opened")
                #expect(try await web.title() == "Case XSS-001 · Clemency")
                #expect(try await summaryValue(web, "District") == script)
                #expect(try await summaryValue(web, "Name") == image)
                try await expectNoInjectedMarkup(web)
                try await browser.screenshot("case-page")

                // The case list shows the district as text too.
                try await browser.open("/cases?q=XSS")
                try await browser.waitForHeading("Cases")
                #expect(try await web.alertText() == nil)
                #expect(try await web.title() == "Cases · Clemency")
                #expect(try await web.pageSource().contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"))
                try await expectNoInjectedMarkup(web)
                try await browser.screenshot("case-list")
            }
        }
    }

    // MARK: Helpers

    /// Answers the missing fact `field` on the case page and waits for the saved case (its version one higher).
    func answer(_ web: WebDriver, _ field: String, _ value: String) async throws {
        let version = try #require(Int(try await summaryValue(web, "Version") ?? ""))
        let form = "form:has(input[name='field'][value='\(field)'])"
        try await web.findElement("\(form) [name='value']").sendKeys(value)
        try await web.findElement("\(form) button[type=submit]").click()
        try await web.wait(for: "the answer to \(field) to be saved (version \(version + 1))") {
            try await summaryValue(web, "Version") == String(version + 1) ? true : nil
        }
        #expect(try await web.findElements("p.error").isEmpty, "the answer \(field) = \(value) was refused")
    }

    /// The pathway section whose heading starts with `name`.
    func pathwaySection(_ web: WebDriver, _ name: String) async throws -> WebDriver.Element {
        for section in try await web.findElements("section.pathway") {
            if let heading = try await section.findElements("h3").first, try await heading.text().hasPrefix(name + ":") { return section }
        }
        throw WebDriverError(code: "no such element", message: "no pathway section \(name)")
    }

    /// The determination shown in the heading of the pathway section `name`.
    func pathwayLabel(_ web: WebDriver, _ name: String) async throws -> String {
        let section = try await pathwaySection(web, name)
        return try await section.findElements("h3 span").first?.text() ?? ""
    }

    /// The value next to the row heading `label` of the case summary table.
    func summaryValue(_ web: WebDriver, _ label: String) async throws -> String? {
        for row in try await web.findElements("table.summary tr") {
            let headings = try await row.findElements("th"), values = try await row.findElements("td")
            for (index, heading) in headings.enumerated() where index < values.count {
                if try await heading.text() == label { return try await values[index].text() }
            }
        }
        return nil
    }

    /// No element of the imported markup exists in the page: no `img`, no script in the body.
    func expectNoInjectedMarkup(_ web: WebDriver) async throws {
        #expect(try await web.findElements("img").isEmpty, "an <img> from the data was created")
        #expect(try await web.findElements("script").isEmpty, "a <script> element is in the page")
        #expect(try await web.findElements("main b").isEmpty, "a <b> from the file name was created")
    }

    /// A case file with one case whose district and person name are markup, and a rejected row
    /// (bad date) with the same district, in the case format of the web fixture.
    static func hostileFile(district: String, personName: String) throws -> String {
        let lines = try String(contentsOf: BrowserHarness.fixture, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0]
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // WEB-003's values, with the hostile text put in.
        var values = lines.first { $0.hasPrefix("WEB-003,") }!.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func set(_ column: String, _ value: String) {
            let quoted = value.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
            values[columns.firstIndex(of: column)!] = quoted
        }
        set("case_id", "XSS-001")
        set("district", district)
        set("person_name", personName)
        let good = values.joined(separator: ",")
        set("case_id", "XSS-002")
        set("offense_date", "2012-13-01")
        return [header, good, values.joined(separator: ",")].joined(separator: "\n") + "\n"
    }
}
