/**
 * Whatever ingest accepts, every later stage accepts (issue 8, STYLE §9). A generated request goes through
 * the code each stage runs, in order, each event serialised and read back as it would cross Kafka:
 * ingest's decoder → createBidRequestEvent (with its deadline) → the bidder's reader and decision →
 * createBidResponseEvent (submitted or not) and, for the synchronous path, createBidReplyEvent → ingest's
 * reply reader and the BidResponse the exchange gets → the auction's reader and auction →
 * createAuctionOutcomeEvent → the outcome reader and analytics' row.
 * None may reject what the one before it produced. The converse: requests a later stage could not read
 * are refused by ingest with a 400 naming the field, and the reader names the same field.
 */
import { CloudEvent, HTTP } from 'cloudevents';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HeliosError,
  createAuctionOutcomeEvent,
  createBidReplyEvent,
  createBidRequestEvent,
  createBidResponseEvent,
  readBidReplyEvent,
  readBidRequestEvent,
  readBidResponseEvent,
  type BidRequest,
} from '@helios/core';
import type { Profile } from '@helios/core/profile';
import { outcomeRow } from '../../functions/analytics/src/outcome-row.ts';
import { runAuction } from '../../functions/auction/src/auction.ts';
import { buildBidResponse } from '../../functions/bidder/src/bid-response.ts';
import { chooseBids } from '../../functions/bidder/src/bidding.ts';
import type { Campaign } from '../../functions/bidder/src/campaign.ts';
import { decodeBidRequest } from '../../functions/ingest/src/decode-bid-request.ts';
import { bidResponseProblems } from '../helpers/validate-bid-response.ts';
import { heliosRequest, openRtbRequest } from './bid-request-arbitraries.ts';

const DEFAULTS = { floorCpm: 0.1, tmaxMs: 500 };
const TRACE = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' };
const RUNS = 500;

/** Campaigns from cheap to near the storable maximum, so most imps draw a bid whatever their floor. */
const CAMPAIGNS: Campaign[] = [
  { id: 'everyone', advertiserId: 'adv-a', categories: [], maxBid: 2, dailyBudget: 1e9, adomain: [], creatives: [] },
  {
    id: 'sports',
    advertiserId: 'adv-b',
    categories: ['IAB17'],
    maxBid: 50,
    dailyBudget: 1e9,
    adomain: ['sports.example'],
    creatives: [
      { crid: 'sports-mrec', mtype: 1, w: 300, h: 250, adm: '<div>ad</div>' },
      { crid: 'sports-video', mtype: 2, w: 640, h: 480, nurl: 'https://ads.example/win?p=${AUCTION_PRICE}' },
    ],
  },
  {
    id: 'whale',
    advertiserId: 'adv-c',
    categories: [],
    maxBid: 99_999_999.9999,
    dailyBudget: 1e12,
    adomain: ['whale.example'],
    creatives: [{ crid: 'whale-native', mtype: 4, adm: '{"native":{}}' }],
  },
];
const profile = fc.option(
  fc.record({
    userId: fc.constant('u'),
    interests: fc.array(
      fc.record({ category: fc.constantFrom('IAB17', 'IAB1'), score: fc.double({ min: 0, max: 1, noNaN: true }) }),
      { maxLength: 3 },
    ),
    demographics: fc.constant({}),
    locale: fc.constant(''),
    updatedAt: fc.constant('2026-11-21T00:00:00.000Z'),
  }),
  { nil: undefined },
) as fc.Arbitrary<Profile | undefined>;

/** The event as its consumer receives it: structured mode over HTTP, JSON text and back. */
function acrossTheWire<T>(event: CloudEvent<T>): CloudEvent<unknown> {
  const message = HTTP.structured(event);
  return HTTP.toEvent({ headers: message.headers, body: JSON.parse(message.body as string) }) as CloudEvent<unknown>;
}

/**
 * One request through every stage; throws whatever a stage throws. `submitted` false plays a decision made
 * after the deadline.
 */
