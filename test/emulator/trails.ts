// CloudTrail's trail reads (awsJson1_1, like LookupEvents): DescribeTrails, GetTrailStatus and GetEventSelectors over
// trails seeded per region, so a test can show a trail that stopped logging or records no management events.
import { AwsError } from './errors';
import type { SeedTrail, WireItem } from './types';

export const TRAIL_ACTIONS = new Set(['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors']);

export class TrailService {
  private readonly byRegion = new Map<string, SeedTrail[]>();

  seed(region: string, trails: SeedTrail[]): void {
    this.byRegion.set(region, [...(this.byRegion.get(region) ?? []), ...structuredClone(trails)]);
  }

  handle(action: string, input: Record<string, unknown>, region: string): WireItem {
    const trails = this.byRegion.get(region) ?? [];
    if (action === 'DescribeTrails') {
      const names = Array.isArray(input.trailNameList) ? input.trailNameList.map(String) : [];
      const chosen = names.length ? trails.filter(t => names.includes(t.Name) || names.includes(t.TrailARN)) : trails;
      return { trailList: chosen.map(({ status: _s, EventSelectors: _e, AdvancedEventSelectors: _a, ...t }) => t) };
    }
    const trail = this.find(trails, action === 'GetTrailStatus' ? input.Name : input.TrailName, region);
    if (action === 'GetTrailStatus') return trail.status ?? { IsLogging: false };
    return {
      TrailARN: trail.TrailARN,
      EventSelectors: trail.EventSelectors,
      AdvancedEventSelectors: trail.AdvancedEventSelectors,
    };
  }

  private find(trails: SeedTrail[], name: unknown, region: string): SeedTrail {
    const trail = trails.find(t => t.Name === name || t.TrailARN === name);
    if (!trail) {
      throw new AwsError('TrailNotFoundException', `Unknown trail: ${String(name)} for the user in ${region}.`);
    }
    return trail;
  }
}
