#include "esr/state/state_schema.hpp"

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "esr/dialect/record_writer.hpp"
#include "esr/spec/schema_registry.hpp"
#include "esr/state/tis_columns.hpp"
#include "v1_json.hpp"

namespace esr::state {

using db::apply_migrations;
using db::Database;
using db::Migration;
using db::MigrationContext;
using db::StoreError;

namespace {

// Version 1: the ledger of files, positions from RMF/RMC, RTC lines, counters and job runs.
constexpr std::string_view ledger_and_positions = R"sql(
CREATE TABLE files (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  type           TEXT NOT NULL,
  local_office   TEXT,
  business_date  TEXT NOT NULL,
  sequence       INTEGER,
  sha256         TEXT,
  size           INTEGER NOT NULL DEFAULT 0,
  records        INTEGER NOT NULL DEFAULT 0,
  outcome        TEXT NOT NULL,          -- in: applied, quarantined; out: pending, sent
  reason         TEXT,
  started_at     TEXT NOT NULL,
  finished_at    TEXT,
  confirmed_by   INTEGER REFERENCES files(id),  -- RMF/RMC: the RTC that confirmed it
  content        BLOB                    -- out, while pending: the exact bytes to publish
);
CREATE INDEX files_by_name ON files(name);
CREATE INDEX files_by_type ON files(type, local_office, direction);

CREATE TABLE positions (
  position_id      INTEGER PRIMARY KEY,
  local_office     TEXT NOT NULL,
  deanery_number   TEXT NOT NULL,
  position_number  TEXT,
  por_fields       TEXT,                 -- JSON array: the POR record as received
  pos_fields       TEXT,                 -- JSON array: the POS record as received
  deleted          INTEGER NOT NULL DEFAULT 0,
  matched          INTEGER NOT NULL DEFAULT 0,
  created_file_id  INTEGER NOT NULL REFERENCES files(id),
  changed_file_id  INTEGER NOT NULL REFERENCES files(id),
  changed_at       TEXT NOT NULL
);
CREATE INDEX positions_by_dpn ON positions(deanery_number);
CREATE INDEX positions_by_office ON positions(local_office);

-- TIS posts as of the latest extract; positions match on deanery_number = npn.
CREATE TABLE tis_posts (
  npn            TEXT PRIMARY KEY,
  local_office   TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'CURRENT',
  present        INTEGER NOT NULL DEFAULT 1,   -- in the latest snapshot of its office
  first_file_id  INTEGER REFERENCES files(id),
  last_file_id   INTEGER REFERENCES files(id)
);

CREATE TABLE tis_placements (
  placement_id   TEXT PRIMARY KEY,
  npn            TEXT NOT NULL,
  local_office   TEXT NOT NULL,
  fields         TEXT NOT NULL,                -- JSON object: the extract row by column name
  present        INTEGER NOT NULL DEFAULT 1,
  first_file_id  INTEGER REFERENCES files(id),
  last_file_id   INTEGER REFERENCES files(id)
);
CREATE INDEX tis_placements_by_npn ON tis_placements(npn);

-- What changed between two TIS snapshots of an office.
CREATE TABLE tis_events (
  id             INTEGER PRIMARY KEY,
  file_id        INTEGER NOT NULL REFERENCES files(id),
  business_date  TEXT NOT NULL,
  local_office   TEXT NOT NULL,
  kind           TEXT NOT NULL,   -- post_created, post_removed, placement_created, placement_changed, placement_deleted
  subject        TEXT NOT NULL,   -- npn or placement id
  changes        TEXT,            -- placement_changed: the changed columns
  previous       TEXT,            -- JSON object: the row before the change
  processed      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tis_events_pending ON tis_events(processed, local_office);

-- Offices whose first TIS snapshot (the baseline) has been loaded.
CREATE TABLE tis_baselines (
  local_office   TEXT PRIMARY KEY,
  file_id        INTEGER NOT NULL REFERENCES files(id),
  business_date  TEXT NOT NULL
);

CREATE TABLE applicants (
  id                INTEGER PRIMARY KEY,
  placement_id      TEXT NOT NULL,
  position_id       INTEGER NOT NULL,
  local_office      TEXT NOT NULL,
  state             TEXT NOT NULL,   -- TO_EXPORT, EXPORTED, EXPORTED_AND_PROCESSED, EXPORTED_PROCESSED_WITH_ERRORS, INVALID_DATA, DELETED_BEFORE_EXPORT
  reason            TEXT,
  fields            TEXT NOT NULL,   -- JSON array: the APP record's 47 values
  start_date        TEXT NOT NULL,
  export_file_id    INTEGER REFERENCES files(id),
  export_ordinal    INTEGER,
  exported_at       TEXT,
  esr_message       TEXT,
  esr_message_type  TEXT,
  applicant_number  TEXT,
  assignment_id     TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  UNIQUE (placement_id, position_id)
);
CREATE INDEX applicants_by_state ON applicants(state, local_office);
CREATE INDEX applicants_by_file ON applicants(export_file_id, export_ordinal);

CREATE TABLE exclusions (
  placement_id  TEXT PRIMARY KEY,
  local_office  TEXT,
  source        TEXT NOT NULL,
  added_at      TEXT NOT NULL
);

CREATE TABLE notifications (
  id              INTEGER PRIMARY KEY,
  local_office    TEXT NOT NULL,
  business_date   TEXT NOT NULL,
  file_type       TEXT NOT NULL,     -- DNC or DNF
  title_code      TEXT NOT NULL,
  npn             TEXT NOT NULL,
  position_id     INTEGER,
  placement_id    TEXT,              -- the placement the notification is about, if one
  cause           TEXT NOT NULL,     -- why it was raised, for trace
  fields          TEXT NOT NULL,     -- JSON array: the NOT record's 45 values
  state           TEXT NOT NULL,     -- pending, exported, confirmed, failed
  export_file_id  INTEGER REFERENCES files(id),
  export_ordinal  INTEGER,
  line            TEXT,              -- the record as written, for checking DCC echoes
  esr_reason      TEXT,
  created_at      TEXT NOT NULL,
  UNIQUE (file_type, local_office, business_date, fields)
);
CREATE INDEX notifications_by_state ON notifications(state, file_type, local_office);
CREATE INDEX notifications_by_file ON notifications(export_file_id, export_ordinal);

CREATE TABLE person_records (
  id           INTEGER PRIMARY KEY,
  file_id      INTEGER NOT NULL REFERENCES files(id),
  ordinal      INTEGER NOT NULL,
  record_type  TEXT NOT NULL,
  raw          TEXT NOT NULL
);

CREATE TABLE rtc_lines (
  file_id  INTEGER NOT NULL REFERENCES files(id),
  ordinal  INTEGER NOT NULL,
  success  INTEGER NOT NULL,
  reason   TEXT NOT NULL DEFAULT '',
  record   TEXT NOT NULL,
  PRIMARY KEY (file_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE counters (
  name   TEXT PRIMARY KEY,
  value  INTEGER NOT NULL
);
INSERT INTO counters(name, value) VALUES ('outbound_sequence', 0);

CREATE TABLE job_runs (
  id             INTEGER PRIMARY KEY,
  job            TEXT NOT NULL,
  slot_key       TEXT NOT NULL,          -- schedule slot, or 'manual:<time>'
  slot_at        TEXT,
  business_date  TEXT NOT NULL,
  started_at     TEXT,
  finished_at    TEXT,
  outcome        TEXT NOT NULL,          -- running, succeeded, failed, missed
  detail         TEXT,
  UNIQUE (job, slot_key)
);
)sql";

// Which APC/DCC file answered each record, and the confirmation lines that matched nothing, so
// that `esrd trace` reads them from the state instead of working them out.
constexpr const char* confirmation_sources = R"sql(
ALTER TABLE applicants ADD COLUMN confirmed_file_id INTEGER REFERENCES files(id);
ALTER TABLE notifications ADD COLUMN confirmed_file_id INTEGER REFERENCES files(id);
CREATE TABLE unmatched_confirmations (
  id       INTEGER PRIMARY KEY,
  file_id  INTEGER NOT NULL REFERENCES files(id),
  line     INTEGER NOT NULL,
  field    TEXT NOT NULL,
  message  TEXT NOT NULL           -- quotes no personal value (ConfirmationApplier::report)
);
CREATE INDEX unmatched_confirmations_file ON unmatched_confirmations(file_id);
)sql";

// What an applicant was sent without (an incomplete GMC group, an address without its country),
// so that status and trace can say so; never a personal value.
constexpr const char* applicant_warnings = R"sql(
ALTER TABLE applicants ADD COLUMN warnings TEXT;
)sql";

// Late positions (docs/notifications.md). A position that becomes live and matched (new,
// undeleted, newly matched, or moved to another post) while an RMF/RMC or a posts extract is
// applied is flagged by the statement that writes it, so the RMF hot path gains no statement; at
// the end of the file the flags become position_live rows in tis_events (which also holds
// post_inactive now) and are cleared. A flag is therefore only ever set inside that file's
// transaction, and the partial index holds only the rows flagged in it. The engine asks whether a
// placement already had its type 1 on a position: notifications by placement.
constexpr const char* late_positions = R"sql(
ALTER TABLE positions ADD COLUMN went_live INTEGER NOT NULL DEFAULT 0;
CREATE INDEX positions_went_live ON positions(position_id) WHERE went_live = 1;
CREATE INDEX notifications_by_placement ON notifications(placement_id, position_id);
)sql";

// Issue 15: the POR and POS records of a position as typed columns (state/position_columns.hpp)
// instead of JSON arrays, each filled from its field of the array it replaces (the 0-based
// indexes of schemas/rmt.json); a record never received leaves has_por/has_pos 0 and its columns
// empty, as the arrays' readers saw them.
constexpr const char* typed_positions = R"sql(
ALTER TABLE positions ADD COLUMN has_por INTEGER NOT NULL DEFAULT 0;
ALTER TABLE positions ADD COLUMN title TEXT NOT NULL DEFAULT '';                -- T_POR06
ALTER TABLE positions ADD COLUMN managing_office TEXT NOT NULL DEFAULT '';      -- T_POR08
ALTER TABLE positions ADD COLUMN host_lead TEXT NOT NULL DEFAULT '';            -- T_POR09
ALTER TABLE positions ADD COLUMN ods_code TEXT NOT NULL DEFAULT '';             -- T_POR10
ALTER TABLE positions ADD COLUMN vpd TEXT NOT NULL DEFAULT '';                  -- T_POR11
ALTER TABLE positions ADD COLUMN organisation TEXT NOT NULL DEFAULT '';         -- T_POR12
ALTER TABLE positions ADD COLUMN location TEXT NOT NULL DEFAULT '';             -- T_POR13
ALTER TABLE positions ADD COLUMN has_pos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE positions ADD COLUMN staff_group TEXT NOT NULL DEFAULT '';          -- T_POS06
ALTER TABLE positions ADD COLUMN occupation_code TEXT NOT NULL DEFAULT '';      -- T_POS07
ALTER TABLE positions ADD COLUMN area_of_work TEXT NOT NULL DEFAULT '';         -- T_POS08
ALTER TABLE positions ADD COLUMN second_specialty TEXT NOT NULL DEFAULT '';     -- T_POS09
ALTER TABLE positions ADD COLUMN pos_managing_office TEXT NOT NULL DEFAULT '';  -- T_POS11
ALTER TABLE positions ADD COLUMN pos_ods_code TEXT NOT NULL DEFAULT '';         -- T_POS12
ALTER TABLE positions ADD COLUMN grade_trust TEXT NOT NULL DEFAULT '';          -- T_POS13
ALTER TABLE positions ADD COLUMN grade_payscale TEXT NOT NULL DEFAULT '';       -- T_POS14
ALTER TABLE positions ADD COLUMN grade_description TEXT NOT NULL DEFAULT '';    -- T_POS15
ALTER TABLE positions ADD COLUMN workplace_org TEXT NOT NULL DEFAULT '';        -- T_POS16
UPDATE positions SET has_por = 1,
  title = coalesce(v.title, ''),
  managing_office = coalesce(v.managing_office, ''),
  host_lead = coalesce(v.host_lead, ''),
  ods_code = coalesce(v.ods_code, ''),
  vpd = coalesce(v.vpd, ''),
  organisation = coalesce(v.organisation, ''),
  location = coalesce(v.location, '')
  FROM temp.v1_por v WHERE v.row = positions.rowid;
UPDATE positions SET has_pos = 1,
  staff_group = coalesce(v.staff_group, ''),
  occupation_code = coalesce(v.occupation_code, ''),
  area_of_work = coalesce(v.area_of_work, ''),
  second_specialty = coalesce(v.second_specialty, ''),
  pos_managing_office = coalesce(v.managing_office, ''),
  pos_ods_code = coalesce(v.ods_code, ''),
  grade_trust = coalesce(v.grade_trust, ''),
  grade_payscale = coalesce(v.grade_payscale, ''),
  grade_description = coalesce(v.grade_description, ''),
  workplace_org = coalesce(v.workplace_org, '')
  FROM temp.v1_pos v WHERE v.row = positions.rowid;
DROP TABLE temp.v1_por;
DROP TABLE temp.v1_pos;
ALTER TABLE positions DROP COLUMN por_fields;
ALTER TABLE positions DROP COLUMN pos_fields;
)sql";

