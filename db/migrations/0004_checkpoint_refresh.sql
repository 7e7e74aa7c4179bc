-- The same tree may be signed again with a later timestamp, so the key is (tree size, timestamp).
ALTER TABLE "checkpoints" DROP CONSTRAINT "checkpoints_pkey";--> statement-breakpoint
ALTER TABLE "checkpoints" ADD CONSTRAINT "checkpoints_tree_size_timestamp_pk" PRIMARY KEY("tree_size","timestamp");
