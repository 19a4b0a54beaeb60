import ArgumentParser
import ClemencyStore
import ClemencyUseCases
import ClemencyWeb
import ClemencyWorkflow
import Foundation

/// `clemency user`: accounts for the web app and tokens for scripts.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Create accounts (administrator, screener, attorney), list them, and issue API tokens.",
        subcommands: [Add.self, List.self, Token.self, Password.self, Disable.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account. The first administrator is created this way too.",
            discussion: """
                The password is read from standard input with --password-stdin; otherwise a strong one is generated and \
                printed once. Passwords are stored as bcrypt hashes only.
                """
        )

        @Option(help: "The role: administrator, screener or attorney.")
        var role: UserRole

        @Argument(help: "The email address (the sign-in name).")
        var email: String

        @Option(help: "The name shown in the app (default: the part of the email before @).")
        var name: String?

        @Option(help: "For attorneys: how many active cases they take at once.")
        var caseload: Int?

        @OptionGroup var password: PasswordInput

        @Option(help: CaseworkDatabase.help)
        var db = "clemency.sqlite"

        func run() async throws {
            let (password, generated) = try self.password.read()
            try await CaseworkDatabase.with(db) { store in
                let service = try CaseworkFactory.service(store: store, policyPath: nil, asOfText: nil)
                do {
                    let user = try await service.createUser(email: email, displayName: name, role: role, password: password,
                                                            caseloadLimit: caseload, hasher: BcryptPasswordHasher(), now: Date())
                    print("Created \(user.role) \(user.email)" + (user.caseloadLimit.map { " (caseload limit \($0))" } ?? "") + ".")
                    if let generated { print("Password (shown once): \(generated)") }
                } catch let error as CaseworkError {
                    throw CommandFailure(error.description)
                } catch let error as StoreError {
                    throw CommandFailure(error.description)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")

        @Option(help: CaseworkDatabase.help)
        var db = "clemency.sqlite"

        func run() async throws {
            try await CaseworkDatabase.with(db) { store in
                for user in try await store.users() {
                    print([user.email, user.role.rawValue, user.displayName, user.caseloadLimit.map { "caseload \($0)" } ?? "",
                           user.disabledAt.map { "disabled " + ISO8601DateFormatter().string(from: $0) } ?? ""]
                        .filter { !$0.isEmpty }.joined(separator: "\t"))
                }
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue an API token that acts as an account (send it as `Authorization: Bearer TOKEN`).",
            discussion: "The token is printed once; only its SHA-256 digest is stored."
        )

        @Argument(help: "The account's email address.")
        var email: String

        @Option(help: "What the token is for.")
        var label = "script"

        @Option(help: CaseworkDatabase.help)
        var db = "clemency.sqlite"

        func run() async throws {
            try await CaseworkDatabase.with(db) { store in
                guard let user = try await store.fetchUser(email: email) else { throw CommandFailure("no account \(email)") }
                let token = SecretToken.make()
                try await store.saveAPIToken(APIToken(tokenHash: SecretToken.digest(token), userID: user.id, label: label,
                                                      createdAt: Date()))
                print(token)
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password for an account (enabling it again if it was disabled); its open sessions end and its API tokens are revoked.",
            discussion: "The password is read from standard input with --password-stdin; otherwise a strong one is generated and printed once."
        )

        @Argument(help: "The account's email address.")
        var email: String

        @OptionGroup var password: PasswordInput

        @Option(help: CaseworkDatabase.help)
        var db = "clemency.sqlite"

        func run() async throws {
            let (password, generated) = try self.password.read()
            guard password.count >= CaseworkService.minimumPasswordLength else {
                throw CommandFailure("password: expected at least \(CaseworkService.minimumPasswordLength) characters")
            }
            try await CaseworkDatabase.with(db) { store in
                guard var user = try await store.fetchUser(email: email) else { throw CommandFailure("no account \(email)") }
                user.passwordHash = BcryptPasswordHasher().hash(password)
                let wasDisabled = user.isDisabled
                user.disabledAt = nil
                try await store.updateUser(user)
                try await store.revokeAccess(userID: user.id)
                print("New password set for \(user.email)\(wasDisabled ? ", and the account enabled again" : ""); open sessions ended and API tokens revoked.")
            }
            if let generated { print("Password (shown once): \(generated)") }
        }
    }
}

extension UserCommand {
    /// `clemency user disable`: takes away an account's access at once.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",
            abstract: "Disable an account: it cannot sign in or be offered cases, its password is replaced by an unknown one, its sessions end and its API tokens are revoked.",
            discussion: "The account, its cases and its audit trail are kept. `clemency user password EMAIL` enables it again."
        )

        @Argument(help: "The account's email address.")
        var email: String

        @Option(help: CaseworkDatabase.help)
        var db = "clemency.sqlite"

        func run() async throws {
            try await CaseworkDatabase.with(db) { store in
                guard var user = try await store.fetchUser(email: email) else { throw CommandFailure("no account \(email)") }
                // A hash of a secret nobody is told: no password matches it.
                user.passwordHash = BcryptPasswordHasher().hash(SecretToken.make())
                user.disabledAt = user.disabledAt ?? Date()
                try await store.updateUser(user)
                try await store.revokeAccess(userID: user.id)
                print("Disabled \(user.email): sessions ended, API tokens revoked. Enable again with `clemency user password \(user.email)`.")
            }
        }
    }
}

/// How a command gets a password: from standard input, or generated (and printed once by the caller).
struct PasswordInput: ParsableArguments {
    @Flag(help: "Read the password (at least 12 characters) from the first line of standard input.")
    var passwordStdin = false

    /// The password, and the same text again when it was generated (so the caller prints it once).
    ///
    /// - Throws: `ValidationError` when `--password-stdin` finds no line.
    func read() throws -> (password: String, generated: String?) {
        if passwordStdin {
            guard let line = readLine(strippingNewline: true) else { throw CommandFailure("--password-stdin: no password on standard input") }
            return (line, nil)
        }
        let generated = SecretToken.make().prefix(20).description
        return (generated, generated)
    }
}

extension UserRole: ExpressibleByArgument {}