// Issue 15: the TIS placements extract as typed columns instead of a JSON object per row. The
// placement's own columns stay in tis_placements; the person's (names, date of birth, NI number,
// address...) move to people, keyed by the TIS person id, so personal data is in one table; when
// rows of one person differ, the most recently loaded present row wins. tis_events keeps the row
// before a change or deletion as typed previous_* columns (a post's status, a placement's own
// columns), never personal values, and both tables gain CHECKs on their state columns.
constexpr const char* typed_tis_snapshot = R"sql(
CREATE TABLE people (
  person_id           TEXT PRIMARY KEY,
  gmc_number          TEXT NOT NULL DEFAULT '',
  gmc_expiry_date     TEXT NOT NULL DEFAULT '',
  gdc_number          TEXT NOT NULL DEFAULT '',
  gdc_expiry_date     TEXT NOT NULL DEFAULT '',
  title               TEXT NOT NULL DEFAULT '',
  surname             TEXT NOT NULL DEFAULT '',
  forenames           TEXT NOT NULL DEFAULT '',
  legal_surname       TEXT NOT NULL DEFAULT '',
  legal_forenames     TEXT NOT NULL DEFAULT '',
  middle_names        TEXT NOT NULL DEFAULT '',
  previous_surname    TEXT NOT NULL DEFAULT '',
  gender              TEXT NOT NULL DEFAULT '',
  date_of_birth       TEXT NOT NULL DEFAULT '',
  email               TEXT NOT NULL DEFAULT '',
  address1            TEXT NOT NULL DEFAULT '',
  address2            TEXT NOT NULL DEFAULT '',
  address3            TEXT NOT NULL DEFAULT '',
  town                TEXT NOT NULL DEFAULT '',
  county              TEXT NOT NULL DEFAULT '',
  postcode            TEXT NOT NULL DEFAULT '',
  country             TEXT NOT NULL DEFAULT '',
  home_tel            TEXT NOT NULL DEFAULT '',
  mobile_tel          TEXT NOT NULL DEFAULT '',
  ni_number           TEXT NOT NULL DEFAULT '',
  ntn                 TEXT NOT NULL DEFAULT '',
  ethnic_origin       TEXT NOT NULL DEFAULT '',
  nationality         TEXT NOT NULL DEFAULT '',
  sexual_orientation  TEXT NOT NULL DEFAULT '',
  religious_belief    TEXT NOT NULL DEFAULT '',
  disability          TEXT NOT NULL DEFAULT '',
  marital_status      TEXT NOT NULL DEFAULT '',
  country_of_birth    TEXT NOT NULL DEFAULT ''
);
INSERT OR REPLACE INTO people(person_id, gmc_number, gmc_expiry_date, gdc_number,
    gdc_expiry_date, title, surname, forenames, legal_surname, legal_forenames, middle_names,
    previous_surname, gender, date_of_birth, email, address1, address2, address3, town, county,
    postcode, country, home_tel, mobile_tel, ni_number, ntn, ethnic_origin, nationality,
    sexual_orientation, religious_belief, disability, marital_status, country_of_birth)
  SELECT v.person_id,
    coalesce(v.gmc_number, ''),
    coalesce(v.gmc_expiry_date, ''),
    coalesce(v.gdc_number, ''),
    coalesce(v.gdc_expiry_date, ''),
    coalesce(v.title, ''),
    coalesce(v.surname, ''),
    coalesce(v.forenames, ''),
    coalesce(v.legal_surname, ''),
    coalesce(v.legal_forenames, ''),
    coalesce(v.middle_names, ''),
    coalesce(v.previous_surname, ''),
    coalesce(v.gender, ''),
    coalesce(v.date_of_birth, ''),
    coalesce(v.email, ''),
    coalesce(v.address1, ''),
    coalesce(v.address2, ''),
    coalesce(v.address3, ''),
    coalesce(v.town, ''),
    coalesce(v.county, ''),
    coalesce(v.postcode, ''),
    coalesce(v.country, ''),
    coalesce(v.home_tel, ''),
    coalesce(v.mobile_tel, ''),
    coalesce(v.ni_number, ''),
    coalesce(v.ntn, ''),
    coalesce(v.ethnic_origin, ''),
    coalesce(v.nationality, ''),
    coalesce(v.sexual_orientation, ''),
    coalesce(v.religious_belief, ''),
    coalesce(v.disability, ''),
    coalesce(v.marital_status, ''),
    coalesce(v.country_of_birth, '')
  FROM tis_placements p JOIN temp.v1_placements v ON v.row = p.rowid
  WHERE coalesce(v.person_id, '') != ''
  ORDER BY p.present, coalesce(p.last_file_id, 0), p.placement_id;
