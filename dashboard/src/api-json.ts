import type { AuctionOutcomeRow } from '@helios/core/db';
import type { CampaignSummary } from './campaign-queries.ts';
import type { DailyStats, OutcomeStats } from './outcome-queries.ts';

/** An outcome as the API shows it: the seed's snake_case fields, prices CPM, decided_at ISO 8601 UTC. */
export function outcomeJson(row: AuctionOutcomeRow) {
  return {
    id: row.id,
    request_id: row.requestId,
    imp_id: row.impId,
    user_id: row.userId,
    site_domain: row.siteDomain,
    campaign_id: row.campaignId,
    advertiser_id: row.advertiserId,
    bid_price: row.bidPrice,
    win_price: row.winPrice,
    floor_price: row.floorPrice,
    win_status: row.winStatus,
    loss_reason: row.lossReason,
    enriched: row.enriched,
    trace_id: row.traceId,
    decided_at: row.decidedAt.toISOString(),
  };
}

/** `GET /api/outcomes/stats/`: rates are percentages (as the seed's win_rate), spend in currency. */
export function statsJson(stats: OutcomeStats) {
  return {
    total_outcomes: stats.totalOutcomes,
    total_wins: stats.totalWins,
    total_losses: stats.totalLosses,
    win_rate: stats.winRate,
    total_spend: stats.totalSpend,
    average_win_price: stats.averageWinPrice,
    average_bid_price: stats.averageBidPrice,
    enriched_share: stats.enrichedShare,
  };
}

/** One day of `GET /api/outcomes/daily_stats/`. */
export function dailyStatsJson(day: DailyStats) {
  return {
    date: day.date,
    outcomes: day.outcomes,
    wins: day.wins,
    losses: day.losses,
    spend: day.spend,
    win_rate: day.winRate,
  };
}

/** One campaign of `GET /api/campaigns/`. */
export function campaignJson(campaign: CampaignSummary) {
  return {
    id: campaign.id,
    name: campaign.name,
    advertiser_id: campaign.advertiserId,
    advertiser_name: campaign.advertiserName,
    active: campaign.active,
    categories: campaign.categories,
    max_bid: campaign.maxBid,
    daily_budget: campaign.dailyBudget,
    outcomes: campaign.outcomes,
    wins: campaign.wins,
    win_rate: campaign.winRate,
    spend: campaign.spend,
    spend_today: campaign.spendToday,
    budget_used_today: campaign.budgetUsedToday,
  };
}
