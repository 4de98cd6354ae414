CREATE TABLE "advertisers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auction_outcomes" (
	"id" text PRIMARY KEY NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"request_id" text NOT NULL,
	"imp_id" text NOT NULL,
	"user_id" text,
	"site_domain" text,
	"campaign_id" text,
	"advertiser_id" text,
	"bid_price" numeric(12, 4),
	"win_price" numeric(12, 4),
	"floor_price" numeric(12, 4) NOT NULL,
	"win_status" boolean NOT NULL,
	"loss_reason" integer,
	"enriched" boolean NOT NULL,
	"trace_id" text,
	"decided_at" timestamp with time zone NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"advertiser_id" text NOT NULL,
	"name" text NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_bid" numeric(12, 4) NOT NULL,
	"daily_budget" numeric(14, 4) NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_advertiser_id_advertisers_id_fk" FOREIGN KEY ("advertiser_id") REFERENCES "public"."advertisers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "auction_outcomes_event_key" ON "auction_outcomes" USING btree ("event_source","event_id");--> statement-breakpoint
CREATE INDEX "auction_outcomes_user_idx" ON "auction_outcomes" USING btree ("user_id","decided_at");--> statement-breakpoint
CREATE INDEX "auction_outcomes_campaign_idx" ON "auction_outcomes" USING btree ("campaign_id","decided_at");--> statement-breakpoint
CREATE INDEX "auction_outcomes_decided_idx" ON "auction_outcomes" USING btree ("decided_at");