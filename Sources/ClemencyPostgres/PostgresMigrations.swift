/// The PostgreSQL schema of the casework store, as an ordered list of named migrations.
///
/// Append-only, like `SQLiteMigrations`: a migration that has shipped is never edited; a fix is a new
/// migration. Each migration is a list of single statements (the extended query protocol takes one
/// statement at a time), run with the others due in one transaction at open, and recorded by name
/// in `schema_migration`. Table and column names are those of the SQLite schema.
///
/// Design, in PostgreSQL terms:
/// - Keys, ids and emails are `text COLLATE "C"`: they sort and compare in byte order, as the contract
///   asks (`ORDER BY email`, ties by case id, the case-id prefix as an index range), whatever the
///   database's default collation.
/// - The case's facts, screening and co-defendants are `jsonb`, kept out of line (`toast_tuple_target`);
///   the list and dashboard columns beside them are plain columns, so the list never reads the JSON.
/// - Timestamps are `timestamptz` (microseconds); versions are `bigint`.
/// - The dashboard's counts per pathway and determination live in `determination_count`, updated by
///   each commit in one statement, keys in sorted order (see `PostgresCaseworkStore.commit`): a
///   row trigger would lock the counters in each commit's own order, and two concurrent commits
///   could deadlock on them.
enum PostgresMigrations {
    /// A named migration.
    struct Migration: Sendable {
        /// The name recorded in `schema_migration`.
        let name: String
        /// Its statements, in order.
        let statements: [String]
    }

    /// The literal lists behind the CHECK constraints, as they were when the tables were created.
    private static let statuses = "'intake', 'screened', 'assigned', 'petition_drafted', 'filed', 'granted', 'denied', 'closed'"
    private static let roles = "'administrator', 'screener', 'attorney'"
    private static let determinations = "'eligible', 'ineligible', 'needs_information'"
    private static let offerStates = "'offered', 'accepted', 'declined', 'withdrawn'"

