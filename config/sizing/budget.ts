import { INGEST_AND_LOAD_SHARE, LATENCY_MARGIN_SHARE, STAGE_STARTUP_HOURS } from './assumptions';
import { formatHours, formatPercent } from './format';

/** The steps a batch goes through; ingest and load run side by side, transform after both. */
export const STAGES = ['ingest', 'load', 'transform'] as const;
export type Stage = (typeof STAGES)[number];

/** What a batch's stages may take so that it is usable by the latency target. */
export interface LatencyBudget {
  /** Held back for one retry and scheduling delays. */
  readonly marginHours: number;
  /** The target minus the margin: the stages' critical path must fit in it. */
  readonly usableHours: number;
  /** Hours each stage may take. */
  readonly stageHours: Readonly<Record<Stage, number>>;
}

/** Share of the usable time each stage gets: ingest and load run in the same window. */
const STAGE_SHARE: Readonly<Record<Stage, number>> = {
  ingest: INGEST_AND_LOAD_SHARE,
  load: INGEST_AND_LOAD_SHARE,
  transform: 1 - INGEST_AND_LOAD_SHARE,
};

/** What a stage's fixed start-up is spent on, for error messages. */
const STAGE_STARTUP_WORK: Readonly<Record<Stage, string>> = {
  ingest: 'Airbyte sync pods start and check their connections',
  load: 'Snowflake lists the files and plans the COPY',
  transform: 'dbt parses the project and walks the model graph',
};

/**
 * Splits the target after the margin. No stage may take longer than the batch interval,
 * or every run would fall one batch further behind.
 */
export function latencyBudget(latencyTargetHours: number, batchIntervalHours: number): LatencyBudget {
  const marginHours = latencyTargetHours * LATENCY_MARGIN_SHARE;
  const usableHours = latencyTargetHours - marginHours;
  const stageHours = Object.fromEntries(
    STAGES.map((stage) => [stage, Math.min(usableHours * STAGE_SHARE[stage], batchIntervalHours)]),
  ) as Record<Stage, number>;
  return { marginHours, usableHours, stageHours };
}

/** An input no size can satisfy, with the field to change. */
export interface ImpossibleLatency {
  readonly field: 'latencyTargetHours' | 'batchIntervalHours';
  readonly message: string;
}

/**
 * Targets and intervals too short for a stage's fixed start-up: no warehouse or node count
 * helps, so these are configuration errors rather than a plan that does not fit.
 */
export function impossibleLatencies(latencyTargetHours: number, batchIntervalHours: number): ImpossibleLatency[] {
  const problems: ImpossibleLatency[] = [];
  if (latencyTargetHours > 0) {
    const usableHours = latencyTargetHours * (1 - LATENCY_MARGIN_SHARE);
    const starved = STAGES.find((stage) => usableHours * STAGE_SHARE[stage] <= STAGE_STARTUP_HOURS[stage]);
    if (starved) {
      problems.push({
        field: 'latencyTargetHours',
        message:
          `${latencyTargetHours} h cannot be met at any size: after the ${formatPercent(LATENCY_MARGIN_SHARE)} margin the ${starved} stage gets ` +
          `${formatHours(usableHours * STAGE_SHARE[starved])}, no more than its fixed start-up of ${formatHours(STAGE_STARTUP_HOURS[starved])} ` +
          `(${STAGE_STARTUP_WORK[starved]}); use a target above ${formatHours(minimumTargetHours())}`,
      });
    }
  }
  const slowest = STAGES.reduce((longest, stage) => (STAGE_STARTUP_HOURS[stage] > STAGE_STARTUP_HOURS[longest] ? stage : longest));
  if (batchIntervalHours > 0 && batchIntervalHours <= STAGE_STARTUP_HOURS[slowest]) {
    problems.push({
      field: 'batchIntervalHours',
      message:
        `${batchIntervalHours} h is no longer than the ${slowest} stage's fixed start-up of ${formatHours(STAGE_STARTUP_HOURS[slowest])} ` +
        `(${STAGE_STARTUP_WORK[slowest]}), so every run would fall further behind; use an interval above ${formatHours(STAGE_STARTUP_HOURS[slowest])}`,
    });
  }
  return problems;
}

/** The shortest target that leaves every stage more than its start-up. */
function minimumTargetHours(): number {
  return Math.max(...STAGES.map((stage) => STAGE_STARTUP_HOURS[stage] / ((1 - LATENCY_MARGIN_SHARE) * STAGE_SHARE[stage])));
}
