-- servq's PostgreSQL roles, created on request (`servq roles`), not by the migrations: creating roles needs
-- an administrator, and the pipeline itself runs without superuser rights.
--
--   servq_pipeline  owns and migrates servq's tables, loads data (no superuser, no CREATEROLE/CREATEDB);
--   servq_reader    reads everything servq stores (report readers, analysts, notebooks); cannot write.
--
-- Both are NOLOGIN groups: give people and services their own login roles, e.g.
--   CREATE ROLE etl LOGIN PASSWORD '…' IN ROLE servq_pipeline;
--   CREATE ROLE analyst LOGIN PASSWORD '…' IN ROLE servq_reader;
-- Idempotent: safe to run again (after migrations, it also grants on the tables that exist by then).

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'servq_pipeline') THEN
    CREATE ROLE servq_pipeline NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'servq_reader') THEN
    CREATE ROLE servq_reader NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
END $$;

-- The pipeline creates its tables in the public schema (migrations) and so owns them.
GRANT USAGE, CREATE ON SCHEMA public TO servq_pipeline;
GRANT USAGE ON SCHEMA public TO servq_reader;

-- Tables that already exist (e.g. migrated by an administrator before the roles existed).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO servq_pipeline;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO servq_pipeline;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO servq_reader;

-- Tables the pipeline creates later are readable by readers.
ALTER DEFAULT PRIVILEGES FOR ROLE servq_pipeline IN SCHEMA public GRANT SELECT ON TABLES TO servq_reader;
