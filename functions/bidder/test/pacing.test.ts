import { describe, expect, it } from 'vitest';
import { hasBudget, impressionCost, spendDay } from '../src/pacing.ts';
import { campaign } from './fixtures.ts';

describe('pacing', () => {
  it('lets a campaign bid only while today spend is under its daily budget', () => {
    const limited = campaign({ id: 'c', dailyBudget: 10 });
    expect(hasBudget({ campaign: limited, spentToday: 0 })).toBe(true);
    expect(hasBudget({ campaign: limited, spentToday: 9.999 })).toBe(true);
    expect(hasBudget({ campaign: limited, spentToday: 10 })).toBe(false);
    expect(hasBudget({ campaign: limited, spentToday: 12 })).toBe(false);
  });

  it('counts spend per UTC day', () => {
    expect(spendDay(new Date('2026-11-21T23:59:59.999Z'))).toBe('2026-11-21');
    expect(spendDay(new Date('2026-11-22T00:30:00+01:00'))).toBe('2026-11-21');
  });

  it('costs one impression at a thousandth of its CPM', () => {
    expect(impressionCost(2.5)).toBe(0.0025);
  });
});