    /// Every migration, in order.
    static let all: [Migration] = [
        Migration(name: "0001 create user_account, user_session, api_token", statements: [
            """
            CREATE TABLE user_account (
                id text COLLATE "C" PRIMARY KEY CHECK (length(id) > 0),
                email text COLLATE "C" NOT NULL UNIQUE CHECK (length(email) > 0),
                display_name text NOT NULL,
                role text NOT NULL CHECK (role IN (\(roles))),
                password_hash text NOT NULL,
                caseload_limit integer CHECK (caseload_limit >= 0),
                created_at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE user_session (
                token_hash text COLLATE "C" PRIMARY KEY CHECK (length(token_hash) > 0),
                user_id text COLLATE "C" NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
                csrf_token text NOT NULL,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX user_session_on_user_id ON user_session (user_id)",
            """
            CREATE TABLE api_token (
                token_hash text COLLATE "C" PRIMARY KEY CHECK (length(token_hash) > 0),
                user_id text COLLATE "C" NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
                label text NOT NULL,
                created_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX api_token_on_user_id ON api_token (user_id)",
        ]),
        Migration(name: "0002 create case_file, case_determination, determination_count", statements: [
            """
            CREATE TABLE case_file (
                case_id text COLLATE "C" PRIMARY KEY CHECK (length(case_id) > 0),
                status text NOT NULL CHECK (status IN (\(statuses))),
                status_changed_at timestamptz NOT NULL,
                assigned_attorney_id text COLLATE "C",
                version bigint NOT NULL CHECK (version >= 1),
                district text COLLATE "C",
                priority_score integer NOT NULL,
                overserved_months integer,
                reduction_months integer,
                sentence_imposed text,
                estimated_sentence_today text,
                missing_fact_count integer NOT NULL CHECK (missing_fact_count >= 0),
                person_name text,
                screened_as_of date NOT NULL,
                law_version text NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                co_defendants jsonb NOT NULL CHECK (jsonb_typeof(co_defendants) = 'array'),
                facts jsonb NOT NULL CHECK (jsonb_typeof(facts) = 'object'),
                screening jsonb NOT NULL CHECK (jsonb_typeof(screening) = 'object')
            )
            """,
            // Rows longer than 128 bytes have their JSON moved out of line (TOAST), so the table itself holds only
            // the list columns: a scan or a page of the list reads ~200 bytes a case, not ~2 KB (as SQLite keeps
            // the JSON last, in overflow pages).
            "ALTER TABLE case_file SET (toast_tuple_target = 128)",
            "CREATE INDEX case_file_on_priority ON case_file (priority_score DESC, case_id)",
            "CREATE INDEX case_file_on_status_changed_at ON case_file (status_changed_at, case_id)",
            "CREATE INDEX case_file_on_status ON case_file (status, priority_score DESC, case_id)",
            "CREATE INDEX case_file_on_status_time ON case_file (status, status_changed_at, case_id)",
            "CREATE INDEX case_file_on_district ON case_file (district, priority_score DESC, case_id)",
            "CREATE INDEX case_file_on_attorney ON case_file (assigned_attorney_id, status)",
            "CREATE INDEX case_file_on_overserved_months ON case_file (overserved_months) WHERE overserved_months > 0",
            """
            CREATE TABLE case_determination (
                case_id text COLLATE "C" NOT NULL REFERENCES case_file (case_id) ON DELETE CASCADE,
                pathway_key text COLLATE "C" NOT NULL CHECK (length(pathway_key) > 0),
                determination text NOT NULL CHECK (determination IN (\(determinations))),
                priority_score integer NOT NULL,
                PRIMARY KEY (case_id, pathway_key)
            )
            """,
            """
            CREATE INDEX case_determination_by_priority
                ON case_determination (pathway_key, determination, priority_score DESC, case_id)
            """,
            // No CHECK (count >= 0): PostgreSQL checks an INSERT's proposed row before ON CONFLICT turns it
            // into an update, and a commit sends a negative change as such a row.
            """
            CREATE TABLE determination_count (
                pathway_key text COLLATE "C" NOT NULL,
                determination text NOT NULL,
                count bigint NOT NULL,
                PRIMARY KEY (pathway_key, determination)
            )
            """,
        ]),
        Migration(name: "0003 create assignment_offer, audit_event, import_record", statements: [
            """
            CREATE TABLE assignment_offer (
                id text COLLATE "C" PRIMARY KEY CHECK (length(id) > 0),
                case_id text COLLATE "C" NOT NULL REFERENCES case_file (case_id) ON DELETE CASCADE,
                attorney_id text COLLATE "C" NOT NULL,
                offered_by text NOT NULL,
                offered_at timestamptz NOT NULL,
                state text NOT NULL CHECK (state IN (\(offerStates))),
                decided_at timestamptz,
                conflicts jsonb NOT NULL CHECK (jsonb_typeof(conflicts) = 'array'),
                note text
            )
            """,
            "CREATE INDEX assignment_offer_on_case_id ON assignment_offer (case_id, offered_at, id)",
            "CREATE INDEX assignment_offer_on_attorney_id_state ON assignment_offer (attorney_id, state, offered_at, id)",
            """
            CREATE TABLE audit_event (
                sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text COLLATE "C" NOT NULL UNIQUE CHECK (length(id) > 0),
                case_id text COLLATE "C" NOT NULL REFERENCES case_file (case_id) ON DELETE CASCADE,
                at timestamptz NOT NULL,
                actor text NOT NULL,
                kind text NOT NULL CHECK (length(kind) > 0),
                subject text,
                old_value text,
                new_value text,
                detail text NOT NULL
            )
            """,
            "CREATE INDEX audit_event_on_case_id_at ON audit_event (case_id, at, sequence)",
            """
            CREATE TABLE import_record (
                sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text COLLATE "C" NOT NULL UNIQUE CHECK (length(id) > 0),
                file_name text NOT NULL,
                file_digest text NOT NULL,
                format text NOT NULL,
                actor text NOT NULL,
                at timestamptz NOT NULL,
                created integer NOT NULL CHECK (created >= 0),
                updated integer NOT NULL CHECK (updated >= 0),
                unchanged integer NOT NULL CHECK (unchanged >= 0),
                out_of_scope jsonb NOT NULL CHECK (jsonb_typeof(out_of_scope) = 'array'),
                rejected jsonb NOT NULL CHECK (jsonb_typeof(rejected) = 'array'),
                accepted jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(accepted) = 'array')
            )
            """,
            "CREATE INDEX import_record_on_at ON import_record (at, sequence)",
        ]),
        // A disabled account is kept with its history but cannot sign in or be offered cases.
        Migration(name: "0004 user_account disabled_at", statements: [
            "ALTER TABLE user_account ADD COLUMN disabled_at timestamptz",
        ]),
    ]
}