CREATE TABLE tis_placements_typed (
  placement_id    TEXT PRIMARY KEY,
  npn             TEXT NOT NULL,
  local_office    TEXT NOT NULL,
  placement_type  TEXT NOT NULL DEFAULT '',
  lifecycle       TEXT NOT NULL DEFAULT '',
  start_date      TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD
  end_date        TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD
  wte             TEXT NOT NULL DEFAULT '',
  grade           TEXT NOT NULL DEFAULT '',
  site_code       TEXT NOT NULL DEFAULT '',
  site_name       TEXT NOT NULL DEFAULT '',
  person_id       TEXT NOT NULL DEFAULT '',
  present         INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1)),
  first_file_id   INTEGER REFERENCES files(id),
  last_file_id    INTEGER REFERENCES files(id)
);
INSERT INTO tis_placements_typed(placement_id, npn, local_office, placement_type, lifecycle, start_date, end_date, wte, grade, site_code, site_name, person_id,
    present, first_file_id, last_file_id)
  SELECT p.placement_id, p.npn, p.local_office,
    coalesce(v.placement_type, ''),
    coalesce(v.lifecycle, ''),
    coalesce(v.start_date, ''),
    coalesce(v.end_date, ''),
    coalesce(v.wte, ''),
    coalesce(v.grade, ''),
    coalesce(v.site_code, ''),
    coalesce(v.site_name, ''),
    coalesce(v.person_id, ''),
    p.present, p.first_file_id, p.last_file_id
  FROM tis_placements p LEFT JOIN temp.v1_placements v ON v.row = p.rowid;
