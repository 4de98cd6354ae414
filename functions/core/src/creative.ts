/**
 * One ad a campaign can serve, as the bidder puts it in an OpenRTB 2.6 Bid (§4.2.3): `crid`, the media type
 * `mtype` (1 banner, 2 video, 3 audio, 4 native), its size `w`×`h` (banner, video), and how the ad is
 * delivered: the markup `adm` inline, or a win notice `nurl` that returns it; `burl`/`lurl` are the billing
 * and loss notices. Notice URLs may hold OpenRTB macros (§4.4): `${AUCTION_PRICE}`, `${AUCTION_LOSS}`, …
 * which the exchange substitutes.
 */
export interface Creative {
  readonly crid: string;
  readonly mtype: 1 | 2 | 3 | 4;
  readonly w?: number;
  readonly h?: number;
  readonly adm?: string;
  readonly nurl?: string;
  readonly burl?: string;
  readonly lurl?: string;
}
