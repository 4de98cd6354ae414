import type { Creative, Imp } from '@helios/core';

/**
 * The first of `creatives` that fits `imp`: its media type is one the imp offers (banner 1, video 2, audio 3,
 * native 4; OpenRTB 2.6 §3.2.4) and, for a banner, its size is the imp's w×h or one of its `format`s (a banner
 * that names no size takes any). Undefined when none fits.
 */
export function chooseCreative(imp: Imp, creatives: readonly Creative[]): Creative | undefined {
  return creatives.find((creative) => {
    if (creative.mtype === 1) return imp.banner !== undefined && fitsBanner(imp.banner, creative);
    if (creative.mtype === 2) return imp.video !== undefined;
    if (creative.mtype === 3) return imp.audio !== undefined;
    return imp.native !== undefined;
  });
}

function fitsBanner(banner: NonNullable<Imp['banner']>, creative: Creative): boolean {
  const sizes = [...(banner.w && banner.h ? [{ w: banner.w, h: banner.h }] : []), ...(banner.format ?? [])];
  return sizes.length === 0 || sizes.some((size) => size.w === creative.w && size.h === creative.h);
}

/** The media type of an imp that offers exactly one (§3.2.4), for a bid without a creative; else undefined. */
export function mediaTypeOf(imp: Imp): 1 | 2 | 3 | 4 | undefined {
  const offered = ([[imp.banner, 1], [imp.video, 2], [imp.audio, 3], [imp.native, 4]] as const).filter(([media]) => media);
  return offered.length === 1 ? offered[0]![1] : undefined;
}
