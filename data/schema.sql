-- gongwen store, schema version 6 (PRAGMA user_version; src/data.c migrates
-- an older database: 1 → 2 added documents.folder; 2 → 3 the reviewers'
-- duties in the seed's words; 3 → 4 bureau.email; 4 → 5 the service's
-- accounts, sessions and login throttling, the draft state, a version per
-- application and the account of each history row; 5 → 6 attachments and the
-- bureau's attachment settings).
-- One application = one row of `applications` with its children; the JSON tree
-- each template receives is built by the view `application_json` below, so a
-- template's data is one SQL statement away:
--     SELECT json FROM application_json WHERE id = ?;
-- Booleans are INTEGER 0/1; NULL means "the key was absent" (not filled), ''
-- means filled with nothing.  Dates are ISO text YYYY-MM-DD.

-- The bureau: one row.  Change any field with `gongwen bureau set`, which
-- checks the value and records it in history.
CREATE TABLE bureau (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  name          TEXT NOT NULL,
  short_name    TEXT NOT NULL,
  unit          TEXT NOT NULL,
  address       TEXT NOT NULL,
  phone         TEXT NOT NULL,
  fax           TEXT NOT NULL,
  head_title    TEXT NOT NULL,
  head_name     TEXT NOT NULL,          -- '' until set: letters signed with the title only
  doc_prefix    TEXT NOT NULL,          -- 機關代字 of the bureau's letters
  asset_format  TEXT NOT NULL,          -- asset numbers: %Y ROC year (3 digits), %G Gregorian
                                        -- year, %N serial, %0wN zero-padded to w, %% a %;
                                        -- per-year serial from sequences(asset, ROC year)
  email         TEXT NOT NULL DEFAULT '', -- the letters' 電子信箱; '' leaves the line out
  -- Attachments (schema 6): '1' makes a declared report, evidence or go-live
  -- record without its file a failure (rule R10); the limits in megabytes.
  require_attachments TEXT NOT NULL DEFAULT '0',
  attach_max_file_mb  TEXT NOT NULL DEFAULT '50',
  attach_max_app_mb   TEXT NOT NULL DEFAULT '300'
);

CREATE TABLE reviewers (
  role   TEXT PRIMARY KEY,              -- admin, security, network, antivirus, mdr, vans, chief
  title  TEXT NOT NULL,                 -- 資訊機房管理人員 …
  person TEXT NOT NULL,                 -- 陳助理管理師 …
  ext    TEXT NOT NULL,
  checks TEXT NOT NULL,
  pos    INTEGER NOT NULL
);

CREATE TABLE agencies (
  id          INTEGER PRIMARY KEY,
  code        TEXT,
  name        TEXT,
  short_name  TEXT,
  unit        TEXT,
  address     TEXT,
  head_title  TEXT,
  head_name   TEXT
);

CREATE TABLE applications (
  id                   TEXT PRIMARY KEY,
  agency_id            INTEGER NOT NULL REFERENCES agencies(id),
  applicant_name       TEXT, applicant_title TEXT, applicant_phone TEXT, applicant_ext TEXT,
  applicant_fax        TEXT, applicant_email TEXT,
  letter_date          TEXT, letter_doc_no TEXT, letter_urgency TEXT, letter_attachments TEXT,
  move_kind            TEXT, system_name TEXT, reason TEXT, planned_date TEXT, planned_time TEXT,
  vendor_name          TEXT, vendor_tax_id TEXT, vendor_engineer TEXT, vendor_phone TEXT,
  front_sealed         INTEGER, front_original INTEGER,
  network_filed        INTEGER, network_from TEXT, network_to TEXT,
  vpn_filed            INTEGER, vpn_from TEXT, vpn_to TEXT, vpn_reason TEXT,
  bureau_asset_no      TEXT, bureau_coordination TEXT, bureau_vm_location TEXT,
  bureau_admin_account TEXT,
  status               TEXT NOT NULL DEFAULT 'received'
                       CHECK (status IN ('draft','received','incomplete','returned','under_review','approved')),
  imported_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  version              INTEGER NOT NULL DEFAULT 1  -- +1 on every change (optimistic concurrency)
);

CREATE TABLE devices (
  app_id            TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  pos               INTEGER NOT NULL,     -- order in the application
  seq               INTEGER,
  type              TEXT, name TEXT, hostname TEXT, brand TEXT, model TEXT, serial TEXT,
  qty               INTEGER, rack_units INTEGER, power TEXT, os TEXT, os_version TEXT,
  database          TEXT, software TEXT, purpose TEXT,
  public_website    INTEGER, large_public_site INTEGER,
  ip_internal       INTEGER, ip_external INTEGER,
  maintainer        TEXT, warranty_until TEXT, golive_record INTEGER,
  PRIMARY KEY (app_id, pos)
);

CREATE TABLE security_software (
  app_id     TEXT NOT NULL,
  device_pos INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('antivirus','mdr','vans')),
  installed  INTEGER,
  evidence   TEXT,
  PRIMARY KEY (app_id, device_pos, kind),
  FOREIGN KEY (app_id, device_pos) REFERENCES devices(app_id, pos) ON DELETE CASCADE
);