DROP TABLE temp.v1_placements;
DROP TABLE tis_placements;
ALTER TABLE tis_placements_typed RENAME TO tis_placements;
CREATE INDEX tis_placements_by_npn ON tis_placements(npn);
CREATE INDEX tis_placements_by_person ON tis_placements(person_id);
CREATE INDEX tis_placements_by_start ON tis_placements(local_office, start_date);
CREATE TABLE tis_events_typed (
  id             INTEGER PRIMARY KEY,
  file_id        INTEGER NOT NULL REFERENCES files(id),
  business_date  TEXT NOT NULL,
  local_office   TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('post_created', 'post_removed', 'post_inactive',
                   'placement_created', 'placement_changed', 'placement_deleted', 'position_live')),
  subject        TEXT NOT NULL,   -- npn, placement id or position id
  changes        TEXT,            -- placement_changed: the changed columns, comma-separated
  previous_npn     TEXT,          -- the row before the change: NULL when there is none
  previous_status  TEXT,          -- a post's
  previous_placement_type  TEXT,
  previous_lifecycle       TEXT,
  previous_start_date      TEXT,
  previous_end_date        TEXT,
  previous_wte             TEXT,
  previous_grade           TEXT,
  previous_site_code       TEXT,
  previous_site_name       TEXT,
  previous_person_id       TEXT,
  processed      INTEGER NOT NULL DEFAULT 0 CHECK (processed IN (0, 1))
);
INSERT INTO tis_events_typed(id, file_id, business_date, local_office, kind, subject, changes,
    previous_npn, previous_status, previous_placement_type, previous_lifecycle, previous_start_date, previous_end_date, previous_wte, previous_grade, previous_site_code, previous_site_name, previous_person_id, processed)
  SELECT e.id, e.file_id, e.business_date, e.local_office, e.kind, e.subject, e.changes,
    v.npn, v.status,
    v.placement_type,
    v.lifecycle,
    v.start_date,
    v.end_date,
    v.wte,
    v.grade,
    v.site_code,
    v.site_name,
    v.person_id,
    e.processed
  FROM tis_events e LEFT JOIN temp.v1_events v ON v.row = e.rowid;
DROP TABLE temp.v1_events;
DROP TABLE tis_events;
ALTER TABLE tis_events_typed RENAME TO tis_events;
CREATE INDEX tis_events_pending ON tis_events(processed, local_office);
CREATE INDEX tis_events_by_subject ON tis_events(subject);
)sql";

