import type { Campaign } from './campaign.ts';

/** A campaign may bid while what it spent today is under its daily budget. */
export function hasBudget(options: { campaign: Campaign; spentToday: number }): boolean {
  return options.spentToday < options.campaign.dailyBudget;
}

/** The budget day an instant belongs to: its UTC date, `YYYY-MM-DD`. */
export function spendDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** What one won impression costs, from its clearing price: a CPM is the price of a thousand. */
export function impressionCost(winPriceCpm: number): number {
  return winPriceCpm / 1_000;
}
