ALTER TABLE "auction_outcomes" ADD COLUMN "submitted" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "adomain" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "creatives" jsonb DEFAULT '[]'::jsonb NOT NULL;