// Issue 15: an applicant is its typed columns, the APP line built from the state's columns at
// export (outbound/applicant_record.cpp) instead of a JSON array of its 47 values. Kept from the
// array: what was sent and is compared later (the deanery number an APC echoes, the dates a
// type 4 compares, the effective date trace shows). "held back: " at the start of a reason
// becomes the held_back flag; state gets its CHECK (state/applicant_state.hpp). Dates move from
// the record's YYYYMMDD to YYYY-MM-DD.
constexpr const char* typed_applicants = R"sql(
CREATE TABLE applicants_typed (
  id                INTEGER PRIMARY KEY,
  placement_id      TEXT NOT NULL,
  position_id       INTEGER NOT NULL,
  local_office      TEXT NOT NULL,
  deanery_number    TEXT NOT NULL,   -- APP field 4 as generated: what an APC line echoes
  state             TEXT NOT NULL CHECK (state IN ('TO_EXPORT', 'EXPORTED',
                      'EXPORTED_AND_PROCESSED', 'EXPORTED_PROCESSED_WITH_ERRORS', 'INVALID_DATA',
                      'DELETED_BEFORE_EXPORT')),
  reason            TEXT,
  held_back         INTEGER NOT NULL DEFAULT 0 CHECK (held_back IN (0, 1)),  -- past the
                                     -- per-position limit of one APP: sent in a later run
  effective_date    TEXT NOT NULL,   -- APP field 5: the business date of the run that made it
  start_date        TEXT NOT NULL,   -- APP field 38, Projected Hire Date, as generated (sent)
  end_date          TEXT NOT NULL,   -- APP field 39, Projected End Date, as generated (sent)
  warnings          TEXT,
  export_file_id    INTEGER REFERENCES files(id),
  export_ordinal    INTEGER,
  exported_at       TEXT,
  esr_message       TEXT,
  esr_message_type  TEXT,
  applicant_number  TEXT,
  assignment_id     TEXT,
  confirmed_file_id INTEGER REFERENCES files(id),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  UNIQUE (placement_id, position_id)
);
INSERT INTO applicants_typed(id, placement_id, position_id, local_office, deanery_number, state,
    reason, held_back, effective_date, start_date, end_date, warnings, export_file_id,
    export_ordinal, exported_at, esr_message, esr_message_type, applicant_number, assignment_id,
    confirmed_file_id, created_at, updated_at)
  SELECT id, placement_id, position_id, local_office, coalesce(v.app_deanery_number, ''),
    state,
    CASE WHEN reason LIKE 'held back: %' THEN substr(reason, 12) ELSE reason END,
    coalesce(reason LIKE 'held back: %', 0),
    (SELECT CASE WHEN length(d) = 8 THEN substr(d, 1, 4) || '-' || substr(d, 5, 2) || '-' ||
      substr(d, 7, 2) ELSE '' END FROM (SELECT v.app_effective_date AS d)),
    start_date,
    (SELECT CASE WHEN length(d) = 8 THEN substr(d, 1, 4) || '-' || substr(d, 5, 2) || '-' ||
      substr(d, 7, 2) ELSE '' END FROM (SELECT v.app_end_date AS d)),
    warnings, export_file_id, export_ordinal, exported_at, esr_message, esr_message_type,
    applicant_number, assignment_id, confirmed_file_id, created_at, updated_at
  FROM applicants a LEFT JOIN temp.v1_app v ON v.row = a.rowid;
DROP TABLE temp.v1_app;
DROP TABLE applicants;
ALTER TABLE applicants_typed RENAME TO applicants;
-- In the APP's order, so that the export reads its applicants without sorting them.
CREATE INDEX applicants_by_state
  ON applicants(state, local_office, position_id, start_date, placement_id);
CREATE INDEX applicants_by_file ON applicants(export_file_id, export_ordinal);
)sql";

// Issue 15: a notification keeps the exact NOT record line from the moment it is stored (what the
// DNC/DNF writes and the DCC echoes) instead of a JSON array of its 45 values read back by index;
// duplicates are told by that line. state and file_type get CHECKs (state/notification_state.hpp
// holds the same states). The rows not yet exported get their line first, in C++
// (format_unexported_notification_lines): the SQL below then carries every row over, ids kept.
constexpr const char* notifications_by_line = R"sql(
CREATE TABLE notifications_typed (
  id                 INTEGER PRIMARY KEY,
  local_office       TEXT NOT NULL,
  business_date      TEXT NOT NULL,
  file_type          TEXT NOT NULL CHECK (file_type IN ('DNC', 'DNF')),
  title_code         TEXT NOT NULL,
  npn                TEXT NOT NULL,
  position_id        INTEGER,
  placement_id       TEXT,             -- the placement the notification is about, if one
  cause              TEXT NOT NULL,    -- why it was raised, for trace
  line               TEXT NOT NULL,    -- the NOT record as written, from creation (no line ending)
  state              TEXT NOT NULL
                     CHECK (state IN ('pending', 'exported', 'confirmed', 'failed')),
  export_file_id     INTEGER REFERENCES files(id),
  export_ordinal     INTEGER,
  esr_reason         TEXT,
  created_at         TEXT NOT NULL,
  confirmed_file_id  INTEGER REFERENCES files(id),
  UNIQUE (file_type, local_office, business_date, line)
);
INSERT INTO notifications_typed(id, local_office, business_date, file_type, title_code, npn,
    position_id, placement_id, cause, line, state, export_file_id, export_ordinal, esr_reason,
    created_at, confirmed_file_id)
  SELECT id, local_office, business_date, file_type, title_code, npn, position_id, placement_id,
    cause, line, state, export_file_id, export_ordinal, esr_reason, created_at, confirmed_file_id
  FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_typed RENAME TO notifications;
CREATE INDEX notifications_by_state ON notifications(state, file_type, local_office);
CREATE INDEX notifications_by_file ON notifications(export_file_id, export_ordinal);
CREATE INDEX notifications_by_placement ON notifications(placement_id, position_id);
)sql";

// Issue 15: every state column esrd sets itself gets a CHECK listing its values: the outcome of
// a ledger file (state/file_outcome.hpp) and of a job run (state/job_outcome.hpp), and the 0/1
// flags of positions, TIS posts and RTC lines. SQLite cannot add a CHECK to a table, so each of
// the five tables is rebuilt (Migration::rebuilds_tables: foreign keys off, then checked): every
// row is copied with its ids (tis_posts also its rowid, which the importer orders by), columns
// in the same order, and every index is created again. The comments of files.outcome and
// job_runs.outcome list every value now ('publishing', 'crashed'). A row holding a value outside
// a new CHECK stops the migration first, naming it (refuse_values_outside_the_new_checks).
constexpr const char* state_checks = R"sql(
CREATE TABLE files_checked (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  type           TEXT NOT NULL,
  local_office   TEXT,
  business_date  TEXT NOT NULL,
  sequence       INTEGER,
  sha256         TEXT,
  size           INTEGER NOT NULL DEFAULT 0,
  records        INTEGER NOT NULL DEFAULT 0,
  outcome        TEXT NOT NULL CHECK (outcome IN ('applied', 'quarantined', 'pending',
                   'publishing', 'sent')),  -- in: applied, quarantined;
                                            -- out: pending, publishing, sent
  reason         TEXT,
  started_at     TEXT NOT NULL,
  finished_at    TEXT,
  confirmed_by   INTEGER REFERENCES files(id),  -- RMF/RMC: the RTC that confirmed it
  content        BLOB                    -- out, until sent: the exact bytes to publish
);
INSERT INTO files_checked(id, name, direction, type, local_office, business_date, sequence,
    sha256, size, records, outcome, reason, started_at, finished_at, confirmed_by, content)
  SELECT id, name, direction, type, local_office, business_date, sequence, sha256, size,
    records, outcome, reason, started_at, finished_at, confirmed_by, content
  FROM files;
