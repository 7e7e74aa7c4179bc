CREATE TABLE "session_known_values" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"fingerprint" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "keyframes" (
	"session_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"time" double precision NOT NULL,
	"cols" integer NOT NULL,
	"rows" integer NOT NULL,
	"state" text NOT NULL,
	"version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keyframes_session_id_seq_pk" PRIMARY KEY("session_id","seq")
);
--> statement-breakpoint
CREATE INDEX "session_known_values_session_idx" ON "session_known_values" USING btree ("session_id");