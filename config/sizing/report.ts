import { LATENCY_MARGIN_SHARE, type PodResources } from './assumptions';
import { SOURCE_FAMILIES, type SourceFamily } from './families';
import { formatHours, formatPercent, formatTb, formatUsd } from './format';
import { syncPod, WORKLOADS } from './node-groups';
import type { SizingPlan, StageTime } from './plan';

const FAMILY_LABELS: Readonly<Record<SourceFamily, string>> = {
  oltpCdc: 'OLTP CDC',
  partnerApis: 'partner APIs',
  structuredFiles: 'structured files',
  documents: 'documents',
};

const ROUTE_LABELS = { copy: 'COPY from the landing bucket (loading warehouse)', airbyte: 'Airbyte connection' } as const;

/** The plan as the tables `npm run sizing` prints; pinned figures carry a `*`. */
export function formatPlan(plan: SizingPlan, environment: string): string {
  const mark = (path: string, text: string | number) => `${text}${plan.pinned.includes(path) ? '*' : ''}`;
  const { inputs, volume, latency, airbyte, warehouses, landingLifecycle: tiers } = plan;
  const sections = [
    `Capacity plan for environment "${environment}"`,
    section('Inputs', [
      ['Daily volume', `${formatTb(inputs.dailyVolumeTb)}/day, sized for ${formatTb(volume.sizedDailyTb)}/day (${formatPercent(inputs.growthHeadroom)} growth headroom)`],
      ['Batches', `every ${formatHours(inputs.batchIntervalHours)}, ${Number(volume.batchesPerDay.toFixed(2))} a day, ${formatTb(volume.batchTb)} each`],
      ['Latency', `target ${formatHours(inputs.latencyTargetHours)}, hard limit ${formatHours(inputs.latencyHardLimitHours)}`],
      ['Source mix', SOURCE_FAMILIES.map((family) => `${FAMILY_LABELS[family]} ${formatPercent(inputs.shares[family])}`).join(', ')],
      ['Compression', `${inputs.compressionRatio}:1`],
    ]),
    section(
      `Per-batch time budget (target ${formatHours(latency.targetHours)} - ${formatPercent(LATENCY_MARGIN_SHARE)} margin ${formatHours(latency.marginHours)} = ${formatHours(latency.usableHours)}; ingest and load run side by side)`,
      [
        ['Stage', 'Runs on', 'Budget', 'Modelled', 'Status'],
        ...latency.stages.map((stage) => [stage.stage, stageResource(plan, stage), formatHours(stage.budgetHours), formatHours(stage.hours), stageStatus(stage)]),
      ],
      [false, false, true, true, false],
    ),
    `  Critical path max(ingest, load) + transform = ${formatHours(latency.criticalPathHours)}: ${verdict(plan)}`,
    section('Routing', [
      ['Source family', 'Route', 'Per batch'],
      ...SOURCE_FAMILIES.map((family) => [FAMILY_LABELS[family], mark(`routing.${family}`, ROUTE_LABELS[plan.routing[family]]), formatTb(volume.familyBatchTb[family])]),
    ], [false, false, true]),
    section('Airbyte', [
      ['Concurrent syncs', mark('airbyte.concurrentSyncs', airbyte.concurrentSyncs)],
      ['Worker replicas', `${mark('airbyte.workerReplicas', airbyte.workerReplicas)} x ${resources(airbyte.worker)}, ${mark('airbyte.maxSyncWorkers', airbyte.maxSyncWorkers)} syncs each`],
      ['Job container', `${resources(airbyte.jobContainer)} requested per container; sync pod ${resources(syncPod(airbyte))}`],
    ]),
    section('EKS node groups', [
      ['Group', 'Instance type', 'Min', 'Desired', 'Max'],
      ...WORKLOADS.map((workload) => {
        const group = plan.nodeGroups[workload];
        const at = (field: string) => `nodeGroups.${workload}.${field}`;
        return [workload, mark(at('instanceType'), group.instanceType), mark(at('minSize'), group.minSize), mark(at('desiredSize'), group.desiredSize), mark(at('maxSize'), group.maxSize)];
      }),
    ], [false, false, true, true, true]),
    section('Snowflake warehouses', [
      ['Warehouse', 'Size', 'Min clusters', 'Max clusters'],
      ...(['loading', 'transforming'] as const).map((name) => {
        const at = (field: string) => `warehouses.${name}.${field}`;
        return [name, mark(at('size'), warehouses[name].size), mark(at('minClusterCount'), warehouses[name].minClusterCount), mark(at('maxClusterCount'), warehouses[name].maxClusterCount)];
      }),
    ], [false, false, true, true]),
    section('Landing bucket lifecycle (days after landing)', [
      ['Standard-IA', tiers.infrequentAccessAfterDays],
      ['Glacier Instant Retrieval', tiers.glacierInstantRetrievalAfterDays],
      ['Deep Archive', tiers.deepArchiveAfterDays],
      ['Old versions expire', tiers.noncurrentVersionExpirationDays],
    ].map(([label, days]) => [String(label), String(days)]), [false, true]),
    section('Monthly cost estimate (USD, on-demand list prices, at the sized volume)', [
      ['Item', 'Basis', 'Monthly'],
      ...plan.cost.lines.map((line) => [line.item, line.basis, formatUsd(line.monthlyUsd)]),
      ['Total', '', formatUsd(plan.cost.totalMonthlyUsd)],
    ], [false, false, true]),
  ];
  if (plan.pinned.length > 0) sections.push('* pinned in sizing.overrides');
  return `${sections.join('\n\n')}\n`;
}

function stageResource(plan: SizingPlan, stage: StageTime): string {
  switch (stage.stage) {
    case 'ingest':
      return `Airbyte, ${plan.airbyte.concurrentSyncs} concurrent syncs`;
    case 'load':
      return `loading warehouse ${plan.warehouses.loading.size} x ${plan.warehouses.loading.maxClusterCount}`;
    case 'transform':
      return `transforming warehouse ${plan.warehouses.transforming.size}`;
  }
}

function stageStatus(stage: StageTime): string {
  return stage.overByHours > 0 ? `OVER by ${formatHours(stage.overByHours)}` : 'fits';
}

function verdict({ latency }: SizingPlan): string {
  const limit = latency.withinHardLimit
    ? `within the ${formatHours(latency.hardLimitHours)} hard limit`
    : `past the ${formatHours(latency.hardLimitHours)} hard limit`;
  if (latency.meetsTarget) return `meets the ${formatHours(latency.targetHours)} target with its margin (${limit})`;
  const over = latency.stages
    .filter((stage) => stage.overByHours > 0)
    .map((stage) => `${stage.stage} is over its ${formatHours(stage.budgetHours)} budget by ${formatHours(stage.overByHours)}`)
    .join('; ');
  return `does NOT meet the ${formatHours(latency.targetHours)} target: ${over} (${limit})`;
}

function resources(pod: PodResources): string {
  return `${Number(pod.cpu.toFixed(2))} vCPU / ${Number(pod.memoryGib.toFixed(2))} GiB`;
}

/** A titled block of rows in aligned columns. */
function section(title: string, rows: readonly (readonly (string | number)[])[], rightAligned: readonly boolean[] = []): string {
  const cells = rows.map((row) => row.map(String));
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const lines = cells.map((row) =>
    `  ${row.map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ')}`.trimEnd(),
  );
  return [title, ...lines].join('\n');
}