CREATE TABLE reports (
  app_id     TEXT NOT NULL,
  device_pos INTEGER NOT NULL,
  pos        INTEGER NOT NULL,
  kind       TEXT, date TEXT, tool TEXT,
  critical   INTEGER, high INTEGER, medium INTEGER, low INTEGER,
  PRIMARY KEY (app_id, device_pos, pos),
  FOREIGN KEY (app_id, device_pos) REFERENCES devices(app_id, pos) ON DELETE CASCADE
);

CREATE TABLE network_rules (
  app_id      TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  pos         INTEGER NOT NULL,
  source      TEXT, destination TEXT, port TEXT, protocol TEXT, purpose TEXT,
  PRIMARY KEY (app_id, pos)
);

CREATE TABLE vpn_accounts (
  app_id   TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  pos      INTEGER NOT NULL,
  name     TEXT, company TEXT, email TEXT, mobile TEXT,
  PRIMARY KEY (app_id, pos)
);

CREATE TABLE vpn_targets (
  app_id   TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  pos      INTEGER NOT NULL,
  host     TEXT, port TEXT, protocol TEXT,
  PRIMARY KEY (app_id, pos)
);

-- Reviewers' results; a later row for the same role supersedes an earlier one.
CREATE TABLE reviews (
  id      INTEGER PRIMARY KEY,
  app_id  TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  role    TEXT NOT NULL REFERENCES reviewers(role),
  result  TEXT NOT NULL CHECK (result IN ('ok','fail')),
  note    TEXT,
  at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- Per-year counters (the bureau's 發文字號 serials, asset numbers).  Never reused.
CREATE TABLE sequences (
  name  TEXT NOT NULL,
  year  INTEGER NOT NULL,
  last  INTEGER NOT NULL,
  PRIMARY KEY (name, year)
);

-- Letters written for an application: the agency's own request (its doc_no
-- comes from the data) and the bureau's return / approval letters.
CREATE TABLE letters (
  id      INTEGER PRIMARY KEY,
  app_id  TEXT NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('request','return','approval')),
  date    TEXT NOT NULL,
  doc_no  TEXT NOT NULL UNIQUE,
  year    INTEGER, serial INTEGER,
  at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- The files of each packet folder `render` wrote: exactly what is on disk.
-- A render replaces the folder as a whole, and its rows replace the rows of
-- the same (app_id, folder) in the same transaction; history keeps every
-- render.  folder is the packet folder's absolute path; path is the file as
-- the render named it (relative to where it ran).
CREATE TABLE documents (
  id      INTEGER PRIMARY KEY,
  app_id  TEXT NOT NULL,
  kind    TEXT NOT NULL,
  path    TEXT NOT NULL,
  sha256  TEXT NOT NULL,
  bytes   INTEGER NOT NULL,
  at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  folder  TEXT
);

-- Append-only record of every change: nothing here is ever updated or deleted.
CREATE TABLE history (
  id      INTEGER PRIMARY KEY,
  app_id  TEXT,
  at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f','now')),
  role    TEXT,                     -- who acted: applicant, a reviewer role, system
  action  TEXT NOT NULL,            -- import, replace, review, decide, render, letter, …
  detail  TEXT,
  account TEXT                      -- the account that acted (users.name; "shell:LOGIN" from the CLI)
);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- The review workflow (src/data_review.c; data.h explains the states).  The
-- triggers guard the store against any other writer: only the legal moves,
-- and an approved application (it holds an asset number) is never replaced.
CREATE TRIGGER applications_status_moves BEFORE UPDATE OF status ON applications
  WHEN OLD.status <> NEW.status AND NOT (
       (OLD.status = 'draft'        AND NEW.status = 'received')
    OR (OLD.status = 'received'     AND NEW.status IN ('incomplete', 'under_review', 'returned'))
    OR (OLD.status = 'incomplete'   AND NEW.status IN ('under_review', 'returned'))
    OR (OLD.status = 'under_review' AND NEW.status IN ('incomplete', 'returned', 'approved')))
  BEGIN SELECT RAISE(ABORT, 'illegal status change'); END;
CREATE TRIGGER applications_keep_approved BEFORE DELETE ON applications
  WHEN OLD.status = 'approved'
  BEGIN SELECT RAISE(ABORT, 'an approved application cannot be replaced or deleted'); END;

-- Attachments (schema 6; src/data_attach.c): the files that travel with an
-- application.  The file itself is <folder of the database>/files/<sha256's
-- first two hex digits>/<sha256>, written and synced before its row commits;
-- a file that no row names is removed.  device is the device's seq (NULL: the
-- whole application); kind a report kind, an evidence kind (antivirus, mdr,
-- vans), golive or other.  No foreign key to applications: the rows outlive
-- `import --replace` (which deletes and re-inserts the application); rows of
-- an application that no longer exists are swept.
CREATE TABLE attachments (
  id          INTEGER PRIMARY KEY,
  app_id      TEXT NOT NULL,
  device      INTEGER,
  kind        TEXT NOT NULL CHECK (kind IN ('source_code_scan','host_vuln_scan',
                'web_vuln_scan','pentest','malware_scan','patch_status','antivirus','mdr',
                'vans','golive','other')),
  name        TEXT NOT NULL,            -- the name it came with, cleaned (no folder)
  media_type  TEXT NOT NULL CHECK (media_type IN ('application/pdf','image/png','image/jpeg')),
  bytes       INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  pages       INTEGER NOT NULL,
  flags       TEXT NOT NULL DEFAULT '', -- javascript,launch,embedded_file,submit_form
  added_by    TEXT NOT NULL,
  added_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE UNIQUE INDEX attachments_item ON attachments(app_id, coalesce(device, 0), kind, sha256);
CREATE INDEX attachments_sha ON attachments(sha256);

CREATE INDEX reviews_app ON reviews(app_id, role);

-- ==== The service's accounts (src/data_user.c; `gongwen user`, `gongwen serve`) ====
-- No default account: the first is made with `gongwen user add NAME --role manager`.
CREATE TABLE users (
  name      TEXT PRIMARY KEY,             -- login name: a-z 0-9 . _ - (1–64)
  display   TEXT NOT NULL DEFAULT '',
  roles     TEXT NOT NULL,                -- comma-separated: clerk window admin security network
                                          -- antivirus mdr vans chief manager
  agency    TEXT,                         -- a clerk's agency: the applications' agency.name
  hash      TEXT NOT NULL,                -- Argon2id, encoded ($argon2id$v=19$m=…)
  disabled  INTEGER NOT NULL DEFAULT 0,
  created   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
-- A session is found by the SHA-256 of its token; the token itself is only in
-- the browser's cookie.  created/seen: Unix seconds (absolute and idle limits).
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user       TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  csrf       TEXT NOT NULL,
  created    INTEGER NOT NULL,
  seen       INTEGER NOT NULL,
  addr       TEXT
);
-- Failed logins, per account ("user:NAME") and per address ("addr:IP"), for
-- throttling; rows older than the window are removed as new ones come.
CREATE TABLE login_failures (
  key  TEXT NOT NULL,
  at   INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);
CREATE INDEX sessions_user ON sessions(user);
CREATE INDEX letters_app ON letters(app_id);
CREATE INDEX history_app ON history(app_id);
CREATE INDEX documents_app ON documents(app_id, folder);

-- ==== The data tree ====
-- json_patch('{}', obj) drops members whose value is NULL, so a key absent on
-- import is absent on export; NULLIF(…, '{}') drops an object that was absent.
CREATE VIEW device_json AS
SELECT d.app_id, d.pos, json_patch('{}', json_object(
  'seq', d.seq, 'type', d.type, 'name', d.name, 'hostname', d.hostname,
  'brand', d.brand, 'model', d.model, 'serial', d.serial, 'qty', d.qty,
  'rack_units', d.rack_units, 'power', d.power, 'os', d.os, 'os_version', d.os_version,
  'database', d.database, 'software', d.software, 'purpose', d.purpose,
  'public_website', CASE d.public_website WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
  'large_public_site', CASE d.large_public_site WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
  'needs_ip', json(NULLIF(json_patch('{}', json_object(
      'internal', CASE d.ip_internal WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
      'external', CASE d.ip_external WHEN 1 THEN json('true') WHEN 0 THEN json('false') END)), '{}')),
  'maintainer', d.maintainer, 'warranty_until', d.warranty_until,
  'security_software', json((SELECT NULLIF(json_patch('{}', json_group_object(s.kind,
      json(json_patch('{}', json_object(
        'installed', CASE s.installed WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
        'evidence', s.evidence))))), '{}')
      FROM security_software s WHERE s.app_id = d.app_id AND s.device_pos = d.pos)),
  'golive_record', CASE d.golive_record WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
  'reports', json((SELECT json_group_array(json(r.j)) FROM (
      SELECT json_patch('{}', json_object('kind', kind, 'date', date, 'tool', tool,
        'critical', critical, 'high', high, 'medium', medium, 'low', low)) AS j
      FROM reports WHERE app_id = d.app_id AND device_pos = d.pos ORDER BY pos) r))
)) AS json
FROM devices d;

CREATE VIEW application_json AS
SELECT a.id, a.status, json_patch('{}', json_object(
  'id', a.id,
  'agency', json(NULLIF(json_patch('{}', json_object('name', g.name, 'short_name', g.short_name,
      'code', g.code, 'unit', g.unit, 'address', g.address,
      'head_title', g.head_title, 'head_name', g.head_name)), '{}')),
  'applicant', json(NULLIF(json_patch('{}', json_object('name', a.applicant_name,
      'title', a.applicant_title, 'phone', a.applicant_phone, 'ext', a.applicant_ext,
      'fax', a.applicant_fax, 'email', a.applicant_email)), '{}')),
  'letter', json(NULLIF(json_patch('{}', json_object('date', a.letter_date,
      'doc_no', a.letter_doc_no, 'urgency', a.letter_urgency,
      'attachments', a.letter_attachments)), '{}')),
  'move', json(NULLIF(json_patch('{}', json_object('kind', a.move_kind,
      'system_name', a.system_name, 'reason', a.reason, 'planned_date', a.planned_date,
      'planned_time', a.planned_time,
      'vendor', json(NULLIF(json_patch('{}', json_object('name', a.vendor_name,
          'tax_id', a.vendor_tax_id, 'engineer', a.vendor_engineer,
          'phone', a.vendor_phone)), '{}')))), '{}')),
  'form_front', json(NULLIF(json_patch('{}', json_object(
      'sealed', CASE a.front_sealed WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
      'original', CASE a.front_original WHEN 1 THEN json('true') WHEN 0 THEN json('false') END)), '{}')),
  'devices', json((SELECT json_group_array(json(j.json)) FROM
      (SELECT json FROM device_json WHERE app_id = a.id ORDER BY pos) j)),
  'network', json(NULLIF(json_patch('{}', json_object(
      'filed', CASE a.network_filed WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
      'rules', json((SELECT json_group_array(json(r.j)) FROM (
          SELECT json_patch('{}', json_object('source', source, 'destination', destination,
            'port', port, 'protocol', protocol, 'purpose', purpose)) AS j
          FROM network_rules WHERE app_id = a.id ORDER BY pos) r)),
      'period', json(NULLIF(json_patch('{}', json_object('from', a.network_from,
          'to', a.network_to)), '{}')))), '{}')),
  'vpn', json(NULLIF(json_patch('{}', json_object(
      'filed', CASE a.vpn_filed WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
      'accounts', json((SELECT json_group_array(json(r.j)) FROM (
          SELECT json_patch('{}', json_object('name', name, 'company', company,
            'email', email, 'mobile', mobile)) AS j
          FROM vpn_accounts WHERE app_id = a.id ORDER BY pos) r)),
      'targets', json((SELECT json_group_array(json(r.j)) FROM (
          SELECT json_patch('{}', json_object('host', host, 'port', port,
            'protocol', protocol)) AS j
          FROM vpn_targets WHERE app_id = a.id ORDER BY pos) r)),
      'period', json(NULLIF(json_patch('{}', json_object('from', a.vpn_from,
          'to', a.vpn_to)), '{}')),
      'reason', a.vpn_reason)), '{}')),
  'bureau', json(NULLIF(json_patch('{}', json_object('asset_no', a.bureau_asset_no,
      'coordination', a.bureau_coordination, 'vm_location', a.bureau_vm_location,
      'admin_account', a.bureau_admin_account)), '{}'))
)) AS json
FROM applications a JOIN agencies g ON g.id = a.agency_id;

-- Reference data: the bureau and its reviewers (seed §三).
INSERT INTO bureau VALUES (1, '臺中市政府數位發展局', '數位發展局', '網路資安科',
  '407臺中市西屯區臺灣大道三段99號', '04-22289111', '04-22580209', '局長', '', '中市數網字',
  '%Y-DC-%04N', '', '0', '50', '300');
INSERT INTO reviewers VALUES
  ('admin',     '資訊機房管理人員',   '陳助理管理師', '22311', '檢視「臺中市政府資訊機房設備移（攜）出入申請單」第1頁是否填寫有誤，如填妥則給予「資產編號」；彙整管制人員(管理者)意見', 1),
  ('security',  '資通安全專職人員',   '盧分析師',     '22302', '檢視「資訊系統上線作業紀錄表」及相關資安檢測報告是否符合ISMS規定', 2),
  ('network',   '網路連線管理人員',   '徐設計師',     '22304', '檢視「臺中市政府主機設備網路連線申請單」、「臺中市政府SSLVPN網路連線維護申請單」等相關文件/條件是否符合ISMS規定', 3),
  ('antivirus', '防毒軟體業務承辦人', '陳助理管理師', '22312', '檢視「資訊系統上線作業紀錄表」防毒軟體安裝及掃描結果', 4),
  ('mdr',       'MDR/EDR業務承辦人',  '梁管理師',     '22303', '檢視「資訊系統上線作業紀錄表」端點軟體安裝及回報情形', 5),
  ('vans',      'VANS業務承辦人',     '陳助理管理師', '22311', '檢視「資訊系統上線作業紀錄表」VANS軟體安裝情形', 6),
  ('chief',     '網路資安科主管',     '科長',         '',      '陳核、核准', 7);
