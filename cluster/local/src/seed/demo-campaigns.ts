import type { Creative } from '@helios/core';
import type { InterestCategory } from './demo-profiles.ts';

export interface DemoAdvertiser {
  readonly id: string;
  readonly name: string;
}

export interface DemoCampaign {
  readonly id: string;
  readonly advertiserId: string;
  readonly name: string;
  /** Targeted interest categories; empty targets everyone. */
  readonly categories: readonly InterestCategory[];
  /** CPM ceiling. */
  readonly maxBid: number;
  readonly dailyBudget: number;
  /** Bid.adomain */
  readonly adomain: readonly string[];
  readonly creatives: readonly Creative[];
}

const NOTICES = 'https://ads.helios.example/notice';

/**
 * The demo creatives of one advertiser: banners in the common IAB sizes with inline markup, a video served
 * by its win notice (the VAST document comes back from `nurl`), and a native ad; every one with billing and
 * loss notices carrying the OpenRTB 2.6 §4.4 macros the exchange substitutes.
 */
function creatives(advertiser: string, landing: string): readonly Creative[] {
  const notices = (crid: string) => ({
    burl: `${NOTICES}/bill?crid=${crid}&price=\${AUCTION_PRICE}&imp=\${AUCTION_IMP_ID}`,
    lurl: `${NOTICES}/loss?crid=${crid}&reason=\${AUCTION_LOSS}&imp=\${AUCTION_IMP_ID}`,
  });
  const banner = (w: number, h: number): Creative => {
    const crid = `${advertiser}-banner-${w}x${h}`;
    const adm = `<a href="${landing}"><img src="https://cdn.helios.example/${crid}.png" width="${w}" height="${h}" alt=""></a>`;
    return { crid, mtype: 1, w, h, adm, ...notices(crid) };
  };
  const video = `${advertiser}-video-640x480`;
  const native = `${advertiser}-native`;
  return [
    banner(300, 250),
    banner(728, 90),
    banner(320, 50),
    banner(1080, 1920),
    { crid: video, mtype: 2, w: 640, h: 480, nurl: `${NOTICES}/win?crid=${video}&price=\${AUCTION_PRICE}`, ...notices(video) },
    {
      crid: native,
      mtype: 4,
      adm: JSON.stringify({ native: { ver: '1.2', link: { url: landing }, assets: [{ id: 1, title: { text: 'Helios demo' } }] } }),
      ...notices(native),
    },
  ];
}

/** The demo advertisers. */
export const DEMO_ADVERTISERS: readonly DemoAdvertiser[] = Object.freeze([
  { id: 'adv-acme', name: 'Acme Sporting Goods' },
  { id: 'adv-globex', name: 'Globex Travel' },
  { id: 'adv-initech', name: 'Initech Software' },
  { id: 'adv-umbrella', name: 'Umbrella Health' },
]);

/** The demo campaigns: five targeted by interest, one untargeted that bids low on everyone. */
export const DEMO_CAMPAIGNS: readonly DemoCampaign[] = Object.freeze([
  {
    id: 'cmp-acme-spring-run',
    advertiserId: 'adv-acme',
    name: 'Spring running shoes',
    categories: ['sports', 'health'],
    maxBid: 4.5,
    dailyBudget: 500,
    adomain: ['acme.example'],
    creatives: creatives('adv-acme', 'https://acme.example/'),
  },
  {
    id: 'cmp-globex-summer',
    advertiserId: 'adv-globex',
    name: 'Summer getaways',
    categories: ['travel', 'food'],
    maxBid: 3.8,
    dailyBudget: 400,
    adomain: ['globex.example'],
    creatives: creatives('adv-globex', 'https://globex.example/'),
  },
  {
    id: 'cmp-initech-launch',
    advertiserId: 'adv-initech',
    name: 'TPS 2.0 launch',
    categories: ['technology', 'gaming'],
    maxBid: 5.2,
    dailyBudget: 800,
    adomain: ['initech.example'],
    creatives: creatives('adv-initech', 'https://initech.example/'),
  },
  {
    id: 'cmp-initech-finance',
    advertiserId: 'adv-initech',
    name: 'Finance suite',
    categories: ['finance', 'news'],
    maxBid: 3,
    dailyBudget: 300,
    adomain: ['initech.example'],
    creatives: creatives('adv-initech', 'https://initech.example/'),
  },
  {
    id: 'cmp-umbrella-wellness',
    advertiserId: 'adv-umbrella',
    name: 'Wellness check',
    categories: ['health', 'food', 'home'],
    maxBid: 2.9,
    dailyBudget: 250,
    adomain: ['umbrella.example'],
    creatives: creatives('adv-umbrella', 'https://umbrella.example/'),
  },
  {
    id: 'cmp-umbrella-everyone',
    advertiserId: 'adv-umbrella',
    name: 'Brand awareness (untargeted)',
    categories: [],
    maxBid: 1.5,
    dailyBudget: 1000,
    adomain: ['umbrella.example'],
    creatives: creatives('adv-umbrella', 'https://umbrella.example/'),
  },
]);
