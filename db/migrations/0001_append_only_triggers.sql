-- Chained tables are append-only. These triggers refuse UPDATE, DELETE and TRUNCATE, and are
-- ENABLE ALWAYS so that session_replication_role = replica does not switch them off. They are
-- defence in depth: a superuser can still drop them, and the signed checkpoints catch that.
CREATE FUNCTION flightlog_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'flightlog: % on % is refused: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION flightlog_refuse_change();
--> statement-breakpoint
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION flightlog_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION flightlog_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION flightlog_refuse_change();
--> statement-breakpoint
CREATE TRIGGER merkle_leaves_append_only BEFORE UPDATE OR DELETE ON merkle_leaves FOR EACH ROW EXECUTE FUNCTION flightlog_refuse_change();
--> statement-breakpoint
CREATE TRIGGER merkle_leaves_no_truncate BEFORE TRUNCATE ON merkle_leaves FOR EACH STATEMENT EXECUTE FUNCTION flightlog_refuse_change();
--> statement-breakpoint
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints FOR EACH ROW EXECUTE FUNCTION flightlog_refuse_change();
--> statement-breakpoint
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints FOR EACH STATEMENT EXECUTE FUNCTION flightlog_refuse_change();
--> statement-breakpoint
ALTER TABLE events ENABLE ALWAYS TRIGGER events_append_only;
--> statement-breakpoint
ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_truncate;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_append_only;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_truncate;
--> statement-breakpoint
ALTER TABLE merkle_leaves ENABLE ALWAYS TRIGGER merkle_leaves_append_only;
--> statement-breakpoint
ALTER TABLE merkle_leaves ENABLE ALWAYS TRIGGER merkle_leaves_no_truncate;
--> statement-breakpoint
ALTER TABLE checkpoints ENABLE ALWAYS TRIGGER checkpoints_append_only;
--> statement-breakpoint
ALTER TABLE checkpoints ENABLE ALWAYS TRIGGER checkpoints_no_truncate;
