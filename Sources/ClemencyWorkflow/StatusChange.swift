/// The rules for moving a case through the pipeline. Pure: it decides, the caller records.
public enum StatusChange {
    /// Checks that a person in `role` may move a case from `from` to `to`.
    ///
    /// Screeners and administrators may make any allowed change; an attorney may make the changes
    /// of their own petition work (drafted, filed, the pardon office's decision, withdrawing) but
    /// may not close a case at intake or screening.
    ///
    /// - Throws: `WorkflowError.transitionNotAllowed` when `to` is not in `from.allowedNext`;
    ///   `WorkflowError.roleNotAllowed` when the role may not make it.
    public static func check(from: CaseStatus, to: CaseStatus, role: UserRole) throws {
        guard from.allowedNext.contains(to) else { throw WorkflowError.transitionNotAllowed(from: from, to: to) }
        if role == .attorney && (from == .intake || from == .screened) {
            throw WorkflowError.roleNotAllowed(role: role, action: "change the status of a case that is not assigned")
        }
    }
}