function runPipeline(body: string, userProfile: Profile | undefined, submitted = true): number {
  const decoded = decodeBidRequest(
    { headers: { 'content-type': 'application/json' }, body: new TextEncoder().encode(body) },
    DEFAULTS,
  );
  const receivedAt = new Date('2026-11-21T12:00:00.000Z');
  const deadline = new Date(receivedAt.getTime() + (decoded.request.tmax ?? DEFAULTS.tmaxMs) - 10);
  const requestEvent = createBidRequestEvent({ ...decoded, receivedAt, deadline, trace: TRACE });

  const { request } = readBidRequestEvent(acrossTheWire(requestEvent));
  const bids = chooseBids({ request, profile: userProfile, campaigns: CAMPAIGNS, spentToday: new Map() });
  const built = buildBidResponse({ request, bids });
  const responseEvent = createBidResponseEvent({
    request,
    response: built.response,
    enriched: userProfile !== undefined,
    campaigns: built.campaigns,
    respondedAt: new Date(receivedAt.getTime() + 20),
    submitted,
    trace: TRACE,
  });
  const { response, submitted: replied } = responseEvent.data!;
  const reply = readBidReplyEvent(
    acrossTheWire(createBidReplyEvent({ response, submitted, correlationId: 'c', trace: TRACE })),
  );
  expect(reply.submitted).toBe(replied);
  expect(bidResponseProblems(reply.response, request)).toEqual([]);

  const auctioned = readBidResponseEvent(acrossTheWire(responseEvent));
  const outcomes = runAuction({
    event: auctioned,
    competitors: 3,
    incrementCpm: 0.01,
    referenceCpm: 1,
    decidedAt: new Date(receivedAt.getTime() + 30),
  });
  expect(outcomes.map((outcome) => outcome.impId)).toEqual(request.imp.map((imp) => imp.id));
  if (!submitted)
    expect(outcomes.every((outcome) => outcome.status === 'loss' && outcome.submitted === false)).toBe(true);
  for (const outcome of outcomes) {
    const row = outcomeRow(acrossTheWire(createAuctionOutcomeEvent(outcome, TRACE)));
    expect(row).toMatchObject({
      requestId: request.id,
      impId: outcome.impId,
      winStatus: outcome.status === 'win',
      submitted,
    });
  }
  return outcomes.length;
}

