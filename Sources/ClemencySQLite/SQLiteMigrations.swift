internal import GRDB

/// The SQLite schema, as an ordered list of named migrations.
///
/// Append-only: a migration that has shipped is never edited; a fix is a new migration. Names and
/// snake_case table and column names are shared with the Postgres adapter. Migrations use literal
/// names and never refer to app types, so they keep meaning what they meant when they were written.
enum SQLiteMigrations {
    /// The migrator that brings a database to the current schema.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("0001 create screening_run") { db in
            try db.create(table: "screening_run") { t in
                t.primaryKey("id", .text).check { length($0) > 0 }
                // ISO 8601 UTC timestamp; runs are listed newest first by it.
                t.column("created_at", .text).notNull().check { length($0) > 0 }
                t.column("as_of", .text).notNull()
                    .check(sql: "as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'")
                t.column("input_digest", .text).notNull()
                // JSON array of the input file names, in order.
                t.column("input_files", .text).notNull().check(sql: "json_type(input_files) = 'array'")
                t.column("law_version", .text).notNull()
                t.column("policy_version", .text).notNull()
                t.column("cases_screened", .integer).notNull().check { $0 >= 0 }
                t.column("cases_rejected", .integer).notNull().check { $0 >= 0 }
            }
        }

        migrator.registerMigration("0002 create screening_result") { db in
            try db.create(table: "screening_result") { t in
                t.column("run_id", .text).notNull()
                    .references("screening_run", onDelete: .cascade)
                t.column("case_id", .text).notNull().check { length($0) > 0 }
                t.column("district", .text)
                t.column("rank", .integer).notNull().check { $0 >= 1 }
                t.column("score", .integer).notNull()
                t.column("sentence_imposed", .text)
                t.column("estimated_sentence_today", .text)
                t.column("reduction_months", .integer)
                t.column("overserved_months", .integer)
                // JSON object: determination by pathway key.
                t.column("determinations", .text).notNull().check(sql: "json_type(determinations) = 'object'")
                t.primaryKey(["run_id", "case_id"])
            }
            try db.create(
                index: "screening_result_on_run_id_rank",
                on: "screening_result",
                columns: ["run_id", "rank"]
            )
        }

        registerCasework(in: &migrator)

        // Each result row named its run by the run's 36-character id, three times over (the row, the primary
        // key index, the rank index): a million-result save wrote and compared ~100 MB of repeated ids. The
        // results now name the run by a small integer key, kept in `screening_run_key` beside the run (so
        // `screening_run` itself is unchanged), and the table is clustered on its primary key (WITHOUT ROWID),
        // one B-tree fewer to insert into.
        migrator.registerMigration("0100 screening_result integer run key") { db in
            try db.execute(sql: """
                CREATE TABLE screening_run_key (
                    run_key INTEGER PRIMARY KEY,
                    run_id TEXT NOT NULL UNIQUE REFERENCES screening_run(id) ON DELETE CASCADE
                );
                INSERT INTO screening_run_key (run_id) SELECT id FROM screening_run ORDER BY rowid;
                CREATE TABLE screening_result_keyed (
                    run_key INTEGER NOT NULL REFERENCES screening_run_key(run_key) ON DELETE CASCADE,
                    case_id TEXT NOT NULL CHECK (length(case_id) > 0),
                    district TEXT,
                    rank INTEGER NOT NULL CHECK (rank >= 1),
                    score INTEGER NOT NULL,
                    sentence_imposed TEXT,
                    estimated_sentence_today TEXT,
                    reduction_months INTEGER,
                    overserved_months INTEGER,
                    determinations TEXT NOT NULL CHECK (json_type(determinations) = 'object'),
                    PRIMARY KEY (run_key, case_id)
                ) WITHOUT ROWID;
                INSERT INTO screening_result_keyed
                    SELECT k.run_key, r.case_id, r.district, r.rank, r.score, r.sentence_imposed, r.estimated_sentence_today,
                           r.reduction_months, r.overserved_months, r.determinations
                    FROM screening_result r JOIN screening_run_key k ON k.run_id = r.run_id;
                DROP TABLE screening_result;
                ALTER TABLE screening_result_keyed RENAME TO screening_result;
                CREATE INDEX screening_result_on_run_key_rank ON screening_result (run_key, rank);
                """)
        }

        // A million results repeated the same JSON object of pathway keys in every row (about 400 bytes):
        // a run's pathways are now listed once (screening_run_pathway) and each row keeps one code per
        // pathway, e eligible, i ineligible, n needs information, - none (`ScreeningResultRecord.PathwayPositions`).
        // Rows written before keep their JSON object, which is still read.
        // The (run_key, rank) index goes: kept up row by row in random rank order, it cost more than half of
        // recording a million results, while a run's results are read whole and rarely (runs show, compare),
        // when sorting them by rank costs about a second.
        migrator.registerMigration("0101 screening_result determination codes") { db in
            try db.execute(sql: """
                CREATE TABLE screening_run_pathway (
                    run_key INTEGER NOT NULL REFERENCES screening_run_key(run_key) ON DELETE CASCADE,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    pathway TEXT NOT NULL CHECK (length(pathway) > 0),
                    PRIMARY KEY (run_key, position)
                ) WITHOUT ROWID;
                CREATE TABLE screening_result_coded (
                    run_key INTEGER NOT NULL REFERENCES screening_run_key(run_key) ON DELETE CASCADE,
                    case_id TEXT NOT NULL CHECK (length(case_id) > 0),
                    district TEXT,
                    rank INTEGER NOT NULL CHECK (rank >= 1),
                    score INTEGER NOT NULL,
                    sentence_imposed TEXT,
                    estimated_sentence_today TEXT,
                    reduction_months INTEGER,
                    overserved_months INTEGER,
                    determinations TEXT NOT NULL CHECK (
                        CASE WHEN substr(determinations, 1, 1) = '{' THEN json_valid(determinations) AND json_type(determinations) = 'object'
                             ELSE determinations NOT GLOB '*[^ein-]*' END),
                    PRIMARY KEY (run_key, case_id)
                ) WITHOUT ROWID;
                INSERT INTO screening_result_coded SELECT * FROM screening_result;
                DROP TABLE screening_result;
                ALTER TABLE screening_result_coded RENAME TO screening_result;
                
                """)
        }

        return migrator
    }

    /// The literal lists behind the casework CHECK constraints, as they were when the tables were created.
    private static let statuses = "'intake', 'screened', 'assigned', 'petition_drafted', 'filed', 'granted', 'denied', 'closed'"
    private static let roles = "'administrator', 'screener', 'attorney'"
    private static let determinations = "'eligible', 'ineligible', 'needs_information'"
    private static let offerStates = "'offered', 'accepted', 'declined', 'withdrawn'"

    /// The casework tables: accounts, sessions, API tokens, cases, determinations, offers, the audit
    /// trail and imports. Timestamps are GRDB's `YYYY-MM-DD HH:MM:SS.SSS` UTC text, which sorts in time order.
    private static func registerCasework(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("0003 create user_account") { db in
            try db.create(table: "user_account") { t in
                t.primaryKey("id", .text).check { length($0) > 0 }
                // Lower-cased by the app; unique.
                t.column("email", .text).notNull().unique().check { length($0) > 0 }
                t.column("display_name", .text).notNull()
                t.column("role", .text).notNull().check(sql: "role IN (\(roles))")
                t.column("password_hash", .text).notNull()
                t.column("caseload_limit", .integer).check { $0 >= 0 }
                t.column("created_at", .datetime).notNull()
            }
        }

        migrator.registerMigration("0004 create user_session") { db in
            try db.create(table: "user_session") { t in
                t.primaryKey("token_hash", .text).check { length($0) > 0 }
                t.column("user_id", .text).notNull().indexed().references("user_account", onDelete: .cascade)
                t.column("csrf_token", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("expires_at", .datetime).notNull()
            }
        }

        migrator.registerMigration("0005 create api_token") { db in
            try db.create(table: "api_token") { t in
                t.primaryKey("token_hash", .text).check { length($0) > 0 }
                t.column("user_id", .text).notNull().indexed().references("user_account", onDelete: .cascade)
                t.column("label", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
        }

        migrator.registerMigration("0006 create case_file") { db in
            try db.create(table: "case_file") { t in
                // The list and dashboard columns come first and the JSON last: SQLite reads a row's columns
                // in order and keeps a long row's tail in overflow pages, so listing never reads the JSON.
                t.primaryKey("case_id", .text).check { length($0) > 0 }
                t.column("status", .text).notNull().check(sql: "status IN (\(statuses))")
                t.column("status_changed_at", .datetime).notNull()
                t.column("assigned_attorney_id", .text)
                t.column("version", .integer).notNull().check { $0 >= 1 }
                // Denormalised from the facts and screening, for the list and the dashboard.
                t.column("district", .text)
                t.column("priority_score", .integer).notNull()
                t.column("overserved_months", .integer)
                t.column("reduction_months", .integer)
                t.column("sentence_imposed", .text)
                t.column("estimated_sentence_today", .text)
                t.column("missing_fact_count", .integer).notNull().check { $0 >= 0 }
                t.column("person_name", .text)
                t.column("screened_as_of", .text).notNull()
                    .check(sql: "screened_as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'")
                t.column("law_version", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
                // JSON array of co-defendants (case identifiers or names).
                t.column("co_defendants", .text).notNull().check(sql: "json_type(co_defendants) = 'array'")
                // JSON of the facts (with origins) and of the latest screening: the case as the engine sees it.
                t.column("facts", .text).notNull().check(sql: "json_type(facts) = 'object'")
                t.column("screening", .text).notNull().check(sql: "json_type(screening) = 'object'")
            }
            try db.execute(sql: """
                CREATE INDEX case_file_on_priority ON case_file (priority_score DESC, case_id);
                CREATE INDEX case_file_on_status_changed_at ON case_file (status_changed_at, case_id);
                CREATE INDEX case_file_on_status ON case_file (status, priority_score DESC, case_id);
                CREATE INDEX case_file_on_district ON case_file (district, priority_score DESC, case_id);
                CREATE INDEX case_file_on_attorney ON case_file (assigned_attorney_id, status);
                CREATE INDEX case_file_on_overserved_months ON case_file (overserved_months) WHERE overserved_months > 0;
                """)
        }

        migrator.registerMigration("0007 create case_determination") { db in
            try db.create(table: "case_determination", options: .withoutRowID) { t in
                t.column("case_id", .text).notNull().references("case_file", onDelete: .cascade)
                // `pathway` or `pathway/variant`.
                t.column("pathway_key", .text).notNull().check { length($0) > 0 }
                t.column("determination", .text).notNull().check(sql: "determination IN (\(determinations))")
                t.primaryKey(["case_id", "pathway_key"])
            }
            try db.create(
                index: "case_determination_on_pathway_key_determination",
                on: "case_determination",
                columns: ["pathway_key", "determination", "case_id"]
            )
        }

        migrator.registerMigration("0008 create assignment_offer") { db in
            try db.create(table: "assignment_offer") { t in
                t.primaryKey("id", .text).check { length($0) > 0 }
                t.column("case_id", .text).notNull().references("case_file", onDelete: .cascade)
                t.column("attorney_id", .text).notNull()
                t.column("offered_by", .text).notNull()
                t.column("offered_at", .datetime).notNull()
                t.column("state", .text).notNull().check(sql: "state IN (\(offerStates))")
                t.column("decided_at", .datetime)
                // JSON array of the conflicts shown, in words.
                t.column("conflicts", .text).notNull().check(sql: "json_type(conflicts) = 'array'")
                t.column("note", .text)
            }
            try db.execute(sql: """
                CREATE INDEX assignment_offer_on_case_id ON assignment_offer (case_id, offered_at, id);
                CREATE INDEX assignment_offer_on_attorney_id_state ON assignment_offer (attorney_id, state, offered_at, id);
                """)
        }

        migrator.registerMigration("0009 create audit_event") { db in
            try db.create(table: "audit_event") { t in
                // Write order, so that events of one instant keep the order they were written in.
                t.autoIncrementedPrimaryKey("sequence")
                t.column("id", .text).notNull().unique().check { length($0) > 0 }
                t.column("case_id", .text).notNull().references("case_file", onDelete: .cascade)
                t.column("at", .datetime).notNull()
                t.column("actor", .text).notNull()
                t.column("kind", .text).notNull().check { length($0) > 0 }
                t.column("subject", .text)
                t.column("old_value", .text)
                t.column("new_value", .text)
                t.column("detail", .text).notNull()
            }
            try db.create(index: "audit_event_on_case_id_at", on: "audit_event", columns: ["case_id", "at", "sequence"])
        }

        migrator.registerMigration("0010 create import_record") { db in
            try db.create(table: "import_record") { t in
                // Write order, so that imports of one instant are listed newest written first.
                t.autoIncrementedPrimaryKey("sequence")
                t.column("id", .text).notNull().unique().check { length($0) > 0 }
                t.column("file_name", .text).notNull()
                t.column("file_digest", .text).notNull()
                t.column("format", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("created", .integer).notNull().check { $0 >= 0 }
                t.column("updated", .integer).notNull().check { $0 >= 0 }
                t.column("unchanged", .integer).notNull().check { $0 >= 0 }
                // JSON arrays of the rows kept whole: {"line", "problems", "values"}.
                t.column("out_of_scope", .text).notNull().check(sql: "json_type(out_of_scope) = 'array'")
                t.column("rejected", .text).notNull().check(sql: "json_type(rejected) = 'array'")
            }
            try db.create(index: "import_record_on_at", on: "import_record", columns: ["at", "sequence"])
        }

        // The pathway filter of the case list, ordered by priority, read straight from one index:
        // the case's priority score is copied beside each of its determinations (written with them
        // in every commit), so a filtered page needs no sort and its count no join.
        migrator.registerMigration("0011 case_determination priority_score") { db in
            try db.alter(table: "case_determination") { t in
                t.add(column: "priority_score", .integer).notNull().defaults(to: 0)
            }
            try db.execute(sql: """
                UPDATE case_determination SET priority_score =
                    (SELECT priority_score FROM case_file WHERE case_file.case_id = case_determination.case_id);
                CREATE INDEX case_determination_by_priority
                    ON case_determination (pathway_key, determination, priority_score DESC, case_id);
                """)
        }

        // The import's accepted rows (line, case id, created/updated/unchanged), shown on the import page.
        migrator.registerMigration("0012 import_record accepted") { db in
            try db.alter(table: "import_record") { t in
                t.add(column: "accepted", .text).notNull().defaults(to: "[]").check(sql: "json_type(accepted) = 'array'")
            }
        }

        // The dashboard's counts per pathway and determination, kept by triggers as determinations are written,
        // so the dashboard reads a few dozen rows instead of grouping every case's determinations.
        migrator.registerMigration("0013 determination_count") { db in
            try db.execute(sql: """
                CREATE TABLE determination_count (
                    pathway_key TEXT NOT NULL,
                    determination TEXT NOT NULL,
                    count INTEGER NOT NULL CHECK (count >= 0),
                    PRIMARY KEY (pathway_key, determination)
                ) WITHOUT ROWID;
                INSERT INTO determination_count (pathway_key, determination, count)
                    SELECT pathway_key, determination, COUNT(*) FROM case_determination GROUP BY pathway_key, determination;
                CREATE TRIGGER case_determination_counted AFTER INSERT ON case_determination BEGIN
                    INSERT INTO determination_count (pathway_key, determination, count) VALUES (NEW.pathway_key, NEW.determination, 1)
                        ON CONFLICT (pathway_key, determination) DO UPDATE SET count = count + 1;
                END;
                CREATE TRIGGER case_determination_uncounted AFTER DELETE ON case_determination BEGIN
                    UPDATE determination_count SET count = count - 1
                        WHERE pathway_key = OLD.pathway_key AND determination = OLD.determination;
                END;
                CREATE TRIGGER case_determination_recounted AFTER UPDATE OF pathway_key, determination ON case_determination BEGIN
                    UPDATE determination_count SET count = count - 1
                        WHERE pathway_key = OLD.pathway_key AND determination = OLD.determination;
                    INSERT INTO determination_count (pathway_key, determination, count) VALUES (NEW.pathway_key, NEW.determination, 1)
                        ON CONFLICT (pathway_key, determination) DO UPDATE SET count = count + 1;
                END;
                """)
        }

        // The dashboard's "waiting longest" list: each waiting status read in time order from one index
        // (with both statuses in one query SQLite sorted every waiting case).
        migrator.registerMigration("0014 case_file status time index") { db in
            try db.execute(sql: "CREATE INDEX case_file_on_status_time ON case_file (status, status_changed_at, case_id)")
        }

        // The number of cases per status, kept by triggers: the unfiltered case list's total and the
        // dashboard's counts come from a few rows instead of counting every case on each visit.
        migrator.registerMigration("0015 case_status_count") { db in
            try db.execute(sql: """
                CREATE TABLE case_status_count (
                    status TEXT PRIMARY KEY NOT NULL,
                    count INTEGER NOT NULL CHECK (count >= 0)
                ) WITHOUT ROWID;
                INSERT INTO case_status_count (status, count) SELECT status, COUNT(*) FROM case_file GROUP BY status;
                CREATE TRIGGER case_file_counted AFTER INSERT ON case_file BEGIN
                    INSERT INTO case_status_count (status, count) VALUES (NEW.status, 1)
                        ON CONFLICT (status) DO UPDATE SET count = count + 1;
                END;
                CREATE TRIGGER case_file_uncounted AFTER DELETE ON case_file BEGIN
                    UPDATE case_status_count SET count = count - 1 WHERE status = OLD.status;
                END;
                CREATE TRIGGER case_file_recounted AFTER UPDATE OF status ON case_file WHEN OLD.status IS NOT NEW.status BEGIN
                    UPDATE case_status_count SET count = count - 1 WHERE status = OLD.status;
                    INSERT INTO case_status_count (status, count) VALUES (NEW.status, 1)
                        ON CONFLICT (status) DO UPDATE SET count = count + 1;
                END;
                """)
        }

        // A disabled account is kept with its history but cannot sign in or be offered cases.
        migrator.registerMigration("0016 user_account disabled_at") { db in
            try db.alter(table: "user_account") { t in t.add(column: "disabled_at", .datetime) }
        }
    }
}