DROP TABLE files;
ALTER TABLE files_checked RENAME TO files;
CREATE INDEX files_by_name ON files(name);
CREATE INDEX files_by_type ON files(type, local_office, direction);

CREATE TABLE positions_checked (
  position_id          INTEGER PRIMARY KEY,
  local_office         TEXT NOT NULL,
  deanery_number       TEXT NOT NULL,
  position_number      TEXT,
  deleted              INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  matched              INTEGER NOT NULL DEFAULT 0 CHECK (matched IN (0, 1)),
  created_file_id      INTEGER NOT NULL REFERENCES files(id),
  changed_file_id      INTEGER NOT NULL REFERENCES files(id),
  changed_at           TEXT NOT NULL,
  went_live            INTEGER NOT NULL DEFAULT 0 CHECK (went_live IN (0, 1)),
  has_por              INTEGER NOT NULL DEFAULT 0 CHECK (has_por IN (0, 1)),
  title                TEXT NOT NULL DEFAULT '',  -- T_POR06
  managing_office      TEXT NOT NULL DEFAULT '',  -- T_POR08
  host_lead            TEXT NOT NULL DEFAULT '',  -- T_POR09
  ods_code             TEXT NOT NULL DEFAULT '',  -- T_POR10
  vpd                  TEXT NOT NULL DEFAULT '',  -- T_POR11
  organisation         TEXT NOT NULL DEFAULT '',  -- T_POR12
  location             TEXT NOT NULL DEFAULT '',  -- T_POR13
  has_pos              INTEGER NOT NULL DEFAULT 0 CHECK (has_pos IN (0, 1)),
  staff_group          TEXT NOT NULL DEFAULT '',  -- T_POS06
  occupation_code      TEXT NOT NULL DEFAULT '',  -- T_POS07
  area_of_work         TEXT NOT NULL DEFAULT '',  -- T_POS08
  second_specialty     TEXT NOT NULL DEFAULT '',  -- T_POS09
  pos_managing_office  TEXT NOT NULL DEFAULT '',  -- T_POS11
  pos_ods_code         TEXT NOT NULL DEFAULT '',  -- T_POS12
  grade_trust          TEXT NOT NULL DEFAULT '',  -- T_POS13
  grade_payscale       TEXT NOT NULL DEFAULT '',  -- T_POS14
  grade_description    TEXT NOT NULL DEFAULT '',  -- T_POS15
  workplace_org        TEXT NOT NULL DEFAULT ''   -- T_POS16
);
INSERT INTO positions_checked(position_id, local_office, deanery_number, position_number,
    deleted, matched, created_file_id, changed_file_id, changed_at, went_live, has_por, title,
    managing_office, host_lead, ods_code, vpd, organisation, location, has_pos, staff_group,
    occupation_code, area_of_work, second_specialty, pos_managing_office, pos_ods_code,
    grade_trust, grade_payscale, grade_description, workplace_org)
  SELECT position_id, local_office, deanery_number, position_number, deleted, matched,
    created_file_id, changed_file_id, changed_at, went_live, has_por, title, managing_office,
    host_lead, ods_code, vpd, organisation, location, has_pos, staff_group, occupation_code,
    area_of_work, second_specialty, pos_managing_office, pos_ods_code, grade_trust,
    grade_payscale, grade_description, workplace_org
  FROM positions;
DROP TABLE positions;
ALTER TABLE positions_checked RENAME TO positions;
CREATE INDEX positions_by_dpn ON positions(deanery_number);
CREATE INDEX positions_by_office ON positions(local_office);
CREATE INDEX positions_went_live ON positions(position_id) WHERE went_live = 1;

-- TIS posts as of the latest extract; positions match on deanery_number = npn.
CREATE TABLE tis_posts_checked (
  npn            TEXT PRIMARY KEY,
  local_office   TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'CURRENT',  -- TIS's, as received
  present        INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1)),  -- in the latest
                                                   -- snapshot of its office
  first_file_id  INTEGER REFERENCES files(id),
  last_file_id   INTEGER REFERENCES files(id)
);
INSERT INTO tis_posts_checked(rowid, npn, local_office, status, present, first_file_id,
    last_file_id)
  SELECT rowid, npn, local_office, status, present, first_file_id, last_file_id FROM tis_posts;
DROP TABLE tis_posts;
ALTER TABLE tis_posts_checked RENAME TO tis_posts;

CREATE TABLE rtc_lines_checked (
  file_id  INTEGER NOT NULL REFERENCES files(id),
  ordinal  INTEGER NOT NULL,
  success  INTEGER NOT NULL CHECK (success IN (0, 1)),
  reason   TEXT NOT NULL DEFAULT '',
  record   TEXT NOT NULL,
  PRIMARY KEY (file_id, ordinal)
) WITHOUT ROWID;
INSERT INTO rtc_lines_checked(file_id, ordinal, success, reason, record)
  SELECT file_id, ordinal, success, reason, record FROM rtc_lines;
DROP TABLE rtc_lines;
ALTER TABLE rtc_lines_checked RENAME TO rtc_lines;

