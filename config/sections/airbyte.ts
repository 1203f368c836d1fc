import { z } from 'zod';

/** Who can reach the Airbyte server's load balancer. */
export const LOAD_BALANCER_SCHEMES = ['internal', 'internet-facing'] as const;
export type LoadBalancerScheme = (typeof LOAD_BALANCER_SCHEMES)[number];

/**
 * The `airbyte` stack: the pinned V2 chart and how its server is exposed. Concurrency, worker
 * and job pod sizes come from the capacity plan (`sizing`), not from here.
 */
export const airbyteSchema = z
  .strictObject({
    /**
     * Version of `airbyte-v2/airbyte` (https://airbytehq.github.io/charts), the V2 chart: the V1
     * chart (`airbyte/airbyte`) is unsupported from Airbyte 2.1. 2.2.0 ships Airbyte 2.2.0; its
     * default values are `../shared/reference/airbyte-chart-v2-values.yaml`, which the tests hold
     * the stack's values against. Moving up is one-way (the new version migrates the database):
     * refresh that reference file and read the release notes first.
     */
    chartVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, { message: 'must be an exact chart version such as "2.2.0" (no range, no leading "v")' })
      .refine((version) => Number(version.split('.')[0]) >= 2, { message: 'must be a V2 chart (2.x or later); the V1 chart is unsupported from Airbyte 2.1' })
      .default('2.2.0'),
    server: z
      .strictObject({
        /**
         * The server's load balancer: `internal` is reachable from the VPC and networks routed
         * into it (VPN, peering, a CI runner in the VPC); `internet-facing` from `adminCidrs`
         * over the internet, refused in prod. Either way only `adminCidrs` and the VPC get in.
         */
        loadBalancerScheme: z.enum(LOAD_BALANCER_SCHEMES).default('internal'),
      })
      .prefault({}),
    /** Minutes Helm waits for every Airbyte pod to be ready; a first install pulls images and migrates the database. */
    releaseTimeoutMinutes: z.number().int().min(5, { message: 'must be at least 5 minutes' }).max(60, { message: 'must be at most 60 minutes' }).default(20),
  })
  .prefault({});

export type AirbyteConfig = z.output<typeof airbyteSchema>;

/** Prod's Airbyte API stays off the internet: operators and the deploy reach it from inside the VPC. */
export function checkAirbyteProduction(airbyte: AirbyteConfig, ctx: z.RefinementCtx): void {
  if (airbyte.server.loadBalancerScheme !== 'internal') {
    ctx.addIssue({
      code: 'custom',
      path: ['airbyte', 'server', 'loadBalancerScheme'],
      message: '"internet-facing" puts the Airbyte API on the internet; prod requires "internal" (reach it through the VPN or a host in the VPC)',
    });
  }
}
