CREATE TABLE "chain_verifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"chain_id" uuid NOT NULL,
	"status" text NOT NULL,
	"verified_through_seq" bigint NOT NULL,
	"first_bad_seq" bigint,
	"reason" text,
	"checkpointed_through_seq" bigint DEFAULT 0 NOT NULL,
	"actor" text NOT NULL,
	"verified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "chain_verifications_chain_idx" ON "chain_verifications" USING btree ("chain_id","verified_at");