CREATE TABLE job_runs_checked (
  id             INTEGER PRIMARY KEY,
  job            TEXT NOT NULL,
  slot_key       TEXT NOT NULL,          -- schedule slot, or 'manual:<time>'
  slot_at        TEXT,
  business_date  TEXT NOT NULL,
  started_at     TEXT,
  finished_at    TEXT,
  outcome        TEXT NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'missed',
                   'crashed')),
  detail         TEXT,
  UNIQUE (job, slot_key)
);
INSERT INTO job_runs_checked(id, job, slot_key, slot_at, business_date, started_at, finished_at,
    outcome, detail)
  SELECT id, job, slot_key, slot_at, business_date, started_at, finished_at, outcome, detail
  FROM job_runs;
DROP TABLE job_runs;
ALTER TABLE job_runs_checked RENAME TO job_runs;
)sql";

// The record `record_type` of the schema for `file_type`, which a migration's C++ step needs to
// read `rows` version-1 rows of `what`; throws StoreError saying what is missing.
const spec::RecordSpec& v1_record(const MigrationContext& context, std::string_view file_type,
                                  std::string_view record_type, std::size_t rows,
                                  std::string_view what) {
  const spec::RecordSpec* record = nullptr;
  if (context.schemas != nullptr) {
    if (const auto* file = context.schemas->for_file_type(file_type))
      record = record_type.empty() ? &file->records.front() : file->find_record(record_type);
  }
  if (record == nullptr) {
    throw StoreError(fmt::format(
        "{} {} keep their values as JSON arrays, read with the {} record of the {} schema, which "
        "{}",
        rows, what, record_type.empty() ? "first" : record_type, file_type,
        context.schemas == nullptr ? "the state was opened without (open_state got no schemas)"
                                   : "the schemas loaded do not have"));
  }
  return *record;
}

std::size_t count_rows(Database& db, std::string_view table, std::string_view where) {
  auto select = db.prepare(fmt::format("SELECT count(*) FROM {} WHERE {}", table, where));
  return select.step() ? static_cast<std::size_t>(select.column_int64(0)) : 0;
}

// Migration 5's C++ step: each position's POR and POS arrays into temp.v1_por and temp.v1_pos,
// every field found by its reference in the RMT schema.
void unpack_position_arrays(Database& db, const MigrationContext& context) {
  struct Field {
    std::string_view column, ref;
  };
  constexpr std::array<Field, 7> por_fields = {{{"title", "T_POR06"},
                                                {"managing_office", "T_POR08"},
                                                {"host_lead", "T_POR09"},
                                                {"ods_code", "T_POR10"},
                                                {"vpd", "T_POR11"},
                                                {"organisation", "T_POR12"},
                                                {"location", "T_POR13"}}};
  constexpr std::array<Field, 10> pos_fields = {{{"staff_group", "T_POS06"},
                                                 {"occupation_code", "T_POS07"},
                                                 {"area_of_work", "T_POS08"},
                                                 {"second_specialty", "T_POS09"},
                                                 {"managing_office", "T_POS11"},
                                                 {"ods_code", "T_POS12"},
                                                 {"grade_trust", "T_POS13"},
                                                 {"grade_payscale", "T_POS14"},
                                                 {"grade_description", "T_POS15"},
                                                 {"workplace_org", "T_POS16"}}};
  auto stored = count_rows(db, "positions", "por_fields IS NOT NULL OR pos_fields IS NOT NULL");
  // With nothing to read, the staging tables only need their columns for the SQL.
  auto values = [&](std::string_view record_type, std::span<const Field> fields) {
    const auto* record =
        stored > 0 ? &v1_record(context, "RMF", record_type, stored, "positions") : nullptr;
    std::vector<v1::JsonValue> out;
    for (const auto& field : fields)
      out.push_back({field.column, record ? record->required_index(field.ref) : 0});
    return out;
  };
  v1::unpack(db, "positions", "por_fields", "v1_por", values("POR", por_fields));
  v1::unpack(db, "positions", "pos_fields", "v1_pos", values("POS", pos_fields));
}

// Migration 6's C++ step: each placement's object (its own and its person's columns) into
// temp.v1_placements, and each event's row before into temp.v1_events, member by name.
void unpack_tis_objects(Database& db, const MigrationContext&) {
  std::vector<v1::JsonValue> placement_values, event_values;
  for (auto name : kPlacementColumns) placement_values.push_back({name, name});
  for (auto name : kPersonColumns) placement_values.push_back({name, name});
  v1::unpack(db, "tis_placements", "fields", "v1_placements", placement_values);
  for (auto name : {std::string_view("npn"), std::string_view("status")})
    event_values.push_back({name, name});
  for (auto name : kPlacementColumns) event_values.push_back({name, name});
  v1::unpack(db, "tis_events", "previous", "v1_events", event_values);
}

// Migration 8's C++ step: what an applicant keeps of its APP array (the deanery number an APC
// echoes, the effective and end dates) into temp.v1_app, each field found in the APP schema.
void unpack_applicant_arrays(Database& db, const MigrationContext& context) {
  auto stored = count_rows(db, "applicants", "fields IS NOT NULL");
  std::vector<v1::JsonValue> values = {{"app_deanery_number", std::size_t{0}},
                                       {"app_effective_date", std::size_t{0}},
                                       {"app_end_date", std::size_t{0}}};
  if (stored > 0) {
    const auto& app = v1_record(context, "APP", "", stored, "applicants");
    values[0].at = app.required_index("Deanery_number");
    values[1].at = app.required_index("Effective_date");
    values[2].at = app.required_index("Projected End Date");
  }
  v1::unpack(db, "applicants", "fields", "v1_app", values);
}

