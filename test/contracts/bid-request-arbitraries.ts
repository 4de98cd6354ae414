/**
 * fast-check generators of bid requests that ingest must accept: OpenRTB 2.6 requests with banner, video,
 * native and audio imps on a site, an app, a DOOH screen or no channel, and Helios JSON requests. Ids and
 * text range over Unicode (not only ASCII), floors over the whole storable range.
 */
import fc from 'fast-check';

/** Text every hop carries: any grapheme but control characters (lone surrogates are not graphemes). */
const text = (maxLength: number) =>
  fc.string({ unit: 'grapheme', maxLength }).filter((value) => !/\p{Cc}|\p{Noncharacter_Code_Point}/u.test(value));
/** A request or imp id: text that is not blank. */
const id = text(40).filter((value) => value.trim() !== '');
const currency = fc.constantFrom('USD', 'EUR', 'GBP', 'JPY');
const floor = fc
  .double({ min: 0, max: 99_999_999, noNaN: true, noDefaultInfinity: true })
  .map((value) => Math.abs(value));
const size = fc.integer({ min: 1, max: 4_000 });
const mimes = fc.uniqueArray(
  fc.constantFrom('video/mp4', 'video/webm', 'audio/mp4', 'audio/mpeg', 'application/javascript'),
  {
    minLength: 1,
    maxLength: 3,
  },
);
const durations = fc
  .tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 120 }))
  .map(([a, b]) => ({ minduration: Math.min(a, b), maxduration: Math.max(a, b) }));

const banner = fc.oneof(
  fc.record({ w: size, h: size }),
  fc.record({ format: fc.array(fc.record({ w: size, h: size }), { minLength: 1, maxLength: 3 }) }),
);
const video = fc
  .tuple(mimes, durations, fc.record({ w: size, h: size }))
  .map(([m, d, s]) => ({ mimes: m, ...d, ...s }));
const audio = fc.tuple(mimes, durations).map(([m, d]) => ({ mimes: m, ...d }));
const nativeAsset = fc.oneof(
  fc.record({ id: fc.nat(9), title: fc.record({ len: fc.integer({ min: 1, max: 140 }) }) }),
  fc.record({ id: fc.nat(9), img: fc.record({ type: fc.constantFrom(1, 3), w: size, h: size }) }),
  fc.record({ id: fc.nat(9), data: fc.record({ type: fc.integer({ min: 1, max: 12 }) }) }),
);
const native = fc
  .tuple(fc.array(nativeAsset, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([assets, wrapped]) => ({ ver: '1.2', request: JSON.stringify(wrapped ? { native: { assets } } : { assets }) }));

const media = fc
  .record({ banner, video, audio, native }, { requiredKeys: [] })
  .filter((value) => Object.keys(value).length > 0);

const pmp = fc.record({
  private_auction: fc.constantFrom(0, 1),
  deals: fc.array(
    fc.record({ id, bidfloor: floor, bidfloorcur: currency, at: fc.constantFrom(1, 2, 3) }, { requiredKeys: ['id'] }),
    {
      maxLength: 3,
    },
  ),
});

const imp = (impId: string) =>
  fc
    .record({ kinds: media, bidfloor: floor, bidfloorcur: currency, tagid: text(20), pmp }, { requiredKeys: ['kinds'] })
    .map(({ kinds, ...rest }) => ({ id: impId, ...kinds, ...rest }));

const channel = fc.oneof(
  fc.constant({}),
  fc.record({ site: fc.record({ domain: text(60), page: fc.webUrl() }, { requiredKeys: [] }) }),
  fc.record({ app: fc.record({ bundle: text(30), domain: fc.domain() }, { requiredKeys: ['bundle'] }) }),
  fc.record({ dooh: fc.record({ id: text(20), venuetype: fc.array(text(10), { maxLength: 2 }) }) }),
);

/** An OpenRTB 2.6 BidRequest (§3.2.1) that a DSP must accept. */
export const openRtbRequest = fc
  .tuple(
    id,
    fc.uniqueArray(id, { minLength: 1, maxLength: 4 }).chain((ids) => fc.tuple(...ids.map(imp))),
    channel,
    fc.record(
      {
        at: fc.oneof(fc.constant(1), fc.constant(2), fc.integer({ min: 500, max: 10_000 })),
        tmax: fc.integer({ min: 0, max: 60_000 }),
        test: fc.constantFrom(0, 1),
        cur: fc.uniqueArray(currency, { minLength: 1, maxLength: 2 }),
        bcat: fc.array(fc.constantFrom('IAB25', 'IAB26', 'IAB7-39'), { maxLength: 3 }),
        user: fc.record(
          { id: text(64), buyeruid: text(20), yob: fc.integer({ min: 1900, max: 2025 }) },
          { requiredKeys: [] },
        ),
        device: fc.record(
          { ua: text(80), ip: fc.ipV4(), devicetype: fc.integer({ min: 1, max: 7 }) },
          { requiredKeys: [] },
        ),
        ext: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([requestId, imps, where, rest]) => ({ id: requestId, imp: imps, ...where, ...rest }));

/** A Helios JSON request, as the seed's clients send it. */
export const heliosRequest = fc
  .tuple(
    id,
    fc.record(
      {
        user_id: fc.oneof(
          fc.constant(null),
          text(40).filter((value) => value.trim() !== ''),
        ),
        site: fc.record({ domain: text(60), page: text(60) }, { requiredKeys: [] }),
        device: fc.record({ user_agent: text(80), ip: fc.oneof(fc.ipV4(), fc.ipV6()) }, { requiredKeys: [] }),
        ad_slots: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }).chain((ids) =>
          fc.tuple(
            ...ids.map((slotId) =>
              fc.record(
                {
                  id: fc.constant(slotId),
                  min_bid: floor,
                  format: fc.array(
                    fc.tuple(size, size).map(([w, h]) => `${w}x${h}`),
                    { minLength: 1, maxLength: 3 },
                  ),
                },
                { requiredKeys: ['id'] },
              ),
            ),
          ),
        ),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([requestId, rest]) => ({ request_id: requestId, ...rest }));
