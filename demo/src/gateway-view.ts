import type { SamplePortfolio } from '@fai/sample-data';
import { DemoRequestRefusedError } from './demo-errors';
import { until } from './event-feed';

const READ_MS = 60_000;

interface CycleDetail {
  cycleId: string;
  period: string;
  state: string;
  assignments: { operator: string | null; submitters: string[]; approvers: string[] };
  inventorySummary: { expected: number; received: number; missing: number } | null;
  outputs: Array<{ fundId: string; state: string }>;
}

/**
 * What a read-only user sees of the cycles through the gateway's API once its read models have
 * caught up: a development token scoped to the sample's tenant and portfolio, then each cycle's
 * detail (runs, inventory, who submitted and approved, each fund's outputs).
 */
export async function readCyclesThroughGateway(
  gatewayUrl: string,
  sample: SamplePortfolio,
  cycleIds: string[],
): Promise<CycleDetail[]> {
  const { portfolioId, tenantId } = sample.manifest.portfolio;
  const tokenResponse = await fetch(`${gatewayUrl}/api/v1/dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      subject: 'demo-auditor',
      roles: ['read-only'],
      tenantId,
      portfolios: [portfolioId],
      expiresInS: 3600,
    }),
  });
  if (!tokenResponse.ok)
    throw new DemoRequestRefusedError(
      'a development token',
      tokenResponse.status,
      await tokenResponse.text(),
    );
  const { token } = (await tokenResponse.json()) as { token: string };
  const details: CycleDetail[] = [];
  for (const cycleId of cycleIds)
    details.push(
      await until(`the gateway to show ${cycleId} published`, READ_MS, async () => {
        const response = await fetch(`${gatewayUrl}/api/v1/cycles/${encodeURIComponent(cycleId)}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (response.status === 404) return undefined;
        if (!response.ok)
          throw new DemoRequestRefusedError(`reading ${cycleId}`, response.status, await response.text());
        const detail = ((await response.json()) as { data: CycleDetail }).data;
        const published =
          detail.outputs.length > 0 && detail.outputs.every((fund) => fund.state === 'published');
        return published ? detail : undefined;
      }),
    );
  return details;
}