// Migration 7's C++ step. A notification not yet exported has no line: its values are a JSON
// array that the export formatted with the NOT record. It gets the line that export would have
// written, formatted the same way (dialect::append_record), so the next DNC is what it would
// have been. The values are read as strings only (v1_json.hpp), as the export
// read them; a row whose values the export could not read (it left such a row pending for ever,
// logging an error each time) stops the migration, naming its id, rather than being lost.
void format_unexported_notification_lines(Database& db, const MigrationContext& context) {
  std::vector<std::pair<std::int64_t, std::string>> rows;  // id, fields
  {
    auto select = db.prepare("SELECT id, fields FROM notifications WHERE line IS NULL ORDER BY id");
    while (select.step()) rows.emplace_back(select.column_int64(0), select.column_text(1));
  }
  if (rows.empty()) return;
  const auto* record =
      &v1_record(context, "DNC", "NOT", rows.size(), "notification(s) not yet exported");
  auto update = db.prepare("UPDATE notifications SET line = ?2 WHERE id = ?1");
  for (const auto& [id, fields] : rows) {
    auto values = v1::string_array(fields);
    if (!values || values->size() != record->fields.size()) {
      throw StoreError(fmt::format(
          "notification {} (not yet exported) has values that are not a JSON array of {} "
          "strings, so no line can be written for it; correct or delete that row, then start "
          "esrd again",
          id, record->fields.size()));
    }
    std::string line;
    dialect::append_record(line, *record, *values);
    update.bind(1, id).bind(2, line);
    update.run();
  }
}

// Migration 9's C++ step: a row holding a value outside a CHECK the migration adds would make
// its copy fail with SQLite's "CHECK constraint failed", which names neither the table nor the
// row. Each column is looked at first, and the first such row is named, with its value.
void refuse_values_outside_the_new_checks(Database& db, const MigrationContext&) {
  struct NewCheck {
    std::string_view table;
    std::string_view row;  // SQL naming a row in the message
    std::string_view column;
    std::string_view values;  // as the CHECK lists them (state_checks)
  };
  constexpr std::string_view flag = "0, 1";
  constexpr std::array<NewCheck, 9> checks = {{
      {"files", "'id ' || id", "outcome",
       "'applied', 'quarantined', 'pending', 'publishing', 'sent'"},
      {"positions", "'position_id ' || position_id", "deleted", flag},
      {"positions", "'position_id ' || position_id", "matched", flag},
      {"positions", "'position_id ' || position_id", "went_live", flag},
      {"positions", "'position_id ' || position_id", "has_por", flag},
      {"positions", "'position_id ' || position_id", "has_pos", flag},
      {"tis_posts", "'npn ' || npn", "present", flag},
      {"rtc_lines", "'file_id ' || file_id || ' ordinal ' || ordinal", "success", flag},
      {"job_runs", "'id ' || id", "outcome",
       "'running', 'succeeded', 'failed', 'missed', 'crashed'"},
  }};
  for (const auto& check : checks) {
    // quote() shows the value as SQL would (text in quotes, a number bare, NULL), cut short:
    // these columns hold states, never personal data, but a stray value could be anything.
    auto select =
        db.prepare(fmt::format("SELECT {1}, substr(quote({2}), 1, 60), count(*) OVER () FROM {0}"
                               " WHERE {2} IS NULL OR {2} NOT IN ({3}) LIMIT 1",
                               check.table, check.row, check.column, check.values));
    if (!select.step()) continue;
    throw StoreError(fmt::format(
        "{} row {} has {} {}, which the CHECK this migration adds refuses (it allows {}); {} "
        "row(s) of {} have such a value: correct or delete them, then start esrd again",
        check.table, select.column_text(0), check.column, select.column_text(1), check.values,
        select.column_int64(2), check.table));
  }
}

// Version 10: the records of an applied RMF/RMC, kept for the SUCCESS lines of its RTC as a few
// blobs of about a megabyte each (state/rtc_lines.cpp encodes them) instead of one row per
// record: a million-record RMF is a few hundred row writes, not a million. FAIL lines stay rows
// of rtc_lines; an RTC is the two merged by ordinal.
constexpr const char* rtc_echoes = R"sql(
CREATE TABLE rtc_echoes (
  file_id  INTEGER NOT NULL REFERENCES files(id),
  chunk    INTEGER NOT NULL,   -- 0, 1, ...: the order of the records within the file
  records  BLOB NOT NULL,      -- per record: ordinal and byte length as varints, then its bytes
  PRIMARY KEY (file_id, chunk)
);
)sql";

constexpr std::array<Migration, 10> migrations = {{
    {1, "ledger, positions, RTC lines, counters, job runs", ledger_and_positions},
    {2, "the file that confirmed each record; unmatched confirmation lines", confirmation_sources},
    {3, "what each applicant was sent without", applicant_warnings},
    {4, "position_live events: positions flagged as they go live; notifications by placement",
     late_positions},
    {5, "positions: the POR and POS fields as typed columns instead of JSON arrays",
     typed_positions, &unpack_position_arrays},
    {6, "TIS snapshot: placements and people as typed columns; typed previous rows of events",
     typed_tis_snapshot, &unpack_tis_objects},
    {7, "notifications: the exact line from creation instead of a JSON array; state CHECK",
     notifications_by_line, &format_unexported_notification_lines},
    {8, "applicants: typed columns, the APP built from the state at export; held_back flag",
     typed_applicants, &unpack_applicant_arrays},
    {9, "a CHECK on every state column: file and job outcomes, position, post and RTC flags",
     state_checks, &refuse_values_outside_the_new_checks, /*rebuilds_tables=*/true},
    {10, "the records of an applied RMF/RMC kept in a few blobs for its RTC, not a row each",
     rtc_echoes},
}};

}  // namespace

std::span<const Migration> state_migrations() { return migrations; }

Database open_state(const std::filesystem::path& file, const spec::SchemaRegistry* schemas) {
  Database db = Database::open(file);
  // A bounded 64 MiB page cache: a million-record RMF is applied in one transaction, and the
  // default 2 MiB cache would spill to the WAL and read it back for every page.
  db.exec("PRAGMA cache_size = -65536");
  db.exec("PRAGMA temp_store = MEMORY");
  apply_migrations(db, state_migrations(), /*backup_first=*/true, MigrationContext{schemas});
  db.secure_files();
  return db;
}

}  // namespace esr::state
