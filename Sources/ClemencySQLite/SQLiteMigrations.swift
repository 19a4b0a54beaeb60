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

        return migrator
    }
}
