import ClemencyUseCases
import Hummingbird

/// The JSON API under `/api/v1` (see `openapi.json`).
struct APIController {
    let service: CaseworkService
    let configuration: WebConfiguration

    func addRoutes(to router: Router<AppRequestContext>) {}
}
