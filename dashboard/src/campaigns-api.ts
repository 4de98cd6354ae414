import { campaignJson } from './api-json.ts';
import { respond, type ApiOptions } from './api-response.ts';
import { listCampaigns } from './campaign-queries.ts';

/** `GET /api/campaigns/`: a bare array of every campaign with its advertiser, wins, win rate and spend. */
export function campaignListResponse(request: Request, options: ApiOptions = {}): Promise<Response> {
  return respond(
    request,
    options,
    () => undefined,
    async (database) => (await listCampaigns(database, { now: options.now })).map(campaignJson),
  );
}
