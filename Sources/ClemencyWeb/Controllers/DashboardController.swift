import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import ClemencyWorkflow
import Hummingbird

/// The dashboard: counts by pathway and determination, the pipeline by status, people overserved,
/// and the cases waiting longest. Screeners and administrators only (it covers every case).
struct DashboardController {
    let pages: Pages

    struct DashboardPage {
        struct PathwayRow {
            let key: String
            let name: String
            let cells: [Cell]
        }

        struct Cell {
            let count: Int
            let link: String
            let determination: String
        }

        struct StatusRow {
            let status: String
            let name: String
            let count: Int
            let link: String
        }

        struct Waiting {
            let caseID: String
            let link: String
            let status: String
            let since: String
        }

        let layout: Layout
        let totalCases: Int
        let overserved: Int
        let determinations: [String]
        let pathways: [PathwayRow]
        let statuses: [StatusRow]
        let oldestWaiting: [Waiting]
        let hasWaiting: Bool
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { _, context in try await dashboard(context) }
    }

    func dashboard(_ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        guard user.role.seesAllCases else { return .redirect(to: "/cases", type: .normal) }
        let figures = try await pages.service.dashboard(for: user)
        let order: [Determination] = [.eligible, .needsInformation, .ineligible]
        let rows = pages.pathwayKeys.map { key in
            DashboardPage.PathwayRow(key: key, name: PathwayNames.name(key), cells: order.map { determination in
                DashboardPage.Cell(count: figures.determinations[key]?[determination] ?? 0,
                                   link: "/cases?pathway=\(key.urlQueryEncoded)&determination=\(determination.rawValue)",
                                   determination: determination.rawValue)
            })
        }
        let statuses = CaseStatus.allCases.map {
            DashboardPage.StatusRow(status: $0.rawValue, name: $0.description, count: figures.statuses[$0] ?? 0, link: "/cases?status=\($0.rawValue)")
        }
        let waiting = figures.oldestWaiting.map {
            DashboardPage.Waiting(caseID: $0.caseID, link: "/cases/\($0.caseID.urlPathEncoded)", status: $0.status.description,
                                  since: DisplayFormat.date($0.statusChangedAt))
        }
        let page = DashboardPage(layout: Layout(title: "Dashboard", context: context), totalCases: figures.totalCases,
                                 overserved: figures.overserved, determinations: order.map(DisplayFormat.determination),
                                 pathways: rows, statuses: statuses, oldestWaiting: waiting, hasWaiting: !waiting.isEmpty)
        return pages.renderer.response(page, template: "dashboard")
    }
}
