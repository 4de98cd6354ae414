/**
 * Loss reason codes the simulated exchange reports, from the OpenRTB 3.0 list that OpenRTB 2.6 §4.4
 * `${AUCTION_LOSS}` refers to (fixtures/openrtb/loss-reason-codes.json).
 */
export const LOSS_REASON = {
  /** 2: Impression Opportunity Expired — our bid was decided after the deadline and never submitted */
  expired: 2,
  /** 100: Bid was Below Auction Floor */
  belowAuctionFloor: 100,
  /** 102: Lost to Higher Bid */
  lostToHigherBid: 102,
  /**
   * 500: the DSP did not bid. The list has no code for it; values from 500 are exchange-specific, and
   * this is the one this exchange defines, so analytics still records every impression it was offered.
   */
  noBid: 500,
} as const;

export type LossReason = (typeof LOSS_REASON)[keyof typeof LOSS_REASON];
