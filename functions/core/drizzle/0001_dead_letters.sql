CREATE TABLE "dead_letters" (
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"destination" text NOT NULL,
	"event_type" text NOT NULL,
	"error_code" integer,
	"reason" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dead_letters_event_key" ON "dead_letters" USING btree ("event_source","event_id","destination");--> statement-breakpoint
CREATE INDEX "dead_letters_recorded_idx" ON "dead_letters" USING btree ("recorded_at");