import ClemencyStore
import ClemencyWorkflow

/// What every page's frame shows: the title, who is signed in, the navigation their role sees,
/// and the CSRF token of the sign-out form.
struct Layout {
    let title: String
    let signedIn: Bool
    let userName: String
    let userRole: String
    let isStaff: Bool
    let isAttorney: Bool
    let csrfToken: String
    let notice: String?

    init(title: String, context: AppRequestContext, notice: String? = nil) {
        self.title = title
        signedIn = context.user != nil
        userName = context.user?.displayName ?? ""
        userRole = context.user?.role.rawValue ?? ""
        isStaff = context.user?.role.seesAllCases ?? false
        isAttorney = context.user?.role == .attorney
        csrfToken = context.csrfToken
        self.notice = notice
    }
}
