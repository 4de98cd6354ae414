/**
 * The OpenRTB 2.6 objects a DSP reads and writes: the subset Helios uses, named as the spec names them.
 * Every object may carry fields Helios does not read; they pass through untouched.
 * Spec: IAB Tech Lab OpenRTB 2.6 (InteractiveAdvertisingBureau/openrtb2.x 2.6.md: §3.2 request, §4.2 response).
 */
export interface Format {
  w?: number;
  h?: number;
}

export interface Banner {
  w?: number;
  h?: number;
  format?: Format[];
  [extra: string]: unknown;
}

export interface Video {
  mimes?: string[];
  w?: number;
  h?: number;
  minduration?: number;
  maxduration?: number;
  [extra: string]: unknown;
}

export interface Audio {
  mimes?: string[];
  [extra: string]: unknown;
}

export interface Native {
  request?: string | object;
  ver?: string;
  [extra: string]: unknown;
}

/** OpenRTB 2.6 §3.2.4 */
export interface Imp {
  id: string;
  banner?: Banner;
  video?: Video;
  audio?: Audio;
  native?: Native;
  tagid?: string;
  bidfloor?: number;
  bidfloorcur?: string;
  secure?: number;
  pmp?: { private_auction?: number; deals?: { id: string; bidfloor?: number; bidfloorcur?: string }[] };
  [extra: string]: unknown;
}

export interface Publisher {
  id?: string;
  name?: string;
  domain?: string;
  [extra: string]: unknown;
}

/** OpenRTB 2.6 §3.2.13 */
export interface Site {
  id?: string;
  name?: string;
  domain?: string;
  page?: string;
  cat?: string[];
  publisher?: Publisher;
  [extra: string]: unknown;
}

/** OpenRTB 2.6 §3.2.14 */
export interface App {
  id?: string;
  name?: string;
  bundle?: string;
  domain?: string;
  cat?: string[];
  publisher?: Publisher;
  [extra: string]: unknown;
}

/** OpenRTB 2.6 §3.2.18 */
export interface Device {
  ua?: string;
  ip?: string;
  ipv6?: string;
  devicetype?: number;
  os?: string;
  geo?: { country?: string; region?: string; city?: string; lat?: number; lon?: number; [extra: string]: unknown };
  [extra: string]: unknown;
}

/** OpenRTB 2.6 §3.2.20 */
export interface User {
  id?: string;
  buyeruid?: string;
  yob?: number;
  gender?: string;
  [extra: string]: unknown;
}

/** OpenRTB 2.6 §3.2.1 */
export interface BidRequest {
  id: string;
  imp: Imp[];
  site?: Site;
  app?: App;
  device?: Device;
  user?: User;
  test?: number;
  at?: number;
  tmax?: number;
  cur?: string[];
  bcat?: string[];
  badv?: string[];
  [extra: string]: unknown;
}

/** OpenRTB 2.6 §4.2.3 */
export interface Bid {
  id: string;
  impid: string;
  price: number;
  adid?: string;
  nurl?: string;
  burl?: string;
  lurl?: string;
  adm?: string;
  adomain?: string[];
  cid?: string;
  crid?: string;
  w?: number;
  h?: number;
  [extra: string]: unknown;
}

/** OpenRTB 2.6 §4.2.2 */
export interface SeatBid {
  bid: Bid[];
  seat?: string;
  [extra: string]: unknown;
}

/** OpenRTB 2.6 §4.2.1; a no-bid carries `nbr` and no seatbid. */
export interface BidResponse {
  id: string;
  seatbid?: SeatBid[];
  bidid?: string;
  cur?: string;
  nbr?: number;
  [extra: string]: unknown;
}

/**
 * No-Bid Reason Codes used by Helios. OpenRTB 2.6 BidResponse.nbr refers to the OpenRTB 3.0 list
 * (fixtures/openrtb/no-bid-reason-codes.json), where 9 is "Daily User Cap Met" and
 * Insufficient Auction Time is 15.
 */
export const NO_BID_REASON = {
  unknownError: 0,
  technicalError: 1,
  invalidRequest: 2,
  insufficientAuctionTime: 15,
} as const;
