// The web app: see docs/architecture.md. Built by `buildApplication(configuration:store:)`.
