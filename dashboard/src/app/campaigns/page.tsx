import type { Metadata } from 'next';
import { connection } from 'next/server';
import { listCampaigns } from '../../campaign-queries.ts';
import { withDatabase } from '../../database.ts';
import { formatCount, formatCpm, formatMoney, formatPercent } from '../../format.ts';

export const metadata: Metadata = { title: 'Campaigns' };

/** Every campaign with today's spend against its daily budget, its wins and win rate. */
export default async function CampaignsPage() {
  await connection();
  const campaigns = await withDatabase((database) => listCampaigns(database));

  if (campaigns.length === 0) {
    return (
      <>
        <h1>Campaigns</h1>
        <section className="empty-state">
          <h2>No campaigns yet</h2>
          <p>
            The bidder bids only for the active rows of the <code>campaigns</code> table, each under an{' '}
            <code>advertisers</code> row. Add an advertiser and a campaign (its categories, a maximum CPM bid and a
            daily budget) to the database that <code>DATABASE_URL</code> names, then reload this page.
          </p>
        </section>
      </>
    );
  }

  return (
    <>
      <h1>Campaigns</h1>
      <div className="table-scroll">
        <table className="campaigns">
          <caption>Campaigns by name; today is the current UTC day</caption>
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col">Advertiser</th>
              <th scope="col">Status</th>
              <th scope="col" className="number">
                Max bid (CPM)
              </th>
              <th scope="col">Spent today of the daily budget</th>
              <th scope="col" className="number">
                Wins
              </th>
              <th scope="col" className="number">
                Win rate
              </th>
              <th scope="col" className="number">
                Total spend
              </th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((campaign) => (
              <tr key={campaign.id} data-campaign-id={campaign.id}>
                <th scope="row">
                  {campaign.name}
                  <span className="subtle">
                    {' '}
                    <code>{campaign.id}</code>
                  </span>
                </th>
                <td>{campaign.advertiserName}</td>
                <td>
                  <span className={campaign.active ? 'badge badge-win' : 'badge badge-nobid'}>
                    {campaign.active ? 'Active' : 'Paused'}
                  </span>
                </td>
                <td className="number">{formatCpm(campaign.maxBid)}</td>
                <td>
                  <div className="budget">
                    <meter
                      min={0}
                      max={campaign.dailyBudget}
                      low={campaign.dailyBudget * 0.75}
                      high={campaign.dailyBudget * 0.9}
                      optimum={0}
                      value={Math.min(campaign.spendToday, campaign.dailyBudget)}
                      aria-label={`${campaign.name}: spent today`}
                    />
                    <span>
                      {formatMoney(campaign.spendToday)} of {formatMoney(campaign.dailyBudget)} (
                      {formatPercent(campaign.budgetUsedToday)})
                    </span>
                  </div>
                </td>
                <td className="number">{formatCount(campaign.wins)}</td>
                <td className="number">{campaign.outcomes > 0 ? formatPercent(campaign.winRate) : '—'}</td>
                <td className="number">{formatMoney(campaign.spend)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
