import { z } from 'zod';
import { PlatformNames } from '../naming';
import { AIRFLOW_PLATFORM } from '../sizing/assumptions';

/** The images the airflow stack runs, each from its ECR repository in the storage stack. */
export const AIRFLOW_IMAGES = ['airflow', 'dbt'] as const;
export type AirflowImage = (typeof AIRFLOW_IMAGES)[number];

/** `<repository>@sha256:<64 hex>`: an image named by its content, which nobody can re-point. */
const IMAGE_BY_DIGEST = /^([a-z0-9][a-z0-9._/-]*)@(sha256:[0-9a-f]{64})$/;

/** An image reference as config writes it: the repository name (no registry host) and the digest. */
export interface ImageByDigest {
  readonly repository: string;
  readonly digest: string;
}

/**
 * One image by digest, as the images workflow records it without its registry host, e.g.
 * `dp-prod/dbt@sha256:…`. A tag is refused (it can be moved to another image, which is how the
 * proposal's `:latest` went stale); so is a registry host (it holds the account id, which the
 * stack takes from the storage stack's repository instead).
 */
const imageByDigestField = z.string().transform((value, ctx): ImageByDigest => {
  // As in Docker references, a first path part with a dot or a colon is a registry host.
  const registry = value.includes('/') && /[.:]/.test(value.split('/')[0]);
  const match = registry ? null : IMAGE_BY_DIGEST.exec(value);
  if (match) return { repository: match[1], digest: match[2] };
  const fix =
    'write "<repository>@sha256:<64 hex>" with the digest the images workflow recorded (its job summary, or the image-digest-<image> artifact), without the registry host';
  const problem = registry
    ? 'names the registry host, which holds the account id; the stack takes the registry from the storage stack'
    : /:[^/@]+$/.test(value) && !value.includes('@')
      ? 'names a tag; a tag can be moved to another image, so images are taken by digest only'
      : 'is not an image by digest';
  ctx.addIssue({ code: 'custom', message: `"${value}" ${problem}; ${fix}` });
  return z.NEVER;
});

/** `major.minor.patch`, nothing else: a range or a moving name would let a deploy pick up an untested release. */
const exactVersionField = (what: string, example: string) =>
  z.string().regex(/^\d+\.\d+\.\d+$/, { message: `must be an exact ${what} version such as "${example}" (no range, no leading "v")` });

/** Requests of one always-on Airflow component; memory is also its limit. */
const componentResourcesSchema = z.strictObject({
  cpu: z.number().positive({ message: 'must be a positive number of vCPUs' }),
  memoryGib: z.number().positive({ message: 'must be a positive number of GiB' }),
});

export type ComponentResources = z.output<typeof componentResourcesSchema>;

/**
 * The `airflow` stack: the official chart and the Airflow version it deploys, the images by
 * digest, how often DAG files are fetched, the first admin, and each component's requests. Task
 * pods and parallelism come from the capacity plan (`sizing`), not from here.
 */
export const airflowSchema = z
  .strictObject({
    /** apache-airflow/airflow (https://airflow.apache.org); its values are checked against this version's JSON schema. */
    chartVersion: exactVersionField('chart', '1.21.0').default('1.21.0'),
    /**
     * Airflow in the image (dags/Dockerfile builds it); the chart's `airflowVersion` and
     * `defaultAirflowTag`. 3.1 or later: the DAG's deadline alerts need it.
     */
    airflowVersion: exactVersionField('Airflow', '3.2.2')
      .refine((version) => compareVersions(version, '3.1.0') >= 0, { message: 'must be 3.1.0 or later: the platform DAG uses deadline alerts (Airflow 3.1+)' })
      .default('3.2.2'),
    images: z
      .strictObject({
        /** The Airflow image (dags/Dockerfile), e.g. "dp-prod/airflow@sha256:…". @default the newest image in the repository, resolved to its digest at plan */
        airflow: imageByDigestField.optional(),
        /** The dbt image (dbt/Dockerfile), e.g. "dp-prod/dbt@sha256:…". @default the newest image in the repository, resolved to its digest at plan */
        dbt: imageByDigestField.optional(),
      })
      .prefault({}),
    /** Seconds between two looks at the DAG bucket for changed files. */
    dagRefreshSeconds: z.number().int().min(10, { message: 'must be at least 10 seconds: every look lists the DAG folder' }).max(3600).default(60),
    /** The first UI user (FAB auth manager); its password is generated into Secrets Manager (`airflow/admin-password`). */
    admin: z
      .strictObject({
        username: z
          .string()
          .regex(/^[a-z][a-z0-9_.-]{1,63}$/, { message: 'must be 2-64 lower-case letters, digits, _ . -, starting with a letter' })
          .default('admin'),
        email: z.email({ message: 'must be an e-mail address' }).default('admin@example.com'),
      })
      .prefault({}),
    /**
     * Requests of the always-on components. Together they are the capacity model's Airflow
     * services figure (config/sizing/assumptions.ts), which sizes the orchestration nodes.
     */
    resources: z
      .strictObject({
        scheduler: componentResourcesSchema.default({ cpu: 1, memoryGib: 2 }),
        apiServer: componentResourcesSchema.default({ cpu: 0.5, memoryGib: 1 }),
        triggerer: componentResourcesSchema.default({ cpu: 0.5, memoryGib: 1 }),
        dagProcessor: componentResourcesSchema.default({ cpu: 1, memoryGib: 2 }),
      })
      .prefault({})
      .superRefine((resources, ctx) => {
        const total = Object.values(resources).reduce((sum, each) => ({ cpu: sum.cpu + each.cpu, memoryGib: sum.memoryGib + each.memoryGib }), { cpu: 0, memoryGib: 0 });
        if (total.cpu > AIRFLOW_PLATFORM.cpu || total.memoryGib > AIRFLOW_PLATFORM.memoryGib) {
          ctx.addIssue({
            code: 'custom',
            message: `add up to ${total.cpu} vCPU / ${total.memoryGib} GiB, more than the ${AIRFLOW_PLATFORM.cpu} vCPU / ${AIRFLOW_PLATFORM.memoryGib} GiB the capacity model sizes the orchestration nodes for; raise AIRFLOW_PLATFORM in config/sizing/assumptions.ts with them`,
          });
        }
      }),
  })
  .prefault({});

export type AirflowConfig = z.output<typeof airflowSchema>;

/** Each pinned image must come from this environment's repository of that image. */
export function checkAirflowImages(config: { readonly namePrefix: string; readonly environment: string; readonly airflow: AirflowConfig }, ctx: z.RefinementCtx): void {
  const names = new PlatformNames(config);
  for (const image of AIRFLOW_IMAGES) {
    const pinned = config.airflow.images[image];
    const expected = names.repositoryName(image);
    if (pinned && pinned.repository !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['airflow', 'images', image],
        message: `names repository "${pinned.repository}", but this environment's ${image} image lives in "${expected}"; write "${expected}@${pinned.digest}" if that is the image you mean`,
      });
    }
  }
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b` (both `x.y.z`). */
function compareVersions(a: string, b: string): number {
  const [left, right] = [a, b].map((version) => version.split('.').map(Number));
  for (let index = 0; index < 3; index++) {
    if (left[index] !== right[index]) return left[index] - right[index];
  }
  return 0;
}
