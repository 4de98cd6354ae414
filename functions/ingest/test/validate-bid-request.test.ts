import { describe, expect, it } from 'vitest';
import { validateBidRequest } from '../src/validate-bid-request.ts';
import { validateBanner } from '../src/validate-banner.ts';
import { validateNative } from '../src/validate-native.ts';
import { validateVideo } from '../src/validate-video.ts';
import { reference } from './fixtures/invalid-requests.ts';

const request = (overrides: Record<string, unknown>) => ({
  id: 'r',
  imp: [{ id: '1', banner: { w: 300, h: 250 } }],
  ...overrides,
});

describe('validateBidRequest', () => {
  it('accepts a DOOH request (OpenRTB 2.6 implementation guide 7.9.6.1), which has neither site nor app', () => {
    expect(validateBidRequest(reference('openrtb/bidrequest-impl7_9_6_1-dooh-banner.json'))).toEqual([]);
  });

  it('refuses dooh beside site, since a request has one distribution channel', () => {
    expect(validateBidRequest(request({ site: {}, dooh: {} }))).toEqual([
      { field: 'request', rule: 'must contain at most one of site, app, dooh (got site, dooh)' },
    ]);
  });

  it('checks every imp against every media object it carries', () => {
    const problems = validateBidRequest(
      request({
        imp: [
          { id: '1', banner: { w: 300, h: 250 }, video: {} },
          { id: '2', audio: 'mp3' },
        ],
      }),
    );
    expect(problems.map(({ field }) => field)).toEqual(['request.imp[0].video.mimes', 'request.imp[1].audio']);
  });

  it('accepts a request that is nothing but id and one imp', () => {
    expect(validateBidRequest(request({}))).toEqual([]);
  });
});

describe('validateBanner', () => {
  it('accepts flexible sizes (wratio, hratio, wmin) in format', () => {
    expect(validateBanner({ format: [{ wratio: 16, hratio: 9, wmin: 320 }] }, 'b')).toEqual([]);
  });

  it('names the width, not the banner, when only the width is wrong', () => {
    expect(validateBanner({ w: -300, h: 250 }, 'request.imp[0].banner')).toEqual([
      { field: 'request.imp[0].banner.w', rule: 'must be a positive number' },
    ]);
  });
});

describe('validateVideo', () => {
  it('accepts the spec example video object', () => {
    const example = reference<{ imp: { video: unknown }[] }>('openrtb/bidrequest-ex4-video.json');
    expect(validateVideo(example.imp[0]!.video, 'v')).toEqual([]);
  });
});

describe('validateNative', () => {
  it('accepts a Native 1.2 request given unwrapped and as an object', () => {
    expect(validateNative({ request: { ver: '1.2', assets: [{ id: 1, title: { len: 90 } }] } }, 'n')).toEqual([]);
  });

  it('refuses an asset that is two kinds at once', () => {
    const native = { request: JSON.stringify({ assets: [{ id: 1, title: { len: 90 }, img: { type: 3 } }] }) };
    expect(validateNative(native, 'n')).toEqual([
      { field: 'n.request.assets[0]', rule: 'must have exactly one of title, img, video, data' },
    ]);
  });
});