describe('a request ingest accepts is accepted by every later stage', () => {
  it('holds for OpenRTB 2.6 requests: banner, video, native and audio imps on site, app, DOOH or no channel', () => {
    fc.assert(
      fc.property(openRtbRequest, profile, fc.boolean(), (request, userProfile, submitted) => {
        expect(runPipeline(JSON.stringify(request), userProfile, submitted)).toBe(request.imp.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('holds for Helios JSON requests', () => {
    fc.assert(
      fc.property(heliosRequest, profile, (request, userProfile) => {
        expect(runPipeline(JSON.stringify(request), userProfile)).toBe(request.ad_slots?.length ?? 1);
      }),
      { numRuns: RUNS },
    );
  });

  /** The fields a later stage reads, each set to an arbitrary JSON value. */
  const READ_FIELDS: [string, (request: BidRequest, value: unknown) => void][] = [
    ['id', (request, value) => (request.id = value as string)],
    ['imp[0].id', (request, value) => (request.imp[0]!.id = value as string)],
    ['imp[0].bidfloor', (request, value) => (request.imp[0]!.bidfloor = value as number)],
    ['imp[0].bidfloorcur', (request, value) => (request.imp[0]!.bidfloorcur = value as string)],
    ['tmax', (request, value) => (request.tmax = value as number)],
    ['at', (request, value) => (request.at = value as number)],
    ['user', (request, value) => (request.user = value as never)],
    ['user.id', (request, value) => (request.user = { id: value as string })],
    ['site.domain', (request, value) => (request.site = { domain: value as string })],
    ['app.domain', (request, value) => ((request.app = { domain: value as string }), delete request.site)],
  ];
  const anyValue = fc.oneof(
    fc.jsonValue({ maxDepth: 1 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom(-1, 0, 3, 499, 500, 1e8, 1e300, -0, 0.5, '', ' ', 'USD', 'usd', null, true, [], {}),
  );

  it('holds when any field a later stage reads holds any JSON value: ingest refuses it, or every stage takes it', () => {
    fc.assert(
      fc.property(openRtbRequest, fc.constantFrom(...READ_FIELDS), anyValue, (request, [, set], value) => {
        const mutated = structuredClone(request) as BidRequest;
        set(mutated, value);
        const body = JSON.stringify(mutated);
        if (body === undefined) return;
        let accepted = true;
        try {
          decodeBidRequest(
            { headers: { 'content-type': 'application/json' }, body: new TextEncoder().encode(body) },
            DEFAULTS,
          );
        } catch (error) {
          expect(error).toBeInstanceOf(HeliosError);
          expect((error as HeliosError).status).toBe(400);
          accepted = false;
        }
        if (accepted) runPipeline(body, undefined);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('a request a later stage could not read is refused by ingest with a 400 naming the field', () => {
  const base = (): BidRequest => ({ id: 'r1', imp: [{ id: '1', banner: { w: 300, h: 250 }, bidfloor: 0.5 }] });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table breaks the types on purpose
  const change = (edit: (request: any) => void): unknown => {
    const request = base();
    edit(request);
    return request;
  };
  const INVALID: [string, unknown, string][] = [
    ['"at": 3', change((r) => (r.at = 3)), 'request.at'],
    ['"at": 1.5', change((r) => (r.at = 1.5)), 'request.at'],
    ['"at": "1"', change((r) => (r.at = '1')), 'request.at'],
    ['"user": {"id": 42}', change((r) => (r.user = { id: 42 })), 'request.user.id'],
    ['"user": "u1"', change((r) => (r.user = 'u1')), 'request.user'],
    ['a user id holding NUL', change((r) => (r.user = { id: 'u\u0000' })), 'request.user.id'],
    ['a request id holding NUL', change((r) => (r.id = 'r\u0000')), 'request.id'],
    ['a request id holding a lone surrogate', change((r) => (r.id = 'r\ud83d')), 'request.id'],
    ['a request id of 257 characters', change((r) => (r.id = 'r'.repeat(257))), 'request.id'],
    ['a request id of spaces', change((r) => (r.id = '   ')), 'request.id'],
    ['a numeric request id', change((r) => (r.id = 1)), 'request.id'],
    ['an imp id holding a line feed', change((r) => (r.imp[0]!.id = 'a\nb')), 'request.imp[0].id'],
    ['duplicate imp ids', change((r) => r.imp.push({ id: '1', banner: { w: 1, h: 1 } })), 'request.imp[1].id'],
    ['a floor of 10^8', change((r) => (r.imp[0]!.bidfloor = 1e8)), 'request.imp[0].bidfloor'],
    ['a text floor', change((r) => (r.imp[0]!.bidfloor = '0.5')), 'request.imp[0].bidfloor'],
    ['a lower-case currency', change((r) => (r.imp[0]!.bidfloorcur = 'usd')), 'request.imp[0].bidfloorcur'],
    ['a negative tmax', change((r) => (r.tmax = -1)), 'request.tmax'],
    ['a tmax of an hour', change((r) => (r.tmax = 3_600_000)), 'request.tmax'],
    ['a numeric site domain', change((r) => (r.site = { domain: 7 })), 'request.site.domain'],
    ['an app domain holding a C1 control', change((r) => (r.app = { domain: 'a\u0085' })), 'request.app.domain'],
  ];

  it.each(INVALID)('%s', (_name, request, field) => {
    const body = new TextEncoder().encode(JSON.stringify(request));
    let refusal: unknown;
    try {
      decodeBidRequest({ headers: { 'content-type': 'application/json' }, body }, DEFAULTS);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ status: 400, field });
    expect((refusal as Error).message.startsWith(`${field} must`)).toBe(true);
    // The bidder's reader names the same field in the event.
    const event = new CloudEvent<unknown>(
      {
        id: 'e',
        source: '/helios/ingest',
        type: 'dev.helios.bid.request',
        data: { request, format: 'openrtb', receivedAt: '2026-11-21T12:00:00.000Z' },
      },
      false,
    );
    expect(() => readBidRequestEvent(event)).toThrow(`data.${field} must`);
  });

  it.each([
    ['a Helios request_id holding NUL', { request_id: 'r\u0000' }, 'request.request_id'],
    ['a Helios user_id holding a lone surrogate', { request_id: 'r', user_id: '\udfff' }, 'request.user_id'],
    [
      'a Helios min_bid of 10^9',
      { request_id: 'r', ad_slots: [{ id: 's', min_bid: 1e9 }] },
      'request.ad_slots[0].min_bid',
    ],
    ['a numeric Helios site domain', { request_id: 'r', site: { domain: 1 } }, 'request.site.domain'],
  ])('%s', (_name, request, field) => {
    const body = new TextEncoder().encode(JSON.stringify(request));
    expect(() => decodeBidRequest({ headers: { 'content-type': 'application/json' }, body }, DEFAULTS)).toThrow(
      expect.objectContaining({ status: 400, field }),
    );
  });
